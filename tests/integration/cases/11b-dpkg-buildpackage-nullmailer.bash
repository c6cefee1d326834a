# Case 11b (issue 15): Debian's nullmailer, built from its bookworm source as
# an unprivileged user with dpkg-buildpackage -b, its root command fakeroot,
# zeroroot, and zeroroot --map-auto. debian/rules (after dh_fixperms) chowns
# mailq and nullmailer-queue (set-user-ID) to mail, and the spool to
# mail:root. --map-auto must give fakeroot's .debs (and -dbgsym) byte for
# byte; plain zeroroot the same files, all root/root, and a warning naming
# both programs. Runs as the test user with subordinate IDs (--map-auto).
CASE="dpkg-buildpackage nullmailer: fakeroot, zeroroot, --map-auto"
TREES=()
NEEDS=(mirror subids)

run_case_body() {
	buildpackage_runs nullmailer "chown: changing ownership of '[^']*/debian/nullmailer/[^']*': Invalid argument"
	buildpackage_checks
}
