# Case 1b: openssh-server creates the system user sshd (adduser: useradd,
# chown of the new passwd files) and generates host keys. Without zeroroot it
# stops earlier, at its dependency openssh-client (see 1a).
CASE="bookworm: apt-get install -y openssh-server"
TREES=(bookworm-amd64)
NEEDS=(mirror)

run_case_body() {
	apt_runs bookworm-amd64 openssh-server
	expect_failure "$CHOWN_EINVAL"
	expect_success
	check "openssh-server is registered installed" dpkg_status "$R" openssh-server
	check "the system user sshd exists" grep -q '^sshd:' "$R/etc/passwd"
	check "host keys were generated" test -s "$R/etc/ssh/ssh_host_ed25519_key"
	# /run/sshd is made by the service manager at start; sshd -t needs it.
	check "sshd -t accepts its configuration" zr --root "$R" sh -c 'mkdir -p /run/sshd && /usr/sbin/sshd -t'
}
