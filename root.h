/*
 * root.h: --root DIR, a private mount namespace in which DIR becomes "/".
 */
#ifndef ZR_ROOT_H
#define ZR_ROOT_H

/* Fail now, before anything is set up, if DIR is not a directory. */
void check_root_dir(const char *dir);
void enter_root(const char *dir, char *const *binds, int n_binds, const char *cwd);

#endif
