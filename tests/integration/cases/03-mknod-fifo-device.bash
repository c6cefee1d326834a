# Case 3: mknod of a FIFO is real; mknod of a character device is faked: it
# returns 0 and nothing is created.
CASE="mknod: a FIFO and a character device"
TREES=()
NEEDS=()

run_case_body() {
	local d0 d
	d0=$(user_dir without-dir) && d=$(user_dir with-dir) || fail without "setup: cannot make directories"
	without unshare -r sh -c "mknod '$d0/fifo' p && mknod '$d0/null' c 1 3"
	expect_failure "mknod: [^ ]*null'?: Operation not permitted"
	with "$ZR" sh -c "mknod '$d/fifo' p && mknod '$d/null' c 1 3"
	expect_success
	check "the FIFO exists, as a FIFO" output_is fifo stat -c %F "$d/fifo"
	check "no device node was created" test ! -e "$d/null"
}
