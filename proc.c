/*
 * proc.c: processes, named by pid and identity (proc.h), and the table of
 * those the supervisor knows, with a cache of which thread belongs to which.
 * What each costs: a known thread is one process_vm_readv of its image's 16
 * random bytes, which both names its process and says that it has not
 * exec'd since; a new thread also opens a pidfd (Linux >= 6.9) and reads its
 * tgid and parent (PIDFD_GET_INFO on Linux >= 6.13, else /proc); a new
 * process reads its image (/proc/PID/auxv) and walks up to its nearest known
 * ancestor, once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
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

/* Dead processes with credentials kept for orphans that still run their
 * image (a daemon's double fork asks once its parent has gone). */
#define MAX_GONE 1024

static bool have_pidfs; /* pidfds are pidfs files: st_ino names the process */
static bool have_info;	/* PIDFD_GET_INFO */
static pid_t command;	/* zeroroot's pid, then the command's */
static uint64_t command_ident;
static unsigned n_with_creds;

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
	if (identify(command, false, &command_ident, NULL, NULL) != 0)
		command_ident = 0; /* gone already: nobody's ancestor any more */
}

bool proc_any_creds(void)
{
	return n_with_creds > 0;
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
static unsigned n_buckets, n_procs, n_threads, n_gone, collected_at;

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
		if (p->tgid == tgid && p->ident == ident && !p->gone)
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

static void proc_free(struct proc *p)
{
	if (p->has_creds) {
		free(p->c.groups);
		n_with_creds--;
	}
	n_gone -= p->gone;
	free(p);
	n_procs--;
}

static int by_start(const void *a, const void *b)
{
	uint64_t x = (*(struct proc *const *)a)->started, y = (*(struct proc *const *)b)->started;

	return (x > y) - (x < y);
}

/* Keep the MAX_GONE latest started of the gone, forget the others. */
static void forget_old_gone(void)
{
	struct proc **gone = malloc(n_gone * sizeof(*gone)); // NOLINT(bugprone-sizeof-expression)
	unsigned n = 0;
	uint64_t keep_from;

	if (!gone)
		return;
	for (unsigned i = 0; i < n_buckets; i++)
		for (struct proc *p = procs[i]; p; p = p->next)
			if (p->gone && n < n_gone)
				gone[n++] = p;
	qsort(gone, n, sizeof(*gone), by_start); // NOLINT(bugprone-sizeof-expression)
	keep_from = n > MAX_GONE ? gone[n - MAX_GONE]->started : 0;
	free(gone);
	for (unsigned i = 0; i < n_buckets; i++)
		for (struct proc **pp = &procs[i]; *pp;) {
			struct proc *p = *pp;

			if (p->gone && p->started < keep_from) {
				*pp = p->next;
				proc_free(p);
			} else {
				pp = &p->next;
			}
		}
}

/* Every time the table has doubled since the last time: forget the
 * processes that have gone (none says so: exit is not notified), but for
 * those with credentials, kept a while for their orphans; and drop the thread
 * cache. Amortized O(1) per process. */
static void proc_collect(void)
{
	uint64_t ident = 0;

	if (n_procs < 256 || n_procs < 2 * collected_at)
		return;
	for (unsigned i = 0; i < n_buckets; i++) {
		struct proc **pp = &procs[i];

		while (*pp) {
			struct proc *p = *pp;

			if (!p->gone && identify(p->tgid, false, &ident, NULL, NULL) == 0 &&
			    ident == p->ident) {
				pp = &p->next;
				continue;
			}
			if (!p->gone && p->has_creds) {
				p->gone = true;
				n_gone++;
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
	if (n_gone > MAX_GONE)
		forget_old_gone();
	n_threads = 0;
	collected_at = n_procs;
}

static struct proc *proc_add(pid_t tgid, uint64_t ident)
{
	struct proc *p;

	proc_collect();
	if (n_procs >= n_buckets)
		grow();
	if (!n_buckets || !(p = calloc(1, sizeof(*p))))
		return NULL;
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

/* ---- credentials handed on ---- */

static bool give_creds(struct proc *p, const struct proc *from)
{
	if (!creds_copy(&p->c, &from->c))
		return false;
	p->has_creds = true;
	n_with_creds++;
	return true;
}

/* p has exec'd since it was last seen (or since it was forked from what it
 * inherited): exec's rules for the file the kernel ran. */
static void apply_exec(struct proc *p, pid_t tid)
{
	uint32_t set_uid, set_gid;

	if (!p->has_creds)
		return; /* pinned to the kernel's, which ran the exec itself */
	if (exec_ids(tid, p->tgid, &set_uid, &set_gid) != 0)
		set_uid = set_gid = ID_UNCHANGED; /* gone meanwhile: nobody asks again */
	creds_exec(&p->c, set_uid, set_gid);
}

/* A known process whose image changed: it exec'd. */
static void settle_exec(struct proc *p, pid_t tid, const struct abi *abi)
{
	struct image now;

	if (read_image(p->tgid, abi_word(abi), &now) != 0)
		return;
	p->prev = p->img;
	p->img = now;
	apply_exec(p, tid);
}

/* The nearest known ancestor of a process whose parent is ppid, or NULL;
 * *in_tree: the process descends from the command (else it is an orphan,
 * re-parented away from its lineage). Nothing above the command runs under
 * the filter. */
static struct proc *known_ancestor(pid_t ppid, bool *in_tree)
{
	*in_tree = false;
	for (int depth = 0; depth < 256 && ppid > 0; depth++) {
		pid_t a = ppid, tgid;
		uint64_t ident = 0;
		struct proc *q;

		if (identify(a, false, &ident, &tgid, &ppid) != 0)
			return NULL;
		if ((q = proc_find(a, ident))) {
			*in_tree = true;
			return q;
		}
		if (a == command && ident == command_ident) {
			*in_tree = true;
			return NULL;
		}
		if (a == 1)
			break;
	}
	return NULL;
}

static bool is_gone(struct proc *p)
{
	uint64_t ident = 0;

	if (!p->gone && (identify(p->tgid, false, &ident, NULL, NULL) != 0 || ident != p->ident)) {
		p->gone = true;
		n_gone++;
	}
	return p->gone;
}

/* For an orphan: the known process, with credentials, whose image it still
 * runs and that could be its ancestor (started no later). Its parent has
 * gone, so one that has gone too is preferred; then the latest started. */
static struct proc *same_image_as(const struct proc *p)
{
	struct proc *best = NULL;
	bool best_gone = false;

	for (unsigned i = 0; i < n_buckets; i++)
		for (struct proc *q = procs[i]; q; q = q->next) {
			bool gone;

			if (q == p || !q->has_creds || q->started > p->started ||
			    !(image_equal(&q->img, &p->img) || image_equal(&q->prev, &p->img)))
				continue;
			gone = is_gone(q);
			if (!best || (gone && !best_gone) ||
			    (gone == best_gone && q->started > best->started)) {
				best = q;
				best_gone = gone;
			}
		}
	return best;
}

/* A process seen for the first time: what it inherited. From its nearest
 * known ancestor if it still runs that one's image (a fork); from the known
 * process whose image it runs if it is an orphan; from its ancestor, then
 * exec's rules, if it has exec'd since; else the kernel's credentials. */
static bool inherit(struct proc *p, pid_t ppid, pid_t tid)
{
	bool in_tree, forked;
	struct proc *a = p->tgid == command ? NULL : known_ancestor(ppid, &in_tree), *from;

	if (p->tgid == command)
		in_tree = true;
	forked = a && (image_equal(&a->img, &p->img) || image_equal(&a->prev, &p->img));
	from = forked ? a : !in_tree ? same_image_as(p) : NULL;
	if (from)
		return from->has_creds ? give_creds(p, from) : true;
	if (!a || !a->has_creds)
		return true;
	if (!give_creds(p, a))
		return false;
	apply_exec(p, tid);
	return true;
}

/* ---- the process of a thread ---- */

/* A thread known to the cache: its process, if the thread still runs that
 * process's image; or after an exec, settled. NULL if the cache is stale. */
static struct proc *known_thread(pid_t tid, const struct abi *abi, int *err)
{
	struct thread *t = thread_find(tid);
	struct proc *p = t ? proc_find(t->tgid, t->pident) : NULL;
	uint64_t ident = 0;
	int same;

	if (!p)
		return NULL;
	same = p->img.addr ? same_image(tid, &p->img) : 0;
	if (same == 1)
		return p; /* the common case: one process_vm_readv */
	if (same < 0) {
		*err = -ESRCH;
		return NULL;
	}
	/* the image changed (an exec), or the tid is another's now */
	if ((*err = identify(tid, true, &ident, NULL, NULL)) != 0 || ident != t->ident)
		return NULL;
	if (p->img.addr)
		settle_exec(p, tid, abi);
	return p;
}

struct proc *proc_of(pid_t tid, const struct abi *abi, bool (*valid)(void *), void *arg, int *err)
{
	uint64_t ident = 0, pident = 0;
	pid_t tgid = 0, ppid = 0;
	struct proc *p;

	*err = 0;
	if ((p = known_thread(tid, abi, err)) || *err)
		return p;
	/* a thread not seen before, or a reused tid */
	if ((*err = identify(tid, true, &ident, &tgid, &ppid)) != 0)
		return NULL;
	pident = ident;
	if (tgid != tid && (*err = identify(tgid, false, &pident, NULL, NULL)) != 0)
		return NULL;
	if (!valid(arg)) {
		*err = -ESRCH;
		return NULL;
	}
	thread_set(tid, ident, tgid, pident);
	if ((p = proc_find(tgid, pident))) {
		if (p->img.addr && same_image(tid, &p->img) == 0)
			settle_exec(p, tid, abi);
		return p;
	}
	if (!(p = proc_add(tgid, pident))) {
		*err = -ENOMEM;
		return NULL;
	}
	if (start_time(tgid, &p->started) != 0 || read_image(tgid, abi_word(abi), &p->img) != 0) {
		*err = -ESRCH;
		return NULL;
	}
	if (!inherit(p, ppid, tid)) {
		*err = -ENOMEM;
		return NULL;
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
