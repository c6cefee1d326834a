# Case 10c: a Containerfile whose RUN line starts with zeroroot, built by
# rootless podman as the test user. The user has no /etc/subuid range, so
# podman runs the build in a single-ID user namespace: the setting where a
# RUN apt-get fails without root emulation. No registry is reachable: the
# base image is the bookworm tree, imported with `podman import`.
CASE="RUN prefix: rootless podman build, RUN zeroroot"
TREES=(bookworm-amd64)
NEEDS=(mirror)

# runc, not Debian's default crun: crun refuses hosts that mount cgroup v1
# controllers beside an empty cgroup v2 hierarchy ("cgroups in hybrid mode
# not supported"); with cgroups disabled, runc runs there.
containers_conf() {
	mkdir -p config/containers data run
	chmod 700 run
	printf '[containers]\ncgroups = "disabled"\n\n[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' \
		>config/containers/containers.conf
	printf '[storage]\ndriver = "vfs"\n' >config/containers/storage.conf
	chown -R "$TEST_UID:$TEST_GID" config data run
}

containerfile() { # NAME RUN-LINE...
	local name=$1 line
	shift
	printf 'FROM localhost/zr-bookworm\nCOPY zeroroot.static /usr/local/bin/zeroroot\n' >"Containerfile.$name"
	for line in "$@"; do printf 'RUN %s\n' "$line" >>"Containerfile.$name"; done
}

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
	EXTRA_ENV=(XDG_RUNTIME_DIR="$CASE_DIR/run" XDG_CONFIG_HOME="$CASE_DIR/config" XDG_DATA_HOME="$CASE_DIR/data")
	prep "podman configuration" containers_conf
	prep "base image tarball" tar --numeric-owner --owner=0 --group=0 --exclude='./dev/*' \
		-C "$CACHE/trees/bookworm-amd64" -cf base.tar .
	prep "zeroroot.static for COPY" cp "$ZR_STATIC" zeroroot.static
	chown "$TEST_UID:$TEST_GID" base.tar zeroroot.static
	prep "podman import" as_user podman import base.tar localhost/zr-bookworm
	containerfile probe true
	containerfile without "$apt0"
	containerfile with "zeroroot $apt" "ssh -V && dpkg-query -W -f '\${Status}\\n' openssh-client"
	chown "$TEST_UID:$TEST_GID" Containerfile.*
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

# Rootless podman leaves a pause process holding its user namespace: end it.
stop_pause_process() {
	local pid
	pid=$(cat run/libpod/tmp/pause.pid 2>/dev/null) && [ -n "$pid" ] && kill "$pid" 2>/dev/null
	return 0
}
