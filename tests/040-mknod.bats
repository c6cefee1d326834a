# mknod and mknodat: no device node is ever made. By default (ID mode) the
# supervisor leaves an empty regular file in its place, created as the caller
# would create it; --pure makes nothing. FIFOs, sockets and regular files are
# created for real.
load helpers

# is_placeholder PATH MODE: an empty regular file, MODE (octal), the caller's.
is_placeholder() {
	[ -f "$1" ]
	[ ! -s "$1" ]
	[ ! -c "$1" ]
	[ ! -b "$1" ]
	[ "$(stat -c %a:%u "$1")" = "$2:$(caller_uid)" ]
}

@test "mknod of a char device succeeds and leaves an empty regular file, not a device" {
	run -0 zr sh -c "umask 022; exec $PROBE mknod $T/c chr"
	[ "$output" = "mknod r=0 errno=0" ]
	is_placeholder "$T/c" 644
	# mknod(1) -m chmods the node it made: that works on the placeholder
	run -0 zr sh -c "umask 077; mknod -m 666 $T/null c 1 3"
	is_placeholder "$T/null" 666
}

@test "mknod of a block device leaves a placeholder, with the caller's umask" {
	run -0 zr sh -c "umask 027; exec $PROBE mknod $T/b blk"
	[ "$output" = "mknod r=0 errno=0" ]
	is_placeholder "$T/b" 640
}

@test "--pure: mknod of a device succeeds and creates nothing" {
	run -0 zr --pure "$PROBE" mknod "$T/c" chr
	[ "$output" = "mknod r=0 errno=0" ]
	[ ! -e "$T/c" ]
	run -0 zr --pure "$PROBE" mknod "$T/b" blk
	[ ! -e "$T/b" ]
	run -0 zr --pure mknod "$T/null" c 1 3
	[ ! -e "$T/null" ]
}

@test "a placeholder fails as the real call would: EEXIST, ENOENT, EBADF, ENOTDIR, EFAULT" {
	touch "$T/x"
	run -1 zr "$PROBE" mknod "$T/x" chr
	[ "$output" = "mknod r=-1 errno=EEXIST" ]
	[ ! -s "$T/x" ]
	run -1 zr "$PROBE" mknod "$T/missing/c" chr
	[ "$output" = "mknod r=-1 errno=ENOENT" ]
	run -1 zr "$PROBE" mknodat badfd c chr
	[ "$output" = "mknodat r=-1 errno=EBADF" ]
	run -1 zr "$PROBE" mknodat "$T/x" c chr
	[ "$output" = "mknodat r=-1 errno=ENOTDIR" ]
	run -1 zr "$PROBE" mknodat - badptr chr
	[ "$output" = "mknodat r=-1 errno=EFAULT" ]
	# --pure cannot know: it says 0 for an existing path too
	run -0 zr --pure "$PROBE" mknod "$T/x" chr
}

@test "mknodat is relative to its dirfd, and a relative mknod to the working directory" {
	mkdir -p "$T/d/sub"
	[ "$ZR_AS" = root ] || chown -R "$(caller_uid):$(caller_gid)" "$T/d"
	run -0 zr "$PROBE" mknodat "$T/d/sub" c chr
	is_placeholder "$T/d/sub/c" 644
	run -0 zr "$PROBE" mknodat "$T/d/sub" ../up chr
	is_placeholder "$T/d/up" 644
	run -0 zr sh -c "cd $T/d/sub && exec $PROBE mknod here chr"
	is_placeholder "$T/d/sub/here" 644
	run -0 zr sh -c "cd $T/d && exec $PROBE mknodat - there chr"
	is_placeholder "$T/d/there" 644
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
	[ "$output" = "mknod r=-1 errno=EEXIST" ]
}

@test "without zeroroot a char device fails (so the test above can fail)" {
	[ "$ZR_AS" = user ] || skip "real root can really create devices"
	run -1 as_user "$PROBE" mknod "$T/c" chr
	[ "$output" = "mknod r=-1 errno=EPERM" ]
	[ ! -e "$T/c" ]
}

@test "mknod of char device 0:0 (an overlayfs whiteout) is made for real" {
	run -0 zr mknod "$T/wh" c 0 0
	[ -c "$T/wh" ]
	[ "$(stat -c %t:%T "$T/wh")" = 0:0 ]
	run -0 zr sh -c "umask 022; mknod $T/c c 0 1" # any other device is still not made
	[ ! -c "$T/c" ]
	is_placeholder "$T/c" 644
	run -0 zr --pure mknod "$T/wh2" c 0 0
	[ -c "$T/wh2" ]
}
