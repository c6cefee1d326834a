/*
 * proc.c: processes, named by pid and identity (proc.h), and the table of
 * those the supervisor knows, with a cache of which thread belongs to which.
 * What each costs: a known thread is one pidfd_open, one fstat and one close
 * (Linux >= 6.9); a new process also reads its tgid and parent (PIDFD_GET_INFO
 * on Linux >= 6.13, else /proc) and walks up to its nearest known ancestor,
 * once.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "caller.h"
#include "proc.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL /* Linux >= 6.9 */
#endif
#define PIDFS_MAGIC 0x50494446

/* linux/pidfd.h, Linux >= 6.13 */
struct zr_pidfd_info {
	uint64_t mask, cgroupid;
	uint32_t pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid, spare0[1];
};
#define ZR_PIDFD_GET_INFO _IOWR(0xFF, 11, struct zr_pidfd_info)

static bool have_pidfs; /* pidfds are pidfs files: st_ino names the process */
static bool have_info;	/* PIDFD_GET_INFO */
static pid_t command;	/* zeroroot's pid, then the command's */

unsigned n_with_creds;

/* ---- naming a process ---- */

/* Field 22 of /proc/PID/stat: its start time, in clock ticks since boot. */
static int start_time(pid_t pid, uint64_t *t)
{
	char path[64], buf[1024], *p;
	unsigned long long v;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -ESRCH;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -ESRCH;
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the name may hold spaces and parentheses */
	if (!p ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
		   &v) != 1) /* not %lu into the uint64_t: 32 bits on arm and i386 */
		return -ESRCH;
	*t = v;
	return 0;
}

/* The identity of pid (a thread if thread), and if tgid is given its thread
 * group and parent. 0, or -ESRCH if it has gone, -errno otherwise. */
static int identify(pid_t pid, bool thread, uint64_t *ident, pid_t *tgid, pid_t *ppid)
{
	int fd = -1, r = 0;
	struct stat st;

	if (have_pidfs) {
		fd = syscall(SYS_pidfd_open, pid, thread ? PIDFD_THREAD : 0);
		if (fd < 0)
			return errno == EMFILE || errno == ENFILE || errno == ENOMEM ? -errno : -ESRCH;
		r = fstat(fd, &st) == 0 ? 0 : -errno;
		*ident = r == 0 ? st.st_ino : 0;
	} else {
		r = start_time(pid, ident);
	}
	if (r == 0 && tgid) {
		struct zr_pidfd_info info = {.mask = 1}; /* PIDFD_INFO_PID */

		if (have_info && fd >= 0 && ioctl(fd, ZR_PIDFD_GET_INFO, &info) == 0) {
			*tgid = info.tgid;
			*ppid = info.ppid;
		} else if (read_status(pid, tgid, ppid, NULL) != 0) {
			r = -ESRCH;
		}
	}
	if (fd >= 0)
		close(fd);
	return r;
}

void proc_init(pid_t cmd)
{
	int fd = syscall(SYS_pidfd_open, getpid(), 0);
	struct statfs sf;
	struct zr_pidfd_info info = {.mask = 1};

	command = cmd;
	have_pidfs = fd >= 0 && fstatfs(fd, &sf) == 0 && sf.f_type == PIDFS_MAGIC;
	have_info = have_pidfs && ioctl(fd, ZR_PIDFD_GET_INFO, &info) == 0 && info.tgid == (uint32_t)getpid();
	if (fd >= 0)
		close(fd);
}

/* ---- hash tables: processes by tgid, threads by tid ---- */

struct thread {
	pid_t tid;
	uint64_t ident;
	pid_t tgid;
	uint64_t pident; /* the process's identity */
	struct thread *next;
};

static struct proc **procs;
static struct thread **threads;
static unsigned n_buckets, n_procs, n_threads, collected_at;

static unsigned bucket(pid_t pid)
{
	return ((uint32_t)pid * 2654435761u) & (n_buckets - 1);
}

/* Double the tables when they hold more entries than buckets. */
static void grow(void)
{
	unsigned old = n_buckets, nb = old ? old * 2 : 1024;
	struct proc **np = calloc(nb, sizeof(*np));   // NOLINT(bugprone-sizeof-expression): of pointers
	struct thread **nt = calloc(nb, sizeof(*nt)); // NOLINT(bugprone-sizeof-expression)

	if (!np || !nt) {
		free(np);
		free(nt);
		return; /* chains just get longer */
	}
	n_buckets = nb;
	for (unsigned i = 0; i < old; i++) {
		for (struct proc *p = procs[i], *next; p; p = next) {
			next = p->next;
			p->next = np[bucket(p->tgid)];
			np[bucket(p->tgid)] = p;
		}
		for (struct thread *t = threads[i], *next; t; t = next) {
			next = t->next;
			t->next = nt[bucket(t->tid)];
			nt[bucket(t->tid)] = t;
		}
	}
	free(procs);
	free(threads);
	procs = np;
	threads = nt;
}

static struct proc *proc_find(pid_t tgid, uint64_t ident)
{
	for (struct proc *p = n_buckets ? procs[bucket(tgid)] : NULL; p; p = p->next)
		if (p->tgid == tgid && p->ident == ident)
			return p;
	return NULL;
}

static struct thread *thread_find(pid_t tid)
{
	for (struct thread *t = n_buckets ? threads[bucket(tid)] : NULL; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

static struct proc *proc_add(pid_t tgid, uint64_t ident)
{
	struct proc *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->exec_fd = -1;
	if (n_procs >= n_buckets)
		grow();
	p->tgid = tgid;
	p->ident = ident;
	p->next = procs[bucket(tgid)];
	procs[bucket(tgid)] = p;
	n_procs++;
	return p;
}

static void thread_set(pid_t tid, uint64_t ident, pid_t tgid, uint64_t pident)
{
	struct thread *t = thread_find(tid);

	if (!t) {
		if (n_threads >= n_buckets)
			grow();
		if (!n_buckets || !(t = calloc(1, sizeof(*t))))
			return; /* only a cache */
		t->tid = tid;
		t->next = threads[bucket(tid)];
		threads[bucket(tid)] = t;
		n_threads++;
	}
	t->ident = ident;
	t->tgid = tgid;
	t->pident = pident;
}

/* ---- the process of a thread ---- */

/* The nearest known ancestor of a process whose parent is ppid, or NULL.
 * The walk stops after the command and after pid 1: nothing above them runs
 * under the filter. */
static struct proc *known_ancestor(pid_t ppid)
{
	for (int depth = 0; depth < 256 && ppid > 0; depth++) {
		pid_t a = ppid, tgid;
		uint64_t ident;
		struct proc *q;

		if (identify(a, false, &ident, &tgid, &ppid) != 0)
			return NULL;
		if ((q = proc_find(a, ident)))
			return q;
		if (a == command || a == 1)
			break;
	}
	return NULL;
}

/* An exec reported by the process that looked at its file: apply it. */
static struct proc *settle(struct proc *p)
{
	uint32_t ids[2];
	ssize_t n;

	if (p->exec_fd < 0)
		return p;
	n = read(p->exec_fd, ids, sizeof(ids));
	if (n < 0 && errno == EAGAIN)
		return p; /* not yet: the exec has not gone on */
	if (n == sizeof(ids))
		creds_exec(&p->c, ids[0], ids[1]);
	else
		creds_exec(&p->c, ID_UNCHANGED, ID_UNCHANGED); /* its file could not be looked at */
	proc_changed(p);
	close(p->exec_fd);
	p->exec_fd = -1;
	return p;
}

struct proc *proc_of(pid_t tid, bool (*valid)(void *), void *arg, int *err)
{
	struct thread *t = thread_find(tid);
	uint64_t ident, pident;
	pid_t tgid = 0, ppid = 0;
	struct proc *p, *from;

	*err = identify(tid, true, &ident, NULL, NULL);
	if (*err == 0 && !valid(arg))
		*err = -ESRCH;
	if (*err)
		return NULL;
	if (t && t->ident == ident && (p = proc_find(t->tgid, t->pident)))
		return settle(p);
	/* a thread not seen before, or a reused tid */
	if ((*err = identify(tid, true, &ident, &tgid, &ppid)) != 0)
		return NULL;
	pident = ident;
	if (tgid != tid && (*err = identify(tgid, false, &pident, NULL, NULL)) != 0)
		return NULL;
	thread_set(tid, ident, tgid, pident);
	if ((p = proc_find(tgid, pident)))
		return settle(p);
	if (!(p = proc_add(tgid, pident))) {
		*err = -ENOMEM;
		return NULL;
	}
	from = known_ancestor(ppid);
	if (from && from->has_creds) {
		if (!creds_copy(&p->c, &from->c)) {
			*err = -ENOMEM;
			return NULL;
		}
		p->has_creds = true;
		n_with_creds++;
	}
	return p;
}

int proc_own_creds(struct proc *p)
{
	pid_t tgid, ppid;

	if (p->has_creds)
		return 0;
	memset(&p->c, 0, sizeof(p->c));
	if (read_status(p->tgid, &tgid, &ppid, &p->c) != 0 || !p->c.groups) {
		free(p->c.groups);
		p->c.groups = NULL;
		return -ESRCH;
	}
	creds_from_ids(&p->c);
	p->has_creds = true;
	n_with_creds++;
	return 0;
}

static void proc_free(struct proc *p)
{
	if (p->exec_fd >= 0)
		close(p->exec_fd);
	if (p->has_creds) {
		free(p->c.groups);
		n_with_creds--;
	}
	free(p);
	n_procs--;
}

static uint64_t now_ticks(void)
{
	struct timespec t;

	clock_gettime(CLOCK_BOOTTIME, &t);
	return ((uint64_t)t.tv_sec * 1000000000ull + t.tv_nsec) / (1000000000ull / sysconf(_SC_CLK_TCK));
}

void proc_changed(struct proc *p)
{
	p->changed_at = now_ticks();
}

static void proc_remove(struct proc *p)
{
	for (struct proc **pp = &procs[bucket(p->tgid)]; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			proc_free(p);
			return;
		}
}

/* A child of p that the table does not know yet: its entry, as it inherited. */
static void adopt(struct proc *p, pid_t child)
{
	uint64_t ident, started;
	struct proc *c;

	if (identify(child, false, &ident, NULL, NULL) != 0 || proc_find(child, ident) ||
	    start_time(child, &started) != 0 || !(c = proc_add(child, ident)))
		return;
	/* forked before the change (a tick earlier at least): it kept the old */
	if (!p->has_creds || (p->changed_at && started < p->changed_at))
		return;
	if (creds_copy(&c->c, &p->c)) {
		c->has_creds = true;
		n_with_creds++;
	}
}

void proc_exit(struct proc *p)
{
	char path[320], buf[4096];
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "/proc/%d/task", p->tgid);
	for (d = opendir(path); d && (e = readdir(d));) {
		char *at = buf, *end;
		ssize_t n;
		int fd;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/children", p->tgid, e->d_name);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[n > 0 ? n : 0] = '\0';
		for (long child; (child = strtol(at, &end, 10)) > 0 && end != at; at = end)
			adopt(p, child);
	}
	if (d)
		closedir(d);
	proc_remove(p);
}

/* Every time the table has doubled since the last time: drop the processes
 * that have gone (most leave without telling), and the thread cache. */
void proc_collect(void)
{
	uint64_t ident = 0;

	if (n_procs < 256 || n_procs < 2 * collected_at)
		return;
	for (unsigned i = 0; i < n_buckets; i++) {
		struct proc **pp = &procs[i];

		while (*pp) {
			struct proc *p = *pp;

			if (identify(p->tgid, false, &ident, NULL, NULL) == 0 && ident == p->ident) {
				pp = &p->next;
				continue;
			}
			*pp = p->next;
			proc_free(p);
		}
		for (struct thread *t = threads[i], *next; t; t = next) {
			next = t->next;
			free(t);
		}
		threads[i] = NULL;
	}
	n_threads = 0;
	collected_at = n_procs;
}
