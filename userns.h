/*
 * userns.h: the user namespace the command runs in, and the IDs it maps.
 */
#ifndef ZR_USERNS_H
#define ZR_USERNS_H

#include <stdbool.h>
#include <sys/types.h>

#include "filter.h"

enum userns_mode { USERNS_AUTO, USERNS_ALWAYS, USERNS_NEVER };

/* The caller's subordinate IDs (/etc/subuid, /etc/subgid) and the tools
 * that map them. */
struct subids {
	uid_t uid;
	gid_t gid;
	unsigned long uid_start, uid_count, gid_start, gid_count;
	char tool[2][4096]; /* newuidmap, newgidmap */
};

/* Enter the command's user namespace (or stay, --userns and its rules);
 * map_auto: with the subordinate IDs too. In ids: what it maps. */
/* true if it created one */
bool enter_userns(enum userns_mode mode, bool map_auto, struct idmap *ids);
void read_idmap(struct idmap *ids);
/* More than one ID: chown and set*id to mapped IDs can run for real. */
bool maps_ranges(const struct idmap *ids);

/* Under --root, once every mount is made: a user namespace below this one,
 * mapping the same IDs onto themselves, with a mount namespace of its own.
 * The kernel locks every mount it copies into a namespace of a less
 * privileged owner (MNT_LOCKED and the read-only, nosuid, nodev, noexec
 * flags: fs/namespace.c, copy_mnt_ns() and lock_mnt_tree()), so root there
 * can neither unmount nor remount what was mounted here. proc: a directory
 * of a /proc. 1 if entered; 0 in the initial user namespace, where nothing
 * is less privileged than real root's capabilities; -1 if proc shows no maps. */
int nest_userns(int proc);

bool have_cap_sys_admin(void);
/* Only the initial user namespace maps all 2^32 IDs onto themselves. */
bool in_initial_userns(void);
/* " (the user.max_user_namespaces sysctl is 0...)": why unshare(2) failed, or "". */
const char *userns_cause(int err);

#endif
