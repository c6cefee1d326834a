/*
 * root.c: --root DIR. A private mount namespace in which DIR becomes "/",
 * with the host's /proc (its kernel settings read-only), a read-only /sys, a
 * minimal /dev (as bubblewrap's --dev), the host's resolv.conf and hosts
 * read-only, and the user's --bind mounts. The command runs one user
 * namespace below, where it cannot undo any of these mounts. Nothing inside
 * DIR is created, changed or deleted: every mount lands on a path DIR
 * already has, and lives only in this namespace.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <linux/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "msg.h"
#include "root.h"
#include "userns.h"

/* DIR/path, or fail. */
static void path_in_root(char *buf, const char *root, const char *path)
{
	if (snprintf(buf, PATH_MAX, "%s/%s", root, path + (path[0] == '/')) >= PATH_MAX)
		fail(ENAMETOOLONG, "%s/%s", root, path);
}

/* Is DIR/path an existing file of the wanted type, inside DIR once every
 * symlink is resolved? A mount point that is a symlink out of DIR is refused,
 * so a tree cannot redirect zeroroot's mounts elsewhere. */
static const char *check_target(const char *root, const char *path, mode_t type)
{
	char target[PATH_MAX], real[PATH_MAX];
	struct stat st;
	size_t n = strlen(root);

	path_in_root(target, root, path);
	if (lstat(target, &st) != 0)
		return "missing";
	if (!realpath(target, real))
		return "a dangling symlink";
	if (strncmp(real, root, n) != 0 || (real[n] != '/' && real[n] != '\0'))
		return "a symlink out of the root";
	if (stat(real, &st) != 0 || (st.st_mode & S_IFMT) != type)
		return type == S_IFDIR ? "not a directory" : "not a regular file";
	return NULL;
}

/* Recursive bind; read-only needs a remount that keeps the flags the kernel
 * locked when it copied the host's mounts into our user namespace (nosuid,
 * nodev, noexec...), or the remount fails with EPERM. */
/* Remount one mount read-only, keeping the flags the kernel locked when it
 * copied the host's mounts into our user namespace (nosuid, nodev,
 * noexec...), or the remount fails with EPERM. */
static int remount_read_only(const char *path)
{
	static const struct {
		unsigned long st, ms;
	} flags[] = {
		{ST_NOSUID, MS_NOSUID},	  {ST_NODEV, MS_NODEV},		  {ST_NOEXEC, MS_NOEXEC},
		{ST_NOATIME, MS_NOATIME}, {ST_NODIRATIME, MS_NODIRATIME}, {ST_RELATIME, MS_RELATIME},
	};
	unsigned long keep = 0;
	struct statvfs sv;

	if (statvfs(path, &sv) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (sv.f_flag & flags[i].st)
			keep |= flags[i].ms;
	return mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | keep, NULL);
}

/* Read-only, submounts included (/sys/fs/cgroup...): mount_setattr(2)
 * (Linux >= 5.12), else each mount under dst in turn. */
static void make_read_only(const char *dst)
{
	struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};
	char line[4096], point[PATH_MAX];
	size_t n = strlen(dst);
	FILE *f;

	if (syscall(SYS_mount_setattr, AT_FDCWD, dst, AT_RECURSIVE, &attr, sizeof(attr)) == 0)
		return;
	if (errno != ENOSYS)
		fail(errno, "cannot make %s read-only", dst);
	if (remount_read_only(dst) != 0 || !(f = fopen("/proc/self/mountinfo", "re")))
		fail(errno, "cannot make %s read-only", dst);
	while (fgets(line, sizeof(line), f))
		/* "ID PARENT MAJ:MIN ROOT POINT ...": a point below dst (no spaces in it) */
		if (sscanf(line, "%*s %*s %*s %*s %4095s", point) == 1 && strncmp(point, dst, n) == 0 &&
		    point[n] == '/' && remount_read_only(point) != 0)
			fail(errno, "cannot make %s read-only", point);
	fclose(f);
}

/* Recursive bind, read-only if asked. */
static void bind_mount(const char *src, const char *dst, bool read_only)
{
	if (mount(src, dst, NULL, MS_BIND | MS_REC, NULL) != 0)
		fail(errno, "cannot bind %s on %s", src, dst);
	if (read_only)
		make_read_only(dst);
}

/* Mount the host's SRC on DIR/DST if DIR has a DST of that type; else say why not under -v. */
static bool mount_if_present(const char *root, const char *src, const char *dst, mode_t type, bool read_only)
{
	const char *why = check_target(root, dst, type);
	char target[PATH_MAX];

	if (why) {
		note("--root: not mounting %s: %s in the root", dst, why);
		return false;
	}
	path_in_root(target, root, dst);
	bind_mount(src, target, read_only);
	note("--root: %s bound from the host%s", dst, read_only ? ", read-only" : "");
	return true;
}

/* What of the host's /proc reaches the host's kernel, read-only, as container
 * runtimes make it (runc's readonlyPaths): sysctls check only that the writer
 * is the host's uid 0 (kernel.core_pattern runs a program as host root), and
 * sysrq-trigger and IRQ affinities check nothing more. */
static void protect_proc(const char *root)
{
	static const char *const paths[] = {"sys", "sysrq-trigger", "irq", "bus", "fs", "asound", "acpi"};
	char host[PATH_MAX], path[PATH_MAX], done[128] = "";
	size_t len = 0;
	struct stat st;

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		snprintf(host, sizeof(host), "/proc/%s", paths[i]);
		if (lstat(host, &st) != 0) /* not in this kernel */
			continue;
		path_in_root(path, root, host);
		bind_mount(path, path, true);
		len += (size_t)snprintf(done + len, sizeof(done) - len, " %s", paths[i]);
	}
	note("--root: read-only in /proc:%s", done);
}

/* The command runs one user namespace below the one that made the mounts, so
 * that it can neither unmount nor remount them (see nest_userns()). */
static void lock_mounts(int proc)
{
	int nested = proc >= 0 ? nest_userns(proc) : -1;

	if (nested > 0)
		note("--root: the command runs in a user namespace below zeroroot's, mapping the same IDs: "
		     "the mounts are locked");
	else if (nested == 0)
		note("--root: no user namespace below the initial one (--userns=never as real root): the "
		     "command "
		     "keeps real root's capabilities and can undo every mount");
	else /* nothing of the host's /proc is in the root then */
		note("--root: no /proc here to map a nested user namespace with: the mounts are not locked");
	if (proc >= 0)
		close(proc);
}

static void make_node(const char *dir, const char *name, mode_t mode, const char *link)
{
	char path[PATH_MAX];

	path_in_root(path, dir, name);
	if ((link	      ? symlink(link, path)
	     : mode & S_IFDIR ? mkdir(path, mode & 07777)
			      : mknod(path, mode, 0)) != 0)
		fail(errno, "cannot create %s", path);
}

/* A private /dev: a tmpfs holding the host's harmless character devices,
 * bound one by one, a devpts instance of our own and a tmpfs /dev/shm. The
 * device binds are read-only mounts, which still read and write (a device's
 * I/O ignores the mount's read-only flag) but refuse chmod, so that package
 * scripts never change the host's nodes, even when real root runs zeroroot. */
static void mount_dev(const char *root)
{
	static const char *const devices[] = {"null", "zero", "full", "random", "urandom", "tty"};
	static const char *const links[][2] = {
		{"ptmx", "pts/ptmx"},	       {"fd", "/proc/self/fd"},	      {"stdin", "/proc/self/fd/0"},
		{"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"},
	};
	const char *why = check_target(root, "/dev", S_IFDIR);
	char dev[PATH_MAX], path[PATH_MAX], host[PATH_MAX];

	if (why) {
		note("--root: not mounting /dev: %s in the root", why);
		return;
	}
	path_in_root(dev, root, "/dev");
	if (mount("tmpfs", dev, "tmpfs", MS_NOSUID, "mode=0755") != 0)
		fail(errno, "cannot mount a tmpfs on %s", dev);
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		make_node(dev, devices[i], S_IFREG | 0644, NULL);
		path_in_root(path, dev, devices[i]);
		path_in_root(host, "/dev", devices[i]);
		bind_mount(host, path, true);
	}
	make_node(dev, "pts", S_IFDIR | 0755, NULL);
	path_in_root(path, dev, "pts");
	if (mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") !=
	    0)
		fail(errno, "cannot mount devpts on %s", path);
	make_node(dev, "shm", S_IFDIR | 01777, NULL);
	path_in_root(path, dev, "shm");
	if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") != 0)
		fail(errno, "cannot mount a tmpfs on %s", path);
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		make_node(dev, links[i][0], 0, links[i][1]);
	note("--root: /dev is private: null zero full random urandom tty, pts, shm");
}

/* SRC[:DST] from --bind: DST must already exist in the root, as SRC's type. */
static void mount_user_bind(const char *root, const char *spec)
{
	char src[PATH_MAX], target[PATH_MAX];
	const char *colon = strchr(spec, ':'), *dst = colon ? colon + 1 : spec;
	struct stat st;
	const char *why;

	if (snprintf(src, sizeof(src), "%.*s", colon ? (int)(colon - spec) : (int)strlen(spec), spec) >=
	    PATH_MAX)
		fail(ENAMETOOLONG, "--bind %s", spec);
	if (!*src || !*dst) /* an empty DST would bind over the whole root */
		fail(0, "--bind %s: an empty %s", spec, *src ? "destination" : "source");
	if (stat(src, &st) != 0)
		fail(errno, "--bind %s: cannot use %s", spec, src);
	why = check_target(root, dst, S_ISDIR(st.st_mode) ? S_IFDIR : S_IFREG);
	if (why)
		fail(0, "--bind %s: %s is %s in the root (zeroroot creates nothing there)", spec, dst, why);
	path_in_root(target, root, dst);
	bind_mount(src, target, false);
	note("--root: %s bound on %s", src, dst);
}

void check_root_dir(const char *dir)
{
	struct stat st, root;

	if (stat(dir, &st) != 0)
		fail(errno, "--root %s", dir);
	if (!S_ISDIR(st.st_mode))
		fail(0, "--root %s: not a directory", dir);
	/* the root itself is no tree: the bind of it is reached by no path, so
	 * the mounts would miss it (and it has its /proc, /sys and /dev) */
	if (stat("/", &root) == 0 && st.st_dev == root.st_dev && st.st_ino == root.st_ino)
		fail(0, "--root %s: that is the root directory already: run without --root", dir);
}

/*
 * With a user namespace of its own the command owns a mount namespace too, as
 * under unshare -rm and in every container: mount --bind, mmdebstrap's and
 * debootstrap's mounts of /proc and /sys work, and vanish with the command.
 * MS_SLAVE, as bwrap does: what the host mounts later still shows inside,
 * nothing mounted inside shows outside.
 */
bool enter_mount_ns(void)
{
	/* Only a convenience without --root: where it is refused (Ubuntu's
	 * AppArmor rule lets the user namespace be made but denies capabilities
	 * in it), the command runs without one. */
	if (unshare(CLONE_NEWNS) != 0) {
		note("mount namespace: not created (%s): the command's mounts, if it can make any, are the "
		     "host's",
		     strerror(errno));
		return false;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) != 0)
		fail(errno, "cannot keep the command's mounts from the host's namespace");
	note("mount namespace: created; the host's mounts show inside, none made inside shows outside");
	return true;
}

void enter_root(const char *dir, char *const *binds, int n_binds, const char *cwd)
{
	char root[PATH_MAX];
	int proc;

	if (!realpath(dir, root))
		fail(errno, "--root %s", dir);
	if (unshare(CLONE_NEWNS) != 0)
		fail(errno, "cannot create a mount namespace for --root (it needs a user namespace "
			    "or CAP_SYS_ADMIN: not --userns=never)");
	/* Nothing we mount may propagate back to the host's namespace. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		fail(errno, "cannot make the mounts private");
	bind_mount(root, root, false); /* pivot_root(2) needs a mount point */
	if (mount_if_present(root, "/proc", "/proc", S_IFDIR, false))
		protect_proc(root);
	mount_if_present(root, "/sys", "/sys", S_IFDIR, true);
	mount_dev(root);
	/* name resolution as on the host: package managers download; read-only,
	 * for they are the host's own files */
	if (access("/etc/resolv.conf", R_OK) == 0)
		mount_if_present(root, "/etc/resolv.conf", "/etc/resolv.conf", S_IFREG, true);
	if (access("/etc/hosts", R_OK) == 0)
		mount_if_present(root, "/etc/hosts", "/etc/hosts", S_IFREG, true);
	for (int i = 0; i < n_binds; i++)
		mount_user_bind(root, binds[i]);
	/* the maps of the namespace below are written through the host's /proc */
	proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	/* pivot_root(".", ".") stacks the old root on the new one; detaching it
	 * leaves DIR alone as "/", unlike chroot(2), which leaves the host's "/"
	 * one "cd .." away from every process. */
	if (chdir(root) != 0 || syscall(SYS_pivot_root, ".", ".") != 0)
		fail(errno, "cannot make %s the root directory", root);
	if (umount2(".", MNT_DETACH) != 0)
		fail(errno, "cannot detach the host's root directory");
	lock_mounts(proc);
	if (chdir(cwd ? cwd : "/") != 0)
		fail(errno, "--cwd %s: cannot change to it inside the root", cwd ? cwd : "/");
	note("--root: %s is now /, working directory %s", root, cwd ? cwd : "/");
}
