# zeroroot grants nothing real: checked from outside the namespace.
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats's run --separate-stderr
load helpers

need_root() {
	[ "$(id -u)" = 0 ] || skip "setting up files of another host user needs root"
}

@test "a file of another host user stays unreadable and unwritable" {
	need_root
	echo secret >"$T/secret"
	chown "$OTHER_UID:$OTHER_UID" "$T/secret"
	chmod 600 "$T/secret"
	run -1 --separate-stderr zr cat "$T/secret"
	[[ "$stderr" == *"Permission denied"* ]]
	run ! zr sh -c "echo changed >>'$T/secret'"
	run -1 zr chmod 666 "$T/secret"
	[ "$(cat "$T/secret")" = secret ]
	[ "$(stat -c %u:%a "$T/secret")" = "$OTHER_UID:600" ]
}

@test "after a faked setuid(1000) permission checks are unchanged" {
	need_root
	as_user sh -c "echo mine >'$T/mine'; chmod 600 '$T/mine'"
	echo secret >"$T/secret"
	chown "$OTHER_UID" "$T/secret"
	chmod 600 "$T/secret"
	# had the process really become uid 1000, its own file would be closed to it
	run -0 zr "$PROBE" setuid-open 1000 "$T/mine"
	[ "${lines[0]}" = "setuid r=0 errno=0" ]
	[ "${lines[1]}" = "open r=0 errno=0" ]
	run -1 zr "$PROBE" setuid-open 1000 "$T/secret"
	[ "${lines[1]}" = "open r=-1 errno=EACCES" ]
}

@test "after a faked setuid(1000) the host sees the caller's credentials" {
	mkfifo "$T/in"
	as_user "$ZR" "$PROBE" setuid-wait 1000 <"$T/in" >"$T/out" &
	zr_pid=$!
	exec 8>"$T/in"
	for _ in $(seq 50); do grep -q ready "$T/out" 2>/dev/null && break; sleep 0.1; done
	pid=$(awk '$1 == "ready" { print $2 }' "$T/out")
	run -0 grep -E '^(Uid|Gid):' "/proc/$pid/status"
	exec 8>&-
	wait "$zr_pid" # not a bare wait: it would wait for bats' timeout too
	[ "$(grep -c 'setuid r=0 errno=0' "$T/out")" = 1 ]
	read -r _ r e s f <<<"${lines[0]}"
	[ "$r $e $s $f" = "$(caller_uid) $(caller_uid) $(caller_uid) $(caller_uid)" ]
	read -r _ r e s f <<<"${lines[1]}"
	[ "$r $e $s $f" = "$(caller_gid) $(caller_gid) $(caller_gid) $(caller_gid)" ]
}

@test "a setuid copy of zeroroot refuses to run (AT_SECURE), exit 125" {
	need_root
	need_suid
	cp "$ZR" "$T/zr-suid"
	# owned by a user other than the caller, so the exec really changes euid
	if [ "$ZR_AS" = user ]; then chown 0:0 "$T/zr-suid"; else chown "$OTHER_UID" "$T/zr-suid"; fi
	chmod 4755 "$T/zr-suid"
	run -125 --separate-stderr as_user "$T/zr-suid" touch "$T/marker"
	[ "$stderr" = "zeroroot: refusing to run setuid, setgid or with file capabilities (AT_SECURE); install zeroroot as an ordinary executable" ]
	[ ! -e "$T/marker" ]
	run -125 as_user "$T/zr-suid" --help
}

@test "a setgid copy of zeroroot refuses to run, exit 125" {
	need_root
	need_suid
	cp "$ZR" "$T/zr-sgid"
	chown "0:$OTHER_UID" "$T/zr-sgid"
	chmod 2755 "$T/zr-sgid"
	run -125 --separate-stderr as_user "$T/zr-sgid" true
	[[ "$stderr" == *"(AT_SECURE)"* ]]
}

@test "a copy with file capabilities refuses to run, exit 125" {
	need_root
	need_suid
	[ "$ZR_AS" = user ] || skip "real root gains no capability from a file, so AT_SECURE stays 0"
	cp "$ZR" "$T/zr-cap"
	setcap cap_sys_admin+ep "$T/zr-cap"
	run -125 --separate-stderr as_user "$T/zr-cap" touch "$T/marker"
	[[ "$stderr" == *"(AT_SECURE)"* ]]
	[ ! -e "$T/marker" ]
}
