# Ownership is never lost silently: under ID consistency every chown reaches
# the supervisor. One to an ID the namespace does not map is faked (the file
# stays the caller's) and noted by file (device and inode); one to root or -1
# undoes what was noted of its file. When the command exits, each noted file
# is reported under the name it has then: set-ID files by name, other regular
# files counted, the rest only under -v; --owners=FILE lists them as mtree.
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats's run --separate-stderr
load helpers

# files DIR NAME...: empty files of the caller's, in DIR.
files() {
	local dir=$1
	shift
	for f in "$@"; do as_user touch "$dir/$f"; done
}

# The last warning after named files, as one user namespace ID gives it.
COPIES="zeroroot: warning: copies of them (cp -a, dh_install) get your owner and are not named: to keep owners, copies included, run with --map-auto (subordinate IDs from /etc/subuid)"

# pack DIR LOST OUT: zeroroot(1)'s recipe, run in DIR: an mtree of DIR's
# files as root inside sees them, without names, then LOST's lines on top;
# bsdtar packs OUT from it.
pack() {
	(cd "$1" && { zr bsdtar -cf - --format=mtree --options '!uname,!gname' .; sed 1d "$2"; } |
		as_user bsdtar -cf "$3" @-)
}

@test "every chown reaches the supervisor; one to root or -1 is answered 0 and loses nothing" {
	files "$T" a
	# before: "answered by the supervisor: nothing" (a chown to root stayed in the kernel)
	run -0 --separate-stderr zr -v sh -c "chown 0:0 $T/a && chown :0 $T/a && chown 0 $T/a"
	[[ "$stderr" =~ "answered by the supervisor: "(fchownat|chown)" 3" ]]
	[[ "$stderr" != *"could not be kept"* ]]
	[[ "$stderr" != *"also lost"* ]]
	[ "$(stat -c %u:%g "$T/a")" = "$(caller_uid):$(caller_gid)" ]
}

@test "at exit: the count, then each set-ID file whose owner or group was lost, by name, with its reason" {
	files "$T" suid sgid suidgrp lock plain
	cd "$T"
	# debian/rules chowns before it chmods: the report looks at the modes at exit
	run -0 zr sh -c "chown 4242:0 suid && chgrp 4343 sgid && chown 0:4343 suidgrp &&
		chgrp 4343 lock && chown 4242 plain &&
		chmod 4755 suid && chmod 2755 sgid && chmod 4754 suidgrp && chmod 2644 lock && echo done"
	# before: "its owner is you, not uid 0", though only its group was lost
	[ "${lines[4]}" = "zeroroot: warning: ./suidgrp is set-user-ID, but its group is yours, not gid 4343 as asked" ]
	[ "${lines[0]}" = "done" ]
	[ "${lines[1]}" = "zeroroot: warning: 5 ownership changes could not be kept: this user namespace maps only your own ID, so the files stay yours" ]
	[ "${lines[2]}" = "zeroroot: warning: ./sgid is set-group-ID, but its group is yours, not gid 4343 as asked" ]
	[ "${lines[3]}" = "zeroroot: warning: ./suid is set-user-ID, but its owner is you, not uid 4242 as asked" ]
	# set-group-ID without group execute is mandatory locking: counted, not named
	[ "${lines[5]}" = "$COPIES; to list them, with --owners=FILE" ]
	[ "${#lines[@]}" = 6 ]
}

@test "a set-group-ID directory is named in words for directories; other directories and links only under -v" {
	as_user mkdir "$T/sgd" "$T/plaind"
	as_user ln -s nowhere "$T/lnk"
	cd "$T"
	# the report follows the command's exit, before EOF on stderr (merged here)
	run -0 zr sh -c 'chgrp 4343 sgd && chmod 2775 sgd && chown 4242 plaind && chown -h 4242 lnk'
	[ "${lines[0]}" = "zeroroot: warning: 1 ownership change could not be kept: this user namespace maps only your own ID, so the files stay yours" ]
	[ "${lines[1]}" = "zeroroot: warning: ./sgd is a set-group-ID directory, but its group is yours, not gid 4343 as asked, and so is that of the files made in it" ]
	[ "${#lines[@]}" = 3 ]
	# before: "2 ownership changes could not be kept" for a plain directory and a link
	run -0 zr sh -c 'chown 4343 plaind && chown -h 4343 lnk'
	[ "$output" = "" ]
	run -0 --separate-stderr zr -v sh -c 'chown 4343 plaind && chown -h 4343 lnk'
	[[ "$stderr" == *$'\nzeroroot: also lost, not warned about: 1 on directories, 1 on symbolic links, 0 on other files, 0 on files that no longer exist\n'* ]]
	[[ "$stderr" != *"warning"* ]]
}

@test "a chown back to root undoes what was noted; a chown to -1 leaves that ID's note as it is" {
	files "$T" back half
	cd "$T"
	# before: back was named as a set-user-ID file that had lost its owner
	run -0 --separate-stderr zr --owners="$T/o" sh -c 'chown 4242:4343 back && chmod 4755 back &&
		chown 0:0 back && chmod 4755 back && chown 4242:4343 half && chown 0 half && chmod 2755 half'
	[ "$(cat "$T/o")" = $'#mtree\n./half type=file mode=2755 gid=4343' ]
	[ "${stderr_lines[0]}" = "zeroroot: warning: 1 ownership change could not be kept: this user namespace maps only your own ID, so the files stay yours" ]
	[ "${stderr_lines[1]}" = "zeroroot: warning: ./half is set-group-ID, but its group is yours, not gid 4343 as asked" ]
	[ "${#stderr_lines[@]}" = 3 ]
}

@test "a file renamed after its chown (dpkg's X.dpkg-new) is reported under its new name, with type and mode" {
	files "$T" p.dpkg-new
	cd "$T"
	# before: "./p.dpkg-new uid=0 gid=4343", a path that no longer exists, and no warning
	run -0 --separate-stderr zr --owners="$T/o" sh -c 'chown 0:4343 p.dpkg-new && chmod 2755 p.dpkg-new &&
		mv p.dpkg-new p'
	[ "$(cat "$T/o")" = $'#mtree\n./p type=file mode=2755 gid=4343' ]
	[ "${stderr_lines[1]}" = "zeroroot: warning: ./p is set-group-ID, but its group is yours, not gid 4343 as asked" ]
}

@test "a file or directory moved elsewhere after its chown is found by a search of the starting directory" {
	as_user mkdir -p "$T/a/b" "$T/c" "$T/d1"
	files "$T/a/b" f
	cd "$T"
	# dh_movefiles: debian/tmp/... to debian/PACKAGE/...
	run -0 --separate-stderr zr --owners="$T/o" sh -c 'chown 4242 a/b/f && chgrp 4343 d1 &&
		mv a/b/f c/f && mv d1 c/d1 && chmod 4755 c/f'
	[ "$(cat "$T/o")" = $'#mtree\n./c/d1 type=dir mode=0755 gid=4343\n./c/f type=file mode=4755 uid=4242' ]
	[ "${stderr_lines[1]}" = "zeroroot: warning: ./c/f is set-user-ID, but its owner is you, not uid 4242 as asked" ]
}

@test "a removed file, or one replaced by a symbolic link, is not reported; a run that lost only those is quiet" {
	files "$T" x y
	cd "$T"
	# before: "./x type=link uid=4242", and a warning for the removed y
	run -0 --separate-stderr zr --owners="$T/o" sh -c 'chown 4242 x y && chmod 4755 x && rm x y && ln -s elsewhere x'
	[ "$(cat "$T/o")" = "#mtree" ]
	[ "$stderr" = "" ]
	files "$T" z
	run -0 --separate-stderr zr -v sh -c 'chown 4242 z && rm z'
	[[ "$stderr" == *$'\nzeroroot: also lost, not warned about: 0 on directories, 0 on symbolic links, 0 on other files, 1 on files that no longer exist\n'* ]]
	[[ "$stderr" != *"warning"* ]]
}

@test "a chown through a symbolic link notes its target, as the kernel follows it; chown -h, the link" {
	files "$T" target
	as_user ln -s target "$T/link"
	as_user ln -s target "$T/link2"
	cd "$T"
	# before: the link was noted, so the set-user-ID target was never named
	run -0 --separate-stderr zr --owners="$T/o" sh -c 'chown 4242 link && chown -h 4343 link2 && chmod 4755 target'
	[ "$(cat "$T/o")" = $'#mtree\n./link2 type=link mode=0777 uid=4343\n./target type=file mode=4755 uid=4242' ]
	[ "${stderr_lines[1]}" = "zeroroot: warning: ./target is set-user-ID, but its owner is you, not uid 4242 as asked" ]
}

@test "--root: '..' never leaves the tree, so no host file enters the list; names are relative to the tree" {
	command -v bsdtar >/dev/null || skip "bsdtar is not installed (libarchive-tools, tests/deps)"
	make_tree "$T/r"
	rel=${T#/}
	echo HOST | as_user tee "$T/secret" >/dev/null
	as_user mkdir -p "$T/r/$rel"
	echo TREE | as_user tee "$T/r/$rel/secret" "$T/r/$rel/secret2" >/dev/null
	# the kernel stops ".." at the caller's root, and so does the supervisor;
	# the second goes through an absolute link, which names the tree's /
	# before: "./../../../..$T/secret", and the recipe packed the host's file
	run -0 --separate-stderr zr --owners="$T/o" --root "$T/r" sh -c "cd / && chown 4242:4242 ../../../../../../..$T/secret &&
		cd /tmp && busybox ln -s / up && chown 4343 up/$rel/secret2"
	[ "$(cat "$T/o")" = "#mtree
./$rel/secret type=file mode=0644 uid=4242 gid=4242
./$rel/secret2 type=file mode=0644 uid=4343" ]
	pack "$T/r" "$T/o" "$T/image.tar"
	[ "$(bsdtar -xOf "$T/image.tar" "./$rel/secret")" = TREE ]
	run -0 bsdtar -tvf "$T/image.tar" --numeric-owner "./$rel/secret"
	[[ "$output" =~ ^-rw-r--r--\ +0\ +4242\ +4242\  ]]
}

@test "--owners: every name is escaped, none becomes a directive (/set), and bsdtar reads them back" {
	command -v bsdtar >/dev/null || skip "bsdtar is not installed (libarchive-tools, tests/deps)"
	make_tree "$T/r"
	# before: "/set type=file ...", which libarchive takes for its /set command
	# shellcheck disable=SC2016 # the inner shell's "$f"
	run -0 --separate-stderr zr --owners="$T/o" --root "$T/r" sh -c 'cd /tmp && for f in /set "a b" "new
line" "back\\slash" "#hash" "x=y" "star*" "tab	x" "é"; do touch "$f" && chown 4242 "$f"; done'
	sed 1d "$T/o" >"$T/lines"
	run -0 cat "$T/lines"
	[ "${#lines[@]}" = 9 ]
	[ "${lines[0]}" = "./set type=file mode=0644 uid=4242" ]
	grep -Fqx './tmp/\043hash type=file mode=0644 uid=4242' "$T/lines"
	grep -Fqx './tmp/a\040b type=file mode=0644 uid=4242' "$T/lines"
	grep -Fqx './tmp/back\134slash type=file mode=0644 uid=4242' "$T/lines"
	grep -Fqx './tmp/new\012line type=file mode=0644 uid=4242' "$T/lines"
	grep -Fqx './tmp/star\052 type=file mode=0644 uid=4242' "$T/lines"
	grep -Fqx './tmp/tab\011x type=file mode=0644 uid=4242' "$T/lines"
	grep -Fqx './tmp/x\075y type=file mode=0644 uid=4242' "$T/lines"
	grep -Fqx './tmp/\303\251 type=file mode=0644 uid=4242' "$T/lines"
	# packed by the recipe and unpacked, each name is the file's own, with the owner asked for
	pack "$T/r" "$T/o" "$T/image.tar"
	as_user mkdir "$T/x"
	as_user bsdtar -xf "$T/image.tar" -C "$T/x" ./set ./tmp
	run -0 bsdtar -tvf "$T/image.tar" --numeric-owner
	[ "$(awk '$3 == 4242' <<<"$output" | wc -l)" = 9 ]
	for f in set "tmp/a b" "tmp/new
line" "tmp/back\\slash" "tmp/#hash" "tmp/x=y" "tmp/star*" "tmp/tab	x" "tmp/é"; do
		[ -f "$T/x/$f" ] || { echo "not unpacked: $f"; false; }
	done
}

@test "--owners lists only files below the starting directory; one outside is warned about, not listed" {
	as_user mkdir "$T/in" "$T/out"
	files "$T/out" f
	files "$T/in" g
	cd "$T/in"
	# before: "$T/out/f type=file ...", an absolute name that libarchive refuses
	run -0 --separate-stderr zr --owners="$T/o" sh -c 'chown 4242 ../out/f g && chmod 4755 ../out/f'
	[ "$(cat "$T/o")" = $'#mtree\n./g type=file mode=0644 uid=4242' ]
	[ "${stderr_lines[0]}" = "zeroroot: warning: 2 ownership changes could not be kept: this user namespace maps only your own ID, so the files stay yours" ]
	[ "${stderr_lines[1]}" = "zeroroot: warning: $T/out/f is set-user-ID, but its owner is you, not uid 4242 as asked" ]
	[ "${stderr_lines[3]}" = "zeroroot: warning: --owners: 1 of the files lie outside the directory zeroroot started in and are not listed: the names stay below it" ]
}

@test "--owners names users and groups as the tree's own /etc/passwd and /etc/group do, where no escaping is needed" {
	make_tree "$T/r"
	printf 'root:x:0:0::/root:/bin/sh\nzrusr:x:4242:4242::/:/bin/sh\n' | as_user tee "$T/r/etc/passwd" >/dev/null
	printf 'root:x:0:\nzrgrp:x:4343:\nbad name:x:4444:\n' | as_user tee "$T/r/etc/group" >/dev/null
	# before: IDs only, so that an extractor that prefers names took root's
	run -0 --separate-stderr zr --owners="$T/o" --root "$T/r" sh -c 'touch /a /b && chown 4242:4343 /a && chown 4545:4444 /b'
	[ "$(cat "$T/o")" = $'#mtree\n./a type=file mode=0644 uid=4242 uname=zrusr gid=4343 gname=zrgrp\n./b type=file mode=0644 uid=4545 gid=4444' ]
}

@test "a chown zeroroot cannot identify (through /proc/self/fd) is counted and said, not lost silently" {
	files "$T" f
	# before: counted among the changes, as if its file had been identified
	run -0 zr sh -c "exec 3<$T/f && chown 4242 /proc/self/fd/3"
	[ "$output" = "zeroroot: warning: 1 ownership change could not be kept on files zeroroot could not identify (named through a link such as /proc/self/fd/N, or out of its reach): they are not named or listed" ]
}

@test "the report: whole before the end of zeroroot's stderr; with --owners, before zeroroot exits" {
	files "$T" f g
	cd "$T"
	# zeroroot execs the command: the report follows its exit, before EOF on stderr
	as_user "$ZR" chown 8 "$T/f" 2>&1 >/dev/null | cat >"$T/err"
	grep -q "1 ownership change could not be kept" "$T/err"
	# --owners: zeroroot stays the command's parent until the report is written
	as_user "$ZR" --owners="$T/o" chown 4242 "$T/g" 2>"$T/err2"
	grep -q "1 ownership change could not be kept" "$T/err2"
	grep -q " uid=4242$" "$T/o"
}

@test "--owners=FILE: every lost change as mtree, with the modes at exit, directories included" {
	files "$T" x "y z"
	as_user mkdir "$T/d"
	cd "$T"
	run -0 --separate-stderr zr --owners="$T/owners" sh -c "chown 4242:4343 x && chown :4444 'y z' && chown 4545 d && chmod 4750 x"
	[ "$(cat "$T/owners")" = '#mtree
./d type=dir mode=0755 uid=4545
./x type=file mode=4750 uid=4242 gid=4343
./y\040z type=file mode=0644 gid=4444' ]
	# a later chown of the same file replaces the earlier one
	run -0 --separate-stderr zr --owners="$T/owners" sh -c "chown 4242 x && chown 4646 x"
	[ "$(cat "$T/owners")" = $'#mtree\n./x type=file mode=4750 uid=4646' ]
}

@test "10,000 notes in two directories, chowned by turns: each one listed, none lost as the note table grows" {
	as_user mkdir "$T/a" "$T/b"
	(cd "$T" && seq -f a/f%g 5000 | as_user xargs touch && seq -f b/f%g 5000 | as_user xargs touch)
	cd "$T"
	# a, b, a, b...: the report's lookups change directory at every name
	run -0 --separate-stderr zr --owners="$T/owners" bash -c \
		"paste -d '\n' <(seq -f a/f%g 5000) <(seq -f b/f%g 5000) | xargs chown 4242:4343 && chmod 4755 b/f4999"
	[ "$(grep -c ' uid=4242 gid=4343$' "$T/owners")" = 10000 ]
	[ "$(grep -c '^\./[ab]/f[0-9]* type=file ' "$T/owners")" = 10000 ]
	grep -qx './b/f4999 type=file mode=4755 uid=4242 gid=4343' "$T/owners"
	[ "${stderr_lines[0]}" = "zeroroot: warning: 10000 ownership changes could not be kept: this user namespace maps only your own ID, so the files stay yours" ]
	[ "${stderr_lines[1]}" = "zeroroot: warning: ./b/f4999 is set-user-ID, but its owner is you, not uid 4242 as asked" ]
}

@test "a chown relative to descriptor -1 notes nothing (EBADF for the kernel), not the caller's /proc fd directory" {
	cd "$T"
	# before: /proc/PID/fd/ itself was identified and noted, then counted lost
	run -0 --separate-stderr zr -v sh -c "$PROBE chownat -1 '' 4242 4242 empty && $PROBE chownat -1 . 4242 0"
	[ "${lines[0]}" = "fchownat r=0 errno=0" ]
	[ "${lines[1]}" = "fchownat r=0 errno=0" ]
	[[ "$stderr" =~ "answered by the supervisor: fchownat 2" ]]
	[[ "$stderr" != *"also lost"* ]]
	[[ "$stderr" != *"could not be kept"* ]]
}

@test "--owners in bsdtar: zeroroot(1)'s recipe packs the tree with the owners asked for, names and all" {
	command -v bsdtar >/dev/null || skip "bsdtar is not installed (libarchive-tools, tests/deps)"
	as_user mkdir -p "$T/tree/bin" "$T/other"
	files "$T/tree/bin" p.new
	files "$T/tree" plain
	files "$T/other" o
	cd "$T"
	# before: ./tree/bin/p.new, and the tree's uname=root won over the gid asked for
	run -0 --separate-stderr zr --owners=lost.mtree sh -c 'chown root:8 tree/bin/p.new && chmod 2755 tree/bin/p.new &&
		mv tree/bin/p.new tree/bin/p && chown 4242 other/o'
	# zeroroot(1), EXAMPLES: every file as root inside sees it, without names,
	# then the lost owners of the tree's files on top
	{ zr bsdtar -cf - --format=mtree --options '!uname,!gname' tree; grep '^\./tree[/ ]' lost.mtree; } |
		as_user bsdtar -cf image.tar @-
	run -0 bsdtar -tvf image.tar
	g8=$(awk -F: '$3 == 8 { print $1 }' /etc/group)
	[[ "$output" =~ -rwxr-sr-x\ +0\ +0\ +${g8:-8}\ .*\ \./tree/bin/p ]]
	[[ "$output" =~ -rw-r--r--\ +0\ +0\ .*\ \./tree/plain ]]
	[ "${#lines[@]}" = 4 ]
}
@test "--pure stays silent and in the kernel; --owners needs ID consistency" {
	files "$T" f
	run -0 --separate-stderr zr --pure -v chown 8:12 "$T/f"
	[[ "$stderr" != *"could not be kept"* ]]
	[[ "$stderr" != *"answered by the supervisor"* ]]
	run -125 --separate-stderr zr --pure --owners="$T/o" true
	[[ "$stderr" == "zeroroot: --owners needs ID consistency: --pure notices nothing"* ]]
	[ ! -e "$T/o" ]
}

@test "--owners where ID consistency is off anyway is an error, not an empty list" {
	run -125 --separate-stderr zr --userns=never --owners="$T/o" true
	[ "$stderr" = "zeroroot: --owners: ID consistency is off here: with --userns=never the command is not root, so there are no credentials to fake" ]
	[ ! -e "$T/o" ]
	# nested: the outer zeroroot answers, and notices
	run -125 --separate-stderr zr "$ZR" --owners="$T/o" true
	[ "$stderr" = "zeroroot: --owners: an outer zeroroot answers these calls here: give --owners to that one" ]
	[ ! -e "$T/o" ]
}

@test "--map-auto without a subordinate range is one line, exit 125" {
	[ "$ZR_AS" = user ] || skip "real root's ranges are not the point here"
	grep -q "^$(id -un "$(caller_uid)" 2>/dev/null || echo nobody):" /etc/subuid 2>/dev/null && skip "the test user has a range here"
	run -125 --separate-stderr zr --map-auto true
	[[ "$stderr" == "zeroroot: --map-auto: no subordinate uid range for "*" in /etc/subuid (usermod --add-subuids)" ]]
	run -125 --separate-stderr zr --map-auto --userns=never true
	[[ "$stderr" == *"--map-auto creates a user namespace"* ]]
}

@test "--dump-filter --map-auto: chown and set*id to mapped IDs allowed, the rest faked" {
	run -0 "$ZR" --map-auto --pure --dump-filter
	[[ "${lines[0]}" == *", pure, mapped IDs real" ]]
	grep -q 'beyond the mapped uids' <<<"$output"
	! grep -q 'MISMATCH' <<<"$output" || false
}

@test "--map-auto where zeroroot keeps the namespace it is in says its map is used as it is" {
	run -0 --separate-stderr zr "$ZR" --map-auto id -u
	[ "$output" = 0 ]
	[ "$stderr" = "zeroroot: warning: --map-auto: already root in a user namespace: its own map is used as it is (--userns=always makes a new one)" ]
}

@test "mapped ranges: a lost chown's warning does not send the user to --map-auto" {
	[ "$(id -u)" = 0 ] || skip "only real root can map a range of IDs without /etc/subuid"
	touch "$T/f"
	# the report follows the command's exit, before EOF on stderr (merged here)
	run -0 in_range_userns "$ZR" chown 100000:7 "$T/f"
	[ "${lines[0]}" = "zeroroot: warning: 1 ownership change could not be kept: the IDs are outside the ranges this user namespace maps" ]
	[ "${lines[1]}" = "zeroroot: warning: copies of them (cp -a, dh_install) get the owners the files have and are not named; to list them, run with --owners=FILE" ]
	[ "${#lines[@]}" = 2 ]
	[ "$(stat -c %u:%g "$T/f")" = 0:0 ] # faked whole: one call, one answer
	# a real chown to a mapped ID (it runs, after the supervisor saw it) undoes the note
	rm "$T/go"
	run -0 in_range_userns "$ZR" sh -c "chown 100000:7 $T/f && chown 5:7 $T/f"
	[ "$output" = "" ]
	[ "$(stat -c %u:%g "$T/f")" = 5:7 ]
}


# ---- real tools: dpkg-buildpackage, dpkg -i ----

# zrowners_source DIR: a Debian source package whose debian/rules chowns
# files to system users, moves them, replaces one by a symbolic link and
# chowns another back to root, as real ones do (no debhelper: each step is
# written out; no build dependency, hence -d: build-essential is not needed).
zrowners_source() {
	mkdir -p "$1/debian/source"
	echo "3.0 (native)" >"$1/debian/source/format"
	cat >"$1/debian/control" <<-'END'
	Source: zrowners
	Section: misc
	Priority: optional
	Maintainer: zeroroot tests <tests@example.org>
	Standards-Version: 4.6.2
	Rules-Requires-Root: binary-targets

	Package: zrowners
	Architecture: all
	Description: zeroroot test: files chowned, moved and chowned again
	 Its debian/rules chowns files to system users, moves them, replaces one
	 by a symbolic link and chowns another back to root.
	END
	cat >"$1/debian/changelog" <<-'END'
	zrowners (1.0) unstable; urgency=medium

	  * A test package.

	 -- zeroroot tests <tests@example.org>  Sat, 05 Dec 2026 00:00:00 +0000
	END
	sed 's/^    /\t/' >"$1/debian/rules" <<-'END'
	#!/usr/bin/make -f
	P = debian/zrowners
	build build-arch build-indep:
	clean:
	    rm -rf debian/tmp $(P) debian/files
	binary binary-arch binary-indep:
	    rm -rf debian/tmp $(P)
	    install -d debian/tmp/usr/bin $(P)/DEBIAN $(P)/usr/bin $(P)/var/lib/zrowners $(P)/var/mail
	    chown -R root:root $(P)
	    printf '#!/bin/sh\necho zrowners\n' >debian/tmp/usr/bin/zrsgid
	    # chgrp of a set-group-ID program, moved into the package (dh_movefiles)
	    chgrp mail debian/tmp/usr/bin/zrsgid
	    chmod 2755 debian/tmp/usr/bin/zrsgid
	    mv debian/tmp/usr/bin/zrsgid $(P)/usr/bin/zrsgid
	    # dpkg's pattern: X.new chowned, then renamed; set-user-ID, group dip
	    install -m 755 $(P)/usr/bin/zrsgid $(P)/usr/bin/zrsuid.new
	    chown root:dip $(P)/usr/bin/zrsuid.new
	    chmod 4754 $(P)/usr/bin/zrsuid.new
	    mv $(P)/usr/bin/zrsuid.new $(P)/usr/bin/zrsuid
	    # to a system user, then back to root: shipped as root's
	    install -m 755 $(P)/usr/bin/zrsgid $(P)/usr/bin/zrback
	    chown daemon:daemon $(P)/usr/bin/zrback
	    chown root:root $(P)/usr/bin/zrback
	    chmod 4755 $(P)/usr/bin/zrback
	    # chowned, then replaced by a symbolic link
	    echo gone >$(P)/usr/bin/zrlink
	    chown mail:mail $(P)/usr/bin/zrlink
	    rm $(P)/usr/bin/zrlink
	    ln -s zrsgid $(P)/usr/bin/zrlink
	    # a set-group-ID directory, a system user's directory
	    chown root:mail $(P)/var/mail
	    chmod 2775 $(P)/var/mail
	    chown daemon:daemon $(P)/var/lib/zrowners
	    chmod 750 $(P)/var/lib/zrowners
	    # a chown through a symbolic link reaches its target; chown -h, the link
	    echo data >$(P)/var/lib/zrowners/state
	    ln -s state $(P)/var/lib/zrowners/current
	    chown daemon:mail $(P)/var/lib/zrowners/current
	    ln -s ../../../usr/bin/zrsgid $(P)/var/lib/zrowners/program
	    chown -h daemon $(P)/var/lib/zrowners/program
	    dpkg-gencontrol -pzrowners -P$(P)
	    dpkg-deb --build $(P) ..
	END
	chmod 755 "$1/debian/rules"
}

# owners_as_extracted DIR: each entry below DIR with its type, mode and
# owners as numbers, as an extraction by real root left them.
owners_as_extracted() {
	(cd "$1" && find . -printf '%p %y %m %U %G\n' | LC_ALL=C sort)
}

@test "a package build: -r'zeroroot --owners=FILE' packed by the recipe extracts as -rfakeroot's, entry by entry" {
	for cmd in dpkg-buildpackage fakeroot bsdtar ar; do
		command -v "$cmd" >/dev/null || skip "$cmd is not installed (tests/deps)"
	done
	[ "$(id -u)" = 0 ] || skip "the owners as extracted need real root to extract"
	for g in mail dip daemon; do getent group "$g" >/dev/null || skip "this host has no group $g"; done
	for b in fakeroot zeroroot; do
		as_user mkdir -p "$T/$b/src"
		zrowners_source "$T/$b/src"
		[ "$ZR_AS" = root ] || chown -R "$(caller_uid):$(caller_gid)" "$T/$b"
	done
	(cd "$T/fakeroot/src" && as_user env HOME="$T" dpkg-buildpackage -us -uc -b -d -rfakeroot) >"$T/fakeroot.log" 2>&1 ||
		{ cat "$T/fakeroot.log"; false; }
	# before: ./debian/zrowners/usr/bin/zrsuid.new and zrback's daemon were
	# listed, zrlink's mail on the link, and state's owners on current
	cd "$T/zeroroot/src"
	run -0 as_user env HOME="$T" dpkg-buildpackage -us -uc -b -d -r"$ZR --owners=$T/lost.mtree"
	[[ "$output" == *"zeroroot: warning: 4 ownership changes could not be kept"* ]]
	[[ "$output" == *"zeroroot: warning: ./debian/zrowners/usr/bin/zrsgid is set-group-ID, but its group is yours, not gid $(getent group mail | cut -d: -f3) as asked"* ]]
	[[ "$output" == *"zeroroot: warning: ./debian/zrowners/usr/bin/zrsuid is set-user-ID, but its group is yours, not gid $(getent group dip | cut -d: -f3) as asked"* ]]
	[[ "$output" == *"zeroroot: warning: ./debian/zrowners/var/mail is a set-group-ID directory"* ]]
	# zeroroot(1), EXAMPLES: the staging directory as root sees it, without
	# names and without DEBIAN, then its lost owners, relative to it
	cd debian/zrowners
	{ zr bsdtar -cf - --format=mtree --options '!uname,!gname' --exclude ./DEBIAN .
		sed -n 's,^\./debian/zrowners/,./,p' "$T/lost.mtree"; } | as_user bsdtar -cf "$T/data.tar" @-
	# a .deb of it, with the zeroroot build's control part
	cd "$T"
	printf '2.0\n' >debian-binary
	dpkg-deb --ctrl-tarfile "$T/zeroroot/zrowners_1.0_all.deb" >control.tar
	ar rc repacked.deb debian-binary control.tar data.tar
	mkdir x-fakeroot x-tar x-dpkg-deb x-plain
	dpkg-deb -x "$T/fakeroot/zrowners_1.0_all.deb" x-fakeroot
	tar -xpf data.tar -C x-tar
	dpkg-deb -x repacked.deb x-dpkg-deb
	dpkg-deb -x "$T/zeroroot/zrowners_1.0_all.deb" x-plain
	owners_as_extracted x-fakeroot >fakeroot.list
	[ "$(wc -l <fakeroot.list)" = 14 ]
	diff fakeroot.list <(owners_as_extracted x-tar)
	diff fakeroot.list <(owners_as_extracted x-dpkg-deb)
	# without the list, the owners are lost: the comparison can fail
	run ! diff fakeroot.list <(owners_as_extracted x-plain)
}

@test "dpkg -i into a --root tree: the set-group-ID file dpkg renamed from X.dpkg-new is named and listed" {
	command -v dpkg >/dev/null || skip "dpkg is not installed"
	[ -L /bin ] || skip "the tree borrows the host's /usr: that needs a merged-/usr host"
	[ -x /usr/bin/dpkg ] || skip "the tree borrows the host's /usr, whose dpkg is not in /usr/bin"
	local r=$T/r
	mkdir -p "$r/usr" "$r/etc" "$r/var/lib/dpkg/info" "$r/var/lib/dpkg/updates" "$r/tmp" "$r/proc" "$r/sys" \
		"$r/dev" "$r/opt" "$T/p/opt/zrdpkg"
	for l in bin sbin lib lib64; do ln -s "usr/$l" "$r/$l"; done
	touch "$r/var/lib/dpkg/status"
	printf 'root:x:0:0::/root:/bin/sh\n' >"$r/etc/passwd"
	printf 'root:x:0:\nmail:x:8:\n' >"$r/etc/group"
	printf 'Package: zrdpkg\nVersion: 1.0\nArchitecture: all\nMaintainer: t <t@example.org>\nDescription: test\n' \
		>"$T/control"
	printf '#!/bin/sh\n' >"$T/p/opt/zrdpkg/prog"
	chmod 2755 "$T/p/opt/zrdpkg/prog"
	tar -cf "$T/control.tar" -C "$T" ./control
	tar -cf "$T/data.tar" -C "$T/p" --owner=root:0 --group=root:0 --no-recursion . ./opt ./opt/zrdpkg
	tar -rf "$T/data.tar" -C "$T/p" --owner=root:0 --group=mail:8 ./opt/zrdpkg/prog
	printf '2.0\n' >"$T/debian-binary"
	(cd "$T" && ar rc r/tmp/zrdpkg.deb debian-binary control.tar data.tar)
	[ "$ZR_AS" = root ] || chown -R "$(caller_uid):$(caller_gid)" "$r"
	# before: no file named (dpkg chowned prog.dpkg-new, then renamed it),
	# and "./opt/zrdpkg/prog.dpkg-new uid=0 gid=8" listed
	run -0 --separate-stderr zr --owners="$T/o" --root "$r" --bind /usr \
		env PATH=/usr/sbin:/usr/bin:/sbin:/bin dpkg -i /tmp/zrdpkg.deb
	[ "${stderr_lines[0]}" = "zeroroot: warning: 1 ownership change could not be kept: this user namespace maps only your own ID, so the files stay yours" ]
	[ "${stderr_lines[1]}" = "zeroroot: warning: ./opt/zrdpkg/prog is set-group-ID, but its group is yours, not gid 8 as asked" ]
	[ "$(cat "$T/o")" = $'#mtree\n./opt/zrdpkg/prog type=file mode=2755 gid=8 gname=mail' ]
}

@test "zeroroot --map-auto rm -rf removes a tree that --map-auto filled with subordinate owners" {
	[ "$(id -u)" = 0 ] || skip "giving the test user a subordinate range (a bind mount over /etc/subuid) needs real root"
	[ "$ZR_AS" = user ] || skip "real root has no subordinate range to lend"
	command -v newuidmap >/dev/null || skip "newuidmap is not installed (uidmap, tests/deps)"
	# a range for the test user, seen only in this mount namespace
	echo "$ZR_UID:300000:65536" >"$T/subid"
	chmod 644 "$T/subid"
	as_user mkdir "$T/tree"
	cat >"$T/job" <<-EOF
	mount --bind "$T/subid" /etc/subuid && mount --bind "$T/subid" /etc/subgid || exit 99
	cd "$T" || exit 99
	${AS_USER[*]} "$ZR" --map-auto sh -c 'mkdir -p tree/a/b && touch tree/a/b/f && chown -R 5:5 tree/a && chmod 700 tree/a/b && chown 7 tree'
	stat -c %u tree/a/b/f
	# plain zeroroot maps only the caller: the subordinate owners' files stay
	${AS_USER[*]} "$ZR" rm -rf tree
	echo "after plain: \$?"
	if [ -e tree/a/b/f ]; then echo "still there"; fi
	# zeroroot(1): --map-auto maps them, so rm runs as their owner inside
	${AS_USER[*]} "$ZR" --map-auto rm -rf tree
	echo "after map-auto: \$?"
	[ -e tree ] || echo "gone"
	EOF
	run -0 unshare -m sh "$T/job"
	[ "${lines[0]}" = 300004 ]
	[[ "${lines[*]}" == *"still there"* ]]
	[ "${lines[-2]}" = "after map-auto: 0" ]
	[ "${lines[-1]}" = gone ]
}

@test "a chown on a FUSE mount: identified by a helper where the cache cannot tell, and no deadlock" {
	[ "$(id -u)" = 0 ] || skip "/dev/fuse is root's here"
	[ -c /dev/fuse ] || skip "no /dev/fuse in this machine"
	command -v fuse-overlayfs >/dev/null || skip "fuse-overlayfs is not installed (tests/deps)"
	mkdir -p "$T/l" "$T/u" "$T/w" "$T/m"
	touch "$T/l/f" "$T/l/g"
	# timeout=0: no name stays valid in the cache, so the supervisor must not
	# look itself (fuse-overlayfs may wait for it): a helper does
	run -0 timeout 60 "$ZR" --trace unshare -m sh -c \
		"fuse-overlayfs -o lowerdir=$T/l,upperdir=$T/u,workdir=$T/w,timeout=0 $T/m && cd $T/m &&
		chown 4242 f && chown 4242 g && chown 0 g && echo chowned; cd / && umount $T/m"
	[[ "$output" == *"(AT_FDCWD, \"f\", 4242, -1, 0) = 0 (not kept: see the report at exit; the file identified by a helper)"* ]]
	[[ "$output" == *"(AT_FDCWD, \"g\", 0, -1, 0) = 0 (the file identified by a helper)"* ]]
	[[ "$output" == *$'\nchowned'* ]]
}

# ---- a failing zeroroot deletes only what it created ----

@test "a failed run removes its own --owners and --trace files, not the ones --cwd leads to" {
	as_user mkdir "$T/other"
	echo PRECIOUS | as_user tee "$T/other/out.mtree" "$T/other/t.log" >/dev/null
	cd "$T"
	run -127 --separate-stderr zr --owners=out.mtree --trace=t.log --cwd other /nonexistent
	[ "$(cat other/out.mtree)" = PRECIOUS ]
	[ "$(cat other/t.log)" = PRECIOUS ]
	[ ! -e out.mtree ]
	[ ! -e t.log ]
}

@test "a failed run removes its --owners file, not the one of that name in the --root tree" {
	make_tree "$T/r"
	as_user mkdir -p "$T/r$T"
	echo PRECIOUS | as_user tee "$T/r$T/o.mtree" >/dev/null
	run -127 --separate-stderr zr --owners="$T/o.mtree" --root "$T/r" /nonexistent
	[ "$(cat "$T/r$T/o.mtree")" = PRECIOUS ]
	[ ! -e "$T/o.mtree" ]
}

@test "a failed run leaves an existing --owners file as it was" {
	echo "IMPORTANT DATA" | as_user tee "$T/keep.txt" >/dev/null
	grep -q "^$(id -un "$(caller_uid)" 2>/dev/null || echo nobody):" /etc/subuid 2>/dev/null && skip "the test user has a range here"
	# zeroroot fails after opening FILE: --map-auto without a range
	run -125 --separate-stderr zr --owners="$T/keep.txt" --map-auto true
	[[ "$stderr" == *"no subordinate uid range"* ]]
	[ "$(cat "$T/keep.txt")" = "IMPORTANT DATA" ]
}
