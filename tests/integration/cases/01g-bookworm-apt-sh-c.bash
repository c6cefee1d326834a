# Case 1g: apt through "sh -c" as a builder's RUN line would run it, update
# included, with no -o option and nothing added to the tree: apt's privilege
# drop to _apt and its verification are answered by ID consistency.
CASE="bookworm: sh -c 'apt-get update && apt-get install -y hello'"
TREES=(bookworm-amd64)
NEEDS=(mirror)

run_case_body() {
	local r0 conf
	r0=$(fresh_tree bookworm-amd64) || fail without "setup: cannot copy the tree bookworm-amd64"
	without unshare -r chroot "$r0" sh -c 'apt-get -q update && apt-get -q install -y hello'
	rm -rf "$r0"
	R=$(fresh_tree bookworm-amd64) || fail with "setup: cannot copy the tree bookworm-amd64"
	conf=$(ls -A "$R/etc/apt/apt.conf.d")
	with "$ZR" --root "$R" sh -c 'apt-get -q update && apt-get -q install -y hello'
	expect_failure "$APT_FAILS"
	expect_success
	check "hello is registered installed" dpkg_status "$R" hello
	check "hello runs" output_has '^Hello, world!$' zr --root "$R" hello
	check "no apt configuration was added" test "$(ls -A "$R/etc/apt/apt.conf.d")" = "$conf"
}
