# Case 9a: debootstrap itself under zeroroot, unprivileged, then apt-get in
# the new tree. debootstrap makes device nodes with `mknod -m 666` (mknod(1)
# then chmods them: the supervisor's placeholders make that work), chowns,
# chroots, and mounts /proc inside the target (that mount fails without a PID
# namespace; debootstrap tolerates it). The .debs come from the cache of the
# bookworm tree, so that the suite is downloaded once.
CASE="zeroroot debootstrap --variant=minbase bookworm"
TREES=(bookworm-amd64)
NEEDS=(mirror)

run_case_body() {
	local c0 c r=$CASE_DIR/root-with
	c0=$(debs_copy debs-without) && c=$(debs_copy debs-with) || fail without "setup: cannot copy the .debs"
	without unshare -r debootstrap --cache-dir="$c0" --variant=minbase bookworm "$CASE_DIR/root-without" "$MIRROR"
	expect_failure "mknod: [^ ]*test-dev-null: Operation not permitted"
	with "$ZR" debootstrap --cache-dir="$c" --variant=minbase bookworm "$r" "$MIRROR"
	debootstrap_log "$r" >>"$LOG_WITH"
	expect_success
	check "debootstrap reports success" grep -q '^I: Base system installed successfully' "$LOG_WITH"
	# (scripts run in the target may have written to it since)
	check "its dev/null is a placeholder: a regular file, mode 0666" output_has "^regular (empty )?file 666$" \
		stat -c '%F %a' "$r/dev/null"
	with "$ZR" --root "$r" apt-get "${APT_OPTS[@]}" install -y hello
	expect_success
	check "hello is registered installed" dpkg_status "$r" hello
	check "hello runs" output_is "Hello, world!" zr --root "$r" hello
}
