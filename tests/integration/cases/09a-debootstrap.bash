# Case 9a: debootstrap itself under zeroroot, unprivileged, then apt-get in
# the new tree. debootstrap makes device nodes with `mknod -m 666`, chowns,
# chroots, and mounts /proc inside the target (that mount fails without a PID
# namespace; debootstrap tolerates it). The .debs come from the cache of the
# bookworm tree, so that the suite is downloaded once.
CASE="zeroroot debootstrap --variant=minbase bookworm"
TREES=(bookworm-amd64)
NEEDS=(mirror)

WHY="faked device mknod creates nothing, so mknod(1)'s chmod of the node it just made fails: ENOENT (README: debootstrap)"

run_case_body() {
	local c0 c r=$CASE_DIR/root-with
	c0=$(debs_copy debs-without) && c=$(debs_copy debs-with) || fail without "setup: cannot copy the .debs"
	without unshare -r debootstrap --cache-dir="$c0" --variant=minbase bookworm "$CASE_DIR/root-without" "$MIRROR"
	expect_failure "mknod: [^ ]*test-dev-null: Operation not permitted"
	with "$ZR" debootstrap --cache-dir="$c" --variant=minbase bookworm "$r" "$MIRROR"
	debootstrap_log "$r" >>"$LOG_WITH"
	known_breakage "mknod: cannot set permissions of '[^']*/dev/[a-z]+': No such file or directory" "$WHY"
	expect_success
	with "$ZR" --root "$r" apt-get "${APT_OPTS[@]}" install -y hello
	expect_success
	check "hello is registered installed" dpkg_status "$r" hello
	check "hello runs" output_is "Hello, world!" zr --root "$r" hello
}
