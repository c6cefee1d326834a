# Case 1d: iputils-ping's postinst runs setcap cap_net_raw+ep on ping. setcap
# is not faked: in a user namespace the kernel stores a namespaced (v3) file
# capability (Linux 4.14+), so plain unshare -r succeeds as well.
CASE="bookworm: apt-get install -y iputils-ping (setcap)"
TREES=(bookworm-amd64)
NEEDS=(mirror)

run_case_body() {
	apt_runs bookworm-amd64 iputils-ping
	expect_success_too "setcap stores a namespaced file capability"
	expect_success
	check "iputils-ping is registered installed" dpkg_status "$R" iputils-ping
	check "ping carries cap_net_raw" output_has 'cap_net_raw[=+]ep' zr --root "$R" getcap /usr/bin/ping
	check "ping runs" output_has '^ping from iputils' zr --root "$R" ping -V
}
