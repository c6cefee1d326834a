/*
 * caller.c: reading and writing the process whose call the supervisor
 * answers, through /proc: its status, its memory, its root, working
 * directory and descriptors.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64 /* 32-bit ABIs: /proc/PID/mem offsets are addresses above 2 GiB */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void parse_groups(const char *p, struct creds *truth)
{
	char *end;

	truth->n_groups = 0;
	truth->groups = malloc(4096 / 2 * sizeof(uint32_t)); /* more than the line holds */
	while (truth->groups) {
		unsigned long g = strtoul(p, &end, 10);

		if (end == p)
			break;
		truth->groups[truth->n_groups++] = g;
		p = end;
	}
}

int read_status(pid_t tid, pid_t *tgid, pid_t *ppid, struct creds *truth)
{
	char buf[4096], *line;
	uint32_t *u = truth ? truth->uid : NULL, *g = truth ? truth->gid : NULL;

	if (proc_status(tid, buf, sizeof(buf)) != 0)
		return -1;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		if (sscanf(line, "Tgid: %d", tgid) == 1 || sscanf(line, "PPid: %d", ppid) == 1)
			continue;
		if (truth && sscanf(line, "Uid: %u %u %u %u", &u[0], &u[1], &u[2], &u[3]) == 4)
			continue;
		if (truth && sscanf(line, "Gid: %u %u %u %u", &g[0], &g[1], &g[2], &g[3]) == 4)
			continue;
		if (truth && strncmp(line, "Groups:", 7) == 0)
			parse_groups(line + 7, truth);
	}
	return 0;
}

int open_mem(int listener, const struct seccomp_notif *req)
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

long read_string(int mem, uint64_t addr, char *buf, size_t size)
{
	size_t got = 0;

	while (got + 1 < size) {
		/* read no further than the end of the page: the next may be unmapped */
		size_t chunk = 4096 - ((addr + got) % 4096);
		ssize_t n =
			pread(mem, buf + got, chunk < size - 1 - got ? chunk : size - 1 - got, addr + got);

		if (n <= 0)
			break;
		if (memchr(buf + got, '\0', n))
			return 0;
		got += n;
	}
	if (size >= 2)
		memcpy(buf, "?", 2);
	return got + 1 < size ? -EFAULT : -ENAMETOOLONG;
}

long read_ids(int mem, uint64_t addr, uint32_t *ids, unsigned n, size_t width)
{
	for (unsigned i = 0; i < n; i++) {
		uint32_t v = 0;

		if (pread(mem, &v, width, addr + i * width) != (ssize_t)width)
			return -EFAULT;
		ids[i] = width == 2 ? (uint16_t)v : v;
	}
	return 0;
}

long write_ids(int mem, uint64_t addr, const uint32_t *ids, unsigned n, size_t width)
{
	for (unsigned i = 0; i < n; i++) {
		uint16_t v16 = ids[i];
		const void *v = width == 2 ? (const void *)&v16 : (const void *)&ids[i];

		if (pwrite(mem, v, width, addr + i * width) != (ssize_t)width)
			return -EFAULT; /* a bad pointer: tell the caller, never crash */
	}
	return 0;
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
 * with the same real credentials, since the supervisor shares them.
 */
long make_placeholder(int listener, const struct seccomp_notif *req, int dirfd, const char *path,
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
	    ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) == 0 && fchdir(root) == 0 &&
	    chroot(".") == 0) {
		mode_t old = umask(mask);

		r = mknodat(path[0] == '/' ? AT_FDCWD : dir, path, S_IFREG | (mode & 07777), 0) == 0 ? 0
												     : -errno;
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
