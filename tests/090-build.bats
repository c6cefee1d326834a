# Building: gcc and clang with -Werror, static, sanitizers, cross compilers,
# install, and the man page. Each builds a copy of the tree in $T.
load helpers

setup() {
	unset MAKEFLAGS MFLAGS MAKELEVEL # not "make -s check"'s: these tests read the commands
	T=$(mktemp -d /tmp/zr-test.XXXXXX)
	chmod 777 "$T"
	mkdir "$T/src"
	cp -r "$ZR_TOP/fakesys.c" "$ZR_TOP/filter.c" "$ZR_TOP/root.c" "$ZR_TOP/supervisor.c" "$ZR_TOP/zeroroot.h" "$ZR_TOP/Makefile" "$ZR_TOP/arch" "$ZR_TOP/man" "$T/src/"
	mkdir "$T/src/tests" && cp "$ZR_TOP/tests/probe.c" "$T/src/tests/"
}

@test "gcc builds it with -Wall -Wextra -Werror" {
	run -0 make -C "$T/src" CC=gcc zeroroot
	[[ "$output" == *"-Wall -Wextra -Werror"* ]]
	"$T/src/zeroroot" --version
}

@test "clang builds it with -Wall -Wextra -Werror" {
	command -v clang >/dev/null || skip "clang is not installed"
	run -0 make -C "$T/src" CC=clang zeroroot
	run -0 "$T/src/zeroroot" --dump-filter
}

@test "make static builds a static binary that runs" {
	run -0 make -C "$T/src" static
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

@test "make cross builds for aarch64, armhf, ppc64el, s390x and riscv64" {
	for t in aarch64-linux-gnu arm-linux-gnueabihf powerpc64le-linux-gnu s390x-linux-gnu riscv64-linux-gnu; do
		command -v "$t-gcc" >/dev/null || skip "$t-gcc is not installed (tests/deps installs the cross compilers)"
	done
	run -0 make -C "$T/src" cross BUILD="$T/build"
	file -b "$T/build/aarch64-linux-gnu/zeroroot" | grep -q 'ARM aarch64'
	file -b "$T/build/arm-linux-gnueabihf/zeroroot" | grep -q 'ARM, EABI5'
	file -b "$T/build/powerpc64le-linux-gnu/zeroroot" | grep -q '64-bit LSB.*PowerPC'
	file -b "$T/build/s390x-linux-gnu/zeroroot" | grep -q '64-bit MSB.*S/390'
	file -b "$T/build/riscv64-linux-gnu/zeroroot" | grep -q 'RISC-V'
	for b in "$T"/build/*/zeroroot; do file -b "$b" | grep -q 'statically linked'; done
}

@test "make install honours DESTDIR and PREFIX and installs the man page" {
	run -0 make -C "$T/src" install DESTDIR="$T/root" PREFIX=/opt/zr
	[ -x "$T/root/opt/zr/bin/zeroroot" ]
	[ -f "$T/root/opt/zr/share/man/man1/zeroroot.1" ]
	run -0 make -C "$T/src" clean
	[ ! -e "$T/src/zeroroot" ] && [ ! -e "$T/src/bpf_table.h" ]
}

@test "the man page is lint-clean (groff -ww and mandoc -T lint)" {
	run -0 --separate-stderr groff -ww -z -man "$ZR_TOP/man/zeroroot.1"
	[ -z "$output$stderr" ]
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	run -0 mandoc -T lint -W warning "$ZR_TOP/man/zeroroot.1"
	[ -z "$output" ]
}

@test "the man page documents every option and exit status --help names" {
	page=$(MANWIDTH=200 man -l "$ZR_TOP/man/zeroroot.1" 2>/dev/null | col -b)
	for opt in $("$ZR" --help | grep -oE -- '--[a-z-]+' | sort -u); do
		grep -q -- "$opt" <<<"$page" || { echo "man page lacks $opt"; false; }
	done
	for status in 125 126 127; do grep -q "$status" <<<"$page"; done
	for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT EXAMPLES SECURITY ARCHITECTURES LIMITATIONS "SEE ALSO"; do
		grep -q "^$section" <<<"$page" || { echo "man page lacks $section"; false; }
	done
}
