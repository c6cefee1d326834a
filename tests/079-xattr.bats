# Extended attributes and ACLs (issue 16): what the kernel refuses only for
# want of privilege (trusted.*, security.* but security.capability) or because
# an ACL names an ID the namespace does not map is faked by the supervisor;
# everything else (user.*, file capabilities, ACLs of mapped IDs) is real.
load helpers

# setcap and getcap are in /sbin on Debian, which a user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin

# need TOOL PACKAGE: skip, saying why, where TOOL is missing.
need() {
	command -v "$1" >/dev/null || skip "$1 is not installed ($2, tests/deps)"
}

# The tools, and a file system under $T that keeps user.* attributes and ACLs.
need_xattrs() {
	need setfacl acl
	need setfattr attr
	as_user touch "$T/fs-check"
	as_user setfattr -n user.zr -v 1 "$T/fs-check" 2>/dev/null ||
		skip "the file system of $T keeps no user.* attributes"
	as_user setfacl -m u::rw "$T/fs-check" 2>/dev/null || skip "the file system of $T keeps no ACLs"
	rm -f "$T/fs-check"
}

# The same tree for the tests below: a file and a directory of the caller's.
make_files() {
	as_user touch "$T/f"
	as_user mkdir "$T/d"
}

@test "without zeroroot (unshare -r) an ACL naming an unmapped ID and a security.* attribute fail" {
	need_xattrs
	make_files
	run -1 --separate-stderr as_user unshare -r setfacl -m u:bin:rw,g:adm:r "$T/f"
	[[ "$stderr" == *"Invalid argument"* ]]
	run -1 --separate-stderr as_user unshare -r setfacl -d -m g:adm:rx "$T/d"
	[[ "$stderr" == *"Invalid argument"* ]]
	run -1 --separate-stderr as_user unshare -r setfattr -n security.foo -v bar "$T/f"
	[[ "$stderr" == *"Operation not permitted"* ]]
	run -1 --separate-stderr as_user unshare -r setfattr -n trusted.x -v bar "$T/f"
	[[ "$stderr" == *"Operation not permitted"* ]]
}

@test "setfacl naming unmapped IDs, and a default ACL, succeed; the files' ACLs stay as they were" {
	need_xattrs
	make_files
	run -0 zr setfacl -m u:bin:rw,g:adm:r "$T/f"
	run -0 zr setfacl -d -m g:adm:rx "$T/d"
	run -0 getfacl -cpn "$T/f"
	! grep -q '^user:[0-9]\|^group:[0-9]\|^mask' <<<"$output" || false
	run -0 getfacl -cdpn "$T/d"
	[ -z "$output" ]
}

@test "an ACL naming only mapped IDs is real: getfacl reads it back, inside and out" {
	need_xattrs
	make_files
	run -0 zr setfacl -m u:0:rw,g:0:r "$T/f"
	run -0 zr setfacl -d -m u:0:rx "$T/d"
	run -0 zr getfacl -cpn "$T/f"
	grep -qx 'user:0:rw-' <<<"$output"
	grep -qx 'group:0:r--' <<<"$output"
	run -0 getfacl -cpn "$T/f"
	grep -qx "user:$(caller_uid):rw-" <<<"$output"
	run -0 getfacl -cdpn "$T/d"
	grep -qx "user:$(caller_uid):r-x" <<<"$output"
}

@test "security.* and trusted.* attributes: set and removed with success, nothing stored" {
	need_xattrs
	make_files
	run -0 zr sh -c "setfattr -n security.foo -v bar $T/f && setfattr -n trusted.x -v bar $T/f &&
		setfattr -x security.foo $T/f && setfattr -x trusted.x $T/f"
	run -0 getfattr --absolute-names -m - -d "$T/f"
	! grep -q 'security.foo\|trusted.x' <<<"$output" || false
	# nothing is kept past the run: a later remove finds none, as the file has none
	run -0 zr setfattr -n trusted.x -v bar "$T/f"
	run -1 --separate-stderr zr setfattr -x trusted.x "$T/f"
	[[ "$stderr" == *"No such attribute"* ]]
}

@test "a faked attribute call fails where real root's would: missing file, absent name, flags, limits" {
	need_xattrs
	make_files
	# before: 0 for every one of them (review L5)
	run -1 --separate-stderr zr setfattr -n trusted.x -v 1 "$T/nonexistent/file"
	[[ "$stderr" == *"No such file or directory"* ]]
	run -1 --separate-stderr zr setfattr -x trusted.never "$T/f"
	[[ "$stderr" == *"No such attribute"* ]]
	run -1 --separate-stderr zr setfattr -x security.never "$T/f"
	[[ "$stderr" == *"No such attribute"* ]]
	cat >"$T/flags.py" <<-'EOF'
	import os, sys
	f = sys.argv[1]
	def tryit(what, *a):
	    try:
	        os.setxattr(f, *a)
	        print(what, "ok")
	    except OSError as e:
	        print(what, os.strerror(e.errno))
	tryit("replace-absent", "trusted.y", b"1", os.XATTR_REPLACE)
	tryit("create", "trusted.y", b"1", os.XATTR_CREATE)
	tryit("create-again", "trusted.y", b"1", os.XATTR_CREATE)
	tryit("replace", "trusted.y", b"2", os.XATTR_REPLACE)
	tryit("too-big", "trusted.z", b"x" * 65537)
	tryit("name-too-long", "trusted." + "z" * 300, b"x")
	EOF
	run -0 zr python3 "$T/flags.py" "$T/f"
	[ "$output" = "replace-absent No data available
create ok
create-again File exists
replace ok
too-big Argument list too long
name-too-long Numerical result out of range" ]
}

@test "user.* attributes are real: set, read back, removed" {
	need_xattrs
	make_files
	run -0 zr setfattr -n user.foo -v bar "$T/f"
	run -0 getfattr --absolute-names -n user.foo --only-values "$T/f"
	[ "$output" = bar ]
	run -0 zr getfattr --absolute-names -n user.foo --only-values "$T/f"
	[ "$output" = bar ]
	run -0 zr setfattr -x user.foo "$T/f"
	run -1 getfattr --absolute-names -n user.foo "$T/f"
	# refused to anyone, so not faked: no such attribute to remove
	run -1 --separate-stderr zr setfattr -x user.foo "$T/f"
	[[ "$stderr" == *"No such attribute"* ]]
}

@test "setcap writes a real file capability that getcap reads back" {
	need_xattrs
	need setcap libcap2-bin
	make_files
	run -0 zr setcap cap_net_raw+ep "$T/f"
	run -0 zr getcap "$T/f"
	[ "$output" = "$T/f cap_net_raw=ep" ]
	run -0 getfattr --absolute-names -n security.capability "$T/f" # outside too: it is stored
}

@test "--pure: xattr calls run for real, so they fail as without zeroroot" {
	need_xattrs
	make_files
	run -1 --separate-stderr zr --pure setfacl -m u:bin:rw "$T/f"
	[[ "$stderr" == *"Invalid argument"* ]]
	run -1 --separate-stderr zr --pure setfattr -n security.foo -v bar "$T/f"
	[[ "$stderr" == *"Operation not permitted"* ]]
	# traced, the same: nothing is faked, so nothing is logged
	run -1 --separate-stderr zr --pure --trace setfattr -n trusted.x -v bar "$T/f"
	[ "$stderr" = "setfattr: $T/f: Operation not permitted" ]
	run -0 zr --pure setfattr -n user.foo -v bar "$T/f"
	run -0 getfattr --absolute-names -n user.foo --only-values "$T/f"
	[ "$output" = bar ]
}

@test "--trace logs a faked xattr call with its path, name and value; a real one is not logged" {
	need_xattrs
	make_files
	run -0 --separate-stderr zr --trace sh -c "setfattr -n security.foo -v bar $T/f; setfattr -n user.foo -v bar $T/f"
	grep -Eq "^zeroroot: trace: [0-9]+ setxattr\(\"$T/f\", \"security.foo\", \"bar\", 3, 0\) = 0 \(faked: security.\* needs CAP_SYS_ADMIN over the file system\)$" <<<"$stderr"
	! grep -q 'user.foo' <<<"$stderr" || false # real: neither faked nor traced
	run -0 --separate-stderr zr --trace setfacl -m u:4242:rw "$T/f"
	grep -Eq "^zeroroot: trace: [0-9]+ setxattr\(\"$T/f\", \"system.posix_acl_access\", \[u::rw-,u:4242:rw-,g::r--,m::rw-,o::r--\], 44, 0\) = 0 \(faked: the ACL names uid 4242, which the namespace does not map\)$" <<<"$stderr"
	run -0 --separate-stderr zr --trace setfacl -m u:0:rw "$T/f"
	! grep -q 'xattr' <<<"$stderr" || false
}

@test "every xattr syscall, by number: privileged names and unmapped IDs faked; the rest real" {
	need_xattrs
	as_user touch "$T/f"
	# without zeroroot, in a namespace like zeroroot's: all refused
	run -0 as_user unshare -r "$PROBE" xattr "$T/f"
	[ "$(grep -c ' r=-1 errno=EPERM$' <<<"$output")" = 8 ]
	[[ "$output" == *"acl-unmapped r=-1 errno=EINVAL"* ]]
	run -0 zr "$PROBE" xattr "$T/f"
	for call in setxattr lsetxattr fsetxattr setxattrat removexattr lremovexattr fremovexattr removexattrat acl-unmapped; do
		grep -qx "$call r=0 errno=0" <<<"$output"
	done
	# refused to anyone, real root included: never faked
	grep -qx 'acl-no-mask r=-1 errno=EINVAL' <<<"$output"
	grep -qx 'bad-flags r=-1 errno=EINVAL' <<<"$output"
	grep -qx 'bad-value r=-1 errno=EFAULT' <<<"$output"
	# user.* through setxattrat and removexattrat: real
	grep -qx 'user-get value=at' <<<"$output"
	grep -qx 'user-gone yes' <<<"$output"
	run -0 getfacl -cpn "$T/f"
	! grep -q 4242 <<<"$output" || false
}

@test "tar --xattrs --acls round-trips a tree: user.* attributes, ACLs of mapped IDs, a file capability" {
	need_xattrs
	need setcap libcap2-bin
	as_user mkdir -p "$T/src/d" "$T/dst"
	run -0 zr sh -c "cd $T && touch src/d/f src/g src/c && setfattr -n user.a -v 1 src/g &&
		setfacl -m u:0:rw,g:0:r src/d/f && setfacl -d -m u:0:rx src/d && setcap cap_net_raw+ep src/c &&
		tar --xattrs --xattrs-include='*' --acls -cf a.tar -C src . &&
		tar --xattrs --xattrs-include='*' --acls -xf a.tar -C dst"
	run -0 getfattr --absolute-names -n user.a --only-values "$T/dst/g"
	[ "$output" = 1 ]
	run -0 getfacl -cpn "$T/dst/d/f"
	grep -qx "user:$(caller_uid):rw-" <<<"$output"
	grep -qx "group:$(caller_gid):r--" <<<"$output"
	run -0 getfacl -cdpn "$T/dst/d"
	grep -qx "user:$(caller_uid):r-x" <<<"$output"
	run -0 zr getcap "$T/dst/c"
	[ "$output" = "$T/dst/c cap_net_raw=ep" ]
}

@test "extracting an archive whose ACLs name unmapped IDs succeeds, without a word" {
	need_xattrs
	as_user mkdir -p "$T/src/d" "$T/dst" "$T/plain"
	as_user touch "$T/src/d/f" "$T/src/g"
	# outside any namespace every ID is valid: the caller may name any
	as_user setfacl -m u:4242:rw,g:4243:r "$T/src/d/f"
	as_user setfacl -d -m u:4242:rx "$T/src/d"
	as_user setfattr -n user.a -v 1 "$T/src/g"
	pack=(tar --xattrs --xattrs-include='*' --acls --numeric-owner --owner=0 --group=0 -cf "$T/a.tar" -C "$T/src" .)
	if [ "$(id -u)" = 0 ]; then # real root may add, and read, what only privilege sets
		setfattr -n security.foo -v bar "$T/src/g"
		setfattr -n trusted.x -v bar "$T/src/g"
		"${pack[@]}"
		chmod 644 "$T/a.tar"
	else
		as_user "${pack[@]}"
	fi
	# GNU tar warns, and carries on
	run -0 --separate-stderr as_user unshare -r tar --xattrs --xattrs-include='*' --acls -xf "$T/a.tar" -C "$T/plain"
	[[ "$stderr" == *"Cannot set POSIX ACLs for file './d/f': Invalid argument"* ]]
	run -0 --separate-stderr zr tar --xattrs --xattrs-include='*' --acls -xf "$T/a.tar" -C "$T/dst"
	[ -z "$stderr" ]
	run -0 getfattr --absolute-names -n user.a --only-values "$T/dst/g"
	[ "$output" = 1 ]
}

@test "mapped ranges: an ACL of mapped IDs is real, one naming an ID beyond them faked" {
	need_xattrs
	[ "$(id -u)" = 0 ] || skip "only real root can map a range of IDs without /etc/subuid"
	touch "$T/f" "$T/g"
	run -0 --separate-stderr in_range_userns "$ZR" -v --trace sh -c "setfacl -m u:4242:rw,g:4243:r $T/f &&
		setfacl -m u:100000:rw $T/g && setfattr -n security.foo -v bar $T/g"
	[[ "$stderr" == *", ID consistency, traced, mapped IDs real"* ]]
	run -0 getfacl -cpn "$T/f"
	grep -qx 'user:4242:rw-' <<<"$output"
	grep -qx 'group:4243:r--' <<<"$output"
	run -0 getfacl -cpn "$T/g"
	! grep -q 100000 <<<"$output" || false
	grep -q 'setxattr.*"system.posix_acl_access".* = 0 (faked: the ACL names uid 100000, which the namespace does not map)$' <<<"$stderr"
	grep -q 'setxattr.*"security.foo".* = 0 (faked: ' <<<"$stderr"
}
