/*
 * proc.h: naming processes, and the processes the supervisor knows. A pid
 * alone is ambiguous (reused once its process has gone, and meaningful only in
 * one PID namespace), so a process is named by its pid in the supervisor's own
 * namespace (the notification's) together with an identity that a reused pid
 * does not share: the pidfs inode of a pidfd (Linux >= 6.9), else its start
 * time (/proc/PID/stat). The table holds one entry per known process, found in
 * O(1) whatever the number of processes.
 */
#ifndef ZR_PROC_H
#define ZR_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "creds.h"

/* A process the supervisor knows: with its own fake credentials, or pinned
 * to the kernel's (it asked before any credentials of its ancestors applied). */
struct proc {
	pid_t tgid;
	uint64_t ident;
	bool has_creds;
	struct creds c;
	uint64_t changed_at; /* clock ticks since boot of its last change; 0: inherited */
	int exec_fd;	     /* -1, or where the target of a pending exec is reported */
	struct proc *next;   /* hash chain */
};

extern unsigned n_with_creds; /* 0: every getter gets the kernel's answer */

/* Call once, before anything else here. */
void proc_init(pid_t command);

/*
 * The process a thread belongs to, for a request from tid: found, or made
 * from what applies to it now (the nearest ancestor's credentials, copied, or
 * the kernel's). valid() is asked after the thread was named, so that a pid
 * reused meanwhile cannot be mistaken for the caller. NULL with -errno in *err
 * (-ESRCH: the caller is gone).
 */
struct proc *proc_of(pid_t tid, bool (*valid)(void *), void *arg, int *err);

/* Give p credentials of its own, from the kernel's (Uid:, Gid:, Groups:). */
int proc_own_creds(struct proc *p);

/* Its credentials have just changed: children forked from now on inherit them. */
void proc_changed(struct proc *p);

/* p is about to exit: its children that have not asked yet get what they
 * inherited (its credentials if forked after their last change, else the
 * kernel's), since once re-parented they could not find it; then p goes. */
void proc_exit(struct proc *p);

/* Forget processes that have gone; cheap when called often (amortized). */
void proc_collect(void);

#endif
