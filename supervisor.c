/*
 * supervisor.c: ID consistency and --trace. A process forked before the filter
 * exists answers the calls the filter hands over (SECCOMP_RET_USER_NOTIF):
 * set*id and setgroups update a record of fake credentials per process, the
 * get*id family reads it back, and with --trace every faked call is logged.
 * Like crun's seccomp code it returns errors instead of dying: one bad request
 * must not kill a build. It lives until no process uses the filter, so that
 * daemons started by package scripts still get answers.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64 /* 32-bit ABIs: /proc/PID/mem offsets are addresses above 2 GiB */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/seccomp.h>

#include "zeroroot.h"

#define KEEP 0xffffffffu /* -1: "leave this ID as it is" */
#define MAX_GROUPS 65536 /* NGROUPS_MAX */

/* Fake credentials of one process (thread group): real, effective, saved, fs. */
struct record {
	pid_t tgid;
	int pidfd; /* readable once the process has exited: the record goes */
	uint32_t uid[4], gid[4];
	uint32_t *groups;
	unsigned n_groups;
	bool cap_setuid, cap_setgid; /* the effective capabilities set*id checks */
};

static struct record *records;
static unsigned n_records;
static pid_t command; /* zeroroot's pid, then the command's: no ancestor above it has a record */
static int trace_fd = -1;
static unsigned long counts[512]; /* calls answered, per fake_syscalls line */
static const struct fake_syscall *counted[512];

/* ---- /proc ---- */

/* /proc/TID/status of a thread, NUL-terminated, into buf; -1 if unreadable. */
static int proc_status(pid_t tid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* Tgid, PPid and the kernel's Uid/Gid/Groups lines of a thread, from /proc. */
static int read_status(pid_t tid, pid_t *tgid, pid_t *ppid, struct record *truth)
{
	char buf[4096], *line;

	if (proc_status(tid, buf, sizeof(buf)) != 0)
		return -1;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (sscanf(line, "Tgid: %d", tgid) == 1 || sscanf(line, "PPid: %d", ppid) == 1)
			continue;
		if (truth && sscanf(line, "Uid: %u %u %u %u", &truth->uid[0], &truth->uid[1], &truth->uid[2],
				    &truth->uid[3]) == 4)
			continue;
		if (truth && sscanf(line, "Gid: %u %u %u %u", &truth->gid[0], &truth->gid[1], &truth->gid[2],
				    &truth->gid[3]) == 4)
			continue;
		if (truth && strncmp(line, "Groups:", 7) == 0) {
			char *p = line + 7, *end;

			truth->n_groups = 0;
			truth->groups = malloc(sizeof(buf) / 2 * sizeof(uint32_t)); /* more than the line holds */
			while (truth->groups) {
				unsigned long g = strtoul(p, &end, 10);

				if (end == p)
					break;
				truth->groups[truth->n_groups++] = g;
				p = end;
			}
		}
	}
	return 0;
}

/* /proc/PID/mem of the caller, opened only while the request is still live:
 * between RECV and open the caller may have died and its pid been reused. */
static int open_mem(int listener, const struct seccomp_notif *req)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", req->pid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd >= 0 && ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* A NUL-terminated string from the caller. Returns 0, or -EFAULT or
 * -ENAMETOOLONG as the kernel would, with buf "?". */
static long read_string(int mem, uint64_t addr, char *buf, size_t size)
{
	size_t got = 0;

	while (got + 1 < size) {
		/* read no further than the end of the page: the next may be unmapped */
		size_t chunk = 4096 - ((addr + got) % 4096);
		ssize_t n = pread(mem, buf + got, chunk < size - 1 - got ? chunk : size - 1 - got, addr + got);

		if (n <= 0)
			break;
		if (memchr(buf + got, '\0', n))
			return 0;
		got += n;
	}
	snprintf(buf, size, "?");
	return got + 1 < size ? -EFAULT : -ENAMETOOLONG;
}

/* ---- records ---- */

static struct record *find_record(pid_t tgid)
{
	for (unsigned i = 0; i < n_records; i++)
		if (records[i].tgid == tgid)
			return &records[i];
	return NULL;
}

static void drop_record(unsigned i)
{
	close(records[i].pidfd);
	free(records[i].groups);
	records[i] = records[--n_records];
}

/* The record that applies to a thread: its process's, else the nearest live
 * ancestor's (children inherit across fork and exec), else none: the kernel's
 * answer stands. */
static struct record *lookup(pid_t tid, pid_t *tgid_out)
{
	pid_t tgid = 0, ppid = 0, pid = tid;

	if (read_status(tid, &tgid, &ppid, NULL) != 0)
		return NULL;
	*tgid_out = tgid;
	for (int depth = 0; depth < 256 && tgid > 1; depth++) {
		struct record *r = find_record(tgid);

		if (r)
			return r;
		if (tgid == command)
			break;
		pid = ppid;
		if (read_status(pid, &tgid, &ppid, NULL) != 0)
			break;
	}
	return NULL;
}

/* A record of the caller's own, made from what applies to it now. */
static struct record *own_record(pid_t tid)
{
	pid_t tgid = 0, ppid = 0;
	struct record *from = lookup(tid, &tgid), fresh = {0}, *grown;
	int pidfd;

	if (from && from->tgid == tgid)
		return from;
	if (tgid <= 0 || (pidfd = syscall(SYS_pidfd_open, tgid, 0)) < 0)
		return NULL;
	if (from) {
		fresh = *from;
		fresh.groups = malloc((from->n_groups + 1) * sizeof(uint32_t));
		if (fresh.groups)
			memcpy(fresh.groups, from->groups, from->n_groups * sizeof(uint32_t));
	} else if (read_status(tid, &tgid, &ppid, &fresh) != 0) {
		fresh.groups = NULL;
	}
	grown = fresh.groups ? reallocarray(records, n_records + 1, sizeof(*records)) : NULL;
	if (!grown) {
		free(fresh.groups);
		close(pidfd);
		return NULL;
	}
	records = grown;
	if (!from) /* root: both capabilities, as the kernel gives uid 0 */
		fresh.cap_setuid = fresh.cap_setgid = fresh.uid[1] == 0;
	fresh.tgid = tgid;
	fresh.pidfd = pidfd;
	records[n_records] = fresh;
	return &records[n_records++];
}

/* ---- credentials(7), for a process whose fake euid decides its privilege ---- */

static bool one_of(uint32_t v, const uint32_t *id, int n)
{
	for (int i = 0; i < n; i++)
		if (id[i] == v)
			return true;
	return false;
}

/* Apply set{,re,res,fs}[ug]id to id[4]; returns 0, -errno, or for setfs*id the old value. */
static long apply_set(const char *op, uint32_t *id, const uint64_t *a, bool priv)
{
	uint32_t old[4], x = a[0], y = a[1];

	memcpy(old, id, sizeof(old));
	if (strncmp(op, "fs", 2) == 0) { /* never fails: returns the old fsuid */
		if (x != KEEP && (priv || one_of(x, old, 4)))
			id[3] = x;
		return old[3];
	}
	if (op[0] == '\0') { /* setuid */
		if (x == KEEP)
			return -EINVAL;
		if (priv)
			id[0] = id[1] = id[2] = id[3] = x;
		else if (x == old[0] || x == old[2])
			id[1] = id[3] = x;
		else
			return -EPERM;
		return 0;
	}
	if (strcmp(op, "re") == 0) {
		if ((x != KEEP && !priv && !one_of(x, old, 2)) || (y != KEEP && !priv && !one_of(y, old, 3)))
			return -EPERM;
		id[0] = x != KEEP ? x : old[0];
		id[1] = y != KEEP ? y : old[1];
		if (x != KEEP || (y != KEEP && y != old[0]))
			id[2] = id[1];
		id[3] = id[1];
		return 0;
	}
	/* res */
	for (int i = 0; i < 3; i++)
		if (a[i] != KEEP && !priv && !one_of(a[i], old, 3))
			return -EPERM;
	for (int i = 0; i < 3; i++)
		if ((uint32_t)a[i] != KEEP)
			id[i] = a[i];
	id[3] = id[1];
	return 0;
}

/* ---- one request ---- */

struct answer {
	long val;      /* returned value, or -errno */
	bool proceed;  /* let the kernel run the call (SECCOMP_USER_NOTIF_FLAG_CONTINUE) */
	char args[320]; /* decoded, for the trace */
	const char *note; /* for the trace, after the result */
};

/* 16-bit IDs (setuid, getuid... where setuid32 exists): -1 is 0xffff, and IDs
 * above 65535 read back as the overflow ID, as the kernel's high2lowuid does. */
static uint64_t widen(uint64_t v, bool id16)
{
	v &= id16 ? 0xffff : 0xffffffff;
	return id16 && v == 0xffff ? KEEP : v;
}

static uint32_t narrow(uint32_t v, bool id16)
{
	return id16 && v > 0xffff ? 65534 : v;
}

static void answer_ids(int listener, const struct seccomp_notif *req, const struct fake_syscall *f,
		       struct answer *ans)
{
	bool id16 = takes_16bit_ids(f), gid = strstr(f->name, "gid") != NULL;
	const char *name = f->name;
	size_t esz = id16 ? 2 : 4;
	uint64_t a[3];
	pid_t tgid = 0;
	struct record *r;

	for (int i = 0; i < 3; i++)
		a[i] = widen(req->data.args[i], id16);
	if (f->getter) {
		unsigned char buf[3 * 4];
		int mem;

		r = n_records ? lookup(req->pid, &tgid) : NULL;
		if (!r) {
			ans->proceed = true; /* never changed: the kernel's own answer is right */
			return;
		}
		if (r->tgid != tgid && !(r = own_record(req->pid))) {
			/* an ancestor's: copied, so that it outlives the ancestor */
			ans->val = -ENOMEM;
			return;
		}
		if (strncmp(name, "getres", 6) == 0 || strncmp(name, "getgroups", 9) == 0) {
			bool groups = name[3] == 'g';
			unsigned n = groups ? r->n_groups : 3;
			uint64_t size = req->data.args[0] & 0xffffffff;

			if (groups && size == 0) {
				ans->val = n;
				return;
			}
			if (groups && (size < n || size > MAX_GROUPS)) {
				ans->val = -EINVAL;
				return;
			}
			if ((mem = open_mem(listener, req)) < 0) {
				ans->val = -ESRCH;
				return;
			}
			ans->val = groups ? (long)n : 0;
			for (unsigned i = 0; i < n && ans->val >= 0; i++) {
				uint32_t v = narrow(groups ? r->groups[i] : (gid ? r->gid : r->uid)[i], id16);
				uint16_t v16 = v;
				uint64_t at = groups ? req->data.args[1] + i * esz : req->data.args[i];

				memcpy(buf, id16 ? (void *)&v16 : (void *)&v, esz);
				if (pwrite(mem, buf, esz, at) != (ssize_t)esz)
					ans->val = -EFAULT; /* a bad pointer: tell the caller, never crash */
			}
			close(mem);
			snprintf(ans->args, sizeof(ans->args), groups ? "%u, [%u groups]" : "[%u, %u, %u]",
				 groups ? (unsigned)size : narrow((gid ? r->gid : r->uid)[0], id16),
				 groups ? n : narrow((gid ? r->gid : r->uid)[1], id16),
				 narrow((gid ? r->gid : r->uid)[2], id16));
			return;
		}
		/* getuid, geteuid, getgid, getegid */
		ans->val = narrow((gid ? r->gid : r->uid)[name[3] == 'e' ? 1 : 0], id16);
		return;
	}
	r = own_record(req->pid);
	if (!r) {
		ans->val = -ENOMEM;
		return;
	}
	if (strncmp(name, "setgroups", 9) == 0) {
		uint64_t size = req->data.args[0] & 0xffffffff;
		uint32_t *list = NULL;
		int mem = -1;

		snprintf(ans->args, sizeof(ans->args), "%u, [...]", (unsigned)size);
		if (!r->cap_setgid)
			ans->val = -EPERM; /* CAP_SETGID went with the fake euid 0 */
		else if (size > MAX_GROUPS)
			ans->val = -EINVAL;
		else if (!(list = calloc(size + 1, sizeof(uint32_t))))
			ans->val = -ENOMEM;
		else if (size && (mem = open_mem(listener, req)) < 0)
			ans->val = -ESRCH;
		for (unsigned i = 0; list && ans->val == 0 && i < size; i++) {
			uint32_t v = 0;

			if (pread(mem, &v, esz, req->data.args[1] + i * esz) != (ssize_t)esz)
				ans->val = -EFAULT;
			list[i] = id16 ? (uint32_t)widen(v, true) : v;
		}
		if (mem >= 0)
			close(mem);
		if (ans->val == 0) {
			free(r->groups);
			r->groups = list;
			r->n_groups = size;
		} else {
			free(list);
		}
		return;
	}
	if (strcmp(name, "capset") == 0) {
		/* capset is faked, but the effective CAP_SETUID and CAP_SETGID it asks
		 * for decide what later set*id calls may do (header, then data[0]) */
		uint32_t hdr[2] = {0}, data[3] = {0};
		int mem = open_mem(listener, req);

		ans->val = 0;
		if (mem >= 0 && pread(mem, hdr, sizeof(hdr), req->data.args[0]) == sizeof(hdr) &&
		    (hdr[0] == 0x19980330 || hdr[0] == 0x20071026 || hdr[0] == 0x20080522) &&
		    pread(mem, data, sizeof(data), req->data.args[1]) == sizeof(data)) {
			r->cap_setuid = data[0] & (1u << 7);
			r->cap_setgid = data[0] & (1u << 6);
		}
		if (mem >= 0)
			close(mem);
		snprintf(ans->args, sizeof(ans->args), "effective 0x%x", data[0]);
		return;
	}
	/* set{,re,res,fs}{u,g}id: what follows "set" and precedes "uid"/"gid" */
	{
		char op[8] = {0};
		const char *id = strstr(name + 3, gid ? "gid" : "uid");
		size_t len = id ? (size_t)(id - name - 3) : 0;

		memcpy(op, name + 3, len < sizeof(op) ? len : sizeof(op) - 1);
		if (strcmp(op, "res") == 0)
			snprintf(ans->args, sizeof(ans->args), "%d, %d, %d", (int)a[0], (int)a[1], (int)a[2]);
		else if (strcmp(op, "re") == 0)
			snprintf(ans->args, sizeof(ans->args), "%d, %d", (int)a[0], (int)a[1]);
		else
			snprintf(ans->args, sizeof(ans->args), "%d", (int)a[0]);
		uint32_t old_euid = r->uid[1];

		ans->val = apply_set(op, gid ? r->gid : r->uid, a, gid ? r->cap_setgid : r->cap_setuid);
		/* as the kernel does: leaving euid 0 clears the effective capabilities,
		 * returning to it restores them */
		if (!gid && old_euid == 0 && r->uid[1] != 0)
			r->cap_setuid = r->cap_setgid = false;
		else if (!gid && old_euid != 0 && r->uid[1] == 0)
			r->cap_setuid = r->cap_setgid = true;
	}
}

static const char *file_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFCHR: return "S_IFCHR";
	case S_IFBLK: return "S_IFBLK";
	case S_IFIFO: return "S_IFIFO";
	case S_IFSOCK: return "S_IFSOCK";
	default: return "S_IFREG";
	}
}

/* The caller's umask (Linux >= 4.7 shows it in /proc/PID/status), or -1. */
static int caller_umask(pid_t pid)
{
	char buf[4096], *at;
	unsigned mask;

	if (proc_status(pid, buf, sizeof(buf)) != 0)
		return -1;
	at = strstr(buf, "\nUmask:");
	return at && sscanf(at, "\nUmask: %o", &mask) == 1 ? (int)(mask & 0777) : -1;
}

/*
 * No device node can be made, but what comes next must work: mknod(1) -m
 * chmods the node it made, rpm opens it, debootstrap's scripts write to its
 * dev/null. So leave what fakeroot leaves: an empty regular file with the
 * requested permissions, created as the caller itself would create it: under
 * its root (chroot into /proc/PID/root, so that ".." and absolute symlinks
 * stay inside), from its working directory or dirfd, with its umask, and
 * with the same real credentials, since the supervisor shares them. Returns
 * 0 or -errno of that real creation, or 1 if it could not be tried (then the
 * caller is told 0 and nothing is made, as in pure mode).
 */
static long make_placeholder(int listener, const struct seccomp_notif *req, int dirfd, const char *path,
			     uint32_t mode)
{
	static int own_root = -1;
	char p[64];
	int root, dir = -1, mask = caller_umask(req->pid);
	long r = 1;

	if (own_root < 0)
		own_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	snprintf(p, sizeof(p), "/proc/%d/root", req->pid);
	root = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (path[0] != '/') {
		if (dirfd == AT_FDCWD)
			snprintf(p, sizeof(p), "/proc/%d/cwd", req->pid);
		else
			snprintf(p, sizeof(p), "/proc/%d/fd/%d", req->pid, dirfd);
		dir = open(p, O_PATH | O_CLOEXEC);
		if (dir < 0 && dirfd != AT_FDCWD && errno == ENOENT)
			r = -EBADF; /* the caller holds no such descriptor */
	}
	/* the descriptors must be the caller's, not those of a reused pid */
	if (r == 1 && root >= 0 && own_root >= 0 && mask >= 0 && (path[0] == '/' || dir >= 0) &&
	    ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) == 0 && fchdir(root) == 0 && chroot(".") == 0) {
		mode_t old = umask(mask);

		r = mknodat(path[0] == '/' ? AT_FDCWD : dir, path, S_IFREG | (mode & 07777), 0) == 0 ? 0 : -errno;
		umask(old);
		if (fchdir(own_root) != 0 || chroot(".") != 0)
			_exit(1); /* cannot happen; never serve from the caller's root */
	}
	if (root >= 0)
		close(root);
	if (dir >= 0)
		close(dir);
	return r;
}

/* chown family, mknod of devices, capset: faked; with --trace, decoded. In
 * ID mode a device mknod leaves a placeholder. */
static void answer_fake(int listener, const struct seccomp_notif *req, const struct fake_syscall *f,
			unsigned mode, struct answer *ans)
{
	const __u64 *a = req->data.args;
	bool at = strstr(f->name, "at") != NULL && strcmp(f->name, "capset") != 0;
	bool device = f->mode_arg > 0;
	int path_arg = at ? 1 : 0;
	char path[PATH_MAX] = "?", dir[32] = "";
	long readable = -EFAULT;
	int mem;

	ans->val = 0;
	if (trace_fd < 0 && !(device && (mode & ZR_IDS)))
		return;
	if (strncmp(f->name, "fchown", 6) == 0 && !at) {
		snprintf(ans->args, sizeof(ans->args), "%d, %d, %d", (int)a[0], (int)a[1], (int)a[2]);
		return;
	}
	if (strcmp(f->name, "capset") == 0) {
		snprintf(ans->args, sizeof(ans->args), "0x%llx, 0x%llx", (unsigned long long)a[0],
			 (unsigned long long)a[1]);
		return;
	}
	mem = open_mem(listener, req);
	if (mem >= 0) {
		readable = read_string(mem, a[path_arg], path, sizeof(path));
		close(mem);
	}
	if (at)
		snprintf(dir, sizeof(dir), (int)a[0] == AT_FDCWD ? "AT_FDCWD, " : "%d, ", (int)a[0]);
	if (device) {
		uint32_t m = a[path_arg + 1], dev = a[path_arg + 2];
		long made = 1;

		/* a caller whose memory cannot be read is answered as in pure mode */
		if ((mode & ZR_IDS) && mem >= 0) {
			made = readable < 0 ? readable
					    : make_placeholder(listener, req, at ? (int)a[0] : AT_FDCWD, path, m);
			ans->val = made > 0 ? 0 : made;
			ans->note = made == 0 ? " (an empty regular file was made)" : "";
		}
		snprintf(ans->args, sizeof(ans->args), "%s\"%.200s\", %s|0%o, %u:%u", dir, path, file_type(m),
			 m & 07777, (dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00));
	} else {
		snprintf(ans->args, sizeof(ans->args), "%s\"%.200s\", %d, %d", dir, path, (int)a[path_arg + 1],
			 (int)a[path_arg + 2]);
	}
}

static void count(const struct fake_syscall *f)
{
	for (unsigned i = 0; i < sizeof(counted) / sizeof(counted[0]); i++)
		if (counted[i] == f || !counted[i]) {
			counted[i] = f;
			counts[i]++;
			return;
		}
}

static void handle(int listener, unsigned mode)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	struct answer ans = {0};
	const struct fake_syscall *f;

	memset(&req, 0, sizeof(req));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) {
		if (errno == EINTR || errno == ENOENT)
			return; /* the caller is already gone: normal */
		_exit(1); /* not a listener at all: zeroroot failed and exits 125 */
	}
	f = find_syscall(req.data.arch, req.data.nr);
	if (!f)
		ans.val = -ENOSYS; /* the filter hands over only table lines */
	else if ((mode & ZR_IDS) && (f->getter || strncmp(f->name, "set", 3) == 0 || strcmp(f->name, "capset") == 0))
		answer_ids(listener, &req, f, &ans);
	else
		answer_fake(listener, &req, f, mode, &ans);
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	if (ans.proceed)
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else if (ans.val < 0)
		resp.error = ans.val;
	else
		resp.val = ans.val;
	/* the trace line is written before the caller continues: a short command
	 * may exit, and its reader finish, as soon as it has the answer */
	if (trace_fd >= 0 && !ans.proceed && f)
		dprintf(trace_fd, "zeroroot: trace: %d %s(%s) = %ld%s%s%s\n", req.pid, f->name, ans.args,
			ans.val < 0 ? -1 : ans.val, ans.val < 0 ? " " : "", ans.val < 0 ? strerrorname_np(-ans.val) : "",
			ans.note ? ans.note : "");
	/* ENOENT: the caller died or was interrupted meanwhile; nothing to answer */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) != 0 || ans.proceed || !f)
		return;
	count(f);
}

static void print_summary(void)
{
	char line[4096] = "";
	size_t len = 0;

	for (unsigned i = 0; i < sizeof(counted) / sizeof(counted[0]) && counted[i]; i++)
		len += snprintf(line + len, len < sizeof(line) ? sizeof(line) - len : 0, "%s%s %lu",
				len ? ", " : "", counted[i]->name, counts[i]);
	fprintf(stderr, "zeroroot: answered by the supervisor: %s\n", len ? line : "nothing");
}

/* ---- life cycle ---- */

/* The supervisor's loop: until no process uses the filter (POLLHUP, Linux >=
 * 5.8). The command's exit, seen through a pidfd, triggers the -v summary. */
static void __attribute__((noreturn)) serve(int listener, unsigned mode)
{
	int cmd_fd = syscall(SYS_pidfd_open, command, 0);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	for (;;) {
		struct pollfd *p = calloc(n_records + 2, sizeof(*p));
		unsigned n = 0;

		if (!p)
			_exit(1);
		for (unsigned i = 0; i < n_records; i++)
			p[n++] = (struct pollfd){records[i].pidfd, POLLIN, 0};
		p[n++] = (struct pollfd){cmd_fd, POLLIN, 0};
		p[n++] = (struct pollfd){listener, POLLIN, 0};
		if (poll(p, n, -1) < 0 && errno != EINTR)
			_exit(1);
		/* exits first: a pid reused by a new process must not find the old record */
		for (unsigned i = n_records; i-- > 0;)
			if (p[i].revents)
				drop_record(i);
		/* the last user gone (POLLHUP) may be seen before the command's exit */
		if (cmd_fd >= 0 && (p[n - 2].revents || (p[n - 1].revents & (POLLHUP | POLLERR)))) {
			if (verbose)
				print_summary();
			if (trace_fd != STDERR_FILENO) /* let pipes on stderr see EOF */
				dup2(null, STDERR_FILENO);
			close(cmd_fd);
			cmd_fd = -1;
		}
		if (p[n - 1].revents & POLLIN)
			handle(listener, mode);
		else if (p[n - 1].revents & (POLLHUP | POLLERR))
			_exit(0);
		free(p);
	}
}

/* Close every descriptor but the ones the supervisor needs: an inherited pipe
 * held open here would keep the caller's reader waiting for EOF. */
static void close_other_fds(int keep1, int keep2)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int fds[1024], n = 0;

	while (d && (e = readdir(d)) && n < 1024) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] != '.' && fd > 2 && fd != keep1 && fd != keep2 && fd != dirfd(d))
			fds[n++] = fd;
	}
	if (d)
		closedir(d);
	while (n > 0)
		close(fds[--n]);
}

/* One byte carrying one descriptor (SCM_RIGHTS): the listener's way over. */
struct fd_message {
	char byte;
	struct iovec iov;
	struct msghdr msg;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
};

static struct msghdr *fd_message(struct fd_message *m)
{
	memset(m, 0, sizeof(*m));
	m->iov = (struct iovec){&m->byte, 1};
	m->msg = (struct msghdr){.msg_iov = &m->iov, .msg_iovlen = 1, .msg_control = m->control.buf,
				 .msg_controllen = sizeof(m->control.buf)};
	return &m->msg;
}

/* Fork the supervisor, twice so that it is nobody's child: the command keeps
 * zeroroot's pid and never reaps it. Returns our end of the socket on which
 * the listener is handed over. */
int start_supervisor(unsigned mode, int trace)
{
	pid_t pid;
	int sv[2], status;

	command = getpid();
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		fail(errno, "cannot create the supervisor's socket");
	pid = fork();
	if (pid < 0)
		fail(errno, "cannot fork the supervisor");
	if (pid == 0) {
		struct fd_message m;
		struct msghdr *msg = fd_message(&m);
		int listener = -1, null = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (fork() != 0)
			_exit(0);
		setsid(); /* no terminal: ^C and ^Z are for the command */
		if (chdir("/") != 0) /* as a daemon: pin no directory of the user's */
			_exit(0);
		signal(SIGPIPE, SIG_IGN);
		close(sv[0]);
		trace_fd = trace;
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (!verbose && trace != STDERR_FILENO)
			dup2(null, STDERR_FILENO);
		close_other_fds(sv[1], trace);
		if (recvmsg(sv[1], msg, 0) > 0 && CMSG_FIRSTHDR(msg))
			memcpy(&listener, CMSG_DATA(CMSG_FIRSTHDR(msg)), sizeof(int));
		close(sv[1]);
		if (listener < 0)
			_exit(0); /* zeroroot fell back to pure mode, or failed */
		serve(listener, mode);
	}
	close(sv[1]);
	if (waitpid(pid, &status, 0) != pid)
		fail(errno, "cannot wait for the supervisor to start");
	return sv[0];
}

void hand_over_listener(int sock, int listener)
{
	struct fd_message m;
	struct msghdr *msg = fd_message(&m);
	struct cmsghdr *c = CMSG_FIRSTHDR(msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &listener, sizeof(int));
	if (sendmsg(sock, msg, 0) != 1)
		fail(errno, "cannot hand the seccomp listener to the supervisor");
	close(listener);
	close(sock);
}
