# Case 10c: a Containerfile whose RUN line starts with zeroroot, built by
# rootless podman as the test user. The user has no /etc/subuid range, so
# podman runs the build in a single-ID user namespace: the setting where a
# RUN apt-get fails without root emulation. No registry is reachable: the
# base image is the bookworm tree, imported with `podman import`. 10d builds
# the same Containerfile with buildah. lib.bash has what both share.
CASE="RUN prefix: rootless podman build, RUN zeroroot"
TREES=(bookworm-amd64)
NEEDS=(mirror)

run_case_body() {
	run_prefix_build podman
}
