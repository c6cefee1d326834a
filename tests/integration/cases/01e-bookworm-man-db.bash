# Case 1e: man-db's /var/cache/man belongs to the user man; its postinst and
# trigger run mandb as man (setuid), which builds the whatis index.
CASE="bookworm: apt-get install -y man-db"
TREES=(bookworm-amd64)
NEEDS=(mirror)

run_case_body() {
	apt_runs bookworm-amd64 man-db
	expect_failure "error setting ownership of '[^']*': Invalid argument"
	expect_success
	check "man-db is registered installed" dpkg_status "$R" man-db
	check "mandb built the index: whatis finds dpkg(1)" output_has '^dpkg \(1\)' zr --root "$R" whatis dpkg
}
