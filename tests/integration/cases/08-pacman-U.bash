# Case 8: pacman -U --root of a package made by hand: .PKGINFO plus files, no
# .MTREE, packed by bsdtar from an mtree(5) description, so that entries get
# other owners without root. pacman only warns when it cannot chown, so
# without zeroroot the case checks the warning; with zeroroot there is none.
CASE="pacman -U --root of a hand-made package"
TREES=()
NEEDS=()

PKGINFO='pkgname = zrpac
pkgbase = zrpac
pkgver = 1.0-1
pkgdesc = zeroroot test package
url = https://example.invalid/
builddate = 1700000000
packager = zeroroot tests
size = 100
arch = any
license = MIT'

# mtree(5): a name without a slash is relative to the last directory named;
# ".." goes back up one.
SPEC='#mtree
.PKGINFO   type=file uid=0 gid=0 mode=0644 contents=src/.PKGINFO
usr        type=dir  uid=0 gid=0 mode=0755
bin        type=dir  uid=0 gid=0 mode=0755
zrpac      type=file uid=0 gid=0 mode=0755 contents=src/zrpac
zrpac-suid type=file uid=0 gid=0 mode=04755 contents=src/zrpac
..
..
var        type=dir  uid=0 gid=0 mode=0755
lib        type=dir  uid=0 gid=0 mode=0755
zrpac      type=dir  uid=2 gid=12 mode=0750 uname=bin gname=mail
data       type=file uid=2 gid=12 mode=0640 uname=bin gname=mail contents=src/zrpac
..
..
..'

# The package is packed by the test user: the owners come from the mtree.
make_package() {
	mkdir -p src && printf '%s\n' "$PKGINFO" >src/.PKGINFO &&
		printf '#!/bin/sh\necho zrpac-ok\n' >src/zrpac && printf '%s\n' "$SPEC" >zrpac.mtree &&
		chown -R "$TEST_UID:$TEST_GID" src zrpac.mtree &&
		as_user bsdtar --zstd -cf zrpac-1.0-1-any.pkg.tar.zst @zrpac.mtree
}

# pacman_root NAME: what pacman needs under an empty root: its database directory.
pacman_root() {
	local r
	r=$(rpm_root "$1") && as_user mkdir -p "$r/var/lib/pacman" "$r/var/cache/pacman/pkg" && echo "$r"
}

pacman_cmd() { # ROOT ARGS...
	local r=$1
	shift
	echo pacman --config "$CASE_DIR/pacman.conf" --root "$r" --dbpath "$r/var/lib/pacman" \
		--cachedir "$r/var/cache/pacman/pkg" --logfile "$r/var/log/pacman.log" "$@"
}

run_case_body() {
	local r0 r
	prep "make the package" make_package
	check "the package has a bin:mail entry" output_has 'drwxr-x--- +0 bin +mail .* var/lib/zrpac/$' bsdtar -tvf zrpac-1.0-1-any.pkg.tar.zst
	printf '[options]\nArchitecture = auto\nSigLevel = Never\nLocalFileSigLevel = Never\n' >pacman.conf
	r0=$(pacman_root root-without) && r=$(pacman_root root-with) || fail without "setup: cannot make the roots"
	# shellcheck disable=SC2046 # pacman_cmd prints words without blanks
	without unshare -r $(pacman_cmd "$r0" --noconfirm -U "$CASE_DIR/zrpac-1.0-1-any.pkg.tar.zst")
	expect_warning "Can't set user=2/group=12"
	# shellcheck disable=SC2046
	with "$ZR" $(pacman_cmd "$r" --noconfirm -U "$CASE_DIR/zrpac-1.0-1-any.pkg.tar.zst")
	expect_success
	expect_clean "Can't set user|warning: warning given"
	# shellcheck disable=SC2046
	check "pacman -Q shows it installed" output_is "zrpac 1.0-1" zr $(pacman_cmd "$r" -Q zrpac)
	check "the setuid file kept its mode" mode_is 4755 "$r/usr/bin/zrpac-suid"
	check "the bin:mail directory has its mode" mode_is 750 "$r/var/lib/zrpac"
	check "the installed program runs" output_is zrpac-ok sh "$r/usr/bin/zrpac"
}
