# Case 13 (issue 17): mmdebstrap under zeroroot, unprivileged, single-ID.
# Being uid 0, mmdebstrap chooses its root mode by itself; zeroroot's mount
# namespace lets it bind /proc and /sys into the target. It still needs
# --skip=chroot/mount/dev: its /dev/pts is a new devpts mounted with uid=5
# (group tty), which the kernel refuses (EINVAL) in a namespace that does
# not map uid 5 (a check below keeps that reason true). Without zeroroot,
# under plain unshare -r, tar stops at the first chown to an unmapped group.
CASE="zeroroot mmdebstrap --variant=minbase --skip=chroot/mount/dev bookworm"
TREES=(bookworm-amd64)
NEEDS=(mirror)

MMDEBSTRAP=(mmdebstrap --variant=minbase --skip=chroot/mount/dev bookworm)

# named_setid TREE LOG: each file zeroroot's warning names is set-ID in TREE.
named_setid() {
	local f n=0
	while read -r f; do
		n=$((n + 1))
		[ -u "$1/$f" ] || [ -g "$1/$f" ] || { echo "named, not set-ID: $f"; return 1; }
	done < <(sed -n "s|^zeroroot: warning: \\./[^/]*/\\(.*\\) is set-.*|\\1|p" "$2")
	[ "$n" -gt 0 ] || { echo "no file named"; return 1; }
}

# installed_ok TREE: every package the tree's dpkg knows is installed (ii),
# at least as many as in debootstrap's minbase tree.
installed_ok() {
	local all n want
	want=$(chroot "$CACHE/trees/bookworm-amd64" dpkg-query -W -f '${Package}\n' | wc -l)
	all=$(zr --root "$1" dpkg-query -W -f '${db:Status-Abbrev}${Package}\n') || return 1
	n=$(grep -c '^ii ' <<<"$all")
	[ "$n" -ge "$want" ] || { echo "$n packages installed, debootstrap's minbase has $want"; return 1; }
	! grep -v '^ii ' <<<"$all"
}

run_case_body() {
	local r=$CASE_DIR/root-with p
	command -v mmdebstrap >/dev/null || skip "mmdebstrap is not installed (tests/integration/deps installs it)"
	without unshare -r "${MMDEBSTRAP[@]}" "$CASE_DIR/root-without" "$MIRROR"
	expect_failure "Cannot change ownership to uid [0-9]+, gid [0-9]+: Invalid argument"
	with "$ZR" "${MMDEBSTRAP[@]}" "$r" "$MIRROR"
	expect_success
	check "mmdebstrap chose its root mode itself" grep -q '^I: automatically chosen mode: root$' "$LOG_WITH"
	check "mmdebstrap reports success" grep -q '^I: success in' "$LOG_WITH"
	check "every package is installed, as many as debootstrap's minbase" installed_ok "$r"
	check "dpkg --audit finds nothing to fix" output_is "" zr --root "$r" dpkg --audit
	check "apt-get check in the tree" zr --root "$r" apt-get -q check
	check "the tree's shell runs" output_is ok zr --root "$r" /bin/sh -c 'echo ok'
	check "zeroroot's warning names set-ID files of the tree" named_setid "$r" "$LOG_WITH"
	p=$(user_dir pts)
	check "why --skip=chroot/mount/dev: devpts is mounted, but not with uid=5" output_is "refused mounted" \
		zr sh -c "mount -t devpts -o uid=5 none '$p' 2>/dev/null && r=mounted || r=refused
			mount -t devpts none '$p' && echo \$r mounted"
}
