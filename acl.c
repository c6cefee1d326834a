/*
 * acl.c: the POSIX ACL extended attribute (acl.h), read as the kernel reads
 * it for setxattr (fs/posix_acl.c: do_set_acl(), posix_acl_from_xattr(),
 * posix_acl_valid()). It checks the order of the tags, not of the IDs: two
 * entries for one user are valid (older kernels, Linux 3.0's among them,
 * wanted the IDs sorted, each once).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "acl.h"

bool is_acl_name(const char *name)
{
	return strcmp(name, "system.posix_acl_access") == 0 || strcmp(name, "system.posix_acl_default") == 0;
}

/* The POSIX ACL xattr format (uapi linux/posix_acl_xattr.h), little-endian:
 * a header {u32 a_version = 2}, then entries {u16 e_tag, u16 e_perm, u32 e_id}. */
enum acl_tag {
	TAG_USER_OBJ = 0x01,
	TAG_USER = 0x02,
	TAG_GROUP_OBJ = 0x04,
	TAG_GROUP = 0x08,
	TAG_MASK = 0x10,
	TAG_OTHER = 0x20
};
#define ACL_VERSION 2
#define ACL_HEADER  4
#define ACL_ENTRY   8

static uint32_t little_endian(const uint8_t *p, int n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

int acl_check(const uint8_t *v, size_t size)
{
	/* the order posix_acl_valid() wants: owner, users, group, groups, mask, other */
	enum { WANT_OWNER, IN_USERS, IN_GROUPS, WANT_OTHER, DONE } state = WANT_OWNER;
	bool named = false;

	if (size == 0)
		return 0; /* no value: do_set_acl() removes the ACL */
	if (size < ACL_HEADER)
		return -EINVAL;
	if (little_endian(v, 4) != ACL_VERSION)
		return -EOPNOTSUPP;
	if ((size - ACL_HEADER) % ACL_ENTRY) /* an entry cut short */
		return -EINVAL;
	/* a header without entries: the ACL is removed too */
	for (size_t i = ACL_HEADER; i < size; i += ACL_ENTRY) {
		uint32_t tag = little_endian(v + i, 2), e_id = little_endian(v + i + 4, 4);

		if (little_endian(v + i + 2, 2) & ~7u)
			return -EINVAL; /* a permission beyond rwx */
		if (tag == TAG_USER_OBJ && state == WANT_OWNER)
			state = IN_USERS;
		else if (tag == TAG_GROUP_OBJ && state == IN_USERS)
			state = IN_GROUPS;
		else if (tag == TAG_MASK && state == IN_GROUPS)
			state = WANT_OTHER;
		else if (tag == TAG_OTHER && (state == WANT_OTHER || (state == IN_GROUPS && !named)))
			state = DONE;
		else if (!((tag == TAG_USER && state == IN_USERS) ||
			   (tag == TAG_GROUP && state == IN_GROUPS)))
			return -EINVAL;
		if (tag != TAG_USER && tag != TAG_GROUP)
			continue;
		if (e_id == 0xffffffff)
			return -EINVAL; /* never an ID, in any namespace (make_kuid()) */
		named = true;
	}
	return size == ACL_HEADER || state == DONE ? 0 : -EINVAL;
}

bool acl_names_unmapped(const uint8_t *v, size_t size, const struct idmap *map, uint32_t *id, bool *gid)
{
	if (acl_check(v, size) != 0)
		return false;
	for (size_t i = ACL_HEADER; i + ACL_ENTRY <= size; i += ACL_ENTRY) {
		uint32_t tag = little_endian(v + i, 2), e_id = little_endian(v + i + 4, 4);

		if ((tag == TAG_USER || tag == TAG_GROUP) && !id_mapped(map, e_id, tag == TAG_GROUP)) {
			*id = e_id;
			*gid = tag == TAG_GROUP;
			return true;
		}
	}
	return false;
}

void describe_acl(const uint8_t *v, size_t size, char *buf, size_t bufsize)
{
	size_t n = snprintf(buf, bufsize, "["), i;

	if (!bufsize)
		return; /* else the last snprintf() would be at buf + 1, its size - 1 huge */
	/* an entry takes at most 17 bytes, ",u:4294967295:rwx": 24 leave room for "...]" */
	for (i = ACL_HEADER; i + ACL_ENTRY <= size && n + 24 < bufsize; i += ACL_ENTRY) {
		uint32_t tag = little_endian(v + i, 2), perm = little_endian(v + i + 2, 2);
		char id[16] = "";

		if (tag == TAG_USER || tag == TAG_GROUP)
			snprintf(id, sizeof(id), "%u", little_endian(v + i + 4, 4));
		n += snprintf(buf + n, bufsize - n, "%s%c:%s:%c%c%c", i > ACL_HEADER ? "," : "",
			      tag & (TAG_USER_OBJ | TAG_USER)	  ? 'u'
			      : tag & (TAG_GROUP_OBJ | TAG_GROUP) ? 'g'
			      : tag == TAG_MASK			  ? 'm'
								  : 'o',
			      id, perm & 4 ? 'r' : '-', perm & 2 ? 'w' : '-', perm & 1 ? 'x' : '-');
	}
	snprintf(buf + n, bufsize - n, i < size ? "...]" : "]"); /* "...": bytes not shown */
}
