/*
 * creds.c: credentials(7) for fake credentials, and the records that keep
 * them. The rules are the kernel's (kernel/sys.c), with CAP_SETUID and
 * CAP_SETGID standing for the privilege the fake euid 0 gives.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "creds.h"

static bool one_of(uint32_t v, const uint32_t *id, int n)
{
	for (int i = 0; i < n; i++)
		if (id[i] == v)
			return true;
	return false;
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

long creds_setid(struct creds *c, enum ids ids, enum op op, const uint64_t a[3])
{
	bool gid = ids == IDS_GID, priv = gid ? c->cap_setgid : c->cap_setuid;
	uint32_t *id = gid ? c->gid : c->uid, old_euid = c->uid[1];
	long r;

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
	/* as the kernel does: leaving euid 0 clears the effective capabilities,
	 * returning to it restores them */
	if (!gid && old_euid == 0 && c->uid[1] != 0)
		c->cap_setuid = c->cap_setgid = false;
	else if (!gid && old_euid != 0 && c->uid[1] == 0)
		c->cap_setuid = c->cap_setgid = true;
	return r;
}

long creds_setgroups(struct creds *c, uint32_t *list, unsigned n)
{
	if (!c->cap_setgid) {
		free(list);
		return -EPERM; /* CAP_SETGID went with the fake euid 0 */
	}
	free(c->groups);
	c->groups = list;
	c->n_groups = n;
	return 0;
}

void creds_capset(struct creds *c, uint32_t effective)
{
	c->cap_setuid = effective & (1u << 7); /* CAP_SETUID */
	c->cap_setgid = effective & (1u << 6); /* CAP_SETGID */
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

/* ---- records ---- */

struct record *records;
unsigned n_records;

struct record *record_find(pid_t tgid)
{
	for (unsigned i = 0; i < n_records; i++)
		if (records[i].tgid == tgid)
			return &records[i];
	return NULL;
}

struct record *record_add(pid_t tgid, int pidfd, struct creds *c)
{
	struct record *grown = reallocarray(records, n_records + 1, sizeof(*records));

	if (!grown) {
		free(c->groups);
		return NULL;
	}
	records = grown;
	records[n_records] = (struct record){tgid, pidfd, *c};
	return &records[n_records++];
}

void record_drop(unsigned i)
{
	close(records[i].pidfd);
	free(records[i].c.groups);
	records[i] = records[--n_records];
}
