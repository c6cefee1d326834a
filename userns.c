/*
 * userns.c: the user namespace the command runs in. By default it maps the
 * caller alone, to root; --map-auto adds the caller's subordinate IDs from
 * /etc/subuid and /etc/subgid, written by the setuid newuidmap(1) and
 * newgidmap(1) as rootless podman and util-linux's unshare --map-auto do; and
 * in a namespace that is root's already, zeroroot stays in it. The IDs the
 * namespace then maps decide what chown and set*id may do for real.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

#include "msg.h"
#include "userns.h"

static bool have_cap(int cap)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];

	return syscall(SYS_capget, &hdr, data) == 0 && (data[cap / 32].effective & (1u << (cap % 32)));
}

bool have_cap_sys_admin(void)
{
	return have_cap(CAP_SYS_ADMIN);
}

/* The initial user namespace, and only it, maps all 2^32 IDs onto themselves. */
bool in_initial_userns(void)
{
	unsigned long inside, outside, count;
	FILE *f = fopen("/proc/self/uid_map", "re");
	int n;

	if (!f)
		return true; /* no /proc: assume the worst case and create a namespace */
	n = fscanf(f, "%lu %lu %lu", &inside, &outside, &count);
	fclose(f);
	return n == 3 && inside == 0 && outside == 0 && count == 4294967295ul;
}

static long read_sysctl(const char *path)
{
	FILE *f = fopen(path, "re");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* Is this process already under a seccomp filter, as in Docker's default profile? */
static bool under_seccomp(void)
{
	return prctl(PR_GET_SECCOMP, 0, 0, 0, 0) > 0;
}

/* One hint per cause users actually meet; they name what to change. */
const char *userns_cause(int err)
{
	if (err == ENOSPC)
		return " (the user.max_user_namespaces sysctl is 0 or its limit is reached)";
	if (err == EINVAL || err == ENOSYS)
		return " (the kernel is built without CONFIG_USER_NS)";
	if (err != EPERM && err != EACCES)
		return "";
	if (access("/proc/self", F_OK) != 0)
		return " (no /proc: a chroot? the kernel refuses new user namespaces in one)";
	if (read_sysctl("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		return " (the kernel.unprivileged_userns_clone sysctl is 0)";
	if (read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
		return " (AppArmor restricts unprivileged user namespaces: the "
		       "kernel.apparmor_restrict_unprivileged_userns sysctl is 1)";
	if (under_seccomp())
		return " (blocked by the seccomp filter this process runs under, as in Docker's "
		       "default profile: allow unshare(2))";
	return " (user namespaces are disabled or restricted on this host)";
}

/* Stay in the namespace we are in, as its uid 0. The IDs it maps are real
 * only where we hold the capabilities to use them; else only our own is. */
static bool stay(struct idmap *ids, const char *why)
{
	note("user namespace: not created: %s", why);
	if (have_cap(CAP_SETUID) && have_cap(CAP_SETGID) && have_cap(CAP_CHOWN))
		read_idmap(ids);
	else
		note("user namespace: without CAP_SETUID, CAP_SETGID and CAP_CHOWN, only uid 0 is real "
		     "here: everything else is faked");
	return false;
}

/* ---- --map-auto ---- */

/* The first range of /etc/subuid (or subgid) for the user, by name or number. */
static bool find_range(const char *file, const char *name, unsigned long id, unsigned long *start,
		       unsigned long *count)
{
	char line[512], *owner, *save;
	FILE *f = fopen(file, "re");
	bool found = false;

	while (f && !found && fgets(line, sizeof(line), f)) {
		char *s, *c;

		if (!(owner = strtok_r(line, ":", &save)) || !(s = strtok_r(NULL, ":", &save)) ||
		    !(c = strtok_r(NULL, ":\n", &save)))
			continue;
		if ((name && strcmp(owner, name) == 0) || strtoul(owner, NULL, 10) == id) {
			*start = strtoul(s, NULL, 10);
			*count = strtoul(c, NULL, 10);
			found = *count > 0 &&
				(owner[0] < '0' || owner[0] > '9' || strtoul(owner, NULL, 10) == id);
		}
	}
	if (f)
		fclose(f);
	return found;
}

/* The user's name, as /etc/subuid may give it. A static glibc cannot load
 * the NSS modules getpwuid needs, so the static build reads /etc/passwd. */
static struct passwd *user_of(uid_t uid)
{
#ifdef ZR_STATIC
	FILE *f = fopen("/etc/passwd", "re");
	struct passwd *pw = NULL;

	while (f && (pw = fgetpwent(f)) && pw->pw_uid != uid)
		;
	if (f)
		fclose(f); /* pw stays valid: fgetpwent's buffer is static */
	return pw;
#else
	return getpwuid(uid);
#endif
}

static void find_subids(uid_t uid, gid_t gid, struct subids *sub)
{
	struct passwd *pw = user_of(uid);
	const char *name = pw ? pw->pw_name : NULL;

	sub->uid = uid;
	sub->gid = gid;
	if (!find_range("/etc/subuid", name, uid, &sub->uid_start, &sub->uid_count))
		fail(0,
		     "--map-auto: no subordinate uid range for %s (uid %u) in /etc/subuid (usermod "
		     "--add-subuids)",
		     name ? name : "this user", (unsigned)uid);
	if (!find_range("/etc/subgid", name, uid, &sub->gid_start, &sub->gid_count))
		fail(0,
		     "--map-auto: no subordinate gid range for %s (uid %u) in /etc/subgid (usermod "
		     "--add-subgids)",
		     name ? name : "this user", (unsigned)uid);
	for (int i = 0; i < 2; i++) {
		const char *tool = i ? "newgidmap" : "newuidmap";
		const char *env = getenv("PATH");
		char *path = strdup(env ? env : "/usr/bin:/bin");
		bool there = false;

		if (!path)
			fail(ENOMEM, "--map-auto");
		for (char *dir = strtok(path, ":"); dir && !there; dir = strtok(NULL, ":")) {
			snprintf(sub->tool[i], sizeof(sub->tool[i]), "%s/%s", dir, tool);
			there = access(sub->tool[i], X_OK) == 0;
		}
		free(path);
		if (!there)
			fail(0, "--map-auto: %s not found (it is in Debian's uidmap package)", tool);
	}
}

/* A child, still outside the namespace, waits for us to create it, then
 * runs newuidmap and newgidmap on our pid: only a process of the parent
 * namespace may write maps of other IDs than its own. Returns our end of
 * the pipe whose closing says "go". */
static int start_map_helper(const struct subids *sub, pid_t *helper)
{
	int go[2];
	pid_t parent = getpid();
	char c;

	if (pipe2(go, O_CLOEXEC) != 0 || (*helper = fork()) < 0)
		fail(errno, "--map-auto: cannot start the helper");
	if (*helper > 0) {
		close(go[0]);
		return go[1];
	}
	close(go[1]);
	if (read(go[0], &c, 1) != 0) /* EOF: the namespace exists */
		_exit(1);
	for (int i = 0; i < 2; i++) {
		char p[16], id[16], start[24], count[24];
		pid_t tool;
		int status;

		snprintf(p, sizeof(p), "%d", (int)parent);
		snprintf(id, sizeof(id), "%u", i ? (unsigned)sub->gid : (unsigned)sub->uid);
		snprintf(start, sizeof(start), "%lu", i ? sub->gid_start : sub->uid_start);
		snprintf(count, sizeof(count), "%lu", i ? sub->gid_count : sub->uid_count);
		if ((tool = fork()) == 0) {
			execl(sub->tool[i], sub->tool[i], p, "0", id, "1", "1", start, count, (char *)NULL);
			_exit(127);
		}
		if (tool < 0 || waitpid(tool, &status, 0) != tool || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			_exit(2 + i);
	}
	_exit(0);
}

static void finish_map_helper(int go, pid_t helper, const struct subids *sub)
{
	int status;

	close(go);
	if (waitpid(helper, &status, 0) != helper || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail(0, "--map-auto: %s failed (see its message above)",
		     WIFEXITED(status) && WEXITSTATUS(status) == 3 ? sub->tool[1] : sub->tool[0]);
	note("user namespace: created; uid_map '0 %u 1' and '1 %lu %lu', gid_map '0 %u 1' and '1 %lu %lu' "
	     "(newuidmap, newgidmap)",
	     (unsigned)sub->uid, sub->uid_start, sub->uid_count, (unsigned)sub->gid, sub->gid_start,
	     sub->gid_count);
}

static void write_file(int dir, const char *path, const char *text, bool missing_ok)
{
	int fd = openat(dir, path, O_WRONLY | O_CLOEXEC);
	ssize_t n = -1;

	if (fd >= 0) {
		n = write(fd, text, strlen(text));
		if (n < 0 || close(fd) != 0)
			n = -1;
	}
	if (n < 0 && !(missing_ok && errno == ENOENT)) {
		int err = errno;

		fail(err, "cannot write '%s' to %s%s", text, path, userns_cause(err));
	}
}

bool enter_userns(enum userns_mode mode, bool map_auto, struct idmap *ids)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	struct subids sub;
	pid_t helper = -1;
	int go = -1;
	char map[64];

	/* the caller's own IDs, not root: nothing can be real but its own */
	*ids = (struct idmap){1, 1, {{0, 0}}, {{0, 0}}};
	if (mode == USERNS_NEVER) {
		note("user namespace: not created (--userns=never)");
		return false;
	}
	if (mode == USERNS_AUTO && uid == 0 && have_cap_sys_admin() && !in_initial_userns()) {
		if (map_auto)
			warn("--map-auto: already root in a user namespace: its own map is used as it is "
			     "(--userns=always makes a new one)");
		return stay(ids, "already root with CAP_SYS_ADMIN in a non-initial user namespace");
	}
	/* Linux >= 5.12 lets uid 0 map itself only with CAP_SETFCAP, so that a
	 * namespaced file capability cannot outrank its own (a pod's runAsUser 0
	 * with drop ALL, bwrap --uid 0 --cap-drop ALL). As uid 0, it has what
	 * a namespace would give: stay. */
	if (uid == 0 && !map_auto && !have_cap(CAP_SETFCAP)) {
		if (mode == USERNS_ALWAYS)
			fail(0, "--userns=always: uid 0 without CAP_SETFCAP cannot map itself in a new user "
				"namespace (Linux >= 5.12); leave --userns=always out, and zeroroot stays in "
				"this one");
		return stay(ids, "uid 0 without CAP_SETFCAP cannot map itself in a new one (Linux >= 5.12)");
	}
	if (map_auto) {
		find_subids(uid, gid, &sub);
		go = start_map_helper(&sub, &helper);
	}
	if (unshare(CLONE_NEWUSER) != 0) {
		int err = errno;
		char why[512];

		/* Refused (a seccomp profile, a chroot, a sysctl), but already uid 0:
		 * a namespace would give no more. Stay. */
		if (mode == USERNS_AUTO && uid == 0 && !map_auto) {
			snprintf(why, sizeof(why), "unshare(2) refused (%s)%s", strerror(err),
				 userns_cause(err));
			return stay(ids, why);
		}
		fail(0,
		     "cannot create a user namespace: %s%s; with --userns=never the command runs as you, its "
		     "calls "
		     "faked but no IDs kept and no device placeholder made",
		     strerror(err), userns_cause(err));
	}
	if (helper > 0) {
		finish_map_helper(go, helper, &sub);
		read_idmap(ids);
		return true;
	}
	/* Unprivileged writers must deny setgroups before writing gid_map (Linux >= 3.19,
	 * CVE-2014-8989); the file is missing on older kernels. setgroups is faked anyway. */
	write_file(AT_FDCWD, "/proc/self/setgroups", "deny", true);
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	write_file(AT_FDCWD, "/proc/self/uid_map", map, false);
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	write_file(AT_FDCWD, "/proc/self/gid_map", map, false);
	note("user namespace: created; uid_map '0 %u 1', gid_map '0 %u 1', setgroups deny", (unsigned)uid,
	     (unsigned)gid);
	*ids = (struct idmap){1, 1, {{0, 0}}, {{0, 0}}};
	return true;
}

/* The IDs the namespace maps (inside), from /proc/self/uid_map and gid_map;
 * without /proc, root alone. */
void read_idmap(struct idmap *ids)
{
	static const char *const files[2] = {"/proc/self/uid_map", "/proc/self/gid_map"};

	*ids = (struct idmap){1, 1, {{0, 0}}, {{0, 0}}};
	for (int g = 0; g < 2; g++) {
		unsigned long inside, outside, count;
		unsigned n = 0;
		FILE *f = fopen(files[g], "re");

		while (f && n < MAX_RANGES && fscanf(f, "%lu %lu %lu", &inside, &outside, &count) == 3 &&
		       count) {
			uint64_t hi = (uint64_t)inside + count - 1;

			/* ID_UNCHANGED (-1) is never an ID: the initial namespace maps
			 * 0..2^32-2 */
			(g ? ids->gids : ids->uids)[n].lo = inside;
			(g ? ids->gids : ids->uids)[n++].hi = hi >= 0xffffffff ? 0xfffffffe : hi;
		}
		if (f)
			fclose(f);
		if (n)
			*(g ? &ids->n_gids : &ids->n_uids) = n;
	}
}

bool maps_ranges(const struct idmap *ids)
{
	return ids->n_uids > 1 || ids->uids[0].hi > ids->uids[0].lo || ids->n_gids > 1 ||
	       ids->gids[0].hi > ids->gids[0].lo;
}

/* ---- --root: a namespace below, in which the mounts hold ---- */

/* The ranges of PROC/self/FILE (uid_map, gid_map) in map, each onto itself,
 * as "0 0 1\n" for root alone; the number of IDs, 0 if unreadable. */
static uint64_t same_ids(int proc, const char *file, char *map, size_t size)
{
	char buf[16384];
	unsigned long inside, outside, count;
	uint64_t n = 0;
	size_t len = 0, got = 0;
	int fd = openat(proc, file, O_RDONLY | O_CLOEXEC), off = 0, used;
	ssize_t r = 0;

	while (fd >= 0 && got < sizeof(buf) - 1 && (r = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)r;
	if (fd >= 0)
		close(fd);
	if (fd < 0 || r != 0) /* unreadable, or longer than the kernel's 340 lines */
		return 0;
	buf[got] = '\0';
	map[0] = '\0';
	while (sscanf(buf + off, "%lu %lu %lu%n", &inside, &outside, &count, &used) == 3) {
		off += used;
		len += (size_t)snprintf(map + len, len < size ? size - len : 0, "%lu %lu %lu\n", inside,
					inside, count);
		n += count;
	}
	return len < size ? n : 0;
}

/* A child makes the namespace, and we join it once we have written its maps
 * from here. We cannot make it ourselves: the supervisor, which shares our
 * memory, has made it non-dumpable, so our /proc files belong to the initial
 * namespace's root and we could not write our own maps; and a map of ranges
 * needs a writer with CAP_SETUID (CAP_SETGID) in the namespace above. The
 * child, dumpable with memory of its own, sends its pid as /proc names it,
 * then waits for EOF on go. */
static pid_t start_nest_child(int proc, int *ready, int *go)
{
	int r[2], g[2];
	char pid[16] = "", c;
	pid_t child;

	if (pipe2(r, O_CLOEXEC) != 0 || pipe2(g, O_CLOEXEC) != 0 || (child = fork()) < 0)
		fail(errno, "--root: cannot start the process that makes the nested user namespace");
	if (child > 0) {
		close(r[1]);
		close(g[0]);
		*ready = r[0];
		*go = g[1];
		return child;
	}
	close(r[0]);
	close(g[1]);
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0 || readlinkat(proc, "self", pid, sizeof(pid) - 1) <= 0 ||
	    unshare(CLONE_NEWUSER) != 0)
		_exit(errno);
	if (write(r[1], pid, strlen(pid)) < 0 || read(g[0], &c, 1) != 0)
		_exit(EPIPE);
	_exit(0);
}

static void write_maps(int proc, const char *pid, const char *uids, const char *gids, bool single)
{
	char path[64];

	/* root alone: setgroups stays faked, and "deny" lets a writer without
	 * CAP_SETGID map its own gid, as in enter_userns(); ranges keep what
	 * this namespace has, for setgroups is real there */
	snprintf(path, sizeof(path), "%s/setgroups", pid);
	if (single)
		write_file(proc, path, "deny", true);
	snprintf(path, sizeof(path), "%s/uid_map", pid);
	write_file(proc, path, uids, false);
	snprintf(path, sizeof(path), "%s/gid_map", pid);
	write_file(proc, path, gids, false);
}

int nest_userns(int proc)
{
	static char uids[16384], gids[16384];
	uint64_t n_uids = same_ids(proc, "self/uid_map", uids, sizeof(uids));
	uint64_t n_gids = same_ids(proc, "self/gid_map", gids, sizeof(gids));
	int ready, go, ns = -1, err = 0, status = 0;
	char pid[16] = "", path[64];
	pid_t child;
	ssize_t n;

	if (!n_uids || !n_gids)
		return -1;
	if (n_uids >= 0xffffffffu) /* the initial namespace maps them all */
		return 0;
	child = start_nest_child(proc, &ready, &go);
	n = read(ready, pid, sizeof(pid) - 1);
	close(ready);
	if (n > 0) {
		write_maps(proc, pid, uids, gids, n_uids == 1 && n_gids == 1);
		snprintf(path, sizeof(path), "%s/ns/user", pid);
		ns = openat(proc, path, O_RDONLY | O_CLOEXEC);
		err = errno;
	}
	close(go);
	waitpid(child, &status, 0);
	if (n <= 0)
		fail(WIFEXITED(status) ? WEXITSTATUS(status) : 0,
		     "--root: cannot create the user namespace that keeps the mounts in place%s",
		     userns_cause(WIFEXITED(status) ? WEXITSTATUS(status) : 0));
	if (ns < 0 || setns(ns, CLONE_NEWUSER) != 0 || unshare(CLONE_NEWNS) != 0)
		fail(ns < 0 ? err : errno, "--root: cannot enter the user namespace that keeps the mounts in "
					   "place");
	close(ns);
	return 1;
}
