# Case 12 (issue 15): zeroroot inside `unshare --map-auto --map-root-user`,
# a namespace where the user is root already and which maps the user's
# subordinate IDs. zeroroot makes no namespace of its own there and treats
# the IDs it maps as real: chown to 8:12 really happens (8 and 12 map to the
# subordinate range), a chown to an ID that namespace does not map is faked
# and warned about (and listed by --owners), and mknod of a device gives the
# placeholder. Without zeroroot the same chown to 8:12 works, the other two
# fail. Runs as the test user with subordinate IDs.
CASE="unshare --map-auto --map-root-user, then zeroroot"
TREES=()
NEEDS=(subids)

NS=(unshare --map-auto --map-root-user)
# 70000: past the 65536 IDs of the usual subordinate range (checked below).
JOB='set -e; cd "$1"; touch mapped unmapped; chown 8:12 mapped; stat -c %u:%g mapped
chown 70000:70000 unmapped; stat -c %u:%g unmapped; mknod null c 1 3; stat -c "%F %a" null'

# sub_start uid|gid: the first subordinate ID of the test user.
sub_start() {
	awk -F: -v u="$TEST_USER" '$1 == u { print $2; exit }' "/etc/sub$1"
}

# ns_maps "IN..." OUT: the namespace's uid_map and gid_map hold each ID IN, not OUT.
ns_maps() {
	as_user "${NS[@]}" sh -c 'cat /proc/self/uid_map; echo; cat /proc/self/gid_map' |
		awk -v in_ids="$1" -v out="$2" '
			BEGIN { map = 0 }
			NF == 0 { map++; next }
			{ first[map, NR] = $1; count[map, NR] = $3; rows[map] = rows[map] " " NR }
			function maps(m, id,   r, n, i) {
				n = split(rows[m], r, " ")
				for (i = 1; i <= n; i++)
					if (first[m, r[i]] <= id && id < first[m, r[i]] + count[m, r[i]]) return 1
				return 0
			}
			END {
				n = split(in_ids, ids, " ")
				for (m = 0; m <= 1; m++) {
					for (i = 1; i <= n; i++) if (!maps(m, ids[i])) { print "not mapped: " ids[i]; bad = 1 }
					if (maps(m, out)) { print "mapped: " out; bad = 1 }
				}
				exit bad
			}'
}

# owner_is UID:GID FILE: FILE's real owner, seen from outside.
owner_is() {
	output_is "$1" stat -c %u:%g "$2"
}

run_case_body() {
	local d0 d
	d0=$(user_dir without-dir) && d=$(user_dir with-dir) || fail without "setup: cannot make directories"
	check "the namespace maps 8 and 12, not 70000" ns_maps "8 12" 70000
	without "${NS[@]}" sh -c "$JOB" sh "$d0"
	expect_failure "chown: changing ownership of 'unmapped': Invalid argument"
	without "${NS[@]}" sh -c 'cd "$1" && mknod null c 1 3' sh "$d0"
	expect_failure "mknod: null: Operation not permitted"
	without "${NS[@]}" sh -c 'cd "$1" && touch mapped2 && chown 8:12 mapped2' sh "$d0"
	expect_success_too "chown to IDs the namespace maps needs no emulation"
	check "without zeroroot, mapped2 really belongs to the subordinate IDs 8 and 12" \
		owner_is "$(($(sub_start uid) + 7)):$(($(sub_start gid) + 11))" "$d0/mapped2"
	# --owners names files from the directory zeroroot starts in
	with "${NS[@]}" "$ZR" --cwd "$d" --owners="$d/owners.mtree" sh -c "$JOB" sh "$d"
	expect_success
	check "inside, mapped belongs to 8:12" grep -qx 8:12 "$LOG_WITH"
	check "inside, unmapped seems to belong to root" grep -qx 0:0 "$LOG_WITH"
	check "mapped really belongs to the subordinate IDs 8 and 12" \
		owner_is "$(($(sub_start uid) + 7)):$(($(sub_start gid) + 11))" "$d/mapped"
	check "unmapped still belongs to the test user" owner_is "$TEST_UID:$TEST_GID" "$d/unmapped"
	check "the device is a placeholder: an empty regular file" output_is "regular empty file" stat -c %F "$d/null"
	check "zeroroot warned of the one change it could not keep" \
		grep -q '^zeroroot: warning: 1 ownership change could not be kept' "$LOG_WITH"
	check "--owners lists it, as uid and gid 70000, named from --cwd, where the command starts" \
		output_has '^\./unmapped type=file .*uid=70000 gid=70000' cat "$d/owners.mtree"
}
