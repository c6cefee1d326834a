/*
 * answer.h: what the supervisor answers to one call, chosen by its kind, and
 * the call as the trace shows it, from the roles of its arguments.
 */
#ifndef ZR_ANSWER_H
#define ZR_ANSWER_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/seccomp.h>

#include "table.h"

struct request {
	int listener;
	const struct seccomp_notif *req;
	const struct zr_syscall *sys;
	unsigned supervision;	/* SUP_IDS, SUP_TRACE */
	pid_t command;		/* zeroroot's pid, then the command's: no ancestor above has a record */
	uint64_t arg[MAX_ARGS]; /* IDs widened: a 16-bit -1 is ID_UNCHANGED */
};

struct answer {
	long val;	  /* returned value, or -errno */
	bool proceed;	  /* let the kernel run the call (SECCOMP_USER_NOTIF_FLAG_CONTINUE) */
	const char *note; /* for the trace, after the result */
	/* what the trace shows of the caller's memory, where a handler read it */
	bool has_path;
	char path[PATH_MAX];
	const uint32_t *ids; /* the IDs written (getres*id, getgroups) or read (setgroups) */
	unsigned n_ids;
	uint32_t out[3]; /* getres*id's, which ids points to */
	bool has_caps;
	uint32_t cap_version, cap_effective;
};

void answer_call(const struct request *rq, struct answer *ans);
/* "NAME(ARGS) = RESULT NOTE", as strace would print the call. */
void describe_call(const struct request *rq, struct answer *ans, char *buf, size_t size);

#endif
