# The supervisor under every process model and every hostile command: each
# test is a finding of the security review that failed before its fix. The
# hostile helper (tests/hostile.c) prints what the kernel itself would give.
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats's run --separate-stderr
load helpers

# ours NAME: the process of that name (the supervisor, "zr-supervisor"; its
# parent, "zr-reserve") that this command's zeroroot started, as seen from
# inside the command: of those started since the command (zeroroot's PID, so
# its start time), the first. Other runs' on the machine are older or newer.
ours() {
	cat >"$T/ours.sh" <<-'EOF'
	since=$(cut -d' ' -f22 "/proc/$PPID/stat")
	best= bestt=
	for c in $(grep -lxF "$1" /proc/[0-9]*/comm 2>/dev/null); do
		p=${c%/comm}
		t=$(cut -d' ' -f22 "$p/stat" 2>/dev/null) || continue
		[ "${t:-0}" -ge "$since" ] || continue
		[ -n "$bestt" ] && [ "$t" -ge "$bestt" ] && continue
		best=${p#/proc/} bestt=$t
	done
	echo "$best"
	EOF
	chmod 755 "$T/ours.sh"
}

# ---- the command is PID 1 ----

@test "the command as PID 1 keeps its drop, cannot regain root, and leaks nothing" {
	# before: uid 0 after setpriv, setuid(0) succeeded, one pidfd per set*id
	run -0 as_user unshare -Urpf --mount-proc "$ZR" setpriv --reuid=1000 --regid=1000 --clear-groups id -u
	[ "$output" = 1000 ]
	run -0 as_user unshare -Urpf --mount-proc "$ZR" "$PROBE" drop 100 101
	[[ "$output" == *$'\nuid=100,100,100 gid=101,101,101 '* ]]
	[[ "$output" == *"setuid(0) r=-1 errno=EPERM"* ]]
	run -0 as_user prlimit --nofile=256:256 unshare -Urpf --mount-proc "$ZR" "$HOSTILE" setloop 1000
	[ "$output" = "calls=1000 failed=0" ]
}

@test "as real root too: unshare -pf --mount-proc zeroroot, the RUN-line shape" {
	[ "$(id -u)" = 0 ] || skip "a PID namespace without a user namespace needs root"
	run -0 unshare -pf --mount-proc "$ZR" setpriv --reuid=1000 --regid=1000 --clear-groups id -u
	[ "$output" = 1000 ]
	run -0 unshare -pf --mount-proc bash -c "$ZR $PROBE drop 100 101"
	[[ "$output" == *"setuid(0) r=-1 errno=EPERM"* ]]
}

@test "/proc of another PID namespace: pure mode, saying why (no answer from a stranger's record)" {
	# before: setresuid gave EPERM and getuid 65534 from a host process's credentials
	run -0 --separate-stderr as_user unshare -Urpf "$ZR" -v sh -c "$PROBE drop 100 101; :"
	[[ "$stderr" == *"ID consistency: off (pure mode): /proc belongs to another PID namespace"* ]]
	[[ "$output" == *"setresuid r=0 errno=0"* ]]
	[[ "$output" == *$'\nuid=0,0,0 gid=0,0,0 '* ]]
	# with its own /proc, the same works
	run -0 as_user unshare -Urpf --mount-proc "$ZR" sh -c "$PROBE drop 100 101; :"
	[[ "$output" == *$'\nuid=100,100,100 '* ]]
}

# ---- magic links, capabilities, confinement ----

@test "a placeholder path through a magic link is never resolved by the supervisor" {
	make_tree "$T/r"
	mkdir "$T/r/tmp/d"
	[ "$ZR_AS" = root ] || chown -R "$(caller_uid):$(caller_gid)" "$T/r"
	# before: /proc/self/cwd/z landed at the root of the tree, /proc/self/fd/N
	# named the supervisor's own descriptors (its host root, once)
	run -0 --separate-stderr zr --trace --root "$T/r" sh -c \
		'cd /tmp/d && exec 3</tmp/d && mknod /proc/self/cwd/z c 1 3 && mknod /proc/self/fd/3/x c 1 3 && mknod /dev/fd/3/y c 1 3 && echo made'
	[ "$output" = made ]
	[ -z "$(find "$T/r" "$T" -maxdepth 3 \( -name z -o -name x -o -name y \) -print)" ]
	[ "$(grep -c 'nothing was made: a magic link in the path' <<<"$stderr")" = 3 ]
}

@test "a placeholder is made only where the caller itself could make a file" {
	mkdir "$T/ro"
	chmod 555 "$T/ro"
	[ "$ZR_AS" = root ] || chown "$(caller_uid):$(caller_gid)" "$T/ro"
	# without capabilities: touch fails, and so does the device (before: 0, and a file)
	run -1 zr setpriv --bounding-set=-all --inh-caps=-all sh -c "touch $T/ro/t; $PROBE mknod $T/ro/x chr"
	[[ "$output" == *"mknod r=-1 errno=EACCES"* ]]
	# in a user namespace of its own, which maps nobody: the same
	run -1 zr unshare -U sh -c "touch $T/ro/t; $PROBE mknod $T/ro/y chr"
	[[ "$output" == *"mknod r=-1 errno=EACCES"* ]]
	[ -z "$(ls "$T/ro")" ]
	# with its capabilities (root inside), the placeholder is made: the tests above can fail
	run -0 zr "$PROBE" mknod "$T/ro/z" chr
	[ -f "$T/ro/z" ]
}

@test "no_new_privs set before zeroroot started (bwrap, Kubernetes, setpriv) still gets a placeholder" {
	# before: 0 and nothing made, so a postinst's chmod of the node failed
	run -0 as_user setpriv --no-new-privs "$ZR" sh -c "mknod $T/d c 1 3 && chmod 600 $T/d && echo ok"
	[ "$output" = ok ]
	[ -f "$T/d" ]
}

@test "a caller that confined itself (no_new_privs, its own filter) gets nothing made" {
	# before: a Landlock domain or a stacked RET_TRACE filter was passed by
	run -0 --separate-stderr zr --trace "$PROBE" filter kexec_load=1 -- "$PROBE" mknod "$T/x" chr
	[ "$output" = "mknod r=0 errno=0" ]
	[ ! -e "$T/x" ]
	[[ "$stderr" == *"(nothing was made: the caller set no_new_privs)"* ]]
	# a stacked filter's ERRNO still wins over the supervisor
	run -1 zr "$PROBE" filter mknod=1,mknodat=1 -- "$PROBE" mknod "$T/y" chr
	[ "$output" = "mknod r=-1 errno=EPERM" ]
	[ ! -e "$T/y" ]
}

# ---- --root: the supervisor is no way out ----

@test "--root: the supervisor's and the reserve's root, cwd and descriptors are out of the command's reach" {
	make_tree "$T/r"
	echo host >"$T/marker"
	[ "$ZR_AS" = root ] || chown -R "$(caller_uid):$(caller_gid)" "$T/r"
	# before: the supervisor was dumpable by the command's uid, so
	# /proc/<supervisor>/root led to the host's tree (as root: /etc/shadow)
	# shellcheck disable=SC2016 # the inner shell's variables
	run -0 --separate-stderr zr --root "$T/r" sh -c '
		n=0
		for p in /proc/[0-9]*; do
			case "$(cat "$p/comm" 2>/dev/null)" in zr-supervisor | zr-reserve) ;; *) continue ;; esac
			n=$((n + 1))
			cat "$p/root'"$T"'/marker" 2>/dev/null && echo "root of $p"
			ls "$p/cwd/" >/dev/null 2>&1 && echo "cwd of $p"
			for f in "$p"/fd/*; do readlink "$f" >/dev/null 2>&1 && echo "fd $f"; done
		done
		echo "seen $n"'
	# this run's two at least (others on the machine are out of reach alike)
	[ "${#lines[@]}" = 1 ]
	[[ "$output" =~ ^seen\ ([2-9]|[1-9][0-9]+)$ ]]
}

# ---- descriptors, signals, stdio ----

@test "a thousand live processes with records need no descriptor each" {
	# before: about 1017 was the ceiling; then ENOMEM, and getuid silently 0
	run -0 as_user prlimit --nofile=128:128 "$ZR" "$HOSTILE" records 300
	[ "$output" = "children=300 right=300" ]
}

@test "SIGTERM and SIGHUP to the supervisor change nothing" {
	ours
	run -0 zr sh -c "for s in TERM HUP INT QUIT; do kill -\$s \$($T/ours.sh zr-supervisor) \$($T/ours.sh zr-reserve); done; sleep 0.2; $PROBE drop 100 101"
	[[ "$output" == *$'\nuid=100,100,100 '* ]]
}

@test "the supervisor and the reserve killed or stopped: exec and exit never depend on them (zeroroot(1) SECURITY)" {
	# In one PID namespace, so that only this run's are seen and signalled.
	# Nothing can keep them out of reach of a command of the same uid (kill -9 -1
	# included): the tree must still run and end; before, every exec failed ENOSYS.
	cat >"$T/both.sh" <<-EOF
	s=\$(grep -lx zr-supervisor /proc/[0-9]*/comm | cut -d/ -f3)
	r=\$(grep -lx zr-reserve /proc/[0-9]*/comm | cut -d/ -f3)
	$PROBE drop 100 101 >/dev/null
	kill -STOP \$s \$r
	timeout -s KILL 5 /bin/true && echo "stopped: exec and exit run"
	kill -KILL \$s \$r
	timeout -s KILL 5 /bin/true && echo "killed: exec and exit run"
	timeout -s KILL 5 $PROBE drop 100 101 | grep setresuid
	EOF
	run -0 --separate-stderr timeout 30 "${AS_USER[@]}" unshare -Urpf --mount-proc "$ZR" sh "$T/both.sh"
	[ "${lines[0]}" = "stopped: exec and exit run" ]
	[ "${lines[1]}" = "killed: exec and exit run" ]
	# what breaks, as documented: a call only the supervisor answers gets ENOSYS
	[ "${lines[2]}" = "setresuid r=-1 errno=ENOSYS" ]
}

@test "a killed supervisor: the reserve answers as --pure, loudly, never with uid 4294967258" {
	ours
	# before: getuid returned 4294967258 (-ENOSYS), set*id failed with ENOSYS
	run -0 --separate-stderr zr sh -c "kill -KILL \$($T/ours.sh zr-supervisor); sleep 0.5; id -u; $PROBE drop 100 101"
	[ "${lines[0]}" = 0 ]
	[[ "$output" == *"setresuid r=0 errno=0"* ]]
	[[ "$stderr" == *"zeroroot: warning: the supervisor was killed (signal 9); from now on every call is answered as with --pure"* ]]
}

@test "a stopped supervisor is continued: the tree does not hang" {
	ours
	# before: every notified call waited until SIGCONT
	run -0 --separate-stderr timeout 20 "${AS_USER[@]}" "$ZR" sh -c "kill -STOP \$($T/ours.sh zr-supervisor); sleep 0.5; $PROBE drop 100 101"
	[[ "$output" == *$'\nuid=100,100,100 '* ]]
	[[ "$stderr" == *"zeroroot: warning: the supervisor was stopped (signal 19); it was continued"* ]]
}

# shellcheck disable=SC2016 # the inner shells' $0, $@ and $$
@test "closed stdin and stdout: ID mode runs, --pure --trace too, and the trace is kept" {
	# before: 125 (the socket landed on fd 0), ENOSYS, and an empty trace file
	touch "$T/f"
	[ "$ZR_AS" = root ] || chown "$(caller_uid)" "$T/f"
	# closed by the shell that runs zeroroot: "run CMD <&-" would not close
	# them, as bats's run reads CMD's output from a pipe, which lands on the free 0
	closed() { as_user sh -c 'exec "$0" "$@" <&- >&-' "$@"; }
	run -0 closed "$ZR" sh -c 'echo ran >&2'
	[ "$output" = ran ]
	run -0 closed "$ZR" --pure --trace sh -c "chown 0 $T/f && echo chown-ok >&2"
	[[ "$output" == *chown-ok* ]]
	run -0 as_user sh -c 'exec "$0" "$@" <&-' "$ZR" --trace="$T/trace" mknod "$T/n" c 1 3
	grep -q 'mknod.*S_IFCHR|0666, 1:3) = 0' "$T/trace"
	# and the command gets them closed, as it was given them
	run -0 closed "$ZR" sh -c 'for fd in 0 1; do [ -e /proc/$$/fd/$fd ] || echo "$fd closed" >&2; done'
	[ "$output" = $'0 closed\n1 closed' ]
}

@test "a descriptor the command inherited is not held by the supervisor (a pipe's reader sees EOF)" {
	# before: close_other_fds() stopped after 1024 entries; a held pipe kept its reader waiting
	as_user mkfifo "$T/pipe"
	start=$SECONDS
	(cat "$T/pipe" >/dev/null) &
	reader=$!
	# more than 1024 descriptors, then the pipe as fd 2000
	"${AS_USER[@]}" bash -c "ulimit -n 4096; for i in \$(seq 3 1100); do eval \"exec \$i</dev/null\"; done
		exec 2000>$T/pipe; exec $ZR bash -c 'sleep 3 2000>&- </dev/null >/dev/null 2>&1 &'"
	wait "$reader"
	[ $((SECONDS - start)) -lt 3 ] # the daemon keeps the supervisor 3 s; the pipe must not
}

@test "a file-system server in the tree (FUSE) does not deadlock the supervisor" {
	[ "$(id -u)" = 0 ] || skip "/dev/fuse is root's here"
	[ -c /dev/fuse ] || skip "no /dev/fuse in this machine"
	mkdir -p "$T/l" "$T/u" "$T/w" "$T/m"
	# before: the supervisor waited in mknodat on the FUSE mount, which waited for
	# fuse-overlayfs's fchownat, which waited for the supervisor
	run -0 timeout 60 "$ZR" --trace unshare -m sh -c \
		"fuse-overlayfs -o lowerdir=$T/l,upperdir=$T/u,workdir=$T/w $T/m && mknod $T/m/dev c 1 3 && id -u; umount $T/m"
	[[ "$output" == *$'\n0'* ]] || [ "${lines[-1]}" = 0 ]
	[ -f "$T/u/dev" ]
}

# ---- small ones ----

@test "getresuid into a read-only or PROT_NONE page: EFAULT, as the kernel gives, and the page intact" {
	# before: 0, and the read-only page changed; into .text the process later crashed
	run -0 zr "$HOSTILE" rodata
	[ "${lines[0]}" = "readonly r=-1 errno=EFAULT intact=1" ]
	[ "${lines[1]}" = "prot_none r=-1 errno=EFAULT" ]
}

@test "capset cannot raise CAP_SETUID again after a full drop; keep-caps (setpriv) can" {
	# before: capset 0, then setuid(0) 0: root regained
	run -0 zr "$HOSTILE" capregain
	[ "$output" = "drop r=0 capset r=-1 errno=EPERM setuid(0) r=-1 errno=EPERM getuid=5" ]
	run -0 zr setpriv --reuid=1000 --regid=1000 --clear-groups sh -c 'id -u; id -g'
	[ "$output" = $'1000\n1000' ]
}

@test "getgroups(70000, buf) returns the count, as the kernel does" {
	run -0 zr "$HOSTILE" getgroups-big
	[ "$output" = "setgroups r=0 getgroups(70000) r=1 first=1000" ]
}

@test "a device at a 4095-byte path gets its placeholder, as a FIFO would be made" {
	run -0 zr "$HOSTILE" longpath "$T"
	[ "$output" = "length=4095 mknod r=0 errno=0 regular=1" ]
}

@test "a child that asks only after its dropped parent exited inherits the drop" {
	# before: uid=0,0,0 and setuid(0) 0 (the double-fork daemon pattern)
	run -0 zr "$HOSTILE" orphan "$T/orphan"
	for _ in $(seq 100); do [ -s "$T/orphan" ] && break; sleep 0.1; done
	[ "$(cat "$T/orphan")" = "uid=100,100,100 setuid(0) r=-1" ]
}

# suid_copy NAME MODE: a copy of the hostile helper, owned by the caller
# (root inside), with MODE; chmod after chown, which clears set-ID bits.
suid_copy() {
	cp "$HOSTILE" "$T/$1"
	[ "$ZR_AS" = root ] || chown "$(caller_uid):$(caller_gid)" "$T/$1"
	chmod "$2" "$T/$1"
}

@test "exec of a set-user-ID file updates the record as the kernel would" {
	need_suid
	suid_copy suid 4755
	# before: uid=100,100,100 (the file's owner is root inside)
	run -0 zr "$HOSTILE" exec-drop "$T/suid" ids
	[ "$output" = "uid=100,0,0 setuid(0) r=0" ]
	# through a magic link of the caller's (before: the helper's own descriptor 5)
	run -0 zr sh -c "$HOSTILE exec-drop /dev/fd/5 ids 5<$T/suid"
	[ "$output" = "uid=100,0,0 setuid(0) r=0" ]
}

@test "an exec changes the IDs only when it happened, and as the kernel would" {
	need_suid
	suid_copy suid-nox 4644
	suid_copy h 0755
	printf '#!%s ids\n' "$T/h" >"$T/script"
	[ "$ZR_AS" = root ] || chown "$(caller_uid):$(caller_gid)" "$T/script"
	chmod 4755 "$T/script"
	# a failed exec of a set-user-ID file without x (before: uid=0,0,0 after, as if run)
	run -0 zr "$HOSTILE" exec-failed "$T/suid-nox"
	[ "$output" = $'execv: Permission denied\nuid=0,100,0 setuid(0) r=0' ]
	# a failed exec of a missing file (before: the saved uid took 100)
	run -0 zr "$HOSTILE" exec-failed "$T/missing"
	[ "$output" = $'execv: No such file or directory\nuid=0,100,0 setuid(0) r=0' ]
	# a set-user-ID script: the kernel uses its interpreter's bits (before: uid=100,0,0)
	run -0 zr "$HOSTILE" exec-drop "$T/script"
	[ "$output" = "uid=100,100,100 setuid(0) r=-1" ]
	# the same file again: the exec happened, so the saved uid takes the effective one
	run -0 zr "$HOSTILE" exec-self
	[ "$output" = "uid=0,100,100 setuid(0) r=0" ]
}

@test "a file swapped while children exec it: each is told what the file it ran says" {
	need_suid
	suid_copy A 4755
	suid_copy B 0755
	# before: the helper looked at the name, then the exec ran the other file
	run -0 zr "$HOSTILE" swap "$T" 200
	[ "${#lines[@]}" = 200 ]
	run -0 grep -cvx -e 'suid=1 euid=0' -e 'suid=0 euid=100' <<<"$output" || true
	[ "$output" = 0 ]
}

@test "no descriptor per process: children that drop, exec a set-ID file, make a device and die" {
	need_suid
	suid_copy suid 4755
	mkdir "$T/d"
	[ "$ZR_AS" = root ] || chown "$(caller_uid):$(caller_gid)" "$T/d"
	# before: each such child left a descriptor; past the limit mknod got ESRCH
	# and the set-ID exec was missed, silently
	run -0 as_user prlimit --nofile=64:64 "$ZR" "$HOSTILE" churn 300 "$T/d/dev" "$T/suid"
	[ "$output" = "children=300 right=300" ]
}

@test "a handler that dies strands no caller: its call is answered as --pure, saying so" {
	# (tests/zeroroot-crash: answer.c's fault injection) the supervisor dies
	# mid-request: before, the caller slept for good
	run -0 --separate-stderr timeout 60 "${AS_USER[@]}" "$ZR_BIN/zeroroot-crash" sh -c \
		"$HOSTILE setloop 1; python3 -c 'import os; os.setresgid(4242, 4242, 4242)' && echo answered; id -u"
	[ "$output" = $'calls=1 failed=0\nanswered\n0' ]
	[[ "$stderr" == *"zeroroot: warning: the supervisor was killed (signal 11); from now on every call is answered as with --pure"* ]]
	# a helper dies while making a placeholder: the supervisor answers for it.
	# This build has the supervisor see the helper's SIGCHLD before its next
	# wait for a call (before: it waited for good, the caller too)
	run -0 --separate-stderr timeout 60 "${AS_USER[@]}" "$ZR_BIN/zeroroot-crash" sh -c \
		"mknod $T/crash-helper c 1 3 && echo answered; $HOSTILE exec-drop $HOSTILE ids"
	[ "$output" = $'answered\nuid=100,100,100 setuid(0) r=-1' ]
	[ ! -e "$T/crash-helper" ]
	[[ "$stderr" == *"zeroroot: warning: the supervisor's helper for a call was killed (signal 11); that call was answered as with --pure"* ]]
}

@test "--trace escapes what the caller controls: a newline cannot forge a line" {
	run -0 zr --trace="$T/trace" mknod "$T/$(printf 'a\nzeroroot: trace: 1 setuid(0) = 0 (forged)\033[2J')" c 1 3
	[ "$(wc -l <"$T/trace")" = 1 ]
	grep -qF 'a\nzeroroot: trace: 1 setuid(0) = 0 (forged)\033[2J' "$T/trace"
	run -125 --separate-stderr zr --root "$(printf 'a\nzeroroot: forged line')" true
	[ "$(wc -l <<<"$stderr")" = 1 ]
}

@test "--trace=FIFO without a reader is an error, not a hang; a failed run leaves no trace file" {
	as_user mkfifo "$T/fifo"
	run -125 --separate-stderr timeout 10 "${AS_USER[@]}" "$ZR" --trace="$T/fifo" true
	[ "$stderr" = "zeroroot: --trace=$T/fifo: a FIFO that nobody reads" ]
	run -125 zr --trace="$T/t" --cwd=/nonexistent true
	[ ! -e "$T/t" ]
}

@test "options without their argument are named as such" {
	run -125 --separate-stderr zr -r
	[[ "$stderr" == "zeroroot: option requires an argument -- 'r'"* ]]
	run -125 --separate-stderr zr --bind
	[[ "$stderr" == "zeroroot: option '--bind' requires an argument"* ]]
	run -125 --separate-stderr zr --root "$T" --bind "$T:" true
	[ "$stderr" = "zeroroot: --bind $T:: an empty destination" ]
}

@test "no processes left for the supervisor: one clear line, not 'Broken pipe'" {
	[ "$ZR_AS" = user ] && [ "$(id -u)" = 0 ] || skip "RLIMIT_NPROC binds only an unprivileged user"
	run -125 --separate-stderr as_user prlimit --nproc=1 "$ZR" true
	[[ "$stderr" == "zeroroot: cannot start the supervisor: Resource temporarily unavailable (it needs two processes more: the process limit, ulimit -u or RLIMIT_NPROC, is reached; raise it, or run with --pure, which needs none)" ]]
	run -0 as_user prlimit --nproc=1 "$ZR" --pure id -u
	[ "$output" = 0 ]
}

# ---- what held up, and must stay so ----

@test "a reused pid starts clean" {
	# the dropped process is killed: it leaves no exit_group, its entry stays
	cat >"$T/reuse.sh" <<-EOF
	$PROBE drop 100 101 sh -c 'echo \$\$ >$T/dropped; kill -KILL \$\$'
	pid=\$(cat $T/dropped)
	echo \$((pid - 1)) >/proc/sys/kernel/ns_last_pid
	$PROBE ids >$T/reused & wait
	EOF
	run -0 as_user unshare -Urpf --mount-proc "$ZR" sh "$T/reuse.sh"
	[[ "$(cat "$T/reused")" == "uid=0,0,0 gid=0,0,0 "* ]]
}

@test "threads setting and reading at once never see a mixed triple" {
	run -0 zr "$HOSTILE" setget 8
	[ "$output" = "threads=16 mixed=0" ]
}
