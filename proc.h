/*
 * proc.h: naming processes, and the processes the supervisor knows. A pid
 * alone is ambiguous (reused once its process has gone, and meaningful only in
 * one PID namespace), so a process is named by its pid in the supervisor's own
 * namespace (the notification's) together with an identity that a reused pid
 * does not share: the pidfs inode of a pidfd (Linux >= 6.9), else its start
 * time (/proc/PID/stat). The table holds one entry per known process, found in
 * O(1) whatever the number of processes, and no descriptor per process.
 *
 * Exec and exit are not notified (they must never depend on the supervisor),
 * so what they do to credentials is learned from the process's memory image
 * (caller.h, struct image) at its next notified call: a process whose image
 * changed has exec'd, and its record takes exec's rules for the file the
 * kernel ran; a process seen for the first time inherits from the known
 * process it was forked from: its nearest known ancestor, or, for an orphan
 * whose parent has gone (a daemon's double fork), the known process whose
 * image it still runs.
 */
#ifndef ZR_PROC_H
#define ZR_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "caller.h"
#include "creds.h"
#include "table.h"

/* A process the supervisor knows: with its own fake credentials, or pinned
 * to the kernel's (it asked before any credentials of its ancestors applied). */
struct proc {
	pid_t tgid;
	uint64_t ident;
	uint64_t started; /* start time, clock ticks since boot */
	bool has_creds;
	bool gone; /* found dead: kept a while for orphans that run its image */
	struct creds c;
	struct image img, prev; /* the image it runs, and the one before its last exec */
	struct proc *next;	/* hash chain */
};

/* Call once, before anything else here: the command's pid (zeroroot's). */
void proc_init(pid_t command);

/* Does any process hold credentials of its own? If not, every getter gets
 * the kernel's answer. */
bool proc_any_creds(void);

/*
 * The process a thread belongs to, for a request from tid on abi: found (its
 * exec, if it made one since, applied), or made from what applies to it now
 * (inherited, or the kernel's). valid() is asked after a new thread was
 * named, so that a pid reused meanwhile cannot be mistaken for the caller;
 * a known one is recognised by its image. NULL with -errno in *err (-ESRCH:
 * the caller is gone).
 */
struct proc *proc_of(pid_t tid, const struct abi *abi, bool (*valid)(void *), void *arg, int *err);

/* Give p credentials of its own, from the kernel's (Uid:, Gid:, Groups:). */
int proc_own_creds(struct proc *p);

#endif
