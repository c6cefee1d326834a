# Case 10c: a Containerfile whose RUN line starts with zeroroot, built by
# rootless podman as the test user. The user has no /etc/subuid range, so
# podman runs the build in a single-ID user namespace: the setting where a
# RUN apt-get fails without root emulation. No registry is reachable: the
# base image is the bookworm tree, imported with `podman import`. 10d builds
# the same Containerfile with buildah. lib.bash has what both share.
CASE="RUN prefix: rootless podman build, RUN zeroroot"
TREES=(bookworm-amd64)
NEEDS=(mirror)

BUILD=(podman build --runtime=runc --network=host --no-cache)

# The user namespace podman runs its builds in, as uid_map lines.
podman_uid_map() {
	as_user podman unshare cat /proc/self/uid_map | tr -s ' ' | sed 's/^ //'
}

run_case_body() {
	local apt="apt-get ${APT_OPTS[*]} install -y openssh-client"
	local apt0="apt-get ${APT_WITHOUT[*]} install -y openssh-client"
	command -v podman >/dev/null || skip "podman is not installed (tests/integration/deps installs it)"
	command -v runc >/dev/null || skip "runc is not installed (tests/integration/deps installs it)"
	containers_setup
	containerfile probe true
	containerfile without "$apt0"
	containerfile with "zeroroot $apt" "ssh -V && dpkg-query -W -f '\${Status}\\n' openssh-client"
	run_logged probe.log "${BUILD[@]}" -f Containerfile.probe .
	[ "$RC" = 0 ] || skip "rootless podman build cannot run here: $(grep -m1 -iE 'error|denied|not permitted' probe.log | cut -c1-140)"
	check "podman builds in a single-ID user namespace" output_is "0 $TEST_UID 1" podman_uid_map
	without "${BUILD[@]}" -f Containerfile.without .
	expect_failure "$CHOWN_EINVAL"
	with "${BUILD[@]}" -f Containerfile.with .
	expect_success
	check "the RUN line after zeroroot ran ssh" grep -q '^OpenSSH_' "$LOG_WITH"
	check "openssh-client is registered installed in the image" grep -qx 'install ok installed' "$LOG_WITH"
	stop_pause_process
}
