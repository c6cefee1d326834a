# Case 10b: case 10a with /proc in the tree, as every real builder provides
# for its RUN lines: `unshare -rm` binds the host's /proc, then chroots.
CASE="RUN prefix: unshare -rm, /proc bound, chroot R zeroroot"
TREES=(bookworm-amd64)
NEEDS=(mirror)

# in_chroot_with_proc ROOT CMD...: CMD chrooted in ROOT, with ROOT/proc bound
# from the host, in the current (single-ID) user namespace.
IN_CHROOT='r=$1; shift; mount --rbind /proc "$r/proc" && exec chroot "$r" "$@"'

run_case_body() {
	local r0
	r0=$(fresh_tree bookworm-amd64) || fail without "setup: cannot copy the tree"
	without unshare -rm sh -c "$IN_CHROOT" sh "$r0" apt-get "${APT_WITHOUT[@]}" install -y openssh-client
	expect_failure "$CHOWN_EINVAL"
	R=$(fresh_tree bookworm-amd64) || fail with "setup: cannot copy the tree"
	prep "copy zeroroot.static into the tree" as_user cp "$ZR_STATIC" "$R/usr/local/bin/zeroroot"
	with unshare -rm sh -c "$IN_CHROOT" sh "$R" /usr/local/bin/zeroroot -v apt-get "${APT_OPTS[@]}" install -y openssh-client
	expect_success
	check "zeroroot made no second user namespace" grep -q 'user namespace: not created: already root' "$LOG_WITH"
	check "openssh-client is registered installed" dpkg_status "$R" openssh-client
	check "ssh runs" output_has '^OpenSSH_' zr --root "$R" ssh -V
}
