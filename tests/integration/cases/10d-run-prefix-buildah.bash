# Case 10d: 10c's Containerfile (FROM the bookworm tree, COPY zeroroot.static,
# RUN zeroroot apt-get install -y openssh-client) built by rootless buildah
# (buildah build) as the test user, who has no /etc/subuid range: buildah
# runs the RUN lines in a single-ID user namespace, as podman does. The base
# image comes from `podman import` into the storage both share.
CASE="RUN prefix: rootless buildah build, RUN zeroroot"
TREES=(bookworm-amd64)
NEEDS=(mirror)

BUILD=(buildah build --runtime=runc --network=host --no-cache)

# The user namespace buildah runs its builds in, as uid_map lines.
buildah_uid_map() {
	as_user buildah unshare cat /proc/self/uid_map | tr -s ' ' | sed 's/^ //'
}

run_case_body() {
	local apt="apt-get ${APT_OPTS[*]} install -y openssh-client"
	local apt0="apt-get ${APT_WITHOUT[*]} install -y openssh-client"
	command -v buildah >/dev/null || skip "buildah is not installed (tests/integration/deps installs it)"
	command -v podman >/dev/null || skip "podman is not installed (tests/integration/deps installs it)"
	command -v runc >/dev/null || skip "runc is not installed (tests/integration/deps installs it)"
	containers_setup
	containerfile probe true
	containerfile without "$apt0"
	containerfile with "zeroroot $apt" "ssh -V && dpkg-query -W -f '\${Status}\\n' openssh-client"
	run_logged probe.log "${BUILD[@]}" -f Containerfile.probe .
	[ "$RC" = 0 ] || skip "rootless buildah build cannot run here: $(grep -m1 -iE 'error|denied|not permitted' probe.log | cut -c1-140)"
	check "buildah builds in a single-ID user namespace" output_is "0 $TEST_UID 1" buildah_uid_map
	without "${BUILD[@]}" -f Containerfile.without .
	expect_failure "$CHOWN_EINVAL"
	with "${BUILD[@]}" -f Containerfile.with .
	expect_success
	check "the RUN line after zeroroot ran ssh" grep -q '^OpenSSH_' "$LOG_WITH"
	check "openssh-client is registered installed in the image" grep -qx 'install ok installed' "$LOG_WITH"
	check "zeroroot warned that ssh-agent's set-group-ID group was lost" \
		grep -q '^zeroroot: warning: [^ ]*/usr/bin/ssh-agent is set-group-ID' "$LOG_WITH"
	stop_pause_process
}
