/*
 * caller.c: reading and writing the process whose call the supervisor
 * answers, and making files in its place.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <linux/stat.h>
#include <sys/sysmacros.h>

#include "caller.h"

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

/* The value after "\nName:" in a status buffer, or NULL. */
static const char *status_field(const char *buf, const char *name)
{
	const char *at = strstr(buf, name);

	return at ? at + strlen(name) : NULL;
}

static void parse_groups(const char *p, struct creds *truth)
{
	char *end;

	truth->n_groups = 0;
	truth->groups = malloc(4096 / 2 * sizeof(uint32_t)); /* more than the line holds */
	while (truth->groups) {
		unsigned long g = strtoul(p, &end, 10);

		if (end == p || *end == '\n' || !*end) {
			if (end != p)
				truth->groups[truth->n_groups++] = g;
			break;
		}
		truth->groups[truth->n_groups++] = g;
		p = end;
	}
}

int read_status(pid_t tid, pid_t *tgid, pid_t *ppid, struct creds *truth)
{
	char buf[4096];
	const char *v;

	if (proc_status(tid, buf, sizeof(buf)) != 0)
		return -1;
	if (!(v = status_field(buf, "\nTgid:")) || sscanf(v, "%d", tgid) != 1 ||
	    !(v = status_field(buf, "\nPPid:")) || sscanf(v, "%d", ppid) != 1)
		return -1;
	if (!truth)
		return 0;
	if (!(v = status_field(buf, "\nUid:")) ||
	    sscanf(v, "%u %u %u %u", &truth->uid[0], &truth->uid[1], &truth->uid[2], &truth->uid[3]) != 4 ||
	    !(v = status_field(buf, "\nGid:")) ||
	    sscanf(v, "%u %u %u %u", &truth->gid[0], &truth->gid[1], &truth->gid[2], &truth->gid[3]) != 4 ||
	    !(v = status_field(buf, "\nGroups:")))
		return -1;
	parse_groups(v, truth);
	return 0;
}

int read_caps(pid_t tid, uint64_t caps[3])
{
	static const char *const names[3] = {"\nCapInh:", "\nCapPrm:", "\nCapEff:"};
	char buf[4096];
	const char *v;

	if (proc_status(tid, buf, sizeof(buf)) != 0)
		return -ESRCH;
	for (int i = 0; i < 3; i++) {
		unsigned long long c;

		if (!(v = status_field(buf, names[i])) || sscanf(v, "%llx", &c) != 1)
			return -ESRCH;
		caps[i] = c;
	}
	return 0;
}

/* ---- memory ---- */

/* Is [addr, addr + n) inside mappings of pid that are writable? The kernel's
 * process_vm_writev refuses a write a page's protection forbids;
 * /proc/PID/mem would write it all the same (FOLL_FORCE): this check stands
 * in for that refusal. */
static bool writable(pid_t pid, uint64_t addr, size_t n)
{
	unsigned long long lo, hi;
	char path[64], line[512], perms[8];
	uint64_t at = addr;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	if (!(f = fopen(path, "re")))
		return false;
	while (at < addr + n && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx-%llx %7s", &lo, &hi, perms) == 3 && at >= lo && at < hi) {
			if (perms[1] != 'w')
				break;
			at = hi;
		}
	fclose(f);
	return at >= addr + n;
}

/* Through /proc/PID/mem: where a seccomp profile refuses process_vm_readv
 * and process_vm_writev (Docker's, to a process without CAP_SYS_PTRACE). */
static long transfer_mem(pid_t pid, uint64_t addr, void *buf, size_t n, bool write)
{
	char path[64];
	ssize_t done;
	int fd;

	if (write && !writable(pid, addr, n))
		return -EFAULT;
	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	if ((fd = open(path, (write ? O_WRONLY : O_RDONLY) | O_CLOEXEC)) < 0)
		return errno == ENOENT || errno == ESRCH ? -ESRCH : -EFAULT;
	done = write ? pwrite(fd, buf, n, (off_t)addr) : pread(fd, buf, n, (off_t)addr);
	close(fd);
	return done == (ssize_t)n ? 0 : -EFAULT;
}

static long transfer(pid_t pid, uint64_t addr, void *buf, size_t n, bool write)
{
	static bool vm_refused; /* by a seccomp profile: use /proc/PID/mem */
	struct iovec local = {buf, n}, remote = {(void *)(uintptr_t)addr, n};
	ssize_t done;

	if ((uint64_t)(uintptr_t)addr != addr)
		return -EFAULT; /* beyond what this supervisor's pointers hold */
	if (vm_refused)
		return transfer_mem(pid, addr, buf, n, write);
	done = write ? process_vm_writev(pid, &local, 1, &remote, 1, 0)
		     : process_vm_readv(pid, &local, 1, &remote, 1, 0);
	if (done == (ssize_t)n)
		return 0;
	if (done < 0 && (errno == ENOSYS || errno == EPERM) && transfer_mem(pid, addr, buf, n, write) == 0) {
		vm_refused = true;
		return 0;
	}
	return done < 0 && errno == ESRCH ? -ESRCH : -EFAULT;
}

long read_mem(pid_t pid, uint64_t addr, void *buf, size_t n)
{
	return transfer(pid, addr, buf, n, false);
}

long write_mem(pid_t pid, uint64_t addr, const void *buf, size_t n)
{
	return transfer(pid, addr, (void *)buf, n, true);
}

long read_string(pid_t pid, uint64_t addr, char *buf, size_t size)
{
	size_t got = 0;

	while (got < size) {
		/* read no further than the end of the page: the next may be unmapped */
		size_t chunk = 4096 - ((addr + got) % 4096);

		chunk = chunk < size - got ? chunk : size - got;
		if (read_mem(pid, addr + got, buf + got, chunk) != 0)
			break;
		if (memchr(buf + got, '\0', chunk))
			return 0;
		got += chunk;
	}
	if (size >= 2)
		memcpy(buf, "?", 2);
	return got < size ? -EFAULT : -ENAMETOOLONG;
}

long read_ids(pid_t pid, uint64_t addr, uint32_t *ids, unsigned n, size_t width)
{
	for (unsigned i = 0; i < n; i++) {
		uint32_t v = 0;

		if (read_mem(pid, addr + i * width, &v, width) != 0)
			return -EFAULT;
		ids[i] = width == 2 ? (uint16_t)v : v;
	}
	return 0;
}

long write_ids(pid_t pid, uint64_t addr, const uint32_t *ids, unsigned n, size_t width)
{
	for (unsigned i = 0; i < n; i++) {
		uint16_t v16 = ids[i];

		if (write_mem(pid, addr + i * width, width == 2 ? (const void *)&v16 : (const void *)&ids[i],
			      width) != 0)
			return -EFAULT; /* a bad pointer: tell the caller, never crash */
	}
	return 0;
}

/* ---- files made as the caller ---- */

/* The caller's umask, effective capabilities and self-confinement, from its
 * /proc status (Umask: Linux >= 4.7, Seccomp_filters: >= 5.9). */
struct confinement {
	unsigned umask;
	uint64_t cap_eff;
	unsigned no_new_privs, filters;
};

static int read_confinement(pid_t pid, struct confinement *c)
{
	char buf[4096];
	const char *u = NULL, *e = NULL, *n = NULL, *f = NULL;

	if (proc_status(pid, buf, sizeof(buf)) != 0 || !(u = status_field(buf, "\nUmask:")) ||
	    !(e = status_field(buf, "\nCapEff:")) || !(n = status_field(buf, "\nNoNewPrivs:")))
		return -ESRCH;
	f = status_field(buf, "\nSeccomp_filters:");
	c->filters = 0;
	if (sscanf(u, "%o", &c->umask) != 1 || sscanf(e, "%lx", (unsigned long *)&c->cap_eff) != 1 ||
	    sscanf(n, "%u", &c->no_new_privs) != 1 || (f && sscanf(f, "%u", &c->filters) != 1))
		return -ESRCH;
	return 0;
}

/* Take the caller's user namespace if it has one of its own (below ours). */
static int join_userns(pid_t pid)
{
	char path[64];
	struct stat ours, theirs;
	int fd, r = 0;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &theirs) != 0 ||
	    stat("/proc/self/ns/user", &ours) != 0)
		r = -ESRCH;
	else if (theirs.st_ino != ours.st_ino && setns(fd, CLONE_NEWUSER) != 0)
		r = -errno;
	if (fd >= 0)
		close(fd);
	return r;
}

/* Only the caller's effective capabilities, in every set: what it could do. */
static int take_capabilities(uint64_t eff)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2] = {{(uint32_t)eff, (uint32_t)eff, 0},
						 {(uint32_t)(eff >> 32), (uint32_t)(eff >> 32), 0}};

	return syscall(SYS_capset, &hdr, data) == 0 ? 0 : -errno;
}

/* The directory the path's last component lives in, resolved as the caller
 * would, except that magic links (/proc/self/fd/N, /proc/self/cwd: they would
 * name this process, not the caller) are refused: -EXDEV then. */
static int open_parent(int dirfd, const char *path, const char **base)
{
	/* dirfd the caller's root, for an absolute path: resolved as if it were "/" */
	struct open_how how = {.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
			       .resolve = RESOLVE_NO_MAGICLINKS |
					  (path[0] == '/' && dirfd != AT_FDCWD ? RESOLVE_IN_ROOT : 0)};
	const char *slash = strrchr(path, '/');
	char dir[4096];
	int fd, err;

	*base = slash ? slash + 1 : path;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	fd = syscall(SYS_openat2, dirfd, dir, &how, sizeof(how));
	if (fd >= 0 || errno != ELOOP)
		return fd >= 0 ? fd : -errno;
	/* ELOOP: a magic link, or a real loop of symlinks? Only a loop gives
	 * ELOOP when magic links may be followed (the result, whatever it is,
	 * names what this process holds, not the caller: it is not used). */
	how.resolve &= ~(uint64_t)RESOLVE_NO_MAGICLINKS;
	fd = syscall(SYS_openat2, dirfd, dir, &how, sizeof(how));
	err = fd < 0 && errno == ELOOP ? -ELOOP : -EXDEV;
	if (fd >= 0)
		close(fd);
	return err;
}

static bool same_inode(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Does the caller resolve paths as we do: our mount namespace, our root? */
static bool same_root(pid_t pid, int root)
{
	struct stat a, b, c, d;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", pid);
	return stat(path, &a) == 0 && stat("/proc/self/ns/mnt", &b) == 0 && same_inode(&a, &b) &&
	       fstat(root, &c) == 0 && stat("/", &d) == 0 && same_inode(&c, &d);
}

/* Take the caller's place: its user namespace, its root; in *dir its working
 * directory or dirfd (for a relative path, or an empty one with
 * AT_EMPTY_PATH), else for an absolute path its root where we could not
 * chroot to it, or AT_FDCWD. 0 or -errno. */
static int become_caller(pid_t pid, int dirfd, const char *path, int *dir, bool (*valid)(void *), void *arg)
{
	char p[64];
	int root, r;

	*dir = -1;
	snprintf(p, sizeof(p), "/proc/%d/root", pid);
	if ((root = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -ESRCH;
	if (path[0] != '/') {
		if (dirfd == AT_FDCWD)
			snprintf(p, sizeof(p), "/proc/%d/cwd", pid);
		else
			snprintf(p, sizeof(p), "/proc/%d/fd/%d", pid, dirfd);
		if ((*dir = open(p, O_PATH | O_CLOEXEC)) < 0)
			return dirfd != AT_FDCWD && errno == ENOENT ? -EBADF : -ESRCH;
	}
	/* the descriptors must be the caller's, not those of a reused pid */
	if (!valid(arg))
		return -ESRCH;
	if ((r = join_userns(pid)) != 0)
		return r;
	/* The caller's root, as chroot would make it ours; needless where the
	 * caller resolves paths as we do. chroot needs CAP_SYS_CHROOT, which uid
	 * 0 without capabilities lacks, and a pod's seccomp profile refuses it
	 * without that capability even in a user namespace of ours: where its
	 * root is ours in another mount namespace (zeroroot's own, so the top
	 * of it, which ".." never climbs above), an absolute path is resolved
	 * from the root's descriptor instead, as if it were "/". */
	if (!same_root(pid, root) && (fchdir(root) != 0 || chroot(".") != 0)) {
		struct stat a, b;

		if (errno != EPERM || fstat(root, &a) != 0 || stat("/", &b) != 0 || !same_inode(&a, &b))
			return -errno;
		if (path[0] == '/')
			*dir = root;
		return 0;
	}
	close(root);
	if (path[0] == '/')
		*dir = AT_FDCWD;
	return 0;
}

long create_as_caller(struct placeholder *ph, bool (*valid)(void *), void *arg)
{
	struct confinement conf;
	int dir, parent;
	const char *base;
	long r;

	if (read_confinement(ph->pid, &conf) != 0)
		return -ESRCH;
	/* A Landlock domain or a filter of its own cannot be mirrored here. Its
	 * no_new_privs counts only if the caller set it: one that was set before
	 * the command started (bwrap, Kubernetes, setpriv, systemd, zeroroot's
	 * own for its filter) confines nothing the supervisor could bypass. */
	if ((conf.no_new_privs && !ph->nnp) || conf.filters > ph->filters) {
		ph->why = conf.no_new_privs ? "the caller set no_new_privs"
					    : "the caller stacked a seccomp filter";
		return 1;
	}
	if ((r = become_caller(ph->pid, ph->dirfd, ph->path, &dir, valid, arg)) != 0)
		return r;
	umask(conf.umask);
	if ((r = take_capabilities(conf.cap_eff)) != 0)
		return r;
	parent = open_parent(dir, ph->path, &base);
	if (parent == -EXDEV) {
		ph->why = "a magic link in the path would name the supervisor, not the caller";
		return 1;
	}
	if (parent < 0)
		return parent;
	return mknodat(parent, base, S_IFREG | (ph->mode & 07777), 0) == 0 ? 0 : -errno;
}

/* ---- extended attributes ---- */

/* Has the file of the O_PATH descriptor fd the attribute? 1, 0, or -1 if it
 * cannot be told. getxattr(2) and getxattrat(2) refuse an O_PATH
 * descriptor (EBADF), and opening the file itself could block (a FIFO) or
 * act (a device): so getxattr through /proc/self/fd/N (procfd: that
 * directory, opened before any chroot), which follows a symlink: a symlink
 * itself cannot be asked. */
static int has_xattr(int fd, int procfd, const char *name, bool nofollow)
{
	struct stat st;
	char num[16];

	if (procfd < 0 || (nofollow && fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)))
		return -1;
	snprintf(num, sizeof(num), "%d", fd);
	if (fchdir(procfd) != 0)
		return -1;
	if (getxattr(num, name, NULL, 0) >= 0)
		return 1;
	return errno == ENODATA || errno == EOPNOTSUPP ? 0 : -1;
}

int xattr_lookup(const struct xattr_target *t, const char *name, uint64_t *dev, uint64_t *ino, bool *has,
		 bool (*valid)(void *), void *arg)
{
	int procfd = open("/proc/self/fd", O_PATH | O_DIRECTORY | O_CLOEXEC), fd, dir, r;
	struct stat st;

	if (t->fd >= 0) { /* the caller's descriptor: its file, through /proc */
		char p[64];

		snprintf(p, sizeof(p), "/proc/%d/fd/%d", t->pid, t->fd);
		if ((fd = open(p, O_PATH | O_CLOEXEC)) < 0)
			return errno == ENOENT ? -EBADF : -ESRCH;
		if (!valid(arg))
			return -ESRCH;
	} else {
		bool here = t->empty_path && !t->path[0];

		if ((r = become_caller(t->pid, t->dirfd, here ? "." : t->path, &dir, valid, arg)) != 0)
			return r;
		if (here) {
			fd = dir;
		} else {
			struct open_how how = {
				.flags = O_PATH | O_CLOEXEC | (t->nofollow ? O_NOFOLLOW : 0),
				.resolve = RESOLVE_NO_MAGICLINKS |
					   (t->path[0] == '/' && dir != AT_FDCWD ? RESOLVE_IN_ROOT : 0)};

			fd = syscall(SYS_openat2, dir, t->path, &how, sizeof(how));
			if (fd < 0 && errno == ELOOP)
				return 1; /* a magic link, or a loop: not told apart here */
			if (fd < 0)
				return -errno;
		}
	}
	if (fstat(fd, &st) != 0)
		return -errno;
	*dev = st.st_dev;
	*ino = st.st_ino;
	r = has_xattr(fd, procfd, name, t->nofollow);
	*has = r == 1;
	return r < 0 ? 1 : 0;
}

/* ---- files as the caller names them ---- */

#ifndef AT_STATX_DONT_SYNC
#define AT_STATX_DONT_SYNC 0x4000
#endif
#ifndef RESOLVE_CACHED
#define RESOLVE_CACHED 0x20 /* Linux >= 5.12; before, EINVAL: a helper resolves */
#endif

int zr_statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *st)
{
	return syscall(SYS_statx, dirfd, path, flags, mask, st) == 0 ? 0 : -1;
}

void file_id_of(const struct statx *st, struct file_id *id)
{
	id->dev = makedev(st->stx_dev_major, st->stx_dev_minor);
	id->ino = st->stx_ino;
	id->mode = st->stx_mode;
	id->has_btime = st->stx_mask & STATX_BTIME;
	id->btime = id->has_btime ? st->stx_btime.tv_sec : 0;
	id->btime_ns = id->has_btime ? st->stx_btime.tv_nsec : 0;
}

/* The identity of what dirfd and name lead to; cached attributes only, so
 * that no file system is asked (FUSE). 0 or -errno. */
static int identity(int dirfd, const char *name, int flags, struct file_id *id)
{
	struct statx st;

	if (zr_statx(dirfd, name, flags | AT_STATX_DONT_SYNC,
		     STATX_TYPE | STATX_MODE | STATX_INO | STATX_BTIME, &st) != 0)
		return -errno;
	file_id_of(&st, id);
	return 0;
}

/* readlink(2), NUL-terminated; false if it fails or does not fit. */
static bool read_link(const char *path, char *buf, size_t size)
{
	ssize_t n = readlink(path, buf, size - 1);

	if (n < 0 || (size_t)n >= size - 1)
		return false;
	buf[n] = '\0';
	return true;
}

static int open_resolved(int dirfd, const char *path, int flags, uint64_t resolve)
{
	struct open_how how = {.flags = (uint64_t)flags | O_CLOEXEC, .resolve = resolve};

	return syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

/* A relative path that left its directory (a "..", an absolute symbolic
 * link): the same path from the caller's root, where base ("cwd", "fd/N")
 * lies. Both links name paths from one root (ours, or their mount
 * namespace's), so base's is cut to the part below the root's. */
static int open_from_root(pid_t pid, const char *base, const char *path, int flags, uint64_t resolve)
{
	char p[64], root[PATH_MAX], dir[PATH_MAX], joined[PATH_MAX * 2];
	const char *below;
	size_t n;
	int fd, r;

	snprintf(p, sizeof(p), "/proc/%d/root", pid);
	if (!read_link(p, root, sizeof(root)))
		return -ESRCH;
	snprintf(p, sizeof(p), "/proc/%d/%s", pid, base);
	if (!read_link(p, dir, sizeof(dir)))
		return -ESRCH;
	n = strlen(root);
	if (strcmp(root, "/") == 0)
		below = dir + 1;
	else if (strncmp(dir, root, n) == 0 && (dir[n] == '/' || !dir[n]))
		below = dir + n + (dir[n] == '/');
	else
		return -EXDEV; /* its directory lies outside its root: not followed */
	snprintf(joined, sizeof(joined), "%s%s%s", below, below[0] ? "/" : "", path);
	snprintf(p, sizeof(p), "/proc/%d/root", pid);
	if ((fd = open(p, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -ESRCH;
	r = open_resolved(fd, joined, flags, (resolve & ~(uint64_t)RESOLVE_BENEATH) | RESOLVE_IN_ROOT);
	r = r >= 0 ? r : -errno;
	close(fd);
	return r;
}

#define PROC_PATH 64 /* "/proc/PID/fd/N" and the like */

static char *put_decimal(char *p, unsigned v)
{
	char digits[10];
	int n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (n)
		*p++ = digits[--n];
	return p;
}

/* buf = "/proc/PID/WHAT[N]" (PID -1: "self"; 0, which no caller has, stays
 * 0 and names nothing). Not snprintf: this is on the path of every chown tar
 * makes, where snprintf's cost showed. */
static char *proc_path(char buf[PROC_PATH], pid_t pid, const char *what, int n)
{
	char *p = buf + sizeof("/proc/") - 1;

	memcpy(buf, "/proc/", sizeof("/proc/") - 1);
	if (pid >= 0)
		p = put_decimal(p, (unsigned)pid);
	else
		p = stpcpy(p, "self");
	*p++ = '/';
	p = stpcpy(p, what);
	if (n >= 0)
		p = put_decimal(p, (unsigned)n);
	*p = '\0';
	return buf;
}

int identify_file(const struct named_file *f, bool cached, bool (*valid)(void *), void *arg,
		  struct file_id *id, char *name, size_t size)
{
	/* magic links are never followed: /proc/self/fd/N would name our descriptors */
	uint64_t resolve = RESOLVE_NO_MAGICLINKS | (cached ? RESOLVE_CACHED : 0);
	int flags = O_PATH | (f->nofollow ? O_NOFOLLOW : 0), base, fd, r;
	bool absolute = f->path && f->path[0] == '/';
	char p[PROC_PATH];
	const char *what; /* "fd/N", "root" or "cwd", within p */

	if (size)
		name[0] = '\0';
	if (f->fd < 0 && !absolute && f->dirfd < 0 && f->dirfd != AT_FDCWD)
		return -ENOENT; /* no such descriptor: EBADF for the kernel */
	if (f->fd >= 0 || (!absolute && f->dirfd != AT_FDCWD))
		proc_path(p, f->pid, "fd/", f->fd >= 0 ? f->fd : f->dirfd);
	else
		proc_path(p, f->pid, absolute ? "root" : "cwd", -1);
	what = strchr(p + sizeof("/proc/") - 1, '/') + 1;
	if (f->fd >= 0 || (f->path && !f->path[0] && f->empty_path)) { /* the descriptor (or cwd) itself */
		r = identity(AT_FDCWD, p, 0, id);
		if (r == 0 && size && !read_link(p, name, size))
			name[0] = '\0';
		return valid(arg) ? r : -ESRCH; /* -ENOENT: no such descriptor, EBADF for the kernel */
	}
	if (!f->path || !f->path[0])
		return -ENOENT;
	if ((base = open(p, O_PATH | O_CLOEXEC)) < 0)
		return errno == ENOENT && f->dirfd != AT_FDCWD ? -ENOENT : -ESRCH;
	if (!valid(arg)) { /* the descriptor must be the caller's, not a reused pid's */
		close(base);
		return -ESRCH;
	}
	/* never out of its root; a relative path first only below its
	 * directory, which nearly every one is */
	fd = open_resolved(base, f->path, flags, resolve | (absolute ? RESOLVE_IN_ROOT : RESOLVE_BENEATH));
	fd = fd >= 0 ? fd : -errno;
	close(base);
	if (fd == -EXDEV && !absolute)
		fd = open_from_root(f->pid, what, f->path, flags, resolve);
	if (fd == -EINVAL && cached)
		return -EAGAIN; /* no RESOLVE_CACHED before Linux 5.12 */
	if (fd < 0)
		return fd == -ENOTDIR ? -ENOENT : fd;
	r = identity(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, id);
	if (r == 0 && size && !read_link(proc_path(p, -1, "fd/", fd), name, size))
		name[0] = '\0';
	close(fd);
	return !valid(arg) ? -ESRCH : r;
}

/* ---- images and exec ---- */

#ifndef AT_RANDOM
#define AT_RANDOM 25
#endif

int read_image(pid_t pid, unsigned word, struct image *img)
{
	uint8_t buf[2048];
	char path[64];
	ssize_t n;
	int fd;

	memset(img, 0, sizeof(*img));
	snprintf(path, sizeof(path), "/proc/%d/auxv", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -ESRCH;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return -ESRCH;
	for (size_t i = 0; i + (size_t)2 * word <= (size_t)n; i += (size_t)2 * word) {
		uint64_t type = 0, value = 0;

		memcpy(&type, buf + i, word); /* the process's own byte order, and ours */
		memcpy(&value, buf + i + word, word);
		if (word == 4 && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) {
			type >>= 32;
			value >>= 32;
		}
		if (type == 0)
			break;
		if (type == AT_RANDOM) {
			img->addr = value;
			if (read_mem(pid, value, img->random, sizeof(img->random)) != 0)
				img->addr = 0;
			break;
		}
	}
	return 0;
}

int same_image(pid_t tid, const struct image *img)
{
	uint8_t now[sizeof(img->random)];
	long r = read_mem(tid, img->addr, now, sizeof(now));

	if (r == -ESRCH)
		return -ESRCH;
	return r == 0 && memcmp(now, img->random, sizeof(now)) == 0;
}

bool image_equal(const struct image *a, const struct image *b)
{
	return a->addr && a->addr == b->addr && memcmp(a->random, b->random, sizeof(a->random)) == 0;
}

/* Is the mount with this ID nosuid, in the process's mount table? */
static bool nosuid_mount(pid_t pid, uint64_t mnt_id)
{
	char path[64], line[4096];
	bool nosuid = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/mountinfo", pid);
	if (!(f = fopen(path, "re")))
		return true; /* cannot tell: the bits must not apply */
	while (fgets(line, sizeof(line), f)) {
		unsigned long long id;
		char opts[1024];

		/* "ID PARENT MAJ:MIN ROOT POINT OPTIONS ...": the per-mount options */
		if (sscanf(line, "%llu %*s %*s %*s %*s %1023s", &id, opts) == 2 && id == mnt_id) {
			nosuid = strstr(opts, "nosuid") != NULL;
			break;
		}
	}
	fclose(f);
	return nosuid;
}

/* The ID of the file's owner in the caller's user namespace, or
 * ID_UNCHANGED if that namespace does not map it. id is as the supervisor
 * sees it; the map file shows the caller's IDs (inside) and, read from the
 * parent namespace, ours (outside); read from the same namespace, ours are
 * the inside ones. */
static uint32_t in_caller_ns(pid_t pid, const char *map, uint32_t id)
{
	unsigned long inside, outside, count;
	struct stat ours, theirs;
	uint32_t found = ID_UNCHANGED;
	bool same;
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	if (stat(path, &theirs) != 0 || stat("/proc/self/ns/user", &ours) != 0)
		return ID_UNCHANGED;
	same = theirs.st_ino == ours.st_ino && theirs.st_dev == ours.st_dev;
	snprintf(path, sizeof(path), "/proc/%d/%s", pid, map);
	if (!(f = fopen(path, "re")))
		return ID_UNCHANGED;
	while (found == ID_UNCHANGED && fscanf(f, "%lu %lu %lu", &inside, &outside, &count) == 3) {
		unsigned long from = same ? inside : outside;

		if (id >= from && id - from < count)
			found = inside + (id - from);
	}
	fclose(f);
	return found;
}

int exec_ids(pid_t tid, pid_t tgid, uint32_t *set_uid, uint32_t *set_gid)
{
	struct confinement conf;
	struct statx st;
	char path[64];

	*set_uid = *set_gid = ID_UNCHANGED;
	snprintf(path, sizeof(path), "/proc/%d/exe", tgid);
	/* cached attributes only: no round trip to a FUSE server */
	if (zr_statx(AT_FDCWD, path, AT_STATX_DONT_SYNC,
		     STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID | STATX_MNT_ID, &st) != 0)
		return -errno;
	if (!S_ISREG(st.stx_mode) || !(st.stx_mode & (S_ISUID | S_ISGID)))
		return 0; /* nearly always: one statx */
	if (read_confinement(tid, &conf) != 0)
		return -ESRCH;
	if (conf.no_new_privs || !(st.stx_mask & STATX_MNT_ID) || nosuid_mount(tgid, st.stx_mnt_id))
		return 0;
	if (st.stx_mode & S_ISUID)
		*set_uid = in_caller_ns(tgid, "uid_map", st.stx_uid);
	/* set-group-ID without group execute is mandatory locking, not set-ID */
	if ((st.stx_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		*set_gid = in_caller_ns(tgid, "gid_map", st.stx_gid);
	return 0;
}
