# The source and its documentation: formatting as .clang-format says, the
# tests' shell ShellCheck-clean, the man page lint-clean and complete, and
# what README.md and zeroroot(1) cite as proof exists.
load helpers

@test "every C file is formatted as .clang-format says, and a misformatted one is caught" {
	run -0 "$ZR_TOP/tests/check-format"
	printf 'int  main( void ){return 0;}\n' >"$T/bad.c"
	run -1 "$ZR_TOP/tests/check-format" "$T/bad.c"
	[[ "$output" == *"is not formatted as .clang-format says"* ]]
}

@test "the tests' shell is ShellCheck-clean, and an assertion that checks nothing is caught" {
	run -0 "$ZR_TOP/tests/check-shell"
	# shellcheck disable=SC2016 # the bad test's own $f and $T
	printf '%s\n' '@test "negations mid-test, in a loop; a chain of tests" {' '	! false' \
		'	for f in a b; do' '		! grep -q "$f" /dev/null' '	done' '	[ -n "$T" ] && [ -d "$T" ]' '}' >"$T/bad.bats"
	run -1 "$ZR_TOP/tests/check-shell" "$T/bad.bats"
	[[ "${lines[0]}" == "$T/bad.bats:2:2: error: In Bats, ! does not cause a test failure."*"[SC2314]" ]]
	[[ "${lines[1]}" == "$T/bad.bats:2: a negated command checks nothing"* ]]
	[[ "${lines[2]}" == "$T/bad.bats:4: a negated command checks nothing"* ]]
	[[ "${lines[3]}" == "$T/bad.bats:6: \"[ a ] && [ b ]\" checks only b"* ]]
	[ "${#lines[@]}" = 4 ]
}

@test "nothing .gitignore lists is committed: make check builds what it runs" {
	# before: tests/creds-test was, newer than creds.c after a checkout
	git -c safe.directory='*' -C "$ZR_TOP" rev-parse --git-dir >/dev/null 2>&1 || skip "$ZR_TOP is not a git checkout (or git is missing)"
	run -0 git -c safe.directory='*' -C "$ZR_TOP" ls-files --cached --ignored --exclude-standard
	[ -z "$output" ]
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

@test "the man page is a reference of at most 450 lines at 80 columns, and a longer one is caught" {
	# issue 25: status reports and measurements live in tests/arch/README and bench/README
	rendered_lines() { MANWIDTH=80 man -l "$1" 2>/dev/null | wc -l; }
	n=$(rendered_lines "$ZR_TOP/man/zeroroot.1")
	echo "zeroroot(1): $n lines at 80 columns"
	[ "$n" -ge 200 ] # rendered at all
	[ "$n" -le 450 ]
	{
		cat "$ZR_TOP/man/zeroroot.1"
		for i in $(seq 50); do printf '.PP\nA status report, line %d.\n' "$i"; done
	} >"$T/long.1"
	[ "$(rendered_lines "$T/long.1")" -gt 450 ]
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

@test "NEWS says what the version of VERSION changed" {
	version=$(cat "$ZR_TOP/VERSION")
	[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]
	grep -qx "zeroroot $version\( (.*)\)\?" "$ZR_TOP/NEWS" # "(unreleased)", then its date
}
