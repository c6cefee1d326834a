# Case 6a: rpm -i of a package built with rpmbuild whose files carry %attr
# with non-root owners (daemon, bin, mail) and a setuid file: without root
# emulation rpm fails with the well-known "cpio: chown failed".
CASE="rpm --root -i: %attr owners, setuid"
TREES=()
NEEDS=()

run_case_body() {
	local rpm
	rpm_setup
	attr_spec >zrattr.spec
	rpm=$(rpm_build zrattr.spec) || fail without "setup: rpmbuild failed (prep.log)"
	rpm_i_runs "$rpm"
	expect_failure "cpio: chown"
	expect_success
	check "rpm -q shows it installed" output_is zrattr-1.0-1.noarch zr rpm --root "$R" -q zrattr
	check "the setuid file kept its mode" mode_is 4755 "$R/usr/bin/zrattr-suid"
	check "the daemon:mail directory has its mode" mode_is 750 "$R/var/lib/zrattr"
	check "the installed program runs" output_is zrattr-ok sh "$R/usr/bin/zrattr"
}
