/*
 * init.h: zeroroot as the command's parent, where the report at its exit
 * must come before anyone sees it exit (init.c).
 */
#ifndef ZR_INIT_H
#define ZR_INIT_H

#include <stdbool.h>
#include <sys/types.h>

/* Must zeroroot stay the command's parent? *why says why, for -v. */
bool need_fork_wait(bool owners, const char **why);

/* Fork the command: returns 0 in the child, which execs it. The parent
 * waits for it, forwarding signals, closes gone_w once it has exited, waits
 * for EOF on done_r (the report is written) and exits as the command did. */
pid_t fork_wait(int gone_w, int done_r);

#endif
