# make check-slow: building with gcc, clang, musl, static, sanitizers,
# cross compilers; install; the syscall tables against every
# architecture's uapi headers. Slow (a minute or more), so not in make check.
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

# make_var NAME: a variable of the Makefile, e.g. CROSS.
make_var() {
	# shellcheck disable=SC2016 # make's $($*)
	make -s --no-print-directory -C "$ZR_TOP" --eval='zr-print-%: ; @echo $($*)' "zr-print-$1"
}

# n_tables: how many arch/*.tbl there are.
n_tables() {
	local t=("$ZR_TOP"/arch/*.tbl)
	echo "${#t[@]}"
}

@test "gcc builds it with -Wall -Wextra -Werror" {
	run -0 make -C "$T/src" CC=gcc zeroroot
	[[ "$output" == *"-Wall -Wextra -Werror"* ]]
	# a distribution's build may turn warnings back into warnings
	run -0 make -C "$T/src" -B CC=gcc WERROR= zeroroot
	[[ "$output" != *"-Werror "* ]]
	"$T/src/zeroroot" --version
}

@test "clang builds it with -Wall -Wextra -Werror" {
	run -0 make -C "$T/src" CC=clang zeroroot
	run -0 "$T/src/zeroroot" --dump-filter
}

@test "musl builds it too, and it runs: nothing of glibc's is needed" {
	command -v musl-gcc >/dev/null || skip "musl-gcc is not installed (musl-tools, tests/deps)"
	# musl's wrapper hides /usr/include; the kernel's uapi headers are found after musl's own
	run -0 make -C "$T/src" CC="musl-gcc -idirafter /usr/include -idirafter /usr/include/$(gcc -print-multiarch)" zeroroot
	run -0 file "$T/src/zeroroot"
	[[ "$output" == *"ld-musl"* ]]
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
}

@test "make cross builds a static binary for each of the Makefile's CROSS triplets" {
	declare -A want=([aarch64-linux-gnu]='ARM aarch64' [arm-linux-gnueabihf]='ARM, EABI5'
		[powerpc64le-linux-gnu]='64-bit LSB.*PowerPC' [s390x-linux-gnu]='64-bit MSB.*S/390'
		[riscv64-linux-gnu]='RISC-V' [x86_64-linux-gnu]='x86-64')
	run -0 make -C "$T/src" cross BUILD="$T/build"
	for t in $(make_var CROSS); do
		[ -n "${want[$t]:-}" ] || { echo "no expected file type for $t in this test"; false; }
		file -b "$T/build/$t/zeroroot" | grep -Eq "${want[$t]}"
		file -b "$T/build/$t/zeroroot" | grep -q 'statically linked'
	done
}

@test "make install honours DESTDIR and PREFIX and installs the man page" {
	run -0 make -C "$T/src" install DESTDIR="$T/root" PREFIX=/opt/zr
	[ -x "$T/root/opt/zr/bin/zeroroot" ]
	[ -f "$T/root/opt/zr/share/man/man1/zeroroot.1" ]
	run -0 make -C "$T/src" clean
	[ ! -e "$T/src/zeroroot" ]
	[ ! -e "$T/src/bpf_table.h" ]
}

@test "every table number matches the kernel's uapi headers, both ways" {
	run "$ZR_TOP/tests/check-tables"
	[ "$status" = 0 ] || [ "$status" = 2 ] # 2: some headers missing, next test
	! grep -q '^FAIL' <<<"$output" || false
	[ "$(grep -cE '^(ok|MISSING) ' <<<"$output")" = "$(n_tables)" ]
}

@test "the uapi headers of every architecture are installed" {
	run "$ZR_TOP/tests/check-tables"
	if [ "$status" = 2 ]; then
		skip "$(grep '^MISSING' <<<"$output" | tr '\n' ' ')"
	fi
	[ "$status" = 0 ]
	[ "$(grep -c '^ok ' <<<"$output")" = "$(n_tables)" ]
}

@test "check-tables catches a wrong number and a missing syscall" {
	sed 's/^92\tchown$/93\tchown/' "$ZR_TOP/arch/x86_64.tbl" >"$T/bad-nr.tbl"
	run -1 "$ZR_TOP/tests/check-tables" "$T/bad-nr.tbl"
	[[ "$output" == *"< chown 92"* && "$output" == *"> chown 93"* ]]
	grep -v 'setfsgid' "$ZR_TOP/arch/s390x.tbl" >"$T/missing.tbl"
	run -1 "$ZR_TOP/tests/check-tables" "$T/missing.tbl"
	[[ "$output" == *"< setfsgid 216"* ]]
}
