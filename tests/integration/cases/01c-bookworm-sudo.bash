# Case 1c: sudo ships a setuid-root file. dpkg's chown to root:root followed by
# chmod 4755 works in any namespace that maps root, so plain unshare -r does not
# fail; under zeroroot the faked chown must not cost the setuid bit.
CASE="bookworm: apt-get install -y sudo (setuid file)"
TREES=(bookworm-amd64)
NEEDS=(mirror)

run_case_body() {
	apt_runs bookworm-amd64 sudo
	expect_success_too "dpkg chowns to root:root only, which unshare -r maps"
	expect_success
	check "sudo is registered installed" dpkg_status "$R" sudo
	check "/usr/bin/sudo is setuid" mode_is 4755 "$R/usr/bin/sudo"
	check "sudo runs" output_has '^Sudo version' zr --root "$R" sudo -V
}
