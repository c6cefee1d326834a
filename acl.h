/*
 * acl.h: the POSIX ACL extended attribute (system.posix_acl_access and
 * system.posix_acl_default), as the kernel reads it from setxattr: whether
 * it is valid, whether it names an ID the user namespace does not map, and
 * how --trace shows it.
 * Pure: the value is bytes already read from the caller.
 */
#ifndef ZR_ACL_H
#define ZR_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"

/* Is this the name of an ACL attribute? */
bool is_acl_name(const char *name);
/* What the kernel answers to setting this value, v of size bytes, where it
 * maps every ID (as for real root): 0 (no value, or a header without
 * entries: the ACL is removed), -EOPNOTSUPP (a version other than 2) or
 * -EINVAL. What the file or its file system may refuse is not checked. */
int acl_check(const uint8_t *v, size_t size);
/* Would the kernel take this ACL (acl_check() is 0) but for an ID the
 * namespace does not map? Then true, with the first such ID in *id and *gid.
 * false if every ID is mapped, or the ACL is invalid anyway: then the kernel
 * answers, with its own error. */
bool acl_names_unmapped(const uint8_t *v, size_t size, const struct idmap *map, uint32_t *id, bool *gid);
/* For the trace: an ACL as setfacl(1) writes it, "[u::rw-,u:2:rw-,...]". */
void describe_acl(const uint8_t *v, size_t size, char *buf, size_t bufsize);

#endif
