# make install and make uninstall: PREFIX, DESTDIR, the man page; the
# installed zeroroot runs. The Makefile's own, run in the checkout (make check
# built zeroroot there, so nothing is compiled).
load helpers

# make as a user runs it: none of the flags of the make that runs the suite.
fresh_make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -C "$ZR_TOP" "$@"
}

@test "make install honours DESTDIR and PREFIX, installs the man page, and the installed zeroroot runs" {
	run -0 fresh_make install DESTDIR="$T/root" PREFIX=/opt/zr
	bin=$T/root/opt/zr/bin/zeroroot page=$T/root/opt/zr/share/man/man1/zeroroot.1
	cmp "$ZR_TOP/zeroroot" "$bin"
	# the page as written, its title line naming the version of VERSION
	diff <(grep -v '^\.TH ' "$ZR_TOP/man/zeroroot.1") <(grep -v '^\.TH ' "$page")
	[ "$(grep -c '^\.TH ' "$page")" = 1 ]
	grep -q '^\.TH ZEROROOT 1 .* "zeroroot '"$(cat "$ZR_TOP/VERSION")"'" ' "$page"
	[ "$(stat -c %a "$bin")" = 755 ]
	[ "$(stat -c %a "$page")" = 644 ]
	run -0 as_user "$bin" --version
	[ "${lines[0]}" = "zeroroot $(cat "$ZR_TOP/VERSION")" ]
	run -0 as_user "$bin" id -u
	[ "$output" = 0 ]
	# PREFIX alone: no DESTDIR
	run -0 fresh_make install PREFIX="$T/prefix"
	cmp "$ZR_TOP/zeroroot" "$T/prefix/bin/zeroroot"
	cmp "$page" "$T/prefix/share/man/man1/zeroroot.1"
}

@test "make uninstall removes what make install installed, and nothing else" {
	run -0 fresh_make install DESTDIR="$T/root" PREFIX=/opt/zr
	touch "$T/root/opt/zr/bin/other" "$T/root/opt/zr/share/man/man1/other.1"
	run -0 fresh_make uninstall DESTDIR="$T/root" PREFIX=/opt/zr
	[ ! -e "$T/root/opt/zr/bin/zeroroot" ]
	[ ! -e "$T/root/opt/zr/share/man/man1/zeroroot.1" ]
	[ -e "$T/root/opt/zr/bin/other" ]
	[ -e "$T/root/opt/zr/share/man/man1/other.1" ]
	# nothing left to remove is no error
	run -0 fresh_make uninstall DESTDIR="$T/root" PREFIX=/opt/zr
}
