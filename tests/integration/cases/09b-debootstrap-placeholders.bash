# Case 9b: case 9a with the target's /dev already holding empty regular files
# where debootstrap wants device nodes: what device mknod would leave if
# zeroroot made placeholders (the fix README proposes). debootstrap's
# `[ -e ]` test then skips its mknod. This checks that nothing else breaks.
CASE="zeroroot debootstrap, /dev placeholders made first"
TREES=(bookworm-amd64)
NEEDS=(mirror)

# placeholder_root NAME: ./NAME/dev with the files debootstrap's setup_devices makes.
placeholder_root() {
	local r=$CASE_DIR/$1
	as_user mkdir -p "$r/dev" &&
		as_user sh -c 'cd "$1/dev" && for d in null zero full random urandom tty console ptmx; do : >$d && chmod 666 $d; done' sh "$r" &&
		echo "$r"
}

run_case_body() {
	local c0 c r0 r
	c0=$(debs_copy debs-without) && c=$(debs_copy debs-with) || fail without "setup: cannot copy the .debs"
	r0=$(placeholder_root root-without) && r=$(placeholder_root root-with) || fail without "setup: cannot make the roots"
	without unshare -r debootstrap --cache-dir="$c0" --variant=minbase bookworm "$r0" "$MIRROR"
	expect_failure "mknod: [^ ]*test-dev-null: Operation not permitted"
	with "$ZR" debootstrap --cache-dir="$c" --variant=minbase bookworm "$r" "$MIRROR"
	debootstrap_log "$r" >>"$LOG_WITH"
	expect_success
	check "debootstrap reports success" grep -q '^I: Base system installed successfully' "$LOG_WITH"
	with "$ZR" --root "$r" apt-get "${APT_OPTS[@]}" install -y hello
	expect_success
	check "hello is registered installed" dpkg_status "$r" hello
	check "hello runs" output_is "Hello, world!" zr --root "$r" hello
}
