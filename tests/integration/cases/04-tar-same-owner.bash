# Case 4: tar --same-owner -xpf of an archive whose 60 entries belong to 20
# users and 12 groups, with a setuid and a setgid file. The owners are not
# kept, but zeroroot notices: it warns, counting them and naming the two
# set-ID files.
CASE="tar --same-owner -xpf, 20 owners, 12 groups"
TREES=()
NEEDS=()

# make_archive DIR: DIR/owners.tar, made as root from real files.
make_archive() {
	local src=$1/src i
	mkdir -p "$src/dir"
	for i in $(seq 1 58); do
		echo "file $i" >"$src/dir/f$i"
		chown "$((1000 + i % 20)):$((2000 + i % 12))" "$src/dir/f$i"
	done
	echo suid >"$src/suid" && chown 1001:2001 "$src/suid" && chmod 4755 "$src/suid"
	echo sgid >"$src/sgid" && chown 1002:2002 "$src/sgid" && chmod 2755 "$src/sgid"
	chown 1003:2003 "$src/dir"
	tar --numeric-owner -C "$src" -cf "$1/owners.tar" . && rm -rf "$src" && chmod 644 "$1/owners.tar"
}

# owned_by_test_user DIR: every file is still the test user's, on the host.
owned_by_test_user() {
	[ -z "$(find "$1" ! -user "$TEST_UID" -print -quit)" ] && [ -z "$(find "$1" ! -group "$TEST_GID" -print -quit)" ]
}

run_case_body() {
	local d0 d
	prep "make the archive" make_archive "$CASE_DIR"
	check "the archive has 20 owners and 12 groups" output_is "20 12" \
		sh -c "tar --numeric-owner -tvf owners.tar | awk '/f[0-9]/ { split(\$2, o, \"/\"); u[o[1]]; g[o[2]] } END { print length(u), length(g) }'"
	d0=$(user_dir without-dir) && d=$(user_dir with-dir) || fail without "setup: cannot make directories"
	without unshare -r tar --same-owner -xpf owners.tar -C "$d0"
	expect_failure "Cannot change ownership to uid [0-9]+, gid [0-9]+: Invalid argument"
	with "$ZR" tar --same-owner -xpf owners.tar -C "$d"
	expect_success
	check "all 61 entries were extracted" output_is 61 sh -c "find '$d' -mindepth 1 | wc -l"
	check "the setuid file kept its mode" mode_is 4755 "$d/suid"
	check "the setgid file kept its mode" mode_is 2755 "$d/sgid"
	check "every file is still the test user's (the owners are not kept)" owned_by_test_user "$d"
	check "zeroroot warned: as many changes not kept as the archive has regular files not 0/0" grep -q \
		"^zeroroot: warning: $(tar --numeric-owner -tvf owners.tar | awk '$2 != "0/0" && $1 ~ /^-/' | wc -l) ownership changes could not be kept" "$LOG_WITH"
	check "the warning names the setuid file and its uid" \
		grep -q '^zeroroot: warning: [^ ]*/suid is set-user-ID, but its owner is you, not uid 1001 as asked' "$LOG_WITH"
	check "the warning names the setgid file and its gid" \
		grep -q '^zeroroot: warning: [^ ]*/sgid is set-group-ID, but its group is yours, not gid 2002 as asked' "$LOG_WITH"
}
