# The pure parsers and formatters on their own, against the cases of
# tests/unit/*.tests: tests/unit-test (make check builds it from the sources
# at hand) calls each function as zeroroot does, without a supervisor or a
# namespace, and checks that it keeps to its buffer.
# shellcheck disable=SC2154 # stderr: set by bats's run --separate-stderr
load helpers

# unit_cases FILE: every case of tests/unit/FILE passes.
unit_cases() {
	run "$ZR_TOP/tests/unit-test" "$ZR_TOP/tests/unit/$1"
	grep -v '^ok ' <<<"$output" || true # the failing cases, with what each wanted and got
	[ "$status" = 0 ]
	[ "${lines[-1]}" = "1..$(grep -c '^ok ' <<<"$output")" ]
}

@test "escape(): control bytes, quotes, backslashes, bytes above 0x7f, a 4095-byte path, cut buffers" {
	unit_cases escape.tests
}

@test "mtree_path(): every escaped byte class, unclean paths, a 4095-byte path, a buffer too short" {
	unit_cases mtree_path.tests
}

@test "the ACL reader says what the kernel says of each malformed ACL, and which ID is unmapped" {
	unit_cases acl.tests
}

@test "the trace's flag, ID and byte formatters: no flags, unknown bits, all bits, cut buffers" {
	unit_cases trace.tests
}

@test "every file of tests/unit is run by a test above" {
	for f in "$ZR_TOP"/tests/unit/*; do
		grep -q "^	unit_cases ${f##*/}\$" "$BATS_TEST_FILENAME" || { echo "no test runs ${f##*/}"; false; }
	done
}

@test "a case whose result differs fails, saying what it wanted and what it got" {
	printf '%s\n' '# one right, one wrong' 'escape quoted 64 "a\"b" => "a\\\"b"' \
		'mtree_path 64 "a b" => true "./a b"' >"$T/bad.tests"
	run -1 "$ZR_TOP/tests/unit-test" "$T/bad.tests"
	[ "${lines[0]}" = 'ok 1 - bad.tests:2: escape quoted 64 "a\"b" => "a\\\"b"' ]
	[ "${lines[1]}" = 'not ok 2 - bad.tests:3: mtree_path 64 "a b" => true "./a b"' ]
	[ "${lines[2]}" = '#   want: true "./a b"' ]
	[ "${lines[3]}" = '#   got:  true "./a\\040b"' ]
	[ "${lines[4]}" = '1..2' ]
}

@test "a line that is not a case stops the run, naming it" {
	printf '%s\n' 'escape plain 64 "a" => "a"' 'escape plain 64 "a" "a"' >"$T/bad.tests"
	run -2 --separate-stderr "$ZR_TOP/tests/unit-test" "$T/bad.tests"
	[ "$stderr" = "unit-test: bad.tests:2: escape takes 3 arguments, then => and its results" ]
	printf '%s\n' 'mtree_pth 64 "a" => true "./a"' >"$T/bad.tests"
	run -2 --separate-stderr "$ZR_TOP/tests/unit-test" "$T/bad.tests"
	[ "$stderr" = "unit-test: bad.tests:1: no function mtree_pth in tests/unit-test.c" ]
	printf '# no case\n' >"$T/bad.tests"
	run -2 --separate-stderr "$ZR_TOP/tests/unit-test" "$T/bad.tests"
	[ "$stderr" = "unit-test: bad.tests: no cases" ]
}
