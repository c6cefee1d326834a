# --root DIR: DIR as "/" in a private mount namespace, with the host's /proc,
# a read-only /sys and a minimal private /dev; nothing in DIR is changed.
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
	! grep -v ' ro,\| ro$' <<<"$sys" || false
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
	run -0 --separate-stderr zr --root "$T/r" sh -c 'mknod /tmp/d c 1 3 && chown 4242:4242 /tmp && mkfifo /tmp/p && echo ok'
	[ "$output" = ok ]
	[[ "$stderr" == *"1 ownership change could not be kept"* ]]
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

@test "--root errors: missing, not a directory, no /bin/sh (exit 125)" {
	run -125 --separate-stderr zr --root "$T/none" true
	[ "$stderr" = "zeroroot: --root $T/none: No such file or directory" ]
	touch "$T/file"
	run -125 --separate-stderr zr --root "$T/file" true
	[ "$stderr" = "zeroroot: --root $T/file: not a directory" ]
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
	[[ "$stderr" == *"user namespace: not created: unshare(2) refused in a chroot without /proc"* ]]
	[[ "$stderr" == *"ID consistency: off (pure mode): no /proc"* ]]
}
