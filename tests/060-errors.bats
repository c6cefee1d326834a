# Each failure is one actionable line and exit 125; the command never runs.
# Hosts zeroroot cannot create here are reproduced with an outer seccomp
# filter (probe filter), as a container runtime would install one.
# shellcheck disable=SC2154 # stderr, stderr_lines: set by bats's run --separate-stderr
load helpers

# The way out a user is told, after each cause.
WAY_OUT="; with --userns=never the command runs as you, its calls faked but no IDs kept and no device placeholder made"

@test "unshare blocked by an outer seccomp profile (as Docker's default)" {
	if [ "$ZR_AS" = root ]; then
		# uid 0 already: zeroroot stays in its namespace, and IDs stay consistent
		run -0 --separate-stderr "$PROBE" filter unshare=1 -- "$ZR" -v setpriv --reuid=100 id -u
		[ "$output" = 100 ]
		[[ "$stderr" == *"zeroroot: user namespace: not created: unshare(2) refused (Operation not permitted) (blocked by the seccomp filter"* ]]
		return
	fi
	run -125 --separate-stderr as_user "$PROBE" filter unshare=1 -- "$ZR" touch "$T/marker"
	[ "$stderr" = "zeroroot: cannot create a user namespace: Operation not permitted (blocked by the seccomp filter this process runs under, as in Docker's default profile: allow unshare(2))$WAY_OUT" ]
	[ ! -e "$T/marker" ]
}

@test "--userns=never works where unshare is blocked" {
	run -0 as_user "$PROBE" filter unshare=1 -- "$ZR" --userns=never --pure "$PROBE" fake-all "$T"
	! grep -v ' r=0 errno=0$' <<<"$output" || false
}

# with_sysctl NAME VALUE CMD...: run CMD where /proc/sys/kernel/NAME reads VALUE
# (a tmpfs over /proc/sys/kernel in a private mount namespace).
with_sysctl() {
	local name=$1 value=$2
	shift 2
	# shellcheck disable=SC2016 # the inner shell's $0 and $1
	unshare --mount --propagation private sh -c '
		mount -t tmpfs none /proc/sys/kernel && echo "$1" >"/proc/sys/kernel/$0" && shift && exec "$@"' \
		"$name" "$value" "$@"
}

@test "kernel.unprivileged_userns_clone=0 is named" {
	[ "$(id -u)" = 0 ] || skip "faking the sysctl needs a mount namespace, i.e. root"
	[ "$ZR_AS" = user ] || skip "real root stays in its namespace (the test above)"
	run -125 --separate-stderr with_sysctl unprivileged_userns_clone 0 \
		"${AS_USER[@]}" "$PROBE" filter unshare=1 -- "$ZR" true
	[ "$stderr" = "zeroroot: cannot create a user namespace: Operation not permitted (the kernel.unprivileged_userns_clone sysctl is 0)$WAY_OUT" ]
}

@test "Ubuntu's kernel.apparmor_restrict_unprivileged_userns=1 is named" {
	[ "$(id -u)" = 0 ] || skip "faking the sysctl needs a mount namespace, i.e. root"
	[ "$ZR_AS" = user ] || skip "real root stays in its namespace (the test above)"
	run -125 --separate-stderr with_sysctl apparmor_restrict_unprivileged_userns 1 \
		"${AS_USER[@]}" "$PROBE" filter unshare=1 -- "$ZR" true
	[[ "$stderr" == "zeroroot: cannot create a user namespace: Operation not permitted (AppArmor restricts unprivileged user namespaces: the kernel.apparmor_restrict_unprivileged_userns sysctl is 1)$WAY_OUT" ]]
}

@test "user.max_user_namespaces=0 is named (ENOSPC)" {
	# the limit is per user namespace: set it to 0 inside one, then nest
	run -125 --separate-stderr as_user unshare --user --map-root-user sh -c \
		"echo 0 >/proc/sys/user/max_user_namespaces && exec '$ZR' --userns=always touch '$T/marker'"
	[ "$stderr" = "zeroroot: cannot create a user namespace: No space left on device (the user.max_user_namespaces sysctl is 0 or its limit is reached)$WAY_OUT" ]
	[ ! -e "$T/marker" ]
}

@test "a kernel without seccomp is named (CONFIG_SECCOMP)" {
	run -125 --separate-stderr as_user "$PROBE" filter prctl-get-seccomp=22 -- "$ZR" touch "$T/marker"
	[ "$stderr" = "zeroroot: this kernel has no seccomp support (CONFIG_SECCOMP is not set)" ]
	[ ! -e "$T/marker" ]
}

@test "a kernel rejecting seccomp filters is named (CONFIG_SECCOMP_FILTER)" {
	run -125 --separate-stderr as_user "$PROBE" filter seccomp=22 -- "$ZR" touch "$T/marker"
	[ "$stderr" = "zeroroot: cannot install the seccomp filter (the kernel lacks seccomp filters: CONFIG_SECCOMP_FILTER is not set): Invalid argument" ]
	[ ! -e "$T/marker" ]
}

@test "a filter that did not load fails the self-test; the command never runs" {
	# seccomp(2) "succeeds" without installing anything: the probe notices
	run -125 --separate-stderr as_user "$PROBE" filter seccomp=0 -- "$ZR" --pure touch "$T/marker"
	[[ "$stderr" == "zeroroot: seccomp self-test failed on $(uname -m): kexec_load reached the kernel, so the filter is not active (no arch/ table for this ABI?); the command was not run: "* ]]
	[ "$(wc -l <<<"$stderr")" = 1 ]
	[ ! -e "$T/marker" ]
	# supervised, the 0 it returns is no listener
	run -125 --separate-stderr as_user "$PROBE" filter seccomp=0 -- "$ZR" touch "$T/marker"
	[[ "$stderr" == "zeroroot: seccomp self-test failed: seccomp(2) returned 0, which is no seccomp listener"* ]]
	[ ! -e "$T/marker" ]
}

@test "an outer sandbox faking seccomp(2) and kexec_load is caught: the filter count did not go up" {
	# before: zeroroot said "installed", "the filter is live", and ran the command unfiltered
	run -125 --separate-stderr as_user "$PROBE" filter seccomp=0,kexec_load=0 -- "$ZR" --pure touch "$T/marker"
	[[ "$stderr" == "zeroroot: seccomp self-test failed: the process's seccomp filters went from 1 to 1, not up by one"* ]]
	[ ! -e "$T/marker" ]
	run -125 --separate-stderr as_user "$PROBE" filter seccomp=0,kexec_load=0 -- "$ZR" touch "$T/marker"
	[[ "$stderr" == *"which is no seccomp listener"* ]]
	[ ! -e "$T/marker" ]
}

@test "without the outer filter the same command runs (the cases above can pass)" {
	run -0 as_user "$PROBE" filter kexec_load=1 -- "$ZR" touch "$T/marker"
	[ -e "$T/marker" ]
}

@test "a binary the kernel cannot run: 126 and Exec format error, never handed to /bin/sh" {
	# an ELF header this machine runs nothing of (before: execvp's /bin/sh read it
	# as a script: "Syntax error", exit 2)
	printf '\177ELF\002\001\001\000garbage\n(\n' >"$T/foreign"
	chmod 755 "$T/foreign"
	run -126 --separate-stderr zr "$T/foreign"
	[ "$stderr" = "zeroroot: failed to run '$T/foreign': Exec format error" ]
	# by PATH too; a script without "#!" still runs, as execvp(3) runs it
	printf 'echo script ran\n' >"$T/script"
	chmod 755 "$T/script"
	run -126 --separate-stderr env PATH="$T:/usr/bin:/bin" "${AS_USER[@]}" "$ZR" foreign
	[ "$stderr" = "zeroroot: failed to run 'foreign': Exec format error" ]
	run -0 zr "$T/script"
	[ "$output" = "script ran" ]
}
