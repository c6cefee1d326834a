# Building: gcc and clang with -Werror, static, sanitizers, cross compilers,
# install, and the man page. Each builds a copy of the tree in $T.
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
	make -s --no-print-directory -C "$ZR_TOP" --eval='zr-print-%: ; @echo $($*)' "zr-print-$1"
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
	! grep -v ' r=0 errno=0$' <<<"$output"
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
	! grep -v ' r=0 errno=0$' <<<"$output"
}

@test "AddressSanitizer and UBSan find nothing in the filter builder or the run" {
	run -0 make -C "$T/src" CC=gcc CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all" zeroroot
	run -0 "$T/src/zeroroot" --dump-filter
	run -0 "$T/src/zeroroot" --list
	run -0 --separate-stderr as_user "$T/src/zeroroot" -v --pure "$PROBE" fake-all "$T"
	! grep -v ' r=0 errno=0$' <<<"$output"
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
	[ ! -e "$T/src/zeroroot" ] && [ ! -e "$T/src/bpf_table.h" ]
}

@test "every C file is formatted as .clang-format says, and a misformatted one is caught" {
	run -0 "$ZR_TOP/tests/check-format"
	printf 'int  main( void ){return 0;}\n' >"$T/bad.c"
	run -1 "$ZR_TOP/tests/check-format" "$T/bad.c"
	[[ "$output" == *"is not formatted as .clang-format says"* ]]
}

@test "the man page is lint-clean (groff -ww and mandoc -T lint)" {
	run -0 --separate-stderr groff -ww -z -man "$ZR_TOP/man/zeroroot.1"
	[ -z "$output$stderr" ]
	run -0 mandoc -T lint -W warning "$ZR_TOP/man/zeroroot.1"
	[ -z "$output" ]
}

@test "the man page documents every option and exit status --help names, in man-pages(7) order" {
	page=$(MANWIDTH=200 man -l "$ZR_TOP/man/zeroroot.1" 2>/dev/null | col -b)
	for opt in $("$ZR" --help | grep -oE -- '--[a-z-]+' | sort -u); do
		grep -q -- "$opt" <<<"$page" || { echo "man page lacks $opt"; false; }
	done
	for status in 125 126 127; do grep -q "$status" <<<"$page"; done
	# man-pages(7)'s order, DIAGNOSTICS after EXIT STATUS as mdoc has it
	order='NAME SYNOPSIS DESCRIPTION OPTIONS EXIT_STATUS DIAGNOSTICS ENVIRONMENT FILES SECURITY NOTES CAVEATS EXAMPLES SEE_ALSO'
	[ "$(grep -E '^[A-Z][A-Z ]+$' <<<"$page" | tr ' ' _ | tr '\n' ' ')" = "$order " ]
}

@test "every integration case README.md and zeroroot(1) name as proof exists" {
	# "(13-mmdebstrap, 09a-debootstrap)" in README.md, "[11a, 11b]" in the man page
	names=$({
		grep -oE '\(([0-9]{2}[a-z]?-[a-z0-9-]+(, )?)+\)' "$ZR_TOP/README.md"
		sed 's/\\-/-/g' "$ZR_TOP/man/zeroroot.1" | grep -oE '\[([0-9]{2}[a-z]?(-[a-z0-9-]+)?(, )?)+\]'
	} | grep -oE '[0-9]{2}[a-z]?(-[a-z0-9-]+)?' | sort -u)
	[ "$(wc -l <<<"$names")" -ge 6 ]
	for n in $names; do
		compgen -G "$ZR_TOP/tests/integration/cases/$n*.bash" >/dev/null || { echo "no case $n"; false; }
	done
}
