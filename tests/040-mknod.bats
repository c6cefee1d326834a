# mknod and mknodat: devices are faked, everything else is created for real.
load helpers

@test "mknod of a char device succeeds and creates nothing" {
	run -0 zr "$PROBE" mknod "$T/c" chr
	[ "$output" = "mknod r=0 errno=0" ]
	[ ! -e "$T/c" ]
	run -0 zr mknod "$T/null" c 1 3
	[ ! -e "$T/null" ]
}

@test "mknod of a block device succeeds and creates nothing" {
	run -0 zr "$PROBE" mknod "$T/b" blk
	[ "$output" = "mknod r=0 errno=0" ]
	[ ! -e "$T/b" ]
}

@test "mknod of a FIFO creates a real FIFO" {
	run -0 zr "$PROBE" mknod "$T/p" fifo
	[ -p "$T/p" ]
	run -0 zr mkfifo "$T/q"
	[ -p "$T/q" ]
	run -0 zr mknod "$T/r" p
	[ -p "$T/r" ]
}

@test "mknod of a socket or a regular file creates it for real" {
	run -0 zr "$PROBE" mknod "$T/s" sock
	[ -S "$T/s" ]
	run -0 zr "$PROBE" mknod "$T/f" reg
	[ -f "$T/f" ]
}

@test "mknod of an existing path still fails for a FIFO (real call)" {
	touch "$T/x"
	run -1 zr "$PROBE" mknod "$T/x" fifo
	[ "$output" = "mknod r=-1 errno=17" ]
}

@test "without zeroroot a char device fails (so the test above can fail)" {
	[ "$ZR_AS" = user ] || skip "real root can really create devices"
	run -1 as_user "$PROBE" mknod "$T/c" chr
	[ "$output" = "mknod r=-1 errno=1" ]
}

@test "mknod of char device 0:0 (an overlayfs whiteout) is made for real" {
	run -0 zr mknod "$T/wh" c 0 0
	[ -c "$T/wh" ]
	[ "$(stat -c %t:%T "$T/wh")" = 0:0 ]
	run -0 zr mknod "$T/c" c 0 1 # any other device is still faked
	[ ! -e "$T/c" ]
}
