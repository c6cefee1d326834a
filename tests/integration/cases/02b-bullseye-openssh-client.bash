# Case 2b: case 1a in Debian bullseye.
CASE="bullseye: apt-get install -y openssh-client"
TREES=(bullseye-amd64)
NEEDS=(mirror)

run_case_body() {
	apt_runs bullseye-amd64 openssh-client
	expect_failure "$CHOWN_EINVAL"
	expect_success
	check "openssh-client is registered installed" dpkg_status "$R" openssh-client
	check "ssh runs" output_has '^OpenSSH_' zr --root "$R" ssh -V
}
