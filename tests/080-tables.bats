# The syscall tables and the filter built from them.
load helpers

@test "every table number matches the kernel's uapi headers, both ways" {
	run "$ZR_TOP/tests/check-tables"
	[ "$status" = 0 ] || [ "$status" = 2 ] # 2: some headers missing, next test
	! grep -q '^FAIL' <<<"$output"
	[ "$(grep -c '^ok ' <<<"$output")" -ge 12 ]
}

@test "the uapi headers of every architecture are installed" {
	run "$ZR_TOP/tests/check-tables"
	if [ "$status" = 2 ]; then
		skip "$(grep '^MISSING' <<<"$output" | tr '\n' ' ')"
	fi
	[ "$status" = 0 ]
	[ "$(grep -c '^ok ' <<<"$output")" = "$(ls "$ZR_TOP"/arch/*.tbl | wc -l)" ]
}

@test "check-tables catches a wrong number, a missing syscall and a wrong mode argument" {
	sed 's/^92\tchown$/93\tchown/' "$ZR_TOP/arch/x86_64.tbl" >"$T/bad-nr.tbl"
	run -1 "$ZR_TOP/tests/check-tables" "$T/bad-nr.tbl"
	[[ "$output" == *"< chown 92"* && "$output" == *"> chown 93"* ]]
	grep -v 'setfsgid' "$ZR_TOP/arch/s390x.tbl" >"$T/missing.tbl"
	run -1 "$ZR_TOP/tests/check-tables" "$T/missing.tbl"
	[[ "$output" == *"< setfsgid 216"* ]]
	sed 's/^\(290\tmknodat\)\t2$/\1\t1/' "$ZR_TOP/arch/s390x.tbl" >"$T/mode.tbl"
	run -1 "$ZR_TOP/tests/check-tables" "$T/mode.tbl"
	[[ "$output" == *"wrong mode-arg column for: mknodat"* ]]
}

@test "--list names every table line, per ABI" {
	run -0 "$ZR" --list
	for t in "$ZR_TOP"/arch/*.tbl; do
		abi=$(awk '$1 == "abi" { print $2 }' "$t")
		[ "$(grep -c "^$abi " <<<"$output")" = "$(grep -c '^[0-9]' "$t")" ]
	done
	grep -Eq '^x32 +1073741916 +chown +always$' <<<"$output"
	grep -Eq '^s390x +14 +mknod +if arg 1 is S_IFCHR or S_IFBLK$' <<<"$output"
}

@test "--dump-filter: every ABI's verdicts check out, all others cacheable" {
	run -0 "$ZR" --dump-filter
	for abi in x86_64 x32 i386 aarch64 arm ppc64le ppc64 s390x riscv64 loongarch64 mips64el-n64 mips64el-n32 mipsel-o32; do
		grep -Eq "^# $abi +[0-9]+ +[0-9]+\.\.[0-9]+ insns +ok, all others constant-allow \(cacheable\)$" <<<"$output"
	done
	[[ "${lines[0]}" =~ ^#\ zeroroot\ .*\ seccomp\ filter:\ [0-9]+\ instructions,\ 12\ architectures,\ native\ x86_64\ first,\ ID\ consistency$ ]]
}

@test "--dump-filter: the native block comes first and is short" {
	run -0 "$ZR" --dump-filter
	insns=$(grep -c '^ *[0-9]\+  ' <<<"$output")
	[[ "${lines[0]}" == *": $insns instructions,"* ]]
	[ "$(grep -m1 '^ *1  jeq' <<<"$output" | awk '{ print $4 }')" = "x32+x86_64" ]
	# a non-faked x86_64 syscall runs at most 12 instructions (6 for most)
	read -r min max < <(sed -n 's/^# x86_64 *[0-9]* *\([0-9]*\)\.\.\([0-9]*\) insns.*/\1 \2/p' <<<"$output")
	[ "$min" -le 6 ] && [ "$max" -le 12 ]
}

@test "--dump-filter: mknod's mode is read at +4 on big-endian ABIs, +0 on little-endian" {
	run -0 "$ZR" --dump-filter
	# seccomp_data.args starts at 16: args[1] is 24..31, args[2] 32..39
	blk() { awk -v a="$1" '$2 == "jeq" && $3 ~ /^#0x/ { cur = $4 } cur == a' <<<"$output"; }
	for be in s390x ppc64; do
		blk "$be" | grep -q 'ld   \[28\]  args\[1\], low 32 bits'
		blk "$be" | grep -q 'ld   \[36\]  args\[2\], low 32 bits'
	done
	blk x32+x86_64 | grep -q 'ld   \[24\]  args\[1\], low 32 bits'
	blk aarch64 | grep -q 'ld   \[32\]  args\[2\], low 32 bits'
	! blk aarch64 | grep -q 'args\[1\]'
}

@test "the filter loads arguments only on the mknod paths" {
	run -0 "$ZR" --dump-filter
	n_loads=$(grep -c 'args\[[0-9]\], low 32 bits' <<<"$output")
	n_mknod_abis=$("$ZR" --list | awk '$3 ~ /^mknod/ { print $1 "." $3 }' | sort -u | wc -l)
	# mode and device loads per mknod flavour and architecture block (x32 shares x86_64's)
	[ "$n_loads" -le $((2 * n_mknod_abis)) ]
	[ "$n_loads" -ge 24 ]
}

@test "--dump-filter follows the mode: getters and set*id notify with --ids, none with --pure" {
	run -0 "$ZR" --ids --dump-filter
	[[ "${lines[0]}" == *", ID consistency" ]]
	grep -q 'ret  USER_NOTIF' <<<"$output"
	! grep -q 'MISMATCH' <<<"$output"
	run -0 "$ZR" --pure --dump-filter
	[[ "${lines[0]}" == *", pure" ]]
	! grep -q 'USER_NOTIF' <<<"$output"
	run -0 "$ZR" --pure --trace --dump-filter
	[[ "${lines[0]}" == *", pure, traced" ]]
	grep -q 'ret  USER_NOTIF' <<<"$output"
}
