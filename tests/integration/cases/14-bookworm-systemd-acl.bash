# Case 14 (issue 16): systemd in a
# bookworm tree. Its postinst runs systemd-tmpfiles, which sets ACLs naming
# groups adm and systemd-journal on /var/log/journal: setxattr of an ACL
# entry for a group the namespace does not map fails with EINVAL, and
# systemd warns "Setting access ACL ... failed". With ACL xattrs faked, the
# install is clean and systemd-tmpfiles --create succeeds in the tree.
CASE="bookworm: apt-get install -y systemd (ACLs)"
TREES=(bookworm-amd64)
NEEDS=(mirror)

ACL_FAILED="Setting (access|default) ACL .*failed"

run_case_body() {
	apt_runs bookworm-amd64 systemd
	expect_failure "$CHOWN_EINVAL"
	expect_success
	expect_clean "$ACL_FAILED"
	check "systemd is registered installed" dpkg_status "$R" systemd
	with "$ZR" --root "$R" systemd-tmpfiles --create
	expect_success
	expect_clean "$ACL_FAILED"
}
