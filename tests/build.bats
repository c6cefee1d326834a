# make check-slow: building with gcc, clang, musl, static, sanitizers; the
# release binaries of every ABI. Slow (a minute or more), so not in make
# check. (The syscall tables against the uapi headers: 080-tables.bats.)
# Each builds a copy of the tree in $T.
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats's run --separate-stderr
load helpers

setup() {
	unset MAKEFLAGS MFLAGS MAKELEVEL # not "make -s check"'s: these tests read the commands
	T=$(mktemp -d "${TMPDIR:-/tmp}/zr-test.XXXXXX")
	chmod 777 "$T"
	# the whole tree, whatever its file list, without what a build made
	mkdir "$T/src"
	cp -r "$ZR_TOP/." "$T/src/"
	make -s -C "$T/src" clean
}

# make_var NAME: a variable of the Makefile, e.g. RELEASE_ABIS.
make_var() {
	# shellcheck disable=SC2016 # make's $($*)
	make -s --no-print-directory -C "$ZR_TOP" --eval='zr-print-%: ; @echo $($*)' "zr-print-$1"
}

@test "gcc builds it with -Wall -Wextra -Werror" {
	run -0 make -C "$T/src" CC=gcc zeroroot
	[[ "$output" == *"-Wall -Wextra -Werror"* ]]
	# a distribution's build may turn warnings back into warnings
	run -0 make -C "$T/src" -B CC=gcc WERROR= zeroroot
	[[ "$output" != *"-Werror "* ]]
	run -0 "$T/src/zeroroot" --version
	[[ "${lines[1]}" == "built for "*" by gcc "*", dynamically linked" ]]
}

@test "clang builds it with -Wall -Wextra -Werror" {
	run -0 make -C "$T/src" CC=clang zeroroot
	run -0 "$T/src/zeroroot" --dump-filter
	run -0 "$T/src/zeroroot" --version
	[[ "${lines[1]}" == "built for "*" by clang "*", dynamically linked" ]]
}

@test "musl builds it too, and it runs: nothing of glibc's is needed" {
	command -v musl-gcc >/dev/null || skip "musl-gcc is not installed (musl-tools, tests/deps)"
	# musl's wrapper hides /usr/include; the kernel's uapi headers are found after musl's own
	run -0 make -C "$T/src" CC="musl-gcc -idirafter /usr/include -idirafter /usr/include/$(gcc -print-multiarch)" zeroroot
	run -0 file "$T/src/zeroroot"
	[[ "$output" == *"ld-musl"* ]]
	run -0 "$T/src/zeroroot" --version
	[[ "${lines[1]}" == *" with musl, dynamically linked" ]]
	run -0 as_user "$T/src/zeroroot" --pure "$PROBE" fake-all "$T"
	! grep -v ' r=0 errno=0$' <<<"$output" || false
	# the supervisor too: a drop is kept
	run -0 as_user "$T/src/zeroroot" setpriv --reuid=100 --regid=100 --clear-groups id -u
	[ "$output" = 100 ]
}

@test "make static builds a static binary that runs" {
	run -0 make -C "$T/src" static
	[[ "$output" != *warning* ]] # e.g. glibc's about NSS in static binaries
	run -0 file "$T/src/zeroroot.static"
	[[ "$output" == *"statically linked"* ]]
	run -0 "$T/src/zeroroot.static" --version
	[[ "${lines[1]}" == *", statically linked" ]]
	run -0 as_user "$T/src/zeroroot.static" --pure "$PROBE" fake-all "$T"
	! grep -v ' r=0 errno=0$' <<<"$output" || false
}

@test "AddressSanitizer and UBSan find nothing in the filter builder or the run" {
	run -0 make -C "$T/src" CC=gcc CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all" zeroroot
	run -0 "$T/src/zeroroot" --dump-filter
	run -0 "$T/src/zeroroot" --list
	run -0 --separate-stderr as_user "$T/src/zeroroot" -v --pure "$PROBE" fake-all "$T"
	! grep -v ' r=0 errno=0$' <<<"$output" || false
	run -0 --separate-stderr as_user "$T/src/zeroroot" -v --trace "$PROBE" drop 100 100
	[[ "$output" == *"uid=100,100,100 gid=100,100,100"* ]]
	[[ "$stderr" != *"runtime error"* && "$stderr" != *"AddressSanitizer"* ]]
	# the pure functions' cases (005-unit.bats), here with every access checked
	run -0 make -C "$T/src" CC=gcc CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all" tests/unit-test
	run -0 --separate-stderr "$T/src/tests/unit-test" "$T/src"/tests/unit/*.tests
	[ -z "$stderr" ]
}

@test "make release builds a static, stripped zeroroot-VERSION-ABI for each ABI, and SHA256SUMS" {
	# every ABI whose compiler this host has (loongarch64's may need a Debian tree: make check-arch)
	declare -A want=([x86_64]='64-bit LSB.*x86-64' [i386]='32-bit LSB.*Intel 80386' [x32]='32-bit LSB.*x86-64'
		[aarch64]='64-bit LSB.*ARM aarch64' [arm]='32-bit LSB.*ARM, EABI5' [ppc64le]='64-bit LSB.*PowerPC'
		[s390x]='64-bit MSB.*S/390' [riscv64]='64-bit LSB.*RISC-V' [mips64el-n64]='64-bit LSB.*MIPS64'
		[mips64el-n32]='32-bit LSB.*N32 MIPS64' [mipsel-o32]='32-bit LSB.*MIPS32' [loongarch64]='64-bit LSB.*LoongArch')
	abis=() version=$(cat "$T/src/VERSION") native=$(native_abi)
	for abi in $(make_var RELEASE_ABIS); do
		cc=$(make_var "CC_$abi")
		if command -v "${cc%% *}" >/dev/null; then abis+=("$abi"); fi
	done
	[[ " ${abis[*]} " == *" $native "* ]]
	run -0 make -C "$T/src" release RELEASE_ABIS="${abis[*]}" RELEASE="$T/out"
	for abi in "${abis[@]}"; do
		[ -n "${want[$abi]:-}" ] || { echo "no expected file type for $abi in this test"; false; }
		run -0 file -b "$T/out/zeroroot-$version-$abi"
		[[ "$output" =~ ${want[$abi]} ]]
		[[ "$output" == *"statically linked"*", stripped" ]]
	done
	# SHA256SUMS: exactly these files, and their sums
	[ "$(awk '{ print $2 }' "$T/out/SHA256SUMS")" = "$(printf 'zeroroot-'"$version"'-%s\n' "${abis[@]}" | LC_ALL=C sort)" ]
	(cd "$T/out" && sha256sum --strict -c SHA256SUMS)
	# the native one runs
	run -0 "$T/out/zeroroot-$version-$native" --version
	[ "${lines[0]}" = "zeroroot $version" ]
	[[ "${lines[1]}" == "built for $native by "*", statically linked" ]]
	run -0 as_user "$T/out/zeroroot-$version-$native" --pure "$PROBE" fake-all "$T"
	run -1 grep -v ' r=0 errno=0$' <<<"$output"
}

@test "make release refuses an ABI it has no compiler for" {
	run -2 make -C "$T/src" release RELEASE_ABIS=vax
	[[ "$output" == *"no compiler for the ABI vax"* ]]
}

@test "make clean removes what make, make release and make dist made" {
	run -0 make -C "$T/src" zeroroot zeroroot.static
	mkdir "$T/src/release" && touch "$T/src/release/SHA256SUMS" "$T/src/zeroroot-0.0.0.tar.gz"
	run -0 make -C "$T/src" clean
	[ ! -e "$T/src/zeroroot" ]
	[ ! -e "$T/src/zeroroot.static" ]
	[ ! -e "$T/src/bpf_table.h" ]
	[ ! -e "$T/src/release" ]
	[ ! -e "$T/src/zeroroot-0.0.0.tar.gz" ]
}

@test "kinds.def cannot be half-filled: a column or a policy case left out is a build error, a wrong verdict a --dump-filter failure" {
	# a kind's row without its handler where ranges are (before: a NULL handler,
	# the supervisor's SIGSEGV, its caller asleep for good)
	cp "$T/src/kinds.def" "$T/kinds.def"
	awk '/^KIND\(K_SETID,/ { row = 1 } row && /answer_setid, answer_fake\)/ { sub(/, answer_fake\)/, ")"); row = 0 } 1' \
		"$T/kinds.def" >"$T/src/kinds.def"
	run ! make -s -C "$T/src" zeroroot
	[[ "$output" == *'macro'*'KIND'*'requires'* ]]
	# the policy stated a second time (dump.c) without the kind: -Wswitch
	cp "$T/kinds.def" "$T/src/kinds.def"
	sed -i '/^\tcase K_CAPSET:$/d' "$T/src/dump.c"
	run ! make -s -C "$T/src" zeroroot
	[[ "$output" == *"K_CAPSET"*"not handled in switch"* ]]
	# a verdict mistyped (set*id allowed with ID consistency): the build
	# passes, but --dump-filter says the program and the policy disagree
	# (before: "ok", since it checked the program against the same row)
	git -C "$ZR_TOP" show HEAD:dump.c >"$T/src/dump.c" 2>/dev/null || cp "$ZR_TOP/dump.c" "$T/src/dump.c"
	awk '/^KIND\(K_SETID,/ { row = 1; print; next } row { sub(/ALWAYS\(A_FAKE\), ALWAYS\(A_NOTIFY\)/, "ALWAYS(A_FAKE), ALWAYS(A_ALLOW)"); row = 0 } 1' \
		"$T/kinds.def" >"$T/src/kinds.def"
	run -0 make -s -C "$T/src" zeroroot
	run -125 --separate-stderr "$T/src/zeroroot" --dump-filter
	grep -q 'MISMATCH' <<<"$output"
	[[ "$stderr" == "zeroroot: internal error: the filter, the verdicts of kinds.def and the policy disagree in "*" cases" ]]
}
