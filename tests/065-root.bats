# --root DIR: DIR as "/" in a private mount namespace, with the host's /proc
# (its kernel settings read-only), a read-only /sys, a minimal private /dev and
# the host's /etc/hosts and resolv.conf read-only, none of which the command can
# unmount or remount; nothing in DIR is changed.
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats's run --separate-stderr
load helpers

@test "--root runs the command in DIR as uid 0, with the standard mounts" {
	make_tree "$T/r"
	run -0 --separate-stderr zr -v --root "$T/r" sh -c 'id -u; ls /; ls /dev; cat /etc/hosts; pwd'
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = "bin" ] # ls / lists the tree, not the host
	[[ "$output" == *$'\nfd\nfull\nnull\nptmx\npts\nrandom\nshm\nstderr\nstdin\nstdout\ntty\nurandom\nzero\n'* ]]
	[ "${lines[-1]}" = / ]
	[[ "$stderr" == *"--root: /proc bound from the host"* ]]
	[[ "$stderr" == *"--root: /sys bound from the host, read-only"* ]]
	[[ "$stderr" == *"--root: /dev is private"* ]]
	# the host's /etc/hosts and resolv.conf, where the host has them
	if [ -r /etc/hosts ]; then
		[[ "$output" != *tree-only* ]]
		[[ "$stderr" == *"--root: /etc/hosts bound from the host"* ]]
	else
		[[ "$output" == *tree-only* ]]
		[[ "$stderr" != *"/etc/hosts bound"* ]]
	fi
	if [ -r /etc/resolv.conf ]; then
		[[ "$stderr" == *"--root: /etc/resolv.conf bound from the host"* ]]
	else
		[[ "$stderr" != *"/etc/resolv.conf bound"* ]]
	fi
}

@test "--root: /proc works, /sys is read-only, /dev devices work but refuse chmod" {
	make_tree "$T/r"
	run -0 zr --root "$T/r" sh -c 'cat /proc/self/stat >/dev/null && echo proc-ok'
	run ! zr --root "$T/r" touch /sys/zeroroot-test
	[[ "$output" == *"Read-only file system"* ]]
	# every submount too: as real root, a writable /sys/fs/cgroup made host cgroups
	run -0 zr --root "$T/r" cat /proc/self/mountinfo
	sys=$(awk '$5 ~ "^/sys" { print $5, $6 }' <<<"$output")
	[ -n "$sys" ]
	run ! grep -v ' ro,\| ro$' <<<"$sys" # every /sys mount read-only
	if mountpoint -q /sys/fs/cgroup; then
		[[ "$sys" == *"/sys/fs/cgroup "* ]]
		cg=/sys/fs/cgroup/${T##*/}
		run ! zr --root "$T/r" busybox mkdir "$cg"
		[[ "$output" == *"Read-only file system"* ]]
		[ ! -e "$cg" ]
	fi
	run -0 zr --root "$T/r" sh -c 'echo x >/dev/null && head -c 4 /dev/zero | wc -c'
	[ "$output" = 4 ]
	mode=$(stat -c %a /dev/null)
	run ! zr --root "$T/r" chmod 600 /dev/null
	[ "$(stat -c %a /dev/null)" = "$mode" ]
}

@test "--root: faked calls work inside, and mknod of a device leaves its placeholder inside" {
	make_tree "$T/r"
	# the report follows the command's exit, before EOF on stderr (merged here)
	run -0 zr --root "$T/r" sh -c 'mknod /tmp/d c 1 3 && touch /tmp/f && chown 4242:4242 /tmp/f && mkfifo /tmp/p && echo ok'
	[ "${lines[0]}" = ok ]
	[[ "$output" == *"1 ownership change could not be kept"* ]]
	[ -f "$T/r/tmp/d" ]
	[ ! -s "$T/r/tmp/d" ]
	[ -p "$T/r/tmp/p" ]
	[ "$(stat -c %u "$T/r/tmp")" = "$(caller_uid)" ]
	run -0 zr --pure --root "$T/r" mknod /tmp/e c 1 3
	[ ! -e "$T/r/tmp/e" ]
}

@test "--root: a placeholder resolves as the command would, never outside DIR" {
	make_tree "$T/r"
	mkdir "$T/r/etc/inner" "$T/r/mnt" "$T/outer"
	ln -s /etc/inner "$T/r/tmp/abs" # absolute: DIR's /etc/inner inside, $T/outer never
	[ "$ZR_AS" = root ] || chown -Rh "$(caller_uid):$(caller_gid)" "$T/r" "$T/outer"
	run -0 zr --root "$T/r" -b "$T/outer:/mnt" sh -c 'mknod /tmp/abs/a c 1 3 && cd / && mknod ../../../b c 1 3 && cd /mnt && mknod c c 1 3'
	[ -f "$T/r/etc/inner/a" ]
	[ ! -e /etc/inner ]
	[ -f "$T/r/b" ] # ".." stops at the command's root
	[ -f "$T/outer/c" ]
	[ ! -e "$T/r/mnt/c" ] # a bind is where the command sees it
}

@test "--root changes nothing inside DIR by itself" {
	make_tree "$T/r"
	rm "$T/r/etc/resolv.conf"
	rmdir "$T/r/sys"
	before=$(snapshot "$T/r")
	run -0 --separate-stderr zr -v --root "$T/r" true
	[[ "$stderr" == *"--root: not mounting /sys: missing in the root"* ]]
	[[ "$stderr" == *"--root: not mounting /etc/resolv.conf: missing in the root"* ]]
	[ "$(snapshot "$T/r")" = "$before" ]
	# and none of its mounts is left on the host
	run ! grep -q "$T/r" /proc/self/mountinfo
}

@test "--root refuses a mount point that is a symlink out of DIR" {
	make_tree "$T/r"
	mkdir "$T/outside"
	rmdir "$T/r/sys"
	ln -s "$T/outside" "$T/r/sys"
	run -0 --separate-stderr zr -v --root "$T/r" true
	[[ "$stderr" == *"--root: not mounting /sys: a symlink out of the root in the root"* ]]
	[ -z "$(ls "$T/outside")" ]
}

@test "--cwd sets the working directory; --bind adds mounts" {
	make_tree "$T/r"
	mkdir "$T/data" "$T/r/mnt"
	echo shared >"$T/data/file"
	run -0 zr --root "$T/r" --bind "$T/data:/mnt" --cwd /mnt cat file
	[ "$output" = shared ]
	run -0 zr -w "$T/data" cat file
	[ "$output" = shared ]
	[ -z "$(ls "$T/r/mnt")" ]
}

@test "--bind to a path the root lacks is an error, and nothing is created" {
	make_tree "$T/r"
	mkdir "$T/data"
	before=$(snapshot "$T/r")
	run -125 --separate-stderr zr --root "$T/r" --bind "$T/data:/nowhere" true
	[ "$stderr" = "zeroroot: --bind $T/data:/nowhere: /nowhere is missing in the root (zeroroot creates nothing there)" ]
	[ "$(snapshot "$T/r")" = "$before" ]
	run -125 --separate-stderr zr --bind "$T/data" true
	[[ "$stderr" == *"--bind requires --root"* ]]
}

@test "--root: the supervisor answers through the command's nested namespace: a set-user-ID exec" {
	make_tree "$T/r"
	cp "$PROBE_STATIC" "$T/r/bin/probe"
	cp "$PROBE_STATIC" "$T/r/bin/probe-suid"
	[ "$ZR_AS" = root ] || chown "$(caller_uid):$(caller_gid)" "$T/r/bin/probe" "$T/r/bin/probe-suid"
	chmod 4755 "$T/r/bin/probe-suid"
	need_suid
	run -0 zr --root "$T/r" /bin/probe drop 100 101 /bin/probe-suid ids
	[ "${lines[-1]}" = "uid=100,0,0 gid=101,101,101 groups=1" ]
}

@test "--root errors: missing, not a directory, / itself, no /bin/sh (exit 125)" {
	run -125 --separate-stderr zr --root "$T/none" true
	[ "$stderr" = "zeroroot: --root $T/none: No such file or directory" ]
	touch "$T/file"
	run -125 --separate-stderr zr --root "$T/file" true
	[ "$stderr" = "zeroroot: --root $T/file: not a directory" ]
	# the root itself: no path reaches a bind of it, so nothing would be mounted
	run -125 --separate-stderr zr --root / true
	[ "$stderr" = "zeroroot: --root /: that is the root directory already: run without --root" ]
	ln -s / "$T/slash"
	run -125 --separate-stderr zr --root "$T/slash" true
	[ "$stderr" = "zeroroot: --root $T/slash: that is the root directory already: run without --root" ]
	mkdir "$T/empty"
	run -125 --separate-stderr zr --root "$T/empty"
	[ "$stderr" = "zeroroot: --root $T/empty has no /bin/sh: give a COMMAND" ]
}

@test "--root with no command runs the tree's /bin/sh" {
	make_tree "$T/r"
	run -0 zr --root "$T/r" <<<'readlink /proc/self/exe; id -u'
	[ "${lines[0]}" = /bin/busybox ]
	[ "${lines[1]}" = 0 ]
}

@test "--root needs a mount namespace: --userns=never as a user says so" {
	[ "$ZR_AS" = user ] || skip "real root can create a mount namespace without a user namespace"
	make_tree "$T/r"
	run -125 --separate-stderr zr --userns=never --root "$T/r" true
	[[ "$stderr" == "zeroroot: cannot create a mount namespace for --root (it needs a user namespace or CAP_SYS_ADMIN: not --userns=never): Operation not permitted" ]]
}

@test "as a RUN-line prefix in a chroot without /proc: only the filter, pure mode" {
	make_tree "$T/r"
	cp "$ZR_BIN/zeroroot.static" "$T/r/bin/zeroroot"
	run -0 --separate-stderr as_user unshare --user --map-root-user chroot "$T/r" /bin/zeroroot -v sh -c 'id -u; mknod /tmp/d c 1 3; echo made=$?'
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = made=0 ]
	[ ! -e "$T/r/tmp/d" ]
	[[ "$stderr" == *"user namespace: not created: unshare(2) refused (Operation not permitted) (no /proc: a chroot? the kernel refuses new user namespaces in one)"* ]]
	[[ "$stderr" == *"ID consistency: off (pure mode): no /proc"* ]]
}

# ---- as real root, --root keeps the command away from the host's kernel ----

# The host's files under /proc that reach its kernel, as container runtimes
# list them, and the host's /etc files --root binds: each must be a read-only
# mount the command can neither unmount nor remount.
KNOBS="/proc/sys /proc/sysrq-trigger /proc/irq /proc/bus /proc/fs /etc/hosts /etc/resolv.conf"

@test "--root: the host's /proc/sys and the other kernel knobs, /etc/hosts and resolv.conf are read-only mounts" {
	make_tree "$T/r"
	run -0 --separate-stderr zr -v --root "$T/r" cat /proc/self/mountinfo
	for p in $KNOBS; do
		[ -e "$p" ] || continue # sysrq-trigger needs CONFIG_MAGIC_SYSRQ, hosts and resolv.conf a host that has them
		opts=$(awk -v p="$p" '$5 == p { print $6 }' <<<"$output")
		echo "$p: ${opts:-not a mount}"
		[[ "$opts" == ro,* ]] || [ "$opts" = ro ]
	done
	[[ "$stderr" == *"--root: read-only in /proc: sys "* ]]
}

@test "--root: the command cannot unmount or remount what zeroroot mounted" {
	make_tree "$T/r"
	mkdir "$T/r/mnt"
	[ "$ZR_AS" = root ] || chown "$(caller_uid):$(caller_gid)" "$T/r/mnt"
	# each line: what was tried, then its status; every one but the first must fail
	# shellcheck disable=SC2016 # the inner shell expands them
	run -0 --separate-stderr zr -v --root "$T/r" sh -c '
		busybox mount --bind /proc/sys/kernel /mnt; echo "bind /proc/sys/kernel $?"
		busybox mount -o remount,bind,rw /mnt 2>/dev/null; echo "remount,bind,rw that bind $?"
		busybox mount --bind /proc /mnt 2>/dev/null; echo "bind /proc without its submounts $?"
		for m in /proc/sys /proc /sys /dev/null /etc/hosts; do
			busybox umount "$m" 2>/dev/null; echo "umount $m $?"
			busybox umount -l "$m" 2>/dev/null; echo "umount -l $m $?"
		done
		for m in /proc/sys /sys /dev/null /etc/hosts; do
			busybox mount -o remount,rw "$m" 2>/dev/null; echo "remount,rw $m $?"
			busybox mount -o remount,bind,rw "$m" 2>/dev/null; echo "remount,bind,rw $m $?"
		done'
	echo "$output"
	[ "${#lines[@]}" = 21 ]
	[ "${lines[0]}" = "bind /proc/sys/kernel 0" ]
	run ! grep ' 0$' <<<"$(sed 1d <<<"$output")"
	[[ "$stderr" == *"--root: the command runs in a user namespace below zeroroot's, mapping the same IDs: the mounts are locked"* ]]
}

@test "--root as real root: the host's sysctls, sysrq-trigger, /etc/hosts and resolv.conf cannot be written, and nothing undoes it" {
	[ "$ZR_AS" = root ] || skip "only real root may write the host's sysctls: a user's --root is the user's alone"
	make_tree "$T/r"
	mkdir "$T/r/mnt" "$T/r/mnt2"
	# ": >>" opens for writing and writes nothing: it changes no setting,
	# even where the test fails; "W path" is a path that could be written
	# shellcheck disable=SC2016 # the inner shell expands them
	run -0 --separate-stderr zr --root "$T/r" sh -c '
		try() { for f in "$@"; do [ -e "$f" ] && (: >>"$f") 2>/dev/null && echo "W $f"; done; }
		try /proc/sys/kernel/hostname /proc/sys/kernel/core_pattern /proc/sys/vm/swappiness /proc/sysrq-trigger \
			/etc/hosts /etc/resolv.conf
		busybox umount /proc/sys 2>/dev/null; busybox umount -l /proc/sys 2>/dev/null
		busybox mount -o remount,rw /proc/sys 2>/dev/null; busybox mount -o remount,bind,rw /proc/sys 2>/dev/null
		busybox umount -l /proc 2>/dev/null; busybox umount -l /etc/hosts 2>/dev/null
		try /proc/sys/kernel/hostname /proc/sys/kernel/core_pattern /etc/hosts
		busybox mount --bind /proc/sys/kernel /mnt && busybox mount -o remount,bind,rw /mnt 2>/dev/null
		try /mnt/hostname /mnt/core_pattern
		# a procfs of its own, in a PID namespace of its own
		busybox unshare -p -f busybox mount -t proc proc /mnt2 2>/dev/null
		try /mnt2/sys/kernel/hostname /mnt2/sys/kernel/core_pattern
		echo done'
	echo "$output"
	[ "$output" = "done" ]
}

@test "--root as real root with --userns=never: the command keeps real root's capabilities, and -v says the mounts do not hold" {
	[ "$ZR_AS" = root ] || skip "as a user --userns=never cannot make --root's mount namespace (tested above)"
	make_tree "$T/r"
	run -0 --separate-stderr zr -v --userns=never --root "$T/r" true
	[[ "$stderr" == *"--root: no user namespace below the initial one (--userns=never as real root): the command keeps real root's capabilities and can undo every mount"* ]]
}

@test "--root where zeroroot keeps a namespace mapping ranges: IDs as outside, placeholders, and the mounts hold" {
	[ "$(id -u)" = 0 ] || skip "only real root can map a range of IDs without /etc/subuid"
	make_tree "$T/r"
	run -0 --separate-stderr in_range_userns "$ZR" --root "$T/r" sh -c '
		cat /proc/self/uid_map /proc/self/gid_map
		touch /tmp/f && chown 100:101 /tmp/f && mknod /tmp/d c 1 3 && echo made
		busybox umount -l /sys 2>/dev/null; echo "umount -l /sys $?"'
	[ "$(tr -s ' ' <<<"${lines[0]}")" = " 0 0 65536" ]
	[ "$(tr -s ' ' <<<"${lines[1]}")" = " 0 0 65536" ]
	[ "${lines[2]}" = made ]
	[ "${lines[3]}" = "umount -l /sys 1" ]
	[ "$(stat -c %u:%g "$T/r/tmp/f")" = 100:101 ]
	[ -f "$T/r/tmp/d" ]
	[ ! -s "$T/r/tmp/d" ]
}
