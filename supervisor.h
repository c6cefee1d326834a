/*
 * supervisor.h: the process that answers the calls the filter hands over
 * (SECCOMP_RET_USER_NOTIF), for ID consistency and --trace.
 */
#ifndef ZR_SUPERVISOR_H
#define ZR_SUPERVISOR_H

#include <stdbool.h>

#include "filter.h"

struct supervisor_setup {
	unsigned supervision;
	int trace_fd;	   /* --trace: where, or -1 */
	int owners_fd;	   /* --owners=FILE, or -1 */
	struct idmap map;  /* the IDs the user namespace maps */
	bool sync_wake_up; /* the kernel has SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP */
	bool fork_wait;	   /* zeroroot stays the command's parent (init.c) */
	bool in_root;	   /* --root: the report names files relative to the tree */
};

/* Start the supervisor, before the filter exists: returns our end of the
 * socket on which hand_over_listener() gives it the listener, with the number
 * of seccomp filters the command starts with. With fork_wait, *gone_w is the
 * pipe zeroroot closes once the command has exited, *done_r the one that
 * reads EOF once the report is written. */
int start_supervisor(const struct supervisor_setup *setup, int *gone_w, int *done_r);
/* Hand over the listener, with the working directory and root of now (the
 * command's), which the report at its exit needs. */
void hand_over_listener(int sock, int listener, unsigned filters, bool nnp);
/* With fork-wait: zeroroot is done with its set-up (it does not exec). */
void supervisor_go(void);
/* Continue the supervisor and the reserve, should the command have stopped them. */
void supervisor_continue(void);

#endif
