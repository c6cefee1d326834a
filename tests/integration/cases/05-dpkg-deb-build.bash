# Case 5: a package build as debian/rules does it under fakeroot: chown the
# tree (one directory to root:games), then dpkg-deb --build. Under zeroroot
# every entry of the .deb belongs to root:root: the chown to games is faked,
# but noticed, and at exit zeroroot warns that it was not kept, naming the
# set-group-ID directory (--map-auto or --owners=FILE keep it: case 11).
CASE="dpkg-deb --build of a chowned tree"
TREES=()
NEEDS=()

BUILD='set -e
rm -rf pkg
mkdir -p pkg/DEBIAN pkg/usr/games pkg/var/games/zrdeb
printf "Package: zrdeb\nVersion: 1.0\nArchitecture: all\nMaintainer: zeroroot tests <tests@example.invalid>\nDescription: zeroroot test package\n" >pkg/DEBIAN/control
printf "#!/bin/sh\necho zrdeb-ok\n" >pkg/usr/games/zrdeb
chmod 755 pkg/usr/games/zrdeb
chown -R root:root pkg
chown root:games pkg/var/games/zrdeb
chmod 2775 pkg/var/games/zrdeb
dpkg-deb --build pkg zrdeb.deb'

# all_root_root DEB: every one of DEB's (at least 6) entries is root/root.
all_root_root() {
	dpkg-deb -c "$1" | awk '{ n++ } $2 != "root/root" { print "not root/root: " $0; bad++ }
		END { if (n < 6) print "only " n " entries"; exit bad || n < 6 }'
}

run_case_body() {
	local d0 d
	d0=$(user_dir without-dir) && d=$(user_dir with-dir) || fail without "setup: cannot make directories"
	without unshare -r sh -c "cd '$d0' && $BUILD"
	expect_failure "$CHOWN_EINVAL"
	with "$ZR" sh -c "cd '$d' && $BUILD"
	expect_success
	check "every entry of the .deb is owned by root/root" all_root_root "$d/zrdeb.deb"
	check "the setgid directory is in the .deb" output_has 'drwxrwsr-x root/root .* \./var/games/zrdeb/$' dpkg-deb -c "$d/zrdeb.deb"
	check "the .deb is valid" output_has '^ Package: zrdeb$' dpkg-deb -I "$d/zrdeb.deb"
	check "zeroroot warned of the one change it could not keep" \
		grep -q '^zeroroot: warning: 1 ownership change could not be kept' "$LOG_WITH"
	check "the warning names the set-group-ID directory and the gid of games" \
		grep -qE "^zeroroot: warning: [^ ]*/var/games/zrdeb is a set-group-ID directory, but its group is yours, not gid $(getent group games | cut -d: -f3) as asked" "$LOG_WITH"
}
