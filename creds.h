/*
 * creds.h: fake credentials and the rules of credentials(7) and
 * capabilities(7) that change them, for a process whose fake IDs decide its
 * privilege. No seccomp, no /proc: tests/creds-test.c runs the rules alone.
 */
#ifndef ZR_CREDS_H
#define ZR_CREDS_H

#include <stdbool.h>
#include <stdint.h>

#include "table.h"

#define ID_UNCHANGED 0xffffffffu /* -1: "leave this ID as it is" */
#define MAX_GROUPS   65536	 /* NGROUPS_MAX */

/* The capabilities the set*id rules consult, as bits of capset's words. */
#define CAP_BIT_SETGID (1u << 6)
#define CAP_BIT_SETUID (1u << 7)
#define CAP_BITS_SETID (CAP_BIT_SETGID | CAP_BIT_SETUID)

/* Real, effective, saved and filesystem IDs; the supplementary groups; the
 * effective and permitted CAP_SETUID and CAP_SETGID; PR_SET_KEEPCAPS. */
struct creds {
	uint32_t uid[4], gid[4];
	uint32_t *groups;
	unsigned n_groups;
	uint32_t cap_eff, cap_perm;
	bool keepcaps;
};

/* A process's credentials as the kernel gives them at start: cap_eff and
 * cap_perm follow from the IDs (root has both capabilities). */
void creds_from_ids(struct creds *c);

/* set{,re,res,fs}[ug]id(a[0], a[1], a[2]) as the kernel does it: 0, -errno,
 * or for setfs*id the old value. c is changed only on success. */
long creds_setid(struct creds *c, enum ids ids, enum op op, const uint64_t a[3]);
/* setgroups(n, list): takes list (malloc'd) or frees it; 0 or -EPERM. The
 * old list is not freed: c may be a copy that shares it. */
long creds_setgroups(struct creds *c, uint32_t *list, unsigned n);
/* capset with the first words of effective and permitted: 0 or -EPERM (a
 * permitted capability it does not hold, or effective beyond permitted). */
long creds_capset(struct creds *c, uint32_t effective, uint32_t permitted);
/* execve of a file: set-user-ID and set-group-ID (the owner's IDs, or -1 for
 * none), then the saved IDs and the capabilities as the kernel computes them. */
void creds_exec(struct creds *c, uint32_t set_uid, uint32_t set_gid);
/* A copy, groups included; false without memory. */
bool creds_copy(struct creds *to, const struct creds *from);

#endif
