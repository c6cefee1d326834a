# ID consistency (the default): set*id and setgroups are answered by the
# supervisor, which keeps fake credentials per process; get*id read them back.
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats's run --separate-stderr
load helpers

@test "setresuid(100) then getresuid sees 100; regaining root fails as apt checks" {
	run -0 zr "$PROBE" drop 100 101
	[[ "$output" == *$'\nuid=100,100,100 gid=101,101,101 groups=1:101 getuid=100 geteuid=100 getgid=101 getegid=101\n'* ]]
	[[ "$output" == *"setuid(0) r=-1 errno=EPERM"* ]]
	[[ "$output" == *"seteuid(0) r=-1 errno=EPERM"* ]]
	[[ "$output" == *"setgid(0) r=-1 errno=EPERM"* ]]
}

@test "--pure: the same calls succeed and getresuid tells the truth (0)" {
	run -0 zr --pure "$PROBE" drop 100 101
	[[ "$output" == *"uid=0,0,0 gid=0,0,0"* ]]
	[[ "$output" == *"setuid(0) r=0 errno=0"* ]]
}

@test "a forked child and an exec'd program inherit the record; another process does not" {
	run -0 zr sh -c "$PROBE drop 100 101 $PROBE fork-ids; $PROBE ids"
	[ "$(grep -c '^uid=100,100,100 gid=101,101,101' <<<"$output")" = 3 ]
	[ "${lines[-1]}" = "uid=0,0,0 gid=0,0,0 groups=0" ] || [[ "${lines[-1]}" == "uid=0,0,0 gid=0,0,0 groups="* ]]
}

@test "setgroups and getgroups round-trip, getgroups(0, NULL) counts" {
	run -0 zr "$PROBE" groups 5
	[[ "$output" == *"count=5 first=1000 last=1004 small=22"* ]] # EINVAL for a short buffer
}

@test "threads share their process's record" {
	run -0 zr "$PROBE" threads-ids 4
	[ "$(grep -c '^uid=100,100,100 ' <<<"$output")" = 4 ]
}

@test "setpriv drops to another user and id agrees" {
	run -0 zr setpriv --reuid=1000 --regid=1000 --clear-groups id
	[[ "$output" =~ ^uid=1000(\([^\)]*\))?\ gid=1000(\([^\)]*\))?\ groups=1000 ]]
}

@test "a daemon that outlives the command still gets answers" {
	run -0 zr "$PROBE" drop 100 101 "$PROBE" daemon "$T/daemon.out"
	for _ in $(seq 50); do grep -q 'done' "$T/daemon.out" 2>/dev/null && break; sleep 0.1; done
	run -0 cat "$T/daemon.out"
	[ "${lines[2]}" = "done" ]
	[[ "${lines[0]}" == "uid=100,100,100 gid=101,101,101 "* ]]
	[[ "${lines[1]}" == "uid=100,100,100 gid=101,101,101 "* ]] # after the command exited
}

@test "nested: the inner zeroroot adds no filter, and the outer one answers in its mode" {
	run -0 --separate-stderr zr "$ZR" -v true
	[[ "$stderr" == *"zeroroot: seccomp filter: none added: an outer zeroroot's answers, in its own mode"* ]]
	[[ "$stderr" == *"zeroroot: self-test: kexec_load returned 0: the filter is live"* ]]
	# before: the inner filter's in-kernel fakes hid set*id from the outer supervisor
	run -0 zr "$ZR" "$PROBE" drop 100 101
	[[ "$output" == *$'\nuid=100,100,100 gid=101,101,101 '* ]]
	[[ "$output" == *"setuid(0) r=-1 errno=EPERM"* ]]
	run -0 zr "$ZR" --pure "$PROBE" drop 100 101 # the outer decides, whatever the inner was asked
	[[ "$output" == *$'\nuid=100,100,100 '* ]]
	run -0 zr "$ZR" sh -c "mknod $T/d c 1 3 && [ -f $T/d ] && echo placeholder"
	[ "$output" = placeholder ]
	# under an outer --pure, the inner one is pure too
	run -0 zr --pure "$ZR" "$PROBE" drop 100 101
	[[ "$output" == *$'\nuid=0,0,0 '* ]]
}

@test "--userns=never: ID consistency is off, saying why" {
	run -0 --separate-stderr zr -v --userns=never true
	[[ "$stderr" == *"ID consistency: off (pure mode): with --userns=never"* ]]
}

@test "signals reach the command; its status and signal come back" {
	run -143 zr sh -c 'kill -TERM $$'
	run -130 zr sh -c 'kill -INT $$'
	run -129 zr sh -c 'kill -HUP $$'
	# a TERM sent from outside to zeroroot's pid lands on the command
	"${AS_USER[@]}" "$ZR" sh -c 'trap "exit 42" TERM; echo ready; while :; do sleep 0.1; done' >"$T/out" &
	pid=$!
	for _ in $(seq 50); do grep -q ready "$T/out" 2>/dev/null && break; sleep 0.1; done
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
	[ "$status" = 42 ]
}

@test "where zeroroot stays the command's parent (--owners, -v, PID 1): signals, status and the report as if it exec'd" {
	# the command's status, and its death by a signal as zeroroot's own
	run -3 zr --owners="$T/o" sh -c 'exit 3'
	run -143 zr -v sh -c 'kill -TERM $$'
	# a signal sent to zeroroot's pid is forwarded to the command
	"${AS_USER[@]}" "$ZR" --owners="$T/o2" sh -c 'trap "exit 42" TERM; echo ready; while :; do sleep 0.1; done' >"$T/out" &
	pid=$!
	for _ in $(seq 50); do grep -q ready "$T/out" 2>/dev/null && break; sleep 0.1; done
	kill -TERM "$pid"
	status=0
	wait "$pid" || status=$?
	[ "$status" = 42 ]
	# as PID 1: an init-like command that waits for every child ends (before:
	# zeroroot's own became its children, and it waited for them for good)
	run -0 --separate-stderr timeout 30 "${AS_USER[@]}" unshare -Urpf --mount-proc "$ZR" "$HOSTILE" reap-all sleep 0.2
	[ "$output" = "reaped 1" ]
	run -0 --separate-stderr timeout 30 "${AS_USER[@]}" unshare -Urpf --mount-proc "$ZR" -v true
	[[ "$stderr" == *"zeroroot: stays the command's parent until its report is written: -v: its summary comes before the command's exit"* ]]
}

@test "no file descriptor of zeroroot's leaks into the command" {
	# the same descriptors as the same command run without zeroroot (bats's own included)
	run -0 as_user sh -c 'ls /proc/$$/fd'
	without=$output
	run -0 zr sh -c 'ls /proc/$$/fd'
	[ "$output" = "$without" ]
	run -0 zr --trace="$T/trace" sh -c 'ls /proc/$$/fd'
	[ "$output" = "$without" ]
}

@test "--trace logs chown and mknod with decoded arguments" {
	as_user touch "$T/f"
	run -0 --separate-stderr zr --trace sh -c "chown 100:101 $T/f; mknod $T/null c 1 3; mkfifo $T/p"
	grep -Eq "^zeroroot: trace: [0-9]+ (fchownat|chown)\(.*\"$T/f\", 100, 101(, 0)?\) = 0 \(not kept: see the report at exit\)$" <<<"$stderr"
	grep -Eq "^zeroroot: trace: [0-9]+ mknod(at)?\(.*\"$T/null\", S_IFCHR\|0666, 1:3\) = 0 \(an empty regular file was made\)$" <<<"$stderr"
	! grep -q '/p"' <<<"$stderr" || false # the FIFO was really made, not faked
	[ -p "$T/p" ]
	[ -f "$T/null" ]
	# --pure --trace: the same call, told 0, and nothing made
	run -0 --separate-stderr zr --pure --trace mknod "$T/null2" c 1 3
	grep -Eq "^zeroroot: trace: [0-9]+ mknod(at)?\(.*\"$T/null2\", S_IFCHR\|0666, 1:3\) = 0$" <<<"$stderr"
	[ ! -e "$T/null2" ]
}

@test "--trace=FILE appends there, and -v counts the calls per syscall" {
	as_user touch "$T/f"
	run -0 --separate-stderr zr -v --trace="$T/trace" chown 7:7 "$T/f"
	grep -q 'chown' "$T/trace"
	[[ "$stderr" =~ "zeroroot: answered by the supervisor: "(fchownat|chown)" 1" ]]
}

@test "--trace decodes each argument by its role: fchownat's flags, set*id's IDs" {
	as_user touch "$T/f"
	run -0 --separate-stderr zr --trace chown -h 7:8 "$T/f"
	grep -Eq "^zeroroot: trace: [0-9]+ fchownat\(AT_FDCWD, \"$T/f\", 7, 8, AT_SYMLINK_NOFOLLOW\) = 0 \(not kept: see the report at exit\)$" <<<"$stderr"
	# --pure --trace: set*id are faked as in pure mode, and traced as IDs, not paths
	run -0 --separate-stderr zr --pure --trace "$PROBE" drop 7 8
	grep -Eq '^zeroroot: trace: [0-9]+ setresuid\(7, 7, 7\) = 0$' <<<"$stderr"
	grep -Eq '^zeroroot: trace: [0-9]+ setgroups\(1, 0x[0-9a-f]+\) = 0$' <<<"$stderr"
	[[ "$output" == *"uid=0,0,0 gid=0,0,0"* ]] # pure: nothing kept
	# with ID consistency the lists and the IDs written back are shown
	run -0 --separate-stderr zr --trace "$PROBE" drop 7 8
	grep -Eq '^zeroroot: trace: [0-9]+ setgroups\(1, \[8\]\) = 0$' <<<"$stderr"
	grep -Eq '^zeroroot: trace: [0-9]+ getresuid\(\[7\], \[7\], \[7\]\) = 0$' <<<"$stderr"
	grep -Eq '^zeroroot: trace: [0-9]+ setuid\(0\) = -1 EPERM$' <<<"$stderr"
}

@test "the credential rules hold on their own (tests/creds-test, no seccomp)" {
	run -0 "$ZR_TOP/tests/creds-test"
	! grep -v '^ok ' <<<"$output" || false
	[ "${#lines[@]}" -ge 20 ]
}

@test "mapped ranges: set*id is the kernel's, and an unmapped ID fails rather than get*id contradict it" {
	[ "$(id -u)" = 0 ] || skip "only real root can map a range of IDs without /etc/subuid"
	run -0 --separate-stderr in_range_userns "$ZR" sh -c 'setpriv --reuid=100 --regid=101 --clear-groups sh -c "id -u; id -g"
		setpriv --reuid=100000 id -u; echo "rc=$?"'
	[ "${lines[0]}" = 100 ]
	[ "${lines[1]}" = 101 ]
	# before: the setresuid was faked and id said 0, its real uid
	[ "${lines[2]}" != rc=0 ]
	[[ "${lines[2]}" == rc=* ]]
	[ "${#lines[@]}" = 3 ]
	[[ "$stderr" == *"setpriv: setresuid failed: Invalid argument"* ]]
}
