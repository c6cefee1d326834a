# Every file's tests may use "run !" and "run -N", helpers.bash or not.
bats_require_minimum_version 1.5.0

# Copy what the tests run into a directory every uid can traverse: the
# checkout itself may sit under a directory the unprivileged user cannot enter.
setup_suite() {
	local top
	top=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	[ -x "$top/zeroroot" ] || { echo "build first: make check builds them" >&2; return 1; }
	ZR_BIN=$(mktemp -d "${TMPDIR:-/tmp}/zr-bin.XXXXXX")
	chmod 755 "$ZR_BIN"
	cp "$top/zeroroot" "$top/zeroroot.static" "$top/tests/probe" "$top/tests/probe-static" "$top/tests/hostile" \
		"$top/tests/zeroroot-crash" "$ZR_BIN/"
	[ ! -e "$top/tests/probe-i386" ] || cp "$top/tests/probe-i386" "$ZR_BIN/"
	export ZR_BIN ZR_TOP=$top
}

teardown_suite() {
	rm -rf "$ZR_BIN"
}
