# Case 1a: the reference case. openssh-client's postinst gives ssh-agent to the
# group _ssh: a chgrp to a group the single-ID namespace does not map.
CASE="bookworm: apt-get install -y openssh-client"
TREES=(bookworm-amd64)
NEEDS=(mirror)

run_case_body() {
	apt_runs bookworm-amd64 openssh-client
	expect_failure "$CHOWN_EINVAL"
	expect_success
	check "openssh-client is registered installed" dpkg_status "$R" openssh-client
	check "ssh runs" output_has '^OpenSSH_' zr --root "$R" ssh -V
}
