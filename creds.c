/*
 * creds.c: credentials(7) and capabilities(7) for fake credentials. The rules
 * are the kernel's (kernel/sys.c; security/commoncap.c for what a change of
 * uid does to the capabilities), for the two capabilities set*id consult.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "creds.h"

static bool one_of(uint32_t v, const uint32_t *id, int n)
{
	for (int i = 0; i < n; i++)
		if (id[i] == v)
			return true;
	return false;
}

void creds_from_ids(struct creds *c)
{
	/* root in its user namespace holds every capability */
	c->cap_perm = c->uid[0] == 0 || c->uid[1] == 0 ? CAP_BITS_SETID : 0;
	c->cap_eff = c->uid[1] == 0 ? c->cap_perm : 0;
	c->keepcaps = false;
}

static long set_single(uint32_t *id, uint32_t x, bool priv)
{
	if (x == ID_UNCHANGED)
		return -EINVAL;
	if (priv)
		id[0] = id[1] = id[2] = id[3] = x;
	else if (x == id[0] || x == id[2])
		id[1] = id[3] = x;
	else
		return -EPERM;
	return 0;
}

static long set_re(uint32_t *id, uint32_t x, uint32_t y, bool priv)
{
	uint32_t old[4];

	memcpy(old, id, sizeof(old));
	if ((x != ID_UNCHANGED && !priv && !one_of(x, old, 2)) ||
	    (y != ID_UNCHANGED && !priv && !one_of(y, old, 3)))
		return -EPERM;
	id[0] = x != ID_UNCHANGED ? x : old[0];
	id[1] = y != ID_UNCHANGED ? y : old[1];
	if (x != ID_UNCHANGED || (y != ID_UNCHANGED && y != old[0]))
		id[2] = id[1];
	id[3] = id[1];
	return 0;
}

static long set_res(uint32_t *id, const uint64_t a[3], bool priv)
{
	for (int i = 0; i < 3; i++)
		if (a[i] != ID_UNCHANGED && !priv && !one_of(a[i], id, 3))
			return -EPERM;
	for (int i = 0; i < 3; i++)
		if ((uint32_t)a[i] != ID_UNCHANGED)
			id[i] = a[i];
	id[3] = id[1];
	return 0;
}

/* setfs*id never fails: it returns the old value, changed or not. */
static long set_fs(uint32_t *id, uint32_t x, bool priv)
{
	uint32_t old = id[3];

	if (x != ID_UNCHANGED && (priv || one_of(x, id, 4)))
		id[3] = x;
	return old;
}

/* security/commoncap.c, cap_emulate_setxuid(): leaving uid 0 in all of real,
 * effective and saved drops the permitted capabilities (unless keep-caps);
 * leaving euid 0 drops the effective ones, returning to it restores them. */
static void fix_caps(struct creds *c, const uint32_t old[3])
{
	bool had_root = old[0] == 0 || old[1] == 0 || old[2] == 0;
	bool has_root = c->uid[0] == 0 || c->uid[1] == 0 || c->uid[2] == 0;

	if (had_root && !has_root && !c->keepcaps)
		c->cap_perm = c->cap_eff = 0;
	if (old[1] == 0 && c->uid[1] != 0)
		c->cap_eff = 0;
	else if (old[1] != 0 && c->uid[1] == 0)
		c->cap_eff = c->cap_perm;
}

long creds_setid(struct creds *c, enum ids ids, enum op op, const uint64_t a[3])
{
	bool gid = ids == IDS_GID;
	bool priv = c->cap_eff & (gid ? CAP_BIT_SETGID : CAP_BIT_SETUID);
	uint32_t id[4], old[3];
	long r;

	memcpy(id, gid ? c->gid : c->uid, sizeof(id));
	memcpy(old, c->uid, sizeof(old));
	switch (op) {
	case OP_SET:
		r = set_single(id, a[0], priv);
		break;
	case OP_RE:
		r = set_re(id, a[0], a[1], priv);
		break;
	case OP_RES:
		r = set_res(id, a, priv);
		break;
	case OP_FS:
		r = set_fs(id, a[0], priv);
		break;
	default:
		return -ENOSYS;
	}
	if (r < 0)
		return r;
	memcpy(gid ? c->gid : c->uid, id, sizeof(id));
	if (!gid && op != OP_FS)
		fix_caps(c, old);
	return r;
}

long creds_setgroups(struct creds *c, uint32_t *list, unsigned n)
{
	if (!(c->cap_eff & CAP_BIT_SETGID)) {
		free(list);
		return -EPERM;
	}
	c->groups = list; /* the old list is the caller's to free: c may be a copy */
	c->n_groups = n;
	return 0;
}

long creds_capset(struct creds *c, uint32_t effective, uint32_t permitted)
{
	/* only ever lower the permitted set; effective within it */
	if ((permitted & CAP_BITS_SETID & ~c->cap_perm) || (effective & ~permitted))
		return -EPERM;
	c->cap_perm = permitted & CAP_BITS_SETID;
	c->cap_eff = effective & CAP_BITS_SETID;
	return 0;
}

void creds_exec(struct creds *c, uint32_t set_uid, uint32_t set_gid)
{
	if (set_uid != ID_UNCHANGED)
		c->uid[1] = set_uid;
	if (set_gid != ID_UNCHANGED)
		c->gid[1] = set_gid;
	c->uid[2] = c->uid[3] = c->uid[1];
	c->gid[2] = c->gid[3] = c->gid[1];
	creds_from_ids(c); /* root gets every capability, others none; keep-caps ends */
}

bool creds_copy(struct creds *to, const struct creds *from)
{
	*to = *from;
	to->groups = malloc((from->n_groups + 1) * sizeof(uint32_t));
	if (!to->groups)
		return false;
	memcpy(to->groups, from->groups, from->n_groups * sizeof(uint32_t));
	return true;
}
