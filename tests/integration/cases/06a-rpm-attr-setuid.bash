# Case 6a: rpm -i of a package built with rpmbuild whose files carry %attr
# with non-root owners (daemon, bin, mail) and a setuid file: without root
# emulation rpm fails with the well-known "cpio: chown failed".
CASE="rpm --root -i: %attr owners, setuid"
TREES=()
NEEDS=()

run_case_body() {
	local rpm r0 r
	rpm_setup
	attr_spec >zrattr.spec
	rpm=$(rpm_build zrattr.spec) || fail without "setup: rpmbuild failed (prep.log)"
	r0=$(rpm_root root-without) && r=$(rpm_root root-with) || fail without "setup: cannot make the roots"
	without unshare -r sh -c "rpm --root '$r0' --initdb && rpm --root '$r0' -i '$rpm'"
	expect_failure "cpio: chown"
	with "$ZR" sh -c "rpm --root '$r' --initdb && rpm --root '$r' -i '$rpm'"
	expect_success
	check "rpm -q shows it installed" output_is zrattr-1.0-1.noarch zr rpm --root "$r" -q zrattr
	check "the setuid file kept its mode" mode_is 4755 "$r/usr/bin/zrattr-suid"
	check "the daemon:mail directory has its mode" mode_is 750 "$r/var/lib/zrattr"
	check "the installed program runs" output_is zrattr-ok sh "$r/usr/bin/zrattr"
}
