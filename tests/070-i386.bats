# i386 processes on an x86_64 host: the compat ABI has its own numbers and its
# 16-bit and *32 variants. Built with i686-linux-gnu-gcc (Debian's gcc-multilib
# conflicts with the cross compilers the build tests need).
load helpers

setup() {
	T=$(mktemp -d /tmp/zr-test.XXXXXX)
	chmod 777 "$T"
	[ "$(native_abi)" = x86_64 ] || skip "i386 processes run beside native ones on x86_64 hosts only (this is $(native_abi))"
	[ -x "$PROBE_I386" ] || { echo "no i386 probe: make check builds it with i686-linux-gnu-gcc (tests/deps)" >&2; return 1; }
}

need_i386() {
	if ! out=$("$PROBE_I386" ids 2>&1); then
		[[ "$out" == *"Exec format error"* ]] &&
			skip "this machine does not execute i386 binaries (execve: Exec format error); make check-arch proves i386 under qemu"
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
	! grep -v ' r=0 errno=0$' <<<"$output" || false
	[ "$(cut -d' ' -f1 <<<"$output" | sort)" = "$(faked_names i386)" ]
}

@test "i386: a char device leaves a placeholder (nothing with --pure), a FIFO is created" {
	need_i386
	run -0 zr "$PROBE_I386" mknod "$T/c" chr
	[ -f "$T/c" ]
	[ ! -c "$T/c" ]
	[ ! -s "$T/c" ]
	run -0 zr --pure "$PROBE_I386" mknod "$T/d" chr
	[ ! -e "$T/d" ]
	run -0 zr "$PROBE_I386" mknod "$T/p" fifo
	[ -p "$T/p" ]
}

@test "i386: ID consistency answers the 16-bit and *32 getters" {
	need_i386
	run -0 zr "$PROBE_I386" drop 100 101
	[[ "$output" == *$'\nuid=100,100,100 gid=101,101,101 groups=1:101 getuid=100 geteuid=100 getgid=101 getegid=101\n'* ]]
	[[ "$output" == *"setuid(0) r=-1 errno=EPERM"* ]]
}
