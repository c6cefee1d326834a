/*
 * caller.h: the process whose call the supervisor answers. Its memory is read
 * and written with process_vm_readv/writev, which name it by pid in the
 * supervisor's PID namespace (the notification's) and honour its page
 * protections; /proc (checked at start-up to be the supervisor's own) gives
 * its status; files are made as it would make them, by a process that takes
 * its place. After each of these the request is checked with
 * SECCOMP_IOCTL_NOTIF_ID_VALID: the caller may have died, and its pid been
 * reused, meanwhile.
 */
#ifndef ZR_CALLER_H
#define ZR_CALLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "creds.h"
#include "owners.h"

struct statx;

/* Tgid and PPid of a thread, and if truth is given the kernel's Uid, Gid and
 * Groups lines (truth->groups malloc'd). 0, or -1 if unreadable. */
int read_status(pid_t tid, pid_t *tgid, pid_t *ppid, struct creds *truth);

/* n bytes at addr of pid's memory: 0, or -EFAULT as the kernel would (an
 * unmapped or protected page), -ESRCH if it has gone. */
long read_mem(pid_t pid, uint64_t addr, void *buf, size_t n);
long write_mem(pid_t pid, uint64_t addr, const void *buf, size_t n);
/* The capabilities of a thread as the kernel has them: inheritable,
 * permitted, effective (/proc/TID/status). 0, or -ESRCH. */
int read_caps(pid_t tid, uint64_t caps[3]);
/* A NUL-terminated string: 0, or -EFAULT or -ENAMETOOLONG as the kernel
 * would (size is PATH_MAX: 4095 bytes and the NUL fit), with buf "?". */
long read_string(pid_t pid, uint64_t addr, char *buf, size_t size);
/* n IDs of width bytes (2 or 4) at addr: 0 or -EFAULT. */
long read_ids(pid_t pid, uint64_t addr, uint32_t *ids, unsigned n, size_t width);
long write_ids(pid_t pid, uint64_t addr, const uint32_t *ids, unsigned n, size_t width);

/* Where a placeholder is made: the caller's dirfd (AT_FDCWD: its working
 * directory) and path as it named them, the mode it asked for. */
struct placeholder {
	pid_t pid;
	int dirfd;
	const char *path;
	uint32_t mode;
	unsigned filters; /* seccomp filters the command starts with, zeroroot's included */
	bool nnp;	  /* no_new_privs was set before the command: then not its doing */
	const char *why;  /* set when nothing was made though the call could be tried */
};

/*
 * In a process of its own (it changes root, namespace and capabilities): an
 * empty regular file where a device node was asked for, made as the caller
 * would make it. 0 or -errno of that creation; 1 if it must not be tried (the
 * caller confined itself further: ph->why says how), as in pure mode.
 */
long create_as_caller(struct placeholder *ph, bool (*valid)(void *), void *arg);

/* statx(2) by number: musl before 1.2.5 has no wrapper. 0, or -1 and errno. */
int zr_statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *st);
void file_id_of(const struct statx *st, struct file_id *id);

/* A file as a call names it: a descriptor (fd >= 0), or a path from the
 * caller's root (absolute) or from dirfd (AT_FDCWD: its working directory),
 * a trailing symbolic link followed unless nofollow; with empty_path, an
 * empty path names dirfd itself. */
struct named_file {
	pid_t pid;
	int fd, dirfd;
	const char *path;
	bool nofollow, empty_path;
};

/*
 * Which file that is (device, inode, birth), resolved as the caller would
 * resolve it but never out of its root and never through a magic link (one
 * would name the supervisor's own descriptors), and its name from the
 * supervisor's root (or from the caller's mount namespace's root, where
 * ours does not reach it) in name ("" if unknown; size 0: not wanted).
 * cached: from the kernel's caches alone (RESOLVE_CACHED, cached
 * attributes), so that no file system is asked: -EAGAIN where they cannot
 * answer. 0; -ENOENT if there is no
 * such file (nothing to identify); -ESRCH if the caller has gone; another
 * -errno if it cannot be identified (ELOOP: through a magic link).
 */
int identify_file(const struct named_file *f, bool cached, bool (*valid)(void *), void *arg,
		  struct file_id *id, char *name, size_t size);

/*
 * The image a process runs: where its AT_RANDOM bytes lie and what they are.
 * The kernel writes 16 fresh random bytes there at every successful execve
 * (create_elf_tables()), so the same bytes at the same place mean the same
 * image: no exec since, whatever the file (a re-exec of itself included),
 * and a failed exec changes nothing. A fork copies them with the memory.
 */
struct image {
	uint64_t addr; /* 0: unknown (no AT_RANDOM, or unreadable) */
	uint8_t random[16];
};

/* The image pid runs now, from /proc/PID/auxv, whose words are word bytes
 * wide (4 for 32-bit processes). 0, or -ESRCH if it has gone. */
int read_image(pid_t pid, unsigned word, struct image *img);
/* Does tid still run img? 1 yes, 0 no (an exec since), -ESRCH if it has gone. */
int same_image(pid_t tid, const struct image *img);
bool image_equal(const struct image *a, const struct image *b);

/* The file an xattr call names: the caller's descriptor fd (fsetxattr), or
 * path from dirfd (AT_FDCWD: its working directory), its last symlink not
 * followed if nofollow; an empty path with empty_path is dirfd itself. */
struct xattr_target {
	pid_t pid;
	int dirfd, fd;
	const char *path; /* NULL with fd */
	bool nofollow, empty_path;
};

/*
 * In a process of its own (it takes the caller's place): that file's
 * identity, and in *has whether it has the attribute name as the caller
 * would see it. 0, or -errno as the kernel's lookup of the file would fail
 * (ENOENT...); 1 if it cannot be told (a magic link in the path, which here
 * would name the helper's own, not the caller's).
 */
int xattr_lookup(const struct xattr_target *t, const char *name, uint64_t *dev, uint64_t *ino, bool *has,
		 bool (*valid)(void *), void *arg);

/*
 * After an exec: the set-user-ID and set-group-ID owners of the file the
 * kernel ran (/proc/PID/exe: for a script, its interpreter, whose bits are
 * the ones the kernel uses), in set_uid and set_gid, or ID_UNCHANGED where
 * the bit does not apply: not a regular file, a nosuid mount, no_new_privs,
 * an owner the caller's user namespace does not map (bprm_fill_uid()). The
 * file is never opened or read: no file system is asked (FUSE). 0 or -errno.
 */
int exec_ids(pid_t tid, pid_t tgid, uint32_t *set_uid, uint32_t *set_gid);

#endif
