/*
 * creds.h: fake credentials and the rules of credentials(7) that change them,
 * for a process whose fake euid decides its privilege; and the records that
 * keep them, one per process. No seccomp, no /proc: tests/creds-test.c runs
 * the rules on their own.
 */
#ifndef ZR_CREDS_H
#define ZR_CREDS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "table.h"

#define ID_UNCHANGED 0xffffffffu /* -1: "leave this ID as it is" */
#define MAX_GROUPS   65536	 /* NGROUPS_MAX */

/* Real, effective, saved and filesystem IDs, the groups, and the effective
 * capabilities the set*id rules consult. */
struct creds {
	uint32_t uid[4], gid[4];
	uint32_t *groups;
	unsigned n_groups;
	bool cap_setuid, cap_setgid;
};

/* set{,re,res,fs}[ug]id(a[0], a[1], a[2]) as the kernel does it: 0, -errno,
 * or for setfs*id the old value. Leaving euid 0 clears the effective
 * capabilities, returning to it restores them. */
long creds_setid(struct creds *c, enum ids ids, enum op op, const uint64_t a[3]);
/* setgroups(n, list): takes list (malloc'd) or frees it; 0 or -EPERM. */
long creds_setgroups(struct creds *c, uint32_t *list, unsigned n);
/* capset: the effective CAP_SETUID and CAP_SETGID it asks for. */
void creds_capset(struct creds *c, uint32_t effective);
/* A copy, groups included; false without memory. */
bool creds_copy(struct creds *to, const struct creds *from);

/* The fake credentials of one process (thread group), threads sharing them. */
struct record {
	pid_t tgid;
	int pidfd; /* readable once the process has exited: the record goes */
	struct creds c;
};

extern struct record *records;
extern unsigned n_records;

struct record *record_find(pid_t tgid);
/* Add a record for tgid, taking c; NULL (and c freed) without memory. */
struct record *record_add(pid_t tgid, int pidfd, struct creds *c);
void record_drop(unsigned i);

#endif
