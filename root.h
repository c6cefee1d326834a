/*
 * root.h: the command's mount namespace: a private one by default, and with
 * --root DIR one in which DIR becomes "/".
 */
#ifndef ZR_ROOT_H
#define ZR_ROOT_H

#include <stdbool.h>

/* Fail now, before anything is set up, if DIR is not a directory. */
void check_root_dir(const char *dir);
/* A mount namespace of the command's own, as unshare -rm gives; false if
 * it could not be made (the command then has none, said under -v). */
bool enter_mount_ns(void);
void enter_root(const char *dir, char *const *binds, int n_binds, const char *cwd);

#endif
