# Case 7: dnf --installroot from a local repository (createrepo_c over the
# zrattr package of case 6a): no network, no GPG, a repository file of our own.
CASE="dnf --installroot install from a file:// repo"
TREES=()
NEEDS=()

run_case_body() {
	local rpm r0 r
	rpm_setup
	attr_spec >zrattr.spec
	rpm=$(rpm_build zrattr.spec) || fail without "setup: rpmbuild failed (prep.log)"
	prep "createrepo_c" as_user sh -c "mkdir -p repo && cp '$rpm' repo/ && createrepo_c -q repo"
	cat >dnf.conf <<-EOF
	[main]
	gpgcheck=0
	reposdir=/nonexistent
	install_weak_deps=0
	keepcache=0

	[zrlocal]
	name=zeroroot test repository
	baseurl=file://$CASE_DIR/repo
	gpgcheck=0
	enabled=1
	EOF
	r0=$(rpm_root root-without) && r=$(rpm_root root-with) || fail without "setup: cannot make the roots"
	without unshare -r dnf -c "$CASE_DIR/dnf.conf" --installroot "$r0" --releasever=1 -y install zrattr
	expect_failure "Error unpacking rpm package zrattr"
	with "$ZR" dnf -c "$CASE_DIR/dnf.conf" --installroot "$r" --releasever=1 -y install zrattr
	expect_success
	check "rpm -q shows it installed" output_is zrattr-1.0-1.noarch zr rpm --root "$r" -q zrattr
	check "dnf lists it installed" output_has '^zrattr\.noarch +1\.0-1 +@zrlocal' \
		zr dnf -c "$CASE_DIR/dnf.conf" --installroot "$r" --releasever=1 -C list --installed zrattr
	check "the setuid file kept its mode" mode_is 4755 "$r/usr/bin/zrattr-suid"
}
