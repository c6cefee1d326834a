# Case 1f: build-essential, then a C program compiled and run inside. Its
# recommends bring fontconfig-config, whose postinst gives /usr/local/share/fonts
# to the group staff.
CASE="bookworm: apt-get install -y build-essential; cc"
TREES=(bookworm-amd64)
NEEDS=(mirror)

run_case_body() {
	apt_runs bookworm-amd64 build-essential
	expect_failure "$CHOWN_EINVAL"
	expect_success
	check "build-essential is registered installed" dpkg_status "$R" build-essential
	printf '#include <stdio.h>\nint main(void) { puts("hello from the tree"); return 0; }\n' |
		as_user tee "$R/tmp/hello.c" >/dev/null
	check "a C program compiles and runs" output_is "hello from the tree" \
		zr --root "$R" sh -c 'cc -O2 -Wall -o /tmp/hello /tmp/hello.c && /tmp/hello'
}
