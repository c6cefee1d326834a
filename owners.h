/*
 * owners.h: ownership the user namespace could not keep. A chown to an ID it
 * does not map is faked (the file stays the caller's); the supervisor
 * records what was asked, and when the command exits says how many changes
 * were lost, names every file that is now set-user-ID or set-group-ID with an
 * owner other than the one asked for, and writes them all to --owners=FILE
 * as an mtree(5) specification that a packer (bsdtar) can apply.
 */
#ifndef ZR_OWNERS_H
#define ZR_OWNERS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* A chown of path (absolute, as the command's root shows it) to uid and gid
 * (ID_UNCHANGED: left as is) was faked. The path is copied; a later change
 * of the same file replaces an earlier one. */
void owners_lost(const char *path, uint32_t uid, uint32_t gid);

/* Has any change been lost, so far? */
bool owners_any(void);

/* The report: warnings on stderr, and the mtree to fd (-1: none). Files are
 * looked at through root (the command's /proc/PID/root) and named relative to
 * cwd (its working directory then) where they lie below it. */
void owners_report(int root, const char *cwd, int fd, int ranges);

#endif
