/*
 * caller.h: the process whose call the supervisor answers. Its /proc entries,
 * its memory, and files made as it would make them. Between RECV and any use
 * the caller may die and its pid be reused: every descriptor opened on it is
 * checked with SECCOMP_IOCTL_NOTIF_ID_VALID before it is used.
 */
#ifndef ZR_CALLER_H
#define ZR_CALLER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/seccomp.h>

#include "creds.h"

/* Tgid and PPid of a thread, and if truth is given the kernel's Uid, Gid and
 * Groups lines (truth->groups malloc'd). 0, or -1 if unreadable. */
int read_status(pid_t tid, pid_t *tgid, pid_t *ppid, struct creds *truth);

/* The caller's memory (/proc/PID/mem), or -1. */
int open_mem(int listener, const struct seccomp_notif *req);
/* A NUL-terminated string from the caller: 0, or -EFAULT or -ENAMETOOLONG as
 * the kernel would, with buf "?". */
long read_string(int mem, uint64_t addr, char *buf, size_t size);
/* n IDs of width bytes (2 or 4) at addr, from or to the caller: 0 or -EFAULT. */
long read_ids(int mem, uint64_t addr, uint32_t *ids, unsigned n, size_t width);
long write_ids(int mem, uint64_t addr, const uint32_t *ids, unsigned n, size_t width);

/* An empty regular file for a device mknod, made as the caller would make
 * it: 0 or -errno of that creation, or 1 if it could not be tried. */
long make_placeholder(int listener, const struct seccomp_notif *req, int dirfd, const char *path,
		      uint32_t mode);

#endif
