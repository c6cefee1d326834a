# Case 10d: 10c's Containerfile (FROM the bookworm tree, COPY zeroroot.static,
# RUN zeroroot apt-get install -y openssh-client) built by rootless buildah
# (buildah build) as the test user, who has no /etc/subuid range: buildah
# runs the RUN lines in a single-ID user namespace, as podman does. The base
# image comes from `podman import` into the storage both share.
CASE="RUN prefix: rootless buildah build, RUN zeroroot"
TREES=(bookworm-amd64)
NEEDS=(mirror)

run_case_body() {
	run_prefix_build buildah
}
