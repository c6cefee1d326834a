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
#include <linux/limits.h>
#include <linux/seccomp.h>

#include "creds.h"
#include "filter.h"
#include "proc.h"
#include "table.h"

/* What every answer needs to know of the run. */
struct context {
	int listener;
	unsigned supervision; /* SUP_IDS, SUP_TRACE */
	pid_t command;	      /* zeroroot's pid: the command's, or its parent's (init.c) */
	unsigned filters;     /* seccomp filters the command starts with, zeroroot's included */
	bool nnp;	      /* no_new_privs was set before zeroroot started: not the caller's doing */
	bool started;	      /* zeroroot has exec'd the command */
	struct idmap map;     /* the IDs the user namespace maps */
};

struct request {
	const struct context *ctx;
	const struct seccomp_notif *req;
	const struct zr_syscall *sys;
	uint64_t arg[MAX_ARGS]; /* IDs widened: a 16-bit -1 is ID_UNCHANGED */
};

/* What a handler says is to be done with the call. */
enum outcome {
	O_REPLY = 1, /* answer it: val */
	O_CONTINUE,  /* let the kernel run it (SECCOMP_USER_NOTIF_FLAG_CONTINUE) */
	O_LATER,     /* later() does work that may block on a file system, in a
			process of its own, and then replies as it returns */
};

struct answer {
	long val;	  /* returned value, or -errno */
	bool untraced;	  /* zeroroot's own call, before its exec */
	const char *note; /* for the trace, after the result */
	/* credentials to keep once the caller has the answer (never if it did not) */
	struct proc *proc;
	bool commit;
	struct creds next;
	/* O_LATER: the work that may block, in a process of its own, so that
	 * no other answer waits for it */
	enum outcome (*later)(const struct request *rq, struct answer *ans);
	int slot; /* the helper's, 0 .. OWNERS_SLOTS - 1: where it hands results back */
	/* what the trace shows of the caller's memory, where a handler read it */
	bool has_path;
	const uint32_t *ids; /* the IDs written (getres*id, getgroups) or read (setgroups) */
	unsigned n_ids;
	uint32_t out[3]; /* getres*id's, which ids points to */
	bool has_caps;
	uint32_t cap_version, cap_effective, cap_permitted;
	bool has_xname, has_xargs; /* an xattr call's name; setxattrat's struct */
	uint32_t xflags;
	uint64_t xsize;
	char xname[XATTR_NAME_MAX + 1];
	char xvalue[192];    /* its value for the trace: an ACL's entries, else its first bytes */
	char path[PATH_MAX]; /* last: an answer is cleared up to here */
};

/* Once, before the first answer: the memory the helpers share. */
void answer_init(void);
enum outcome answer_call(const struct request *rq, struct answer *ans);
/* Keep what answer_call() computed, once the answer was delivered; or drop it. */
void commit_answer(struct answer *ans, bool delivered);
/* "NAME(ARGS) = RESULT NOTE", as strace would print the call. */
void describe_call(const struct request *rq, struct answer *ans, char *buf, size_t size);
/* The answer to a call whose handler wanted a helper (O_LATER) when none can
 * run (all busy: err 0; fork failed: err): as --pure would answer, or as
 * the handler's kind must be answered even so. */
enum outcome answer_without_helper(const struct request *rq, struct answer *ans, long err);
/* Is the request still waiting for its answer (SECCOMP_IOCTL_NOTIF_ID_VALID)? */
bool request_valid(void *rq);

#endif
