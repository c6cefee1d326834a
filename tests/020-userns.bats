# The user namespace: who the command is, what -v says, nesting, --userns.
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats's run --separate-stderr
load helpers

@test "the command runs as uid 0 and gid 0" {
	run -0 zr "$PROBE" ids
	[ "$output" = "uid=0,0,0 gid=0,0,0 groups=1" ] || [ "$output" = "uid=0,0,0 gid=0,0,0 groups=0" ]
	run -0 zr id -u
	[ "$output" = 0 ]
}

@test "-v describes each step: namespace, maps, filter, self-test" {
	run -0 --separate-stderr zr -v true
	[[ "$stderr" == *"zeroroot: user namespace: created; uid_map '0 $(caller_uid) 1', gid_map '0 "*"1', setgroups deny"* ]]
	blocks=$("$ZR" --dump-filter | sed -n '1s/.*, \([0-9]*\) architectures,.*/\1/p')
	[[ "$stderr" =~ "zeroroot: seccomp filter: installed, "[0-9]+" instructions for $blocks architectures, $(native_abi) first, ID consistency" ]]
	[[ "$stderr" == *"zeroroot: self-test: kexec_load returned 0: the filter is live"* ]]
	[[ "$stderr" == *"zeroroot: self-test: the supervisor answered"* ]]
	[[ "$stderr" == *"zeroroot: mount namespace: created; the host's mounts show inside, none made inside shows outside"* ]]
	[[ "$stderr" == *"zeroroot: stays the command's parent until its report is written: -v: its summary comes before the command's exit"* ]]
	# the summary, in the file before zeroroot has exited
	[[ "$stderr" == *"zeroroot: answered by the supervisor: nothing"* ]]
	[ "$(grep -c '^zeroroot: ' <<<"$stderr")" = 7 ]
}

@test "the namespace maps only the caller (real root: 0 to 0): one line" {
	run -0 zr cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups
	read -r a b c <<<"${lines[0]}"
	[ "$a $b $c" = "0 $(caller_uid) 1" ]
	[ "${#lines[@]}" = 3 ]
	[ "${lines[2]}" = deny ]
}

@test "nested three deep: inner zeroroots skip the namespace and still fake" {
	touch "$T/f"
	run -0 --separate-stderr zr -v --pure "$ZR" -v --pure "$ZR" -v --pure "$PROBE" fake-all "$T"
	[ "$(grep -c 'user namespace: created' <<<"$stderr")" = 1 ]
	[ "$(grep -c 'not created: already root with CAP_SYS_ADMIN in a non-initial user namespace' <<<"$stderr")" = 2 ]
	[ "$(grep -c 'self-test: kexec_load returned 0' <<<"$stderr")" = 3 ]
	! grep -v ' r=0 errno=0$' <<<"$output" || false
	[ "$(stat -c %u "$T/file")" = "$(caller_uid)" ]
}

@test "--userns=always creates a namespace even when nested" {
	run -0 --separate-stderr zr "$ZR" -v --userns=always cat /proc/self/uid_map
	[[ "$stderr" == *"user namespace: created; uid_map '0 0 1'"* ]]
	read -r a b c <<<"$output"
	[ "$a $b $c" = "0 0 1" ]
}

@test "--userns=never keeps the caller's own uid and still fakes" {
	run -0 --separate-stderr zr -v --userns=never --pure "$PROBE" fake-all "$T"
	[[ "$stderr" == *"user namespace: not created (--userns=never)"* ]]
	! grep -v ' r=0 errno=0$' <<<"$output" || false
	run -0 zr --userns=never id -u
	[ "$output" = "$(caller_uid)" ]
}

@test "--userns=never sets no_new_privs only without CAP_SYS_ADMIN" {
	run -0 --separate-stderr zr -v --userns=never grep NoNewPrivs /proc/self/status
	if [ "$ZR_AS" = user ]; then
		[[ "$output" =~ NoNewPrivs:.1 ]]
		[[ "$stderr" == *"no CAP_SYS_ADMIN here: set no_new_privs"* ]]
	else
		[[ "$output" =~ NoNewPrivs:.0 ]]
		[[ "$stderr" != *no_new_privs* ]]
	fi
}

@test "in the namespace the filter is installed without no_new_privs" {
	run -0 zr grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status
	[[ "${lines[0]}" =~ NoNewPrivs:.0 ]]
	[[ "${lines[1]}" =~ Seccomp:.2 ]]
}

@test "the command has a mount namespace of its own: its mounts work and stay inside" {
	as_user mkdir "$T/a" "$T/b"
	as_user touch "$T/a/seen"
	run -0 zr sh -c "mount --bind $T/a $T/b && ls $T/b && mount -t tmpfs none $T/a && ls -A $T/a | wc -l"
	[ "${lines[0]}" = seen ]
	[ "${lines[1]}" = 0 ]
	# nothing shows outside, and the host's namespace is not the command's
	[ ! -e "$T/b/seen" ]
	run ! grep -q " $T/b " /proc/self/mountinfo
	[ "$(zr readlink /proc/self/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ]
}

@test "the host's later mounts still show inside (MS_SLAVE, as bwrap)" {
	[ "$(id -u)" = 0 ] || skip "needs real root to mount on the host"
	mkdir -p "$T/shared/later" "$T/src"
	touch "$T/src/new"
	# propagation needs a shared mount on the host (this one's / may be private)
	mount --bind "$T/shared" "$T/shared"
	mount --make-shared "$T/shared"
	as_user "$ZR" sh -c "touch $T/in; while [ ! -e $T/go ]; do sleep 0.05; done; ls $T/shared/later" >"$T/out" &
	while [ ! -e "$T/in" ]; do sleep 0.05; done # the command is in its namespace now
	mount --bind "$T/src" "$T/shared/later"
	touch "$T/go"
	wait $! || true
	umount "$T/shared/later" "$T/shared"
	[ "$(cat "$T/out")" = new ]
}

@test "no user namespace of its own, no mount namespace: --userns=never and nested" {
	run -0 zr --userns=never readlink /proc/self/ns/mnt
	[ "$output" = "$(readlink /proc/self/ns/mnt)" ]
	# shellcheck disable=SC2016 # the inner shell's $0
	run -0 zr sh -c 'readlink /proc/self/ns/mnt; "$0" readlink /proc/self/ns/mnt' "$ZR"
	[ "${lines[0]}" = "${lines[1]}" ]
}

@test "uid 0 without CAP_SETFCAP (a pod's drop ALL): zeroroot stays in its namespace, IDs still consistent" {
	# Linux >= 5.12 lets uid 0 map itself only with CAP_SETFCAP (before: 125,
	# "user namespaces are disabled or restricted on this host")
	# apt's drop: setgroups, setresgid, setresuid; regaining root fails
	run -0 --separate-stderr as_user unshare -r setpriv --bounding-set=-all --inh-caps=-all \
		"$ZR" -v sh -c "id -u; $PROBE drop 100 101; mknod $T/d c 1 3 && [ -f $T/d ] && echo placeholder"
	[ "${lines[0]}" = 0 ]
	[[ "$output" == *$'\nuid=100,100,100 gid=101,101,101 '* ]]
	[[ "$output" == *"setuid(0) r=-1 errno=EPERM"* ]]
	[ "${lines[-1]}" = placeholder ]
	[[ "$stderr" == *"zeroroot: user namespace: not created: uid 0 without CAP_SETFCAP cannot map itself in a new one (Linux >= 5.12)"* ]]
	[[ "$stderr" == *"only uid 0 is real here: everything else is faked"* ]]
	run -125 --separate-stderr as_user unshare -r setpriv --bounding-set=-all --inh-caps=-all "$ZR" --userns=always true
	[[ "$stderr" == "zeroroot: --userns=always: uid 0 without CAP_SETFCAP cannot map itself"* ]]
}

@test "a working directory the user may not search (sudo -u from /root): runs as under unshare -r" {
	[ "$ZR_AS" = user ] || skip "real root may search every directory"
	mkdir -m 0700 "$T/locked" # root's, as /root is
	cd "$T/locked"
	run -0 as_user unshare -r true # the reference: unshare never opens it
	run -0 --separate-stderr zr sh -c 'id -u; readlink /proc/self/cwd'
	[ "${lines[0]}" = 0 ]
	[ "${lines[1]}" = "$T/locked" ]
	run -0 zr "$PROBE" drop 100 101 # the supervisor answers there too
	[ "${lines[3]}" = "uid=100,100,100 gid=101,101,101 groups=1:101 getuid=100 geteuid=100 getgid=101 getegid=101" ]
}
