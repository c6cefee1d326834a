# Shared by every tests/*.bats file. tests/run runs the suite twice: with
# ZR_AS=user, zeroroot runs as an unprivileged user (uid $ZR_UID; setpriv when
# the suite itself runs as root), and with ZR_AS=root as real root.
#
# A negated command, "! cmd", fails a test only as its last command, and
# "[ a ] && [ b ]" checks only b: write "run ! cmd", or "! cmd || false"
# where $output is still needed, and one test a line (tests/check-shell).
# shellcheck disable=SC2034 # the variables below are the .bats files'
bats_require_minimum_version 1.5.0

: "${ZR_AS:=user}"
: "${ZR_UID:=65534}" "${ZR_GID:=65534}"
OTHER_UID=4243 # a second host user, for "stays unreadable" checks

# zeroroot and the probe, copied by setup_suite into a directory every uid can read.
ZR=$ZR_BIN/zeroroot
PROBE=$ZR_BIN/probe
PROBE_STATIC=$ZR_BIN/probe-static
PROBE_I386=$ZR_BIN/probe-i386
HOSTILE=$ZR_BIN/hostile

# The ABI zeroroot runs as, as its filter names it ("native x86_64 first").
native_abi() {
	"$ZR" --dump-filter | sed -n '1s/.*, native \([^ ]*\) first,.*/\1/p'
}

# faked_names ABI: the syscalls zeroroot's tables fake on ABI (not the getters).
faked_names() {
	"$ZR" --list | awk -v abi="$1" '$1 == abi && $5 != "no:" { print $3 }' | sort
}

# The ABIs of arch/, and how many filter blocks (AUDIT_ARCH values) they make.
table_abis() {
	awk '$1 == "abi" { print $2 }' "$ZR_TOP"/arch/*.tbl
}
n_audit_arches() {
	awk '$1 == "audit-arch" { print $2 }' "$ZR_TOP"/arch/*.tbl | sort -u | wc -l
}

# as_user CMD...: run CMD as the pass's user; AS_USER is the prefix that does it.
AS_USER=()
if [ "$ZR_AS" = user ] && [ "$(id -u)" = 0 ]; then
	AS_USER=(setpriv --reuid="$ZR_UID" --regid="$ZR_GID" --clear-groups --)
fi
as_user() {
	"${AS_USER[@]}" "$@"
}

# zr ARGS...: zeroroot as the pass's user.
zr() {
	as_user "$ZR" "$@"
}

# The uid zeroroot's caller has on the host.
caller_uid() {
	if [ "$ZR_AS" = user ]; then
		if [ "$(id -u)" = 0 ]; then echo "$ZR_UID"; else id -u; fi
	else
		echo 0
	fi
}

caller_gid() {
	if [ "$ZR_AS" = user ]; then
		if [ "$(id -u)" = 0 ]; then echo "$ZR_GID"; else id -g; fi
	else
		echo 0
	fi
}

setup() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/zr-test.XXXXXX")
	chmod 755 "$T"
	if [ "$(id -u)" = 0 ] && [ "$ZR_AS" = user ]; then
		chown "$ZR_UID:$ZR_GID" "$T"
	fi
}

teardown() {
	rm -rf "$T"
}

# make_tree DIR: a small root filesystem from busybox-static, owned by the
# pass's user, with the mount points and /etc files --root looks for.
make_tree() {
	local dir=$1 cmd
	if ! { [ -x /bin/busybox ] && file -L /bin/busybox | grep -q 'statically linked'; }; then
		skip "busybox-static is not installed (tests/deps installs it)"
	fi
	mkdir -p "$dir/bin" "$dir/proc" "$dir/sys" "$dir/dev" "$dir/tmp" "$dir/etc" "$dir/root"
	cp /bin/busybox "$dir/bin/"
	for cmd in sh ls cat id stat mknod mkfifo touch chown chmod echo grep readlink pwd wc head true; do
		ln -s busybox "$dir/bin/$cmd"
	done
	echo "nameserver 192.0.2.53" >"$dir/etc/resolv.conf"
	echo "192.0.2.1 tree-only" >"$dir/etc/hosts"
	if [ "$(id -u)" = 0 ] && [ "$ZR_AS" = user ]; then chown -R "$ZR_UID:$ZR_GID" "$dir"; fi
}

# snapshot DIR: every path with its type, mode, owner, size and mtime.
snapshot() {
	find "$1" -printf '%p %y %m %u %g %s %T@\n' | sort
}

# need_suid: set-ID bits do nothing on a nosuid mount (a /tmp mounted so, for
# one): a test of what they do skips there, saying so.
need_suid() {
	if findmnt -no OPTIONS -T "$T" | grep -qw nosuid; then
		skip "$T is on a nosuid mount: set-user-ID bits do nothing there"
	fi
}

# in_range_userns CMD...: CMD as root of a user namespace that maps IDs
# 0..65535 onto the host's own (only real root may write such a map), where
# zeroroot makes no namespace of its own and runs with "mapped IDs real".
in_range_userns() {
	local pid
	mkfifo "$T/go"
	# shellcheck disable=SC2016 # the inner shell's $0 and $@
	unshare -U sh -c 'read -r _ <"$0" && exec "$@"' "$T/go" "$@" &
	pid=$!
	while [ "$(readlink "/proc/$pid/ns/user")" = "$(readlink /proc/self/ns/user)" ]; do sleep 0.01; done
	echo '0 0 65536' >"/proc/$pid/uid_map"
	echo '0 0 65536' >"/proc/$pid/gid_map"
	echo go >"$T/go"
	wait "$pid"
}
