# Ownership is never lost silently: a chown to an ID the namespace does not
# map is faked (the file stays the caller's), noticed, and reported when the
# command exits; to root (0) or -1 it stays a fake in the kernel alone.
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats's run --separate-stderr
load helpers

# files DIR NAME...: empty files of the caller's, in DIR.
files() {
	local dir=$1
	shift
	for f in "$@"; do as_user touch "$dir/$f"; done
}

@test "a chown to root or -1 stays in the kernel; to another ID the supervisor notices it" {
	files "$T" a b
	run -0 --separate-stderr zr -v sh -c "chown 0:0 $T/a && chown :0 $T/a && chown 0 $T/a"
	[[ "$stderr" == *"zeroroot: answered by the supervisor: nothing"* ]]
	[[ "$stderr" != *"could not be kept"* ]]
	run -0 --separate-stderr zr -v chown 8:12 "$T/b"
	[[ "$stderr" =~ "answered by the supervisor: "(fchownat|chown)" 1" ]]
	[ "$(stat -c %u:%g "$T/b")" = "$(caller_uid):$(caller_gid)" ]
}

@test "at exit: how many changes were lost, and every set-ID file whose owner was lost, in full" {
	files "$T" suid sgid plain
	# debian/rules chowns before it chmods: the report looks at the modes at exit
	# the report follows the command's exit; stderr's reader (a pipe) sees it whole
	cd "$T"
	run -0 zr sh -c "chown root:8 plain && chown 8:0 suid && chgrp 12 sgid &&
		chmod 4755 suid && chmod 2755 sgid && echo done"
	[ "${lines[0]}" = "done" ]
	[ "${lines[1]}" = "zeroroot: warning: 3 ownership changes could not be kept: this user namespace maps only your own ID, so the files stay yours" ]
	[[ "$output" == *"zeroroot: warning: ./suid is set-user-ID, but its owner is you, not uid 8 as asked"* ]]
	[[ "$output" == *"zeroroot: warning: ./sgid is set-group-ID, but its group is yours, not gid 12 as asked"* ]]
	[[ "$output" != *"./plain is"* ]]
	[[ "${lines[-1]}" == "zeroroot: warning: to keep them, run with --map-auto"* ]]
}

@test "the report: whole before the end of zeroroot's stderr; with --owners, before zeroroot exits" {
	files "$T" f g
	# zeroroot execs the command: the report follows its exit, before EOF on stderr
	as_user "$ZR" chown 8 "$T/f" 2>&1 >/dev/null | cat >"$T/err"
	grep -q "1 ownership change could not be kept" "$T/err"
	# --owners: zeroroot stays the command's parent until the report is written
	as_user "$ZR" --owners="$T/o" chown 8 "$T/g" 2>"$T/err2"
	grep -q "1 ownership change could not be kept" "$T/err2"
	grep -q " uid=8$" "$T/o"
}

@test "--owners=FILE: every lost change as mtree, with the modes at exit" {
	files "$T" x "y z"
	as_user mkdir "$T/d"
	cd "$T"
	run -0 --separate-stderr zr --owners="$T/owners" sh -c "chown 8:12 x && chown :5 'y z' && chown 7 d && chmod 4750 x"
	[ "$(head -1 "$T/owners")" = "#mtree" ]
	grep -Fqx './x type=file mode=4750 uid=8 gid=12' "$T/owners"
	grep -Fqx './y\040z type=file mode=0644 gid=5' "$T/owners"
	grep -Fqx './d type=dir mode=0755 uid=7' "$T/owners"
	[ "$(wc -l <"$T/owners")" = 4 ]
	# a later chown of the same file replaces the earlier one
	run -0 --separate-stderr zr --owners="$T/owners" sh -c "chown 8 x && chown 9 x"
	grep -Fqx './x type=file mode=4750 uid=9' "$T/owners"
}

@test "--owners in bsdtar: the man page's recipe packs the whole tree with the owners asked for" {
	command -v bsdtar >/dev/null || skip "bsdtar is not installed (libarchive-tools, tests/deps)"
	as_user mkdir -p "$T/tree/bin"
	as_user touch "$T/tree/bin/p" "$T/tree/plain"
	cd "$T"
	run -0 --separate-stderr zr --owners=lost.mtree sh -c 'chown root:8 tree/bin/p && chmod 2755 tree/bin/p'
	# zeroroot(1), EXAMPLES: every file as root inside sees it, then the lost owners on top
	zr sh -c 'bsdtar -cf - --format=mtree tree; sed 1d lost.mtree' | as_user bsdtar -cf image.tar @-
	run -0 bsdtar -tvf image.tar --numeric-owner
	[[ "$output" =~ -rwxr-sr-x\ +0\ +0\ +8\ .*\ \./tree/bin/p ]]
	[[ "$output" =~ -rw-r--r--\ +0\ +0\ +0\ .*\ \./tree/plain ]]
	[ "${#lines[@]}" = 4 ]
}

@test "--pure stays silent and in the kernel; --owners needs ID consistency" {
	files "$T" f
	run -0 --separate-stderr zr --pure -v chown 8:12 "$T/f"
	[[ "$stderr" != *"could not be kept"* ]]
	[[ "$stderr" != *"answered by the supervisor"* ]]
	run -125 --separate-stderr zr --pure --owners="$T/o" true
	[[ "$stderr" == "zeroroot: --owners needs ID consistency: --pure notices nothing"* ]]
	[ ! -e "$T/o" ]
}

@test "--owners where ID consistency is off anyway is an error, not an empty list" {
	run -125 --separate-stderr zr --userns=never --owners="$T/o" true
	[ "$stderr" = "zeroroot: --owners: ID consistency is off here: with --userns=never the command is not root, so there are no credentials to fake" ]
	[ ! -e "$T/o" ]
	# nested: the outer zeroroot answers, and notices
	run -125 --separate-stderr zr "$ZR" --owners="$T/o" true
	[ "$stderr" = "zeroroot: --owners: an outer zeroroot answers these calls here: give --owners to that one" ]
	[ ! -e "$T/o" ]
}

@test "--map-auto without a subordinate range is one line, exit 125" {
	[ "$ZR_AS" = user ] || skip "real root's ranges are not the point here"
	grep -q "^$(id -un "$(caller_uid)" 2>/dev/null || echo nobody):" /etc/subuid 2>/dev/null && skip "the test user has a range here"
	run -125 --separate-stderr zr --map-auto true
	[[ "$stderr" == "zeroroot: --map-auto: no subordinate uid range for "*" in /etc/subuid (usermod --add-subuids)" ]]
	run -125 --separate-stderr zr --map-auto --userns=never true
	[[ "$stderr" == *"--map-auto creates a user namespace"* ]]
}

@test "--dump-filter --map-auto: chown and set*id to mapped IDs allowed, the rest faked" {
	run -0 "$ZR" --map-auto --pure --dump-filter
	[[ "${lines[0]}" == *", pure, mapped IDs real" ]]
	grep -q 'beyond the mapped uids' <<<"$output"
	! grep -q 'MISMATCH' <<<"$output" || false
}

@test "--map-auto where zeroroot keeps the namespace it is in says its map is used as it is" {
	run -0 --separate-stderr zr "$ZR" --map-auto id -u
	[ "$output" = 0 ]
	[ "$stderr" = "zeroroot: warning: --map-auto: already root in a user namespace: its own map is used as it is (--userns=always makes a new one)" ]
}

@test "mapped ranges: a lost chown's warning does not send the user to --map-auto" {
	[ "$(id -u)" = 0 ] || skip "only real root can map a range of IDs without /etc/subuid"
	touch "$T/f"
	# the report follows the command's exit, before EOF on stderr (merged here)
	run -0 in_range_userns "$ZR" chown 100000:7 "$T/f"
	[ "${lines[0]}" = "zeroroot: warning: 1 ownership change could not be kept: the IDs are outside the ranges this user namespace maps" ]
	[ "${lines[1]}" = "zeroroot: warning: to list them, run with --owners=FILE" ]
	[ "${#lines[@]}" = 2 ]
	[ "$(stat -c %u:%g "$T/f")" = 0:0 ] # faked whole: one call, one answer
}

# ---- a failing zeroroot deletes only what it created ----

@test "a failed run removes its own --owners and --trace files, not the ones --cwd leads to" {
	as_user mkdir "$T/other"
	echo PRECIOUS | as_user tee "$T/other/out.mtree" "$T/other/t.log" >/dev/null
	cd "$T"
	run -127 --separate-stderr zr --owners=out.mtree --trace=t.log --cwd other /nonexistent
	[ "$(cat other/out.mtree)" = PRECIOUS ]
	[ "$(cat other/t.log)" = PRECIOUS ]
	[ ! -e out.mtree ]
	[ ! -e t.log ]
}

@test "a failed run removes its --owners file, not the one of that name in the --root tree" {
	make_tree "$T/r"
	as_user mkdir -p "$T/r$T"
	echo PRECIOUS | as_user tee "$T/r$T/o.mtree" >/dev/null
	run -127 --separate-stderr zr --owners="$T/o.mtree" --root "$T/r" /nonexistent
	[ "$(cat "$T/r$T/o.mtree")" = PRECIOUS ]
	[ ! -e "$T/o.mtree" ]
}

@test "a failed run leaves an existing --owners file as it was" {
	echo "IMPORTANT DATA" | as_user tee "$T/keep.txt" >/dev/null
	grep -q "^$(id -un "$(caller_uid)" 2>/dev/null || echo nobody):" /etc/subuid 2>/dev/null && skip "the test user has a range here"
	# zeroroot fails after opening FILE: --map-auto without a range
	run -125 --separate-stderr zr --owners="$T/keep.txt" --map-auto true
	[[ "$stderr" == *"no subordinate uid range"* ]]
	[ "$(cat "$T/keep.txt")" = "IMPORTANT DATA" ]
}
