# i386 processes on an x86_64 host: the compat ABI has its own numbers and its
# 16-bit and *32 variants. Built with i686-linux-gnu-gcc (Debian's gcc-multilib
# conflicts with the cross compilers the build tests need).
load helpers

setup() {
	T=$(mktemp -d /tmp/zr-test.XXXXXX)
	chmod 777 "$T"
	[ -x "$PROBE_I386" ] || skip "no i386 probe: install gcc-i686-linux-gnu and run make check"
}

need_i386() {
	if ! out=$("$PROBE_I386" ids 2>&1); then
		[[ "$out" == *"Exec format error"* ]] &&
			skip "this machine cannot execute i386 binaries (Exec format error); make check-arch proves i386 under qemu"
		echo "$out" >&2
		return 1
	fi
}

@test "the i386 probe is an i386 binary" {
	run -0 file "$PROBE_I386"
	[[ "$output" == *"Intel 80386"* ]]
}

@test "every faked i386 syscall, 16-bit and *32 variants, returns 0" {
	need_i386
	run -0 zr --pure "$PROBE_I386" fake-all "$T"
	! grep -v ' r=0 errno=0$' <<<"$output"
	[ "$(cut -d' ' -f1 <<<"$output" | sort)" = "$("$ZR" --list | awk '$1 == "i386" && $4 != "getter:" { print $3 }' | sort)" ]
}

@test "i386: a char device is faked, a FIFO is created" {
	need_i386
	run -0 zr "$PROBE_I386" mknod "$T/c" chr
	[ ! -e "$T/c" ]
	run -0 zr "$PROBE_I386" mknod "$T/p" fifo
	[ -p "$T/p" ]
}
