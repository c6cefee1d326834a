# Case 6b: rpm -i of a package with a %dev device node (as RPM-based base
# images carry for /dev/null and friends). rpm makes the node under a
# temporary name, then opens it to set its metadata and renames it: the
# supervisor's placeholder (an empty regular file) takes all of that.
CASE="rpm --root -i: %dev device node"
TREES=()
NEEDS=()

run_case_body() {
	local rpm
	rpm_setup
	cat >zrdev.spec <<-'SPEC'
	Name:      zrdev
	Version:   1.0
	Release:   1
	Summary:   zeroroot test package: a device node
	License:   MIT
	BuildArch: noarch

	%description
	A character device node, /dev/zrdev-null, and a regular file.

	%install
	mkdir -p %{buildroot}/dev %{buildroot}/etc
	echo zrdev >%{buildroot}/etc/zrdev.conf

	%files
	%dev(c,1,3) %attr(0666,root,root) /dev/zrdev-null
	%attr(0644,root,root) /etc/zrdev.conf
	SPEC
	rpm=$(rpm_build zrdev.spec) || fail without "setup: rpmbuild failed (prep.log)"
	rpm_i_runs "$rpm"
	expect_failure "cpio: mknod"
	expect_success
	check "rpm -q shows it installed" output_is zrdev-1.0-1.noarch zr rpm --root "$R" -q zrdev
	check "no device node was created: an empty regular file, mode 0666" output_is "regular empty file 666" \
		stat -c '%F %a' "$R/dev/zrdev-null"
	check "the regular file is installed" output_is zrdev cat "$R/etc/zrdev.conf"
}
