# tests/integration/lib.bash: what every case file uses. run sources it, then
# one case file, in a subshell per case, inside that case's own directory.
#
# A case runs the same job twice as the unprivileged test user, on fresh
# copies of its inputs:
#
#   without CMD...         plain unshare -r: no root emulation
#   expect_failure RE      ... must fail, its log matching the extended regex RE
#   expect_warning RE      ... may exit 0, but its log must match RE
#   expect_success_too WHY ... needs no emulation: must succeed (WHY says why)
#
#   with CMD...            under zeroroot
#   expect_success         ... must exit 0
#   known_breakage RE WHY  ... (before expect_success) a failure matching RE
#                          is the zeroroot limitation WHY: FAIL, saying so
#   expect_clean RE        ... and its log does not match RE
#   check WHAT CMD...      a result that must hold afterwards (CMD exits 0)
#
# prep WHAT CMD... makes inputs; its failure is a FAIL too. Each expectation
# writes one line to the case's "without" or "with" column; the first broken
# one ends the case as FAIL. skip REASON ends it as SKIP.

LOG_WITHOUT=without.log
LOG_WITH=with.log
N_CHECKS=0

# No -o option: apt drops to _apt for downloads and verifies the drop, which
# zeroroot's ID consistency answers. Only a chroot without /proc, where
# zeroroot falls back to pure mode, keeps apt's downloads as root (APT_PURE).
# The runs without zeroroot keep them as root too (APT_WITHOUT): past the
# sandbox, which plain unshare -r cannot enter (setgroups is denied), apt
# meets the failure the paper reports, dpkg's chown to an unmapped ID
# (case 01g shows the sandbox failure itself).
APT_OPTS=(-q)
APT_PURE=(-o APT::Sandbox::User=root)
APT_WITHOUT=(-q -o APT::Sandbox::User=root)

# apt with its sandbox under plain "unshare -r": setgroups is denied there.
# shellcheck disable=SC2034
APT_FAILS="E: setgroups [0-9]+ failed|Could not switch group"

# A chown or chgrp to an ID the single-ID namespace does not map: EINVAL.
# shellcheck disable=SC2034
CHOWN_EINVAL="(chown|chgrp|ownership)[^:]*(: [^:]*)?: Invalid argument"

# as_user CMD...: run CMD as the test user, in a clean environment, in the
# current directory. Messages in English whatever CI's locale: the patterns
# read them. EXTRA_ENV adds variables (the podman case's XDG directories).
as_user() {
	setpriv --reuid="$TEST_UID" --regid="$TEST_GID" --clear-groups -- \
		env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME="$CASE_HOME" LC_ALL=C LANG=C TERM=dumb DEBIAN_FRONTEND=noninteractive \
		${EXTRA_ENV[@]+"${EXTRA_ENV[@]}"} "$@"
}
EXTRA_ENV=()

# zr ARGS...: zeroroot, as the test user.
zr() {
	as_user "$ZR" "$@"
}

# ---- results ----

# column without|with TEXT: the case's line in the summary table (first wins).
column() {
	[ -s "$CASE_DIR/$1.txt" ] || printf '%s\n' "$2" | head -1 >"$CASE_DIR/$1.txt"
}

# fail COLUMN REASON: record a broken expectation and end the case as FAIL.
fail() {
	column "$1" "FAIL: $2"
	printf '%s\n' "$2" >"$CASE_DIR/reason.txt"
	exit 1
}

skip() {
	printf '%s\n' "$1" >"$CASE_DIR/skip.txt"
	exit 0
}

# first_error LOG: the line most worth showing from a failed run's log.
first_error() {
	tail -n +2 "$1" | grep -m1 -E "(^E:|^error|[Ee]rror:|: Invalid argument|Operation not permitted|No such file or directory|failed|Failed|cannot|Cannot)" ||
		tail -n 1 "$1"
}

# ---- running ----

# run_logged LOG CMD...: CMD as the test user, its output in LOG after a
# header with the command; sets RC.
run_logged() {
	local log=$1
	shift
	printf '$ %s\n' "$*" >"$log"
	as_user "$@" >>"$log" 2>&1 </dev/null
	RC=$?
	printf '[exit %d]\n' "$RC" >>"$log"
}

# without CMD... / with CMD...: CMD as the test user; a case may run several
# of each: the expectations read the latest (without.log, with.log, with-2.log...).
N_WITHOUT=0 N_WITH=0
without() {
	N_WITHOUT=$((N_WITHOUT + 1))
	LOG_WITHOUT=without$([ "$N_WITHOUT" = 1 ] || echo "-$N_WITHOUT").log
	run_logged "$LOG_WITHOUT" "$@"
	WITHOUT_RC=$RC
}

with() {
	N_WITH=$((N_WITH + 1))
	LOG_WITH=with$([ "$N_WITH" = 1 ] || echo "-$N_WITH").log
	run_logged "$LOG_WITH" "$@"
	WITH_RC=$RC
}

# The matching line, shortened, for the table.
matched() {
	grep -m1 -oE "$1" "$2" | tr -s ' ' | sed "s|$CASE_DIR/||g" | cut -c1-110
}

expect_failure() {
	if [ "$WITHOUT_RC" = 0 ]; then
		fail without "succeeded without zeroroot; expected a failure matching /$1/ ($LOG_WITHOUT)"
	fi
	grep -qE "$1" "$LOG_WITHOUT" ||
		fail without "exit $WITHOUT_RC, but not /$1/: $(first_error "$LOG_WITHOUT" | cut -c1-120)"
	column without "fails (exit $WITHOUT_RC): $(matched "$1" "$LOG_WITHOUT")"
}

expect_warning() {
	grep -qE "$1" "$LOG_WITHOUT" ||
		fail without "exit $WITHOUT_RC without the expected /$1/ ($LOG_WITHOUT)"
	column without "warns (exit $WITHOUT_RC): $(matched "$1" "$LOG_WITHOUT")"
}

expect_success_too() {
	[ "$WITHOUT_RC" = 0 ] ||
		fail without "exit $WITHOUT_RC; expected success ($1): $(first_error "$LOG_WITHOUT" | cut -c1-100)"
	column without "ok too: $1"
}

known_breakage() {
	if [ "$WITH_RC" != 0 ] && grep -qE "$1" "$LOG_WITH"; then
		fail with "$(matched "$1" "$LOG_WITH" | cut -c1-80) -- $2"
	fi
}

expect_success() {
	[ "$WITH_RC" = 0 ] ||
		fail with "exit $WITH_RC: $(first_error "$LOG_WITH" | cut -c1-140)"
}

# expect_clean RE: the run under zeroroot did not print RE.
expect_clean() {
	! grep -qE "$1" "$LOG_WITH" || fail with "printed $(matched "$1" "$LOG_WITH")"
}

check() {
	local what=$1 out
	shift
	out=$("$@" 2>&1)
	RC=$?
	printf '# check: %s\n$ %s\n%s\n[exit %d]\n' "$what" "$*" "$out" "$RC" >>checks.log
	[ "$RC" = 0 ] || fail with "check '$what' failed: $(printf '%s' "$out" | tail -n 1 | cut -c1-100)"
	N_CHECKS=$((N_CHECKS + 1))
}

# ok_with: the line for a run under zeroroot that met every expectation.
ok_with() {
	column with "ok: ${1:-$N_CHECKS checks}"
}

# output_is WANT CMD...: CMD prints exactly WANT (for check).
output_is() {
	local want=$1 got
	shift
	got=$("$@") || return
	[ "$got" = "$want" ] || { echo "got '$got', want '$want'"; return 1; }
}

# output_has RE CMD...: CMD's output matches RE (for check).
output_has() {
	local re=$1 got
	shift
	got=$("$@" 2>&1) || { echo "$got"; return 1; }
	grep -qE "$re" <<<"$got" || { echo "no /$re/ in: $(head -c 200 <<<"$got")"; return 1; }
}

# mode_is MODE FILE: FILE's octal mode (for check).
mode_is() {
	output_is "$1" stat -c %a "$2"
}

# ---- inputs ----

# fresh_tree NAME: a private copy of the cached tree NAME (e.g. bookworm-amd64),
# owned by the test user, as ./NAME.N; prints its path.
fresh_tree() {
	local n=1 dst
	while [ -e "$CASE_DIR/$1.$n" ]; do n=$((n + 1)); done
	dst=$CASE_DIR/$1.$n
	cp -a "$CACHE/trees/$1" "$dst" && chown -R "$TEST_UID:$TEST_GID" "$dst" || return 1
	echo "$dst"
}

# user_dir NAME: an empty directory owned by the test user; prints its path.
user_dir() {
	mkdir -p "$CASE_DIR/$1" && chown "$TEST_UID:$TEST_GID" "$CASE_DIR/$1" && echo "$CASE_DIR/$1"
}

# dpkg_status ROOT PACKAGE: the tree's own dpkg says PACKAGE is installed (for check).
dpkg_status() {
	output_is "install ok installed" zr --root "$1" dpkg-query -W -f '${Status}' "$2"
}

# prep WHAT CMD...: a step that makes a case's inputs (as root unless CMD says
# as_user); its failure ends the case as FAIL.
prep() {
	local what=$1 out
	shift
	out=$("$@" 2>&1) || fail without "setup: $what failed: $(printf '%s' "$out" | tail -n 1 | cut -c1-120)"
	printf '# prep: %s\n%s\n' "$what" "$out" >>prep.log
}

# apt_runs TREE PACKAGE...: apt-get install -y PACKAGE... in two fresh copies
# of TREE: without zeroroot in `unshare -r chroot`, and with `zeroroot --root`,
# whose tree is left in $R for the checks.
apt_runs() {
	local tree=$1 r0
	shift
	r0=$(fresh_tree "$tree") || fail without "setup: cannot copy the tree $tree"
	without unshare -r chroot "$r0" apt-get "${APT_WITHOUT[@]}" install -y "$@"
	rm -rf "$r0"
	R=$(fresh_tree "$tree") || fail with "setup: cannot copy the tree $tree"
	with "$ZR" --root "$R" apt-get "${APT_OPTS[@]}" install -y "$@"
}

# ---- rpm ----

# Debian's rpm keeps its database in ~/.rpmdb; the trees get it where rpm-based
# distributions have it. rpmbuild builds in the case's directory.
rpm_setup() {
	printf '%%_dbpath /var/lib/rpm\n%%_topdir %s/rpmbuild\n' "$CASE_DIR" >"$CASE_HOME/.rpmmacros"
	chown "$TEST_UID:$TEST_GID" "$CASE_HOME/.rpmmacros"
}

# rpm_build SPEC: build SPEC (a file in the case directory) as the test user,
# no root needed; prints the path of the .rpm.
rpm_build() {
	as_user rpmbuild -bb "$1" >>prep.log 2>&1 || return 1
	ls "$CASE_DIR"/rpmbuild/RPMS/noarch/"$(sed -n 's/^Name: *//p' "$1")"-*.rpm
}

# rpm_root NAME: an empty installation root owned by the test user, with the
# users and groups the test packages name, as the target system would have.
rpm_root() {
	local r
	r=$(user_dir "$1") || return 1
	as_user mkdir -p "$r/etc" || return 1
	printf 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1::/:/bin/false\nbin:x:2:2::/:/bin/false\n' >"$r/etc/passwd"
	printf 'root:x:0:\ndaemon:x:1:\nbin:x:2:\nmail:x:12:\n' >"$r/etc/group"
	chown "$TEST_UID:$TEST_GID" "$r/etc/passwd" "$r/etc/group"
	echo "$r"
}

# rpm_i_runs RPM: rpm --initdb and rpm -i RPM in two fresh roots: without
# zeroroot under unshare -r, and with zeroroot, whose root is left in $R.
rpm_i_runs() {
	local r0
	r0=$(rpm_root root-without) && R=$(rpm_root root-with) || fail without "setup: cannot make the roots"
	without unshare -r sh -c "rpm --root '$r0' --initdb && rpm --root '$r0' -i '$1'"
	with "$ZR" sh -c "rpm --root '$R' --initdb && rpm --root '$R' -i '$1'"
}

# The spec of zrattr: files owned by daemon, bin and mail, and a setuid file.
attr_spec() {
	cat <<-'EOF'
	Name:      zrattr
	Version:   1.0
	Release:   1
	Summary:   zeroroot test package: files of other owners, a setuid file
	License:   MIT
	BuildArch: noarch

	%description
	Files owned by daemon, bin and mail, and a setuid program.

	%install
	mkdir -p %{buildroot}/usr/bin %{buildroot}/var/lib/zrattr
	printf '#!/bin/sh\necho zrattr-ok\n' >%{buildroot}/usr/bin/zrattr
	cp %{buildroot}/usr/bin/zrattr %{buildroot}/usr/bin/zrattr-suid
	echo data >%{buildroot}/var/lib/zrattr/data

	%files
	%attr(0755,root,root) /usr/bin/zrattr
	%attr(4755,root,root) /usr/bin/zrattr-suid
	%attr(0750,daemon,mail) %dir /var/lib/zrattr
	%attr(0640,bin,mail) /var/lib/zrattr/data
	EOF
}

# ---- debootstrap ----

# debs_copy NAME: the .debs of the cached bookworm tree, as the test user's own
# debootstrap --cache-dir, so that the suite is downloaded once per run.
debs_copy() {
	local d
	d=$(user_dir "$1") && cp -a "$CACHE/debs/bookworm-amd64/." "$d/" &&
		chown -R "$TEST_UID:$TEST_GID" "$d" && echo "$d"
}

# debootstrap_log TARGET: the end of the log where debootstrap leaves the error
# of a failed step, for the case's own log.
debootstrap_log() {
	[ ! -f "$1/debootstrap/debootstrap.log" ] ||
		{ echo "# tail of $1/debootstrap/debootstrap.log:"; tail -n 5 "$1/debootstrap/debootstrap.log"; }
}

# ---- Debian source packages (dpkg-buildpackage, debuild) ----

# apt's options for the sources: a deb-src line for this run's mirror, with
# lists and caches of its own in CACHE/sources, so that the host's /etc/apt
# and apt state stay as they are.
SRC_DIR=$CACHE/sources
SRC_APT=(-q -o Dir::Etc::SourceList="$SRC_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o Dir::State::Lists="$SRC_DIR/lists" -o Dir::Cache="$SRC_DIR/cache"
	-o APT::Sandbox::User=root -o Acquire::Retries=3)

# debian_source PACKAGE: the bookworm source of PACKAGE in CACHE/sources/files,
# downloaded as root (apt-get source --download-only: files already there with
# the right checksums are not fetched again), its index updated once per run;
# prints the path of its .dsc.
debian_source() {
	local dsc
	mkdir -p "$SRC_DIR/lists/partial" "$SRC_DIR/cache/archives/partial" "$SRC_DIR/files" || return 1
	echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR bookworm main" \
		>"$SRC_DIR/sources.list"
	if [ ! -e "$WORK/sources-updated" ]; then
		apt-get "${SRC_APT[@]}" update >"$WORK/sources-update.log" 2>&1 &&
			! grep -qE '^(W|E): (Failed|Some index)' "$WORK/sources-update.log" ||
			{ cat "$WORK/sources-update.log" >&2; return 1; }
		touch "$WORK/sources-updated"
	fi
	dsc=$(apt-get "${SRC_APT[@]}" source --print-uris "$1" | sed -n "s/^'[^']*' \\([^ ]*\\.dsc\\) .*/\\1/p")
	[ -n "$dsc" ] || { echo "apt-get source --print-uris $1: no .dsc" >&2; return 1; }
	(cd "$SRC_DIR/files" && apt-get "${SRC_APT[@]}" source --download-only "$1" >&2) || return 1
	echo "$SRC_DIR/files/$dsc"
}

# unpack_source DSC NAME: dpkg-source -x of DSC by the test user into the
# directory NAME (owned by the test user); prints the source tree's path.
unpack_source() {
	local d
	d=$(user_dir "$2") && as_user dpkg-source -x "$1" "$d/src" >>"$CASE_DIR/prep.log" 2>&1 && echo "$d/src"
}

# debs_of DIR: the .debs a build left in DIR, one per line, sorted.
debs_of() {
	find "$1" -maxdepth 1 -name '*.deb' -printf '%f\n' | LC_ALL=C sort
}

# listing DEB: dpkg-deb -c of DEB with blanks squeezed, for comparisons.
listing() {
	dpkg-deb -c "$1" | tr -s ' '
}

# same_debs HOW A B: A and B hold the same .debs (at least one), the same
# HOW: bytes (cmp), listing (dpkg-deb -c: modes, owners, sizes, dates,
# names), or listing-as-root (B's listing is A's with every owner root/root).
same_debs() {
	local how=$1 a=$2 b=$3 deb n=0 bad=0
	[ "$(debs_of "$a")" = "$(debs_of "$b")" ] ||
		{ echo "not the same .debs: $(debs_of "$a" | paste -sd' ') / $(debs_of "$b" | paste -sd' ')"; return 1; }
	for deb in $(debs_of "$a"); do
		n=$((n + 1))
		case $how in
		bytes) cmp "$a/$deb" "$b/$deb" || bad=1 ;;
		listing) diff <(listing "$a/$deb") <(listing "$b/$deb") || bad=1 ;;
		listing-as-root) diff <(listing "$a/$deb" | awk '{ $2 = "root/root"; print }') <(listing "$b/$deb") || bad=1 ;;
		esac
	done
	[ "$n" -gt 0 ] || { echo "no .debs in $a"; return 1; }
	[ "$bad" = 0 ]
}

# differ_in_owners A B: the .debs of A and B are not the same bytes, and the
# files in them have the same contents (dpkg-deb --fsys-tarfile | tar -xO).
differ_in_owners() {
	local deb same=1
	for deb in $(debs_of "$1"); do
		cmp -s "$1/$deb" "$2/$deb" || same=0
		[ "$(dpkg-deb --fsys-tarfile "$1/$deb" | tar -xO | sha256sum)" = \
			"$(dpkg-deb --fsys-tarfile "$2/$deb" | tar -xO | sha256sum)" ] ||
			{ echo "$deb: the file contents differ too"; return 1; }
	done
	[ "$same" = 0 ] || { echo "the .debs are the same bytes"; return 1; }
}

# foreign_owned DIR: the entries of DIR's .debs whose owner or group is not
# root, as "MODE OWNER/GROUP PATH" lines.
foreign_owned() {
	local deb
	for deb in $(debs_of "$1"); do
		listing "$1/$deb" | awk '$2 != "root/root" { print $1, $2, $6 }'
	done
}

# warned_count REF LOG: zeroroot's warning in LOG counts as many ownership
# changes not kept as REF's .debs have regular files of another owner or
# group than root, and set-group-ID directories of another group (the other
# entries, directories and links, it names only under -v).
warned_count() {
	local n
	n=$(foreign_owned "$1" | awk '$1 ~ /^-/ || ($1 ~ /^d/ && substr($1, 7, 1) ~ /[sS]/ && $2 !~ /\/root$/)' | wc -l)
	[ "$n" -gt 0 ] || { echo "no entry of another owner in $1"; return 1; }
	grep -qE "^zeroroot: warning: $n ownership changes? could not be kept" "$2" ||
		{ echo "no warning of $n changes: $(grep -m1 '^zeroroot: warning' "$2")"; return 1; }
}

# warned_setid REF LOG: each set-user-ID file of REF's .debs that belongs to
# another user than root, and each set-group-ID file of another group, is
# named in zeroroot's warning in LOG, with the ID asked for.
warned_setid() {
	local mode owner path user group n=0 bad=0
	while read -r mode owner path; do
		user=${owner%/*} group=${owner#*/} path=${path#.}
		if [[ ${mode:3:1} = [sS] ]] && [ "$user" != root ]; then
			n=$((n + 1))
			grep -qE "^zeroroot: warning: [^ ]*$path is set-user-ID, but its owner is you, not uid $(id -u "$user") as asked" "$2" ||
				{ echo "not named: set-user-ID $path ($owner)"; bad=1; }
		fi
		if [[ ${mode:6:1} = [sS] ]] && [ "$group" != root ] && [[ $mode = d* ]]; then
			n=$((n + 1))
			grep -qE "^zeroroot: warning: [^ ]*${path%/} is a set-group-ID directory, but its group is yours, not gid $(getent group "$group" | cut -d: -f3) as asked" "$2" ||
				{ echo "not named: set-group-ID directory $path ($owner)"; bad=1; }
		elif [[ ${mode:6:1} = [sS] ]] && [ "$group" != root ]; then
			n=$((n + 1))
			grep -qE "^zeroroot: warning: [^ ]*$path is set-group-ID, but its group is yours, not gid $(getent group "$group" | cut -d: -f3) as asked" "$2" ||
				{ echo "not named: set-group-ID $path ($owner)"; bad=1; }
		fi
	done < <(foreign_owned "$1")
	[ "$n" -gt 0 ] || { echo "no set-ID file of another owner in $1"; return 1; }
	[ "$bad" = 0 ]
}

# buildpackage_runs PACKAGE RE: PACKAGE's bookworm source built as the test user
# by dpkg-buildpackage -us -uc -b, each time in a fresh dpkg-source -x tree in
# a directory named after the root command, where its .debs land:
#
#   fakeroot   -rfakeroot, the reference (a prep step: it must succeed); its
#              .debs are then moved to fakeroot-debs
#   without    in fakeroot's tree, built already: -nc -r'unshare -r' repeats
#              the binary step alone, as root of a single-ID namespace; it
#              must fail with RE, the chown of debian/rules
#   zeroroot   -r"$ZR" (with.log)
#   map-auto   -r"$ZR --map-auto" (with-2.log): no warning either
#
# dpkg-buildpackage sets SOURCE_DATE_EPOCH from debian/changelog, so that the
# builds can be compared byte for byte.
buildpackage_runs() {
	local dsc t
	dsc=$(debian_source "$1" 2>>prep.log) || fail without "setup: apt-get source $1 failed (prep.log)"
	for t in fakeroot zeroroot map-auto; do
		unpack_source "$dsc" "$t" >/dev/null || fail without "setup: dpkg-source -x $dsc failed (prep.log)"
	done
	run_logged fakeroot.log env -C fakeroot/src dpkg-buildpackage -us -uc -b -rfakeroot
	[ "$RC" = 0 ] || fail without "setup: the fakeroot build failed: $(first_error fakeroot.log | cut -c1-100)"
	mkdir fakeroot-debs && mv fakeroot/*.deb fakeroot-debs/ || fail without "setup: no .deb from fakeroot"
	without env -C fakeroot/src dpkg-buildpackage -us -uc -b -nc -r"unshare -r"
	expect_failure "$2"
	with env -C zeroroot/src dpkg-buildpackage -us -uc -b -r"$ZR"
	expect_success
	with env -C map-auto/src dpkg-buildpackage -us -uc -b -r"$ZR --map-auto"
	expect_success
	expect_clean "^zeroroot: warning"
}

# buildpackage_checks: the comparisons of buildpackage_runs's three builds.
buildpackage_checks() {
	check "fakeroot's .debs have files of other owners than root" output_has . foreign_owned fakeroot-debs
	check "--map-auto: the same dpkg-deb -c listings as fakeroot's" same_debs listing fakeroot-debs map-auto
	check "--map-auto: the same .debs as fakeroot's, byte for byte" same_debs bytes fakeroot-debs map-auto
	check "zeroroot: fakeroot's listings, but every owner root/root" same_debs listing-as-root fakeroot-debs zeroroot
	check "zeroroot: other bytes than fakeroot's, the same file contents" differ_in_owners fakeroot-debs zeroroot
	check "zeroroot warned: as many changes not kept as fakeroot's .debs have other owners" \
		warned_count fakeroot-debs with.log
	check "zeroroot's warning names each set-ID file whose owner was lost" warned_setid fakeroot-debs with.log
}

# ---- rootless podman and buildah (RUN-line cases) ----

# runc, not Debian's default crun: crun refuses hosts that mount cgroup v1
# controllers beside an empty cgroup v2 hierarchy ("cgroups in hybrid mode
# not supported"); with cgroups disabled, runc runs there. Storage: vfs, its
# paths spelt out (buildah, unlike podman, stops at "runroot must be set").
containers_conf() {
	mkdir -p config/containers data run
	chmod 700 run
	printf '[containers]\ncgroups = "disabled"\n\n[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' \
		>config/containers/containers.conf
	printf '[storage]\ndriver = "vfs"\nrunroot = "%s/run/containers"\ngraphroot = "%s/data/containers/storage"\n' \
		"$CASE_DIR" "$CASE_DIR" >config/containers/storage.conf
	chown -R "$TEST_UID:$TEST_GID" config data run
}

# containers_setup: the case's own podman and buildah configuration and
# storage (EXTRA_ENV), the bookworm tree imported as localhost/zr-bookworm
# (no registry is needed), and zeroroot.static in the build context.
containers_setup() {
	EXTRA_ENV=(XDG_RUNTIME_DIR="$CASE_DIR/run" XDG_CONFIG_HOME="$CASE_DIR/config" XDG_DATA_HOME="$CASE_DIR/data")
	prep "podman and buildah configuration" containers_conf
	prep "base image tarball" tar --numeric-owner --owner=0 --group=0 --exclude='./dev/*' \
		-C "$CACHE/trees/bookworm-amd64" -cf base.tar .
	prep "zeroroot.static for COPY" cp "$ZR_STATIC" zeroroot.static
	chown "$TEST_UID:$TEST_GID" base.tar zeroroot.static
	prep "podman import" as_user podman import base.tar localhost/zr-bookworm
}

# containerfile NAME RUN-LINE...: Containerfile.NAME: FROM the imported
# tree, COPY zeroroot.static, then one RUN per RUN-LINE.
containerfile() {
	local name=$1 line
	shift
	printf 'FROM localhost/zr-bookworm\nCOPY zeroroot.static /usr/local/bin/zeroroot\n' >"Containerfile.$name"
	for line in "$@"; do printf 'RUN %s\n' "$line" >>"Containerfile.$name"; done
	chown "$TEST_UID:$TEST_GID" "Containerfile.$name"
}

# run_prefix_build TOOL: the body of 10c and 10d. TOOL (podman or buildah)
# builds, rootless, the Containerfile of a RUN line without zeroroot (it
# must fail on dpkg's chgrp) and one prefixed with zeroroot (it must install
# openssh-client, and zeroroot must warn about ssh-agent's lost group).
run_prefix_build() {
	local tool=$1 t
	local build=("$tool" build --runtime=runc --network=host --no-cache)
	local apt="apt-get ${APT_OPTS[*]} install -y openssh-client"
	local apt0="apt-get ${APT_WITHOUT[*]} install -y openssh-client"
	for t in "$tool" podman runc; do
		command -v "$t" >/dev/null || skip "$t is not installed (tests/integration/deps installs it)"
	done
	containers_setup
	containerfile probe true
	containerfile without "$apt0"
	containerfile with "zeroroot $apt" "ssh -V && dpkg-query -W -f '\${Status}\\n' openssh-client"
	run_logged probe.log "${build[@]}" -f Containerfile.probe .
	[ "$RC" = 0 ] || skip "rootless $tool build cannot run here: $(grep -m1 -iE 'error|denied|not permitted' probe.log | cut -c1-140)"
	check "$tool builds in a single-ID user namespace" output_is "0 $TEST_UID 1" build_uid_map "$tool"
	without "${build[@]}" -f Containerfile.without .
	expect_failure "$CHOWN_EINVAL"
	with "${build[@]}" -f Containerfile.with .
	expect_success
	check "the RUN line after zeroroot ran ssh" grep -q '^OpenSSH_' "$LOG_WITH"
	check "openssh-client is registered installed in the image" grep -qx 'install ok installed' "$LOG_WITH"
	check "zeroroot warned that ssh-agent's set-group-ID group was lost" \
		grep -q '^zeroroot: warning: [^ ]*/usr/bin/ssh-agent is set-group-ID' "$LOG_WITH"
	stop_pause_process
}

# build_uid_map TOOL: the user namespace TOOL runs its builds in, as uid_map lines.
build_uid_map() {
	as_user "$1" unshare cat /proc/self/uid_map | tr -s ' ' | sed 's/^ //'
}

# Rootless podman leaves a pause process holding its user namespace: end it.
stop_pause_process() {
	local pid
	pid=$(cat run/libpod/tmp/pause.pid 2>/dev/null) && [ -n "$pid" ] && kill "$pid" 2>/dev/null
	return 0
}
