# Case 3: mknod of a FIFO is real; mknod of a character device returns 0 and
# no device node is created. In pure mode (--pure, the paper's zero
# consistency) nothing at all is created; by default the supervisor leaves an
# empty regular file with the requested permissions (zeroroot(1), DEVICE
# NODES), which is what case 9a needs.
CASE="mknod: a FIFO and a character device"
TREES=()
NEEDS=()

run_case_body() {
	local d0 d
	d0=$(user_dir without-dir) && d=$(user_dir with-dir) || fail without "setup: cannot make directories"
	without unshare -r sh -c "mknod '$d0/fifo' p && mknod '$d0/null' c 1 3"
	expect_failure "mknod: [^ ]*null'?: Operation not permitted"
	with "$ZR" --pure sh -c "mknod '$d/fifo' p && mknod '$d/null' c 1 3"
	expect_success
	check "the FIFO exists, as a FIFO" output_is fifo stat -c %F "$d/fifo"
	check "--pure: nothing was created for the device" test ! -e "$d/null"
	with "$ZR" sh -c "mknod -m 640 '$d/null' c 1 3"
	expect_success
	check "no device node was created, only an empty regular file" output_is "regular empty file 640" \
		stat -c '%F %a' "$d/null"
}
