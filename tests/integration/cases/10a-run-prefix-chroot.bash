# Case 10a: zeroroot as the RUN-line prefix of another builder, simulated by
# the most minimal one: `unshare -r chroot R` (a single-ID user namespace, no
# /proc in the tree). The static zeroroot is the tree's /usr/local/bin/zeroroot
# and must find itself already root in a user namespace and only add its filter.
CASE="RUN prefix: unshare -r chroot R zeroroot apt-get"
TREES=(bookworm-amd64)
NEEDS=(mirror)

WHY="no /proc in the chroot: zeroroot cannot read /proc/self/uid_map, takes itself for the initial namespace, and the kernel refuses unshare(CLONE_NEWUSER) in a chroot (README: RUN prefix)"

run_case_body() {
	local r0
	r0=$(fresh_tree bookworm-amd64) || fail without "setup: cannot copy the tree"
	without unshare -r chroot "$r0" apt-get "${APT_OPTS[@]}" "${APT_PURE[@]}" install -y openssh-client
	expect_failure "$CHOWN_EINVAL"
	R=$(fresh_tree bookworm-amd64) || fail with "setup: cannot copy the tree"
	prep "copy zeroroot.static into the tree" as_user cp "$ZR_STATIC" "$R/usr/local/bin/zeroroot"
	with unshare -r chroot "$R" /usr/local/bin/zeroroot -v apt-get "${APT_OPTS[@]}" "${APT_PURE[@]}" install -y openssh-client
	known_breakage "zeroroot: cannot create a user namespace.*Operation not permitted" "$WHY"
	expect_success
	check "zeroroot made no second user namespace" grep -q 'user namespace: not created' "$LOG_WITH"
	check "openssh-client is registered installed" dpkg_status "$R" openssh-client
	check "ssh runs" output_has '^OpenSSH_' zr --root "$R" ssh -V
}
