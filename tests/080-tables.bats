# The syscall tables and the filter built from them.
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats's run --separate-stderr
load helpers

@test "the per-ABI tables hold numbers and names only; arch/calls says what each is" {
	for t in "$ZR_TOP"/arch/*.tbl; do
		! grep -E '^[0-9]+[[:space:]]+[^[:space:]]+[[:space:]]+[^[:space:]#]' "$t" || false
	done
	# every name in a table is described, once, and each description is used
	run -0 awk -f "$ZR_TOP/arch/mktable.awk" "$ZR_TOP/kinds.def" "$ZR_TOP/arch/calls" "$ZR_TOP"/arch/*.tbl
	[ "$(grep -c '^ZR_NR(' <<<"$output")" = "$(cat "$ZR_TOP"/arch/*.tbl | grep -c '^[0-9]')" ]
}

@test "mktable refuses a syscall arch/calls does not describe, an unknown kind or role" {
	printf '500\tgetxattr\n' | cat "$ZR_TOP/arch/x86_64.tbl" - >"$T/x.tbl"
	run -1 --separate-stderr awk -f "$ZR_TOP/arch/mktable.awk" "$ZR_TOP/kinds.def" "$ZR_TOP/arch/calls" "$T/x.tbl"
	[[ "$stderr" == *"syscall getxattr is not described in arch/calls"* ]]
	sed 's/^chown+32 *chown /chown+32 chmod /' "$ZR_TOP/arch/calls" >"$T/calls"
	run -1 --separate-stderr awk -f "$ZR_TOP/arch/mktable.awk" "$ZR_TOP/kinds.def" "$T/calls" "$ZR_TOP/arch/x86_64.tbl"
	[[ "$stderr" == *"unknown kind chmod (kinds.def has the kinds)"* ]]
	sed 's/^\(mknod .*\) dev$/\1 device/' "$ZR_TOP/arch/calls" >"$T/calls"
	run -1 --separate-stderr awk -f "$ZR_TOP/arch/mktable.awk" "$ZR_TOP/kinds.def" "$T/calls" "$ZR_TOP/arch/x86_64.tbl"
	[[ "$stderr" == *"unknown argument role device"* ]]
}

@test "16-bit IDs: NAME takes them where the ABI also has NAME32" {
	run -0 awk -f "$ZR_TOP/arch/mktable.awk" "$ZR_TOP/kinds.def" "$ZR_TOP/arch/calls" "$ZR_TOP"/arch/*.tbl
	# i386 (index 2) has setuid32: its setuid is 16-bit; x86_64 has no setuid32
	i386=$(table_abis | grep -n '^i386$' | cut -d: -f1)
	x86_64=$(table_abis | grep -n '^x86_64$' | cut -d: -f1)
	grep -q "^ZR_NR($((i386 - 1)), 0 + 23, setuid, 1)$" <<<"$output"
	grep -q "^ZR_NR($((i386 - 1)), 0 + 213, setuid32, 0)$" <<<"$output"
	grep -q "^ZR_NR($((x86_64 - 1)), 0 + 105, setuid, 0)$" <<<"$output"
}

@test "every table number matches the kernel's uapi headers, both ways" {
	run "$ZR_TOP/tests/check-tables"
	[ "$status" = 0 ] || [ "$status" = 2 ] # 2: some headers missing, next test
	! grep -q '^FAIL' <<<"$output" || false
	[ "$(grep -cE '^(ok|MISSING) ' <<<"$output")" = "$(table_abis | wc -l)" ]
}

@test "the uapi headers of every architecture are installed" {
	run "$ZR_TOP/tests/check-tables"
	if [ "$status" = 2 ]; then
		skip "$(grep '^MISSING' <<<"$output" | tr '\n' ' ')"
	fi
	[ "$status" = 0 ]
	[ "$(grep -c '^ok ' <<<"$output")" = "$(table_abis | wc -l)" ]
}

@test "check-tables catches a wrong number and a missing syscall" {
	sed 's/^92\tchown$/93\tchown/' "$ZR_TOP/arch/x86_64.tbl" >"$T/bad-nr.tbl"
	run -1 "$ZR_TOP/tests/check-tables" "$T/bad-nr.tbl"
	[[ "$output" == *"< chown 92"* && "$output" == *"> chown 93"* ]]
	grep -v 'setfsgid' "$ZR_TOP/arch/s390x.tbl" >"$T/missing.tbl"
	run -1 "$ZR_TOP/tests/check-tables" "$T/missing.tbl"
	[[ "$output" == *"< setfsgid 216"* ]]
}

@test "check-tables checks against the newest header: a call only it defines, left out, is caught" {
	# where tests/check-tables looks, the host's older header first
	local d=/usr/include/x86_64-linux-gnu/asm
	grep -qs __NR_setxattrat "$d/unistd_64.h" /usr/x86_64-linux-gnu/include/asm/unistd_64.h \
		{"${ZR_UAPI_DIR:-/nonexistent}","${XDG_CACHE_HOME:-$HOME/.cache}"/zeroroot/uapi,/var/cache/zeroroot/uapi}"$d/unistd_64.h" ||
		skip "no x86_64 header here defines setxattrat (Linux >= 6.13: tests/fetch-uapi)"
	grep -v 'setxattrat' "$ZR_TOP/arch/x86_64.tbl" >"$T/old.tbl"
	run -1 "$ZR_TOP/tests/check-tables" "$T/old.tbl"
	[[ "$output" == *"< setxattrat 463"* ]]
}

# A copy of arch/ and tests/check-tables in $T/src, for --add to write to.
copy_tables() {
	mkdir -p "$T/src/tests"
	cp -r "$ZR_TOP/arch" "$T/src/"
	cp "$ZR_TOP/tests/check-tables" "$T/src/tests/"
}

@test "check-tables --add writes the committed lines back from the headers, and a second run changes nothing" {
	copy_tables
	# capget on every ABI; chown, "chown+32" in arch/calls, where the ABI has it
	sed -i '/\tcapget$/d' "$T"/src/arch/*.tbl
	sed -i '/\tchown\(32\)\?$/d' "$T"/src/arch/{x86_64,i386,aarch64}.tbl
	run -1 diff -r "$ZR_TOP/arch" "$T/src/arch"
	run "$T/src/tests/check-tables" --add capget
	if [ "$status" = 2 ]; then
		skip "$(grep '^MISSING' <<<"$output" | tr '\n' ' ')"
	fi
	[ "$status" = 0 ]
	[ "$(grep -c '^added   [^ ]*: [0-9]* capget$' <<<"$output")" = "$(table_abis | wc -l)" ]
	grep -qx 'added   x86_64: 125 capget' <<<"$output"
	run -0 "$T/src/tests/check-tables" --add chown "$T"/src/arch/{x86_64,i386,aarch64}.tbl
	grep -qx 'added   x86_64: 92 chown' <<<"$output"
	grep -qx 'added   i386: 182 chown' <<<"$output"
	grep -qx 'added   i386: 212 chown32' <<<"$output"
	grep -q '^none    aarch64: .* has no __NR_chown$' <<<"$output"
	run -0 diff -r "$ZR_TOP/arch" "$T/src/arch"
	# again: every table lists it already
	run -0 "$T/src/tests/check-tables" --add capget
	[ "$(grep -c '^listed  [^ ]*: [0-9]* capget$' <<<"$output")" = "$(table_abis | wc -l)" ]
	run -0 diff -r "$ZR_TOP/arch" "$T/src/arch"
}

@test "check-tables --add refuses a name arch/calls does not describe, and keeps a number the header contradicts" {
	copy_tables
	run -1 --separate-stderr "$T/src/tests/check-tables" --add getpid
	[ "$stderr" = "check-tables: getpid is not described in arch/calls: give it a line there first" ]
	run -0 diff -r "$ZR_TOP/arch" "$T/src/arch"
	sed -i 's/^125\tcapget$/124\tcapget/' "$T/src/arch/x86_64.tbl"
	cp "$T/src/arch/x86_64.tbl" "$T/x86_64.tbl"
	run "$T/src/tests/check-tables" --add capget "$T/src/arch/x86_64.tbl"
	if [ "$status" = 2 ]; then
		skip "$output"
	fi
	[ "$status" = 1 ]
	[[ "$output" == "FAIL    x86_64: $T/src/arch/x86_64.tbl lists capget as 124, "*" says 125" ]]
	cmp "$T/x86_64.tbl" "$T/src/arch/x86_64.tbl"
}

@test "--list names every table line, per ABI" {
	run -0 "$ZR" --list
	for t in "$ZR_TOP"/arch/*.tbl; do
		abi=$(awk '$1 == "abi" { print $2 }' "$t")
		[ "$(grep -c "^$abi " <<<"$output")" = "$(grep -c '^[0-9]' "$t")" ]
	done
	grep -Eq '^x32 +1073741916 +chown +chown +always$' <<<"$output"
	grep -Eq '^s390x +14 +mknod +mknod +if arg 1 is S_IFCHR or S_IFBLK$' <<<"$output"
	grep -Eq '^arm +24 +getuid +getid +no: answered from the ID record$' <<<"$output"
}

@test "--dump-filter=all: every ABI's verdicts check out, all others cacheable" {
	run -0 "$ZR" --dump-filter=all
	for abi in $(table_abis); do
		grep -Eq "^# $abi +[0-9]+ +[0-9]+\.\.[0-9]+ insns +ok, all others constant-allow \(cacheable\)$" <<<"$output"
	done
	[[ "${lines[0]}" =~ ^#\ zeroroot\ .*\ seccomp\ filter:\ [0-9]+\ instructions,\ $(n_audit_arches)\ architectures,\ native\ $(native_abi)\ first,\ ID\ consistency$ ]]
}

@test "--dump-filter: the native block comes first and is short" {
	run -0 "$ZR" --dump-filter
	insns=$(grep -c '^ *[0-9]\+  ' <<<"$output")
	[[ "${lines[0]}" == *": $insns instructions,"* ]]
	[[ "+$(grep -m1 '^ *1  jeq' <<<"$output" | awk '{ print $4 }')+" == *"+$(native_abi)+"* ]]
	# a call the native ABI does not fake runs at most 12 instructions (6 for most)
	read -r min max < <(sed -n "s/^# $(native_abi) *[0-9]* *\([0-9]*\)\.\.\([0-9]*\) insns.*/\1 \2/p" <<<"$output")
	[ "$min" -le 6 ]
	[ "$max" -le 12 ]
}

@test "--dump-filter: mknod's mode is read at +4 on big-endian ABIs, +0 on little-endian" {
	run -0 "$ZR" --dump-filter=all
	# seccomp_data.args starts at 16: args[1] is 24..31, args[2] 32..39; a
	# device guard loads the mode, then masks it with S_IFMT
	modes() { awk -v a="$1" '$2 == "jeq" && $3 ~ /^#0x/ { cur = $4 } cur == a && $2 == "ld" { ld = $0 }
		cur == a && $2 == "and" && $4 == "S_IFMT" { print ld }' <<<"$output"; }
	for be in s390x ppc64; do
		modes "$be" | grep -q 'ld   \[28\]  args\[1\], low 32 bits'
		modes "$be" | grep -q 'ld   \[36\]  args\[2\], low 32 bits'
	done
	modes x32+x86_64 | grep -q 'ld   \[24\]  args\[1\], low 32 bits'
	modes aarch64 | grep -q 'ld   \[32\]  args\[2\], low 32 bits'
	! modes aarch64 | grep -q 'args\[1\]' || false # aarch64 has no mknod, only mknodat
}

@test "the filter loads arguments only on the guarded paths: mknod's type, prctl's option, chown's IDs" {
	# pure: only mknod's type and device
	run -0 "$ZR" --pure --dump-filter=all
	n_loads=$(grep -c 'args\[[0-9]\], low 32 bits' <<<"$output")
	blocks() { "$ZR" --list | awk -v k="$1" '$4 == k { print $1 "." $3 }' | sort -u | wc -l; }
	[ "$n_loads" -le $((2 * $(blocks mknod))) ]
	[ "$n_loads" -ge 24 ]
	! grep -q 'PR_SET_KEEPCAPS\|mapped' <<<"$output" || false # pure: prctl and chown's IDs are not looked at
	# ID consistency: prctl's option; every chown goes to the supervisor, whatever its IDs
	run -0 "$ZR" --dump-filter=all
	grep -q 'PR_SET_KEEPCAPS' <<<"$output"
	! grep -q 'mapped' <<<"$output" || false
	# pure with ranges: the IDs of chown (mapped ones run)
	run -0 "$ZR" --pure --map-auto --dump-filter=all
	grep -q 'beyond the mapped uids' <<<"$output"
	# and the others stay constant-allow (cacheable): every ABI's line says so
	[ "$(grep -c 'ok, all others constant-allow (cacheable)$' <<<"$output")" = "$(table_abis | wc -l)" ]
}

@test "--dump-filter: the filter installed holds the blocks of this kernel's ABIs, and a copy built in advance is that program" {
	machine=$(uname -m)
	run -0 "$ZR" --dump-filter
	[ "${lines[1]}" = "# for a $machine kernel: the ABIs it runs (--dump-filter=all: every ABI)" ]
	# the blocks: those whose table's "kernel" line names this machine
	# shellcheck disable=SC2016 # awk's, not the shell's
	want=$(awk -v m="$machine" '$1 == "kernel" { for (i = 2; i <= NF; i++) if ($i == m) print FILENAME }' \
		"$ZR_TOP"/arch/*.tbl | xargs awk '$1 == "audit-arch" { print $2 }' | sort -u | wc -l)
	[[ "${lines[0]}" == *" $want architectures, native "* ]]
	grep -q 'not run by this kernel: no block$' <<<"$output" # this machine runs not every ABI
	# the copy arch/mkprebuilt made is byte for byte what is built here
	for mode in --ids --pure; do
		run -0 "$ZR" $mode --dump-filter
		grep -qx '# built in advance (arch/mkprebuilt): the same program' <<<"$output"
	done
	run -125 --separate-stderr "$ZR" --dump-filter=some
	[[ "$stderr" == "zeroroot: invalid --dump-filter value 'some': expected all, or nothing"* ]]
}

@test "--dump-filter follows the mode: getters and set*id notify with --ids, none with --pure" {
	run -0 "$ZR" --ids --dump-filter
	[[ "${lines[0]}" == *", ID consistency" ]]
	grep -q 'ret  USER_NOTIF' <<<"$output"
	! grep -q 'MISMATCH' <<<"$output" || false
	run -0 "$ZR" --pure --dump-filter
	[[ "${lines[0]}" == *", pure" ]]
	! grep -q 'USER_NOTIF' <<<"$output" || false
	run -0 "$ZR" --pure --trace --dump-filter
	[[ "${lines[0]}" == *", pure, traced" ]]
	grep -q 'ret  USER_NOTIF' <<<"$output"
}
