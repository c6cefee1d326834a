# Every faked syscall, by number, on the native ABI; and what really happens.
load helpers

@test "without zeroroot every probed call fails (so the tests below can fail)" {
	[ "$ZR_AS" = user ] || skip "real root's calls would really succeed"
	run -0 as_user "$PROBE" fake-all "$T"
	[ "${#lines[@]}" -ge 14 ]
	! grep ' r=0 errno=0$' <<<"$output" || false
}

# --pure: the probe's sequence of set*id calls is one no real root could make
# succeed (setgid after setuid(4242)); ID consistency refuses it as the kernel would.
@test "every faked syscall of the native ABI returns 0 under zeroroot --pure" {
	run -0 zr --pure "$PROBE" fake-all "$T"
	! grep -v ' r=0 errno=0$' <<<"$output" || false
	# the probe issued every syscall the native table lists, and nothing else
	[ "$(cut -d' ' -f1 <<<"$output" | sort)" = "$(faked_names "$(native_abi)")" ]
}

@test "--userns=never: the same calls return 0 where they would really fail" {
	run -0 zr --userns=never --pure "$PROBE" fake-all "$T"
	! grep -v ' r=0 errno=0$' <<<"$output" || false
	[ "$(cut -d' ' -f1 <<<"$output" | sort)" = "$(faked_names "$(native_abi)")" ]
}

@test "chown reports success and leaves the real owner unchanged" {
	as_user touch "$T/f"
	run -0 zr chown 4242:4242 "$T/f"
	run -0 zr chown -h 4242 "$T/f"
	run -0 zr chgrp 4242 "$T/f"
	run -0 stat -c %u:%g "$T/f"
	[ "$output" = "$(caller_uid):$(caller_gid)" ]
}

@test "--pure: set*id and setgroups report success; credentials stay root inside" {
	run -0 zr --pure sh -c "$PROBE fake-all $T >/dev/null && $PROBE ids"
	[[ "$output" == "uid=0,0,0 gid=0,0,0 groups="* ]]
	run -0 zr --pure setpriv --reuid=1000 --regid=1000 --clear-groups id -u
	[ "$output" = 0 ]
}

@test "capset reports success" {
	run -0 zr setpriv --inh-caps=-all --bounding-set=-all true
	run -0 zr --pure "$PROBE" fake-all "$T"
	[[ "$output" == *"capset r=0 errno=0"* ]]
}

@test "untouched syscalls run for real: chmod, mkdir, rename, getuid" {
	run -0 zr sh -c "mkdir $T/d && chmod 700 $T/d && mv $T/d $T/e && id -u"
	[ "$output" = 0 ]
	[ "$(stat -c %a "$T/e")" = 700 ]
	[ ! -e "$T/d" ]
}

@test "an un-faked privileged call still fails (sethostname: EPERM)" {
	run -1 zr "$PROBE" privileged
	[ "$output" = "sethostname r=-1 errno=EPERM" ]
}

@test "multithreaded programs: every thread's calls are faked" {
	as_user touch "$T/f"
	run -0 zr --pure "$PROBE" threads 8 "$T/f"
	[[ "$output" == *"setresuid(libc) r=0 errno=0"* ]]
	[[ "$output" == *"setgroups(libc) r=0 errno=0"* ]]
	[[ "$output" == *"threads=8 bad=0"* ]]
	[ "$(stat -c %u "$T/f")" = "$(caller_uid)" ]
}

@test "static binaries are faked too (no LD_PRELOAD involved)" {
	run -0 file -L "$PROBE_STATIC"
	[[ "$output" == *"statically linked"* ]]
	run -0 zr --pure "$PROBE_STATIC" fake-all "$T"
	! grep -v ' r=0 errno=0$' <<<"$output" || false
	[ "$(stat -c %u "$T/file")" = "$(caller_uid)" ]
}

@test "modes are real: a mode-000 directory made inside stops its owner outside (zeroroot(1), CAVEATS)" {
	run -0 zr sh -c "mkdir -p $T/d/e && touch $T/d/e/f && chmod 000 $T/d/e $T/d && ls $T/d/e"
	[ "$output" = f ] # root inside overrides the modes
	[ "$(stat -c %a "$T/d")" = 0 ]
	if [ "$ZR_AS" = user ]; then
		run ! as_user rm -rf "$T/d"
		[ -d "$T/d" ]
	fi
	run -0 zr rm -rf "$T/d"
	[ ! -e "$T/d" ]
}
