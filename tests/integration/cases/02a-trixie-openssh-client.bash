# Case 2a: case 1a in Debian trixie.
CASE="trixie: apt-get install -y openssh-client"
TREES=(trixie-amd64)
NEEDS=(mirror)

run_case_body() {
	apt_runs trixie-amd64 openssh-client
	expect_failure "$CHOWN_EINVAL"
	expect_success
	check "openssh-client is registered installed" dpkg_status "$R" openssh-client
	check "ssh runs" output_has '^OpenSSH_' zr --root "$R" ssh -V
}
