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
};

/* Start the supervisor, before the filter exists: returns our end of the
 * socket on which hand_over_listener() gives it the listener, with the number
 * of seccomp filters the command starts with. */
int start_supervisor(const struct supervisor_setup *setup);
void hand_over_listener(int sock, int listener, unsigned filters);

#endif
