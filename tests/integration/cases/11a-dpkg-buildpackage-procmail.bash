# Case 11a (issue 15): Debian's procmail, built from its bookworm source as an
# unprivileged user with dpkg-buildpackage -b, its root command fakeroot,
# zeroroot, and zeroroot --map-auto; then with debuild --rootcmd=zeroroot.
# debian/rules chgrps procmail (set-user-ID and set-group-ID) and lockfile
# (set-group-ID) to mail. --map-auto must give fakeroot's .debs byte for
# byte; plain zeroroot the same files, all root/root, and a warning naming
# both files. Runs as the test user with subordinate IDs (--map-auto).
CASE="dpkg-buildpackage procmail: fakeroot, zeroroot, --map-auto, debuild"
TREES=()
NEEDS=(mirror subids)

run_case_body() {
	# (upstream's install-suid fails its chgrp nogroup first, and goes on)
	buildpackage_runs procmail "chgrp: changing group of 'debian/tmp/[^']*': Invalid argument"
	# debuild runs dpkg-buildpackage with its --rootcmd, in a clean environment.
	unpack_source "$(debian_source procmail 2>>prep.log)" debuild >/dev/null ||
		fail with "setup: dpkg-source -x procmail failed (prep.log)"
	with env -C debuild/src debuild --rootcmd="$ZR" -us -uc -b
	expect_success
	buildpackage_checks
	check "debuild --rootcmd=zeroroot: the .debs of dpkg-buildpackage -rzeroroot" same_debs bytes zeroroot debuild
	check "debuild --rootcmd=zeroroot: the same warning" warned_setid fakeroot-debs with-3.log
}
