/*
 * probe: the test suite's helper. It issues raw syscalls by the numbers of the
 * ABI it was built for (<sys/syscall.h>, i.e. the kernel's headers, not
 * zeroroot's tables) and prints "name r=R errno=E" lines for the tests to read
 * (E is 0, or the errno's name: EPERM).
 *
 *   probe fake-all DIR          every syscall zeroroot fakes, with arguments that
 *                               make a real call fail or show (see below)
 *   probe mknod PATH TYPE       TYPE: chr blk fifo sock reg
 *   probe mknodat DIR PATH TYPE mknodat relative to DIR opened (- for AT_FDCWD,
 *                               badfd for a descriptor not open)
 *                               (PATH badptr: a pointer to unmapped memory)
 *   probe chownat DIRFD PATH UID GID [empty]
 *                               fchownat(DIRFD, PATH, UID, GID, 0 or
 *                               AT_EMPTY_PATH); DIRFD a number, as given (-1: none)
 *   probe ids                   real/effective/saved uids and gids, group count
 *   probe setuid-open UID FILE  setuid(UID), then open FILE for reading
 *   probe setuid-wait UID       setuid(UID), print "ready PID", wait for stdin EOF
 *   probe threads N FILE        N threads chown FILE and setresuid at once
 *   probe privileged            sethostname(2): EPERM without real privilege,
 *                               EINVAL (name too long) with it; never changes it
 *   probe drop UID GID [CMD...] setgroups([GID]), setresgid, setresuid to UID/GID as
 *                               apt does, print ids, try to regain root (must
 *                               fail), then exec CMD if given
 *   probe fork-ids              print ids from a forked child, then the parent
 *   probe groups N              setgroups with N groups, read them back
 *   probe daemon FILE           fork a daemon (setsid) that asks its ids, outlives
 *                               us by a second, asks again and writes both to FILE
 *   probe threads-ids N         setresuid(100) by libc, then N threads print ids
 *   probe xattr FILE            every xattr syscall: with names only privilege
 *                               may set (trusted.*, security.*), with an ACL
 *                               naming uid 4242, with arguments the kernel
 *                               refuses to anyone, and with user.* (read back)
 *   probe filter NAME=ERRNO[,NAME=ERRNO...] -- CMD [ARG]...
 *                               run CMD under an outer seccomp filter answering
 *                               NAME (unshare, seccomp, prctl-get-seccomp,
 *                               kexec_load, mknod, mknodat) with ERRNO
 *                               (0 = fake success)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define FAKE_ID 4242 /* unmapped in zeroroot's namespace: a real call fails */

/* setxattrat and removexattrat (Linux >= 6.13): one number on every ABI, after
 * MIPS's base and x32's bit; older headers lack them. */
#ifndef SYS_setxattrat
#if defined(__NR_Linux)
#define SYS_setxattrat	  (__NR_Linux + 463)
#define SYS_removexattrat (__NR_Linux + 466)
#elif defined(__x86_64__) && defined(__ILP32__)
#define SYS_setxattrat	  (0x40000000 + 463)
#define SYS_removexattrat (0x40000000 + 466)
#else
#define SYS_setxattrat	  463
#define SYS_removexattrat 466
#endif
#endif

static int report(const char *name, long r)
{
	int err = errno;

	if (r == 0)
		printf("%s r=0 errno=0\n", name);
	else
		printf("%s r=%ld errno=%s\n", name, r, strerrorname_np(err) ? strerrorname_np(err) : "?");
	return r != 0;
}

static void fake_all(const char *dir)
{
	char file[4096], node[4096];
	struct __user_cap_header_struct hdr = {0, 0}; /* bad version: a real capset fails */
	struct __user_cap_data_struct data[2] = {{0, 0, 0}};
	uint32_t groups32[1] = {FAKE_ID};
	uint16_t groups16[1] = {FAKE_ID};
	int fd;

	snprintf(file, sizeof(file), "%s/file", dir);
	snprintf(node, sizeof(node), "%s/dev", dir);
	fd = open(file, O_RDWR | O_CREAT, 0644);
	if (fd < 0) {
		perror(file);
		exit(2);
	}
	(void)groups16;
	(void)groups32;
#define TRY(name, ...) report(#name, syscall(SYS_##name, __VA_ARGS__))
#ifdef SYS_chown
	TRY(chown, file, FAKE_ID, FAKE_ID);
#endif
#ifdef SYS_lchown
	TRY(lchown, file, FAKE_ID, FAKE_ID);
#endif
#ifdef SYS_fchown
	TRY(fchown, fd, FAKE_ID, FAKE_ID);
#endif
	TRY(fchownat, AT_FDCWD, file, FAKE_ID, FAKE_ID, 0);
#ifdef SYS_chown32
	TRY(chown32, file, FAKE_ID, FAKE_ID);
	TRY(lchown32, file, FAKE_ID, FAKE_ID);
	TRY(fchown32, fd, FAKE_ID, FAKE_ID);
#endif
	TRY(setuid, FAKE_ID);
	TRY(setgid, FAKE_ID);
	TRY(setreuid, FAKE_ID, FAKE_ID);
	TRY(setregid, FAKE_ID, FAKE_ID);
	TRY(setresuid, FAKE_ID, FAKE_ID, FAKE_ID);
	TRY(setresgid, FAKE_ID, FAKE_ID, FAKE_ID);
	/* setfsuid returns the previous fsuid and never fails: a real call
	 * returns the caller's fsuid, a faked one 0. */
	TRY(setfsuid, FAKE_ID);
	TRY(setfsgid, FAKE_ID);
#ifdef SYS_setuid32
	TRY(setgroups, 1, groups16);
	TRY(setuid32, FAKE_ID);
	TRY(setgid32, FAKE_ID);
	TRY(setreuid32, FAKE_ID, FAKE_ID);
	TRY(setregid32, FAKE_ID, FAKE_ID);
	TRY(setresuid32, FAKE_ID, FAKE_ID, FAKE_ID);
	TRY(setresgid32, FAKE_ID, FAKE_ID, FAKE_ID);
	TRY(setfsuid32, FAKE_ID);
	TRY(setfsgid32, FAKE_ID);
	TRY(setgroups32, 1, groups32);
#else
	TRY(setgroups, 1, groups32);
#endif
	TRY(capset, &hdr, data);
#ifdef SYS_mknod
	TRY(mknod, node, S_IFCHR | 0600, (unsigned long)makedev(1, 3)); /* one register on every ABI */
#endif
	TRY(mknodat, AT_FDCWD, node, S_IFBLK | 0600, (unsigned long)makedev(8, 0));
	/* invalid flags: a real call fails, even for real root */
	TRY(kexec_load, 0ul, 0ul, NULL, 0x100ul);
#undef TRY
	close(fd);
}

static size_t put_le(uint8_t *p, uint32_t v, int bytes)
{
	for (int b = 0; b < bytes; b++)
		p[b] = v >> 8 * b;
	return bytes;
}

/* An ACL in the xattr format (little-endian: version 2, then entries of tag,
 * permissions, ID): the owner rw, uid id rw, the group r, a mask rw (unless
 * !mask: then it is invalid for anyone), others r. */
static size_t make_acl(uint8_t *v, uint32_t id, bool mask)
{
	const uint32_t entries[][3] = {
		{0x01, 6, -1}, {0x02, 6, id}, {0x04, 4, -1}, {0x10, 6, -1}, {0x20, 4, -1}};
	size_t n = put_le(v, 2, 4);

	for (size_t e = 0; e < 5; e++) {
		if (entries[e][0] == 0x10 && !mask)
			continue;
		n += put_le(v + n, entries[e][0], 2);
		n += put_le(v + n, entries[e][1], 2);
		n += put_le(v + n, entries[e][2], 4);
	}
	return n;
}

static int xattr_calls(const char *file)
{
	struct { /* struct xattr_args */
		uint64_t value;
		uint32_t size, flags;
	} args = {(uintptr_t) "v", 1, 0}, user_args = {(uintptr_t) "at", 2, 0};
	uint8_t acl[64];
	char got[16] = "";
	int fd = open(file, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		perror(file);
		return 2;
	}
#define TRY(label, name, ...) report(label, syscall(SYS_##name, __VA_ARGS__))
	/* each as real root would succeed, were the attributes stored: what a
	 * remove removes was set first, in this process's run */
	TRY("setxattr", setxattr, file, "trusted.probe", "v", 1, 0);
	TRY("lsetxattr", lsetxattr, file, "security.probe", "v", 1, 0);
	TRY("fsetxattr", fsetxattr, fd, "security.probe2", "v", 1, XATTR_CREATE);
	TRY("setxattrat", setxattrat, AT_FDCWD, file, 0, "trusted.probe3", &args, sizeof(args));
	TRY("removexattr", removexattr, file, "trusted.probe");
	TRY("lremovexattr", lremovexattr, file, "security.probe");
	TRY("fremovexattr", fremovexattr, fd, "security.probe2");
	TRY("removexattrat", removexattrat, AT_FDCWD, file, 0, "trusted.probe3");
	TRY("acl-unmapped", fsetxattr, fd, "system.posix_acl_access", acl, make_acl(acl, FAKE_ID, true), 0);
	/* refused to anyone, real root included: never faked */
	TRY("acl-no-mask", fsetxattr, fd, "system.posix_acl_access", acl, make_acl(acl, FAKE_ID, false), 0);
	TRY("bad-flags", fsetxattr, fd, "trusted.probe", "v", 1, 0x100);
	TRY("bad-value", fsetxattr, fd, "trusted.probe", (void *)8, 1, 0);
	/* user.*: real */
	TRY("user-set", setxattrat, AT_FDCWD, file, 0, "user.probe", &user_args, sizeof(user_args));
	n = getxattr(file, "user.probe", got, sizeof(got) - 1);
	printf("user-get value=%s\n", n >= 0 ? (got[n] = '\0', got) : "-");
	TRY("user-remove", removexattrat, AT_FDCWD, file, 0, "user.probe");
	printf("user-gone %s\n", getxattr(file, "user.probe", got, sizeof(got)) < 0 ? "yes" : "no");
#undef TRY
	close(fd);
	return 0;
}

static int do_mknod(const char *dir, const char *path, const char *type)
{
	static const struct {
		const char *name;
		mode_t mode;
	} types[] = {
		{"chr", S_IFCHR}, {"blk", S_IFBLK}, {"fifo", S_IFIFO}, {"sock", S_IFSOCK}, {"reg", S_IFREG},
	};
	int dfd = !dir || strcmp(dir, "-") == 0 ? AT_FDCWD
		  : strcmp(dir, "badfd") == 0	? 999
						: open(dir, O_RDONLY);

	if (dfd == -1) {
		perror(dir);
		return 2;
	}
	if (strcmp(path, "badptr") == 0)
		path = (const char *)8; /* the first page is never mapped */
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(type, types[i].name) == 0)
			return dir ? report("mknodat",
					    mknodat(dfd, path, types[i].mode | 0644, makedev(1, 3)))
				   : report("mknod", mknod(path, types[i].mode | 0644, makedev(1, 3)));
	fprintf(stderr, "probe: unknown type %s\n", type);
	return 2;
}

static void ids(void)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;
	gid_t list[64];
	int n = getgroups(64, list);

	getresuid(&r, &e, &s);
	getresgid(&rg, &eg, &sg);
	printf("uid=%u,%u,%u gid=%u,%u,%u groups=%d\n", r, e, s, rg, eg, sg, n);
}

static void *thread_main(void *file)
{
	long r = syscall(SYS_fchownat, AT_FDCWD, file, FAKE_ID, FAKE_ID, 0);

	r |= syscall(SYS_setresuid, FAKE_ID, FAKE_ID, FAKE_ID);
	return (void *)r;
}

static void ids_to(FILE *out)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;
	gid_t list[64];
	int n = getgroups(64, list), len;
	char line[1024];

	getresuid(&r, &e, &s);
	getresgid(&rg, &eg, &sg);
	len = snprintf(line, sizeof(line), "uid=%u,%u,%u gid=%u,%u,%u groups=%d", r, e, s, rg, eg, sg, n);
	for (int i = 0; i < n && i < 64; i++)
		len += snprintf(line + len, sizeof(line) - len, "%c%u", i ? ',' : ':', list[i]);
	snprintf(line + len, sizeof(line) - len, " getuid=%u geteuid=%u getgid=%u getegid=%u\n", getuid(),
		 geteuid(), getgid(), getegid());
	fputs(line, out); /* one call: threads' lines do not interleave */
	fflush(out);
}

static int drop(uid_t uid, gid_t gid, char **cmd)
{
	gid_t g = gid;

	report("setgroups", setgroups(1, &g));
	report("setresgid", setresgid(gid, gid, gid));
	report("setresuid", setresuid(uid, uid, uid));
	ids_to(stdout);
	/* apt's APT::Sandbox::Verify::Regain: these must fail after a drop */
	report("setuid(0)", setuid(0));
	report("seteuid(0)", seteuid(0));
	report("setgid(0)", setgid(0));
	if (cmd[0]) {
		execvp(cmd[0], cmd);
		perror(cmd[0]);
		return 127;
	}
	return 0;
}

static void *thread_ids(void *arg)
{
	(void)arg;
	ids_to(stdout);
	return NULL;
}

static int threads_ids(int n)
{
	pthread_t t[64];

	report("setresuid", setresuid(100, 100, 100));
	for (int i = 0; i < n && i < 64; i++)
		pthread_create(&t[i], NULL, thread_ids, NULL);
	for (int i = 0; i < n && i < 64; i++)
		pthread_join(t[i], NULL);
	return 0;
}

static int groups(int n)
{
	gid_t set[64], got[64];
	int count;

	n = n > 64 ? 64 : n;
	for (int i = 0; i < n; i++)
		set[i] = 1000 + i;
	report("setgroups", setgroups(n, set));
	count = getgroups(0, NULL);
	printf("count=%d", count);
	if (count > 0 && getgroups(count, got) == count)
		printf(" first=%u last=%u", got[0], got[count - 1]);
	printf(" small=%d\n", count > 1 ? (getgroups(1, got) < 0 ? errno : 0) : -1);
	return 0;
}

static int daemon_ids(const char *file)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p) != 0 || (pid = fork()) < 0)
		return 2;
	if (pid == 0) {
		FILE *out;

		setsid();
		out = fopen(file, "w");
		if (!out)
			_exit(2);
		ids_to(out); /* first ask while the parent lives: it inherits its record */
		close(p[1]);
		sleep(1); /* by now the command has exited */
		ids_to(out);
		fprintf(out, "done\n");
		fclose(out);
		_exit(0);
	}
	close(p[1]);
	(void)!read(p[0], &c, 1); /* EOF once the child asked */
	return 0;
}

static int threads(int n, const char *file)
{
	pthread_t t[64];
	int bad = 0;
	void *r;

	n = n > 64 ? 64 : n;
	for (int i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, thread_main, (void *)file) != 0)
			return 2;
	/* glibc broadcasts set*id to every thread and aborts if one disagrees */
	bad |= report("setresuid(libc)", setresuid(FAKE_ID, FAKE_ID, FAKE_ID));
	bad |= report("setgroups(libc)", setgroups(0, NULL));
	for (int i = 0; i < n; i++) {
		pthread_join(t[i], &r);
		bad |= r != NULL;
	}
	printf("threads=%d bad=%d\n", n, bad);
	return bad;
}

static long sysno(const char *name)
{
	if (strcmp(name, "unshare") == 0)
		return SYS_unshare;
	if (strcmp(name, "seccomp") == 0)
		return SYS_seccomp;
	if (strcmp(name, "kexec_load") == 0)
		return SYS_kexec_load;
	if (strcmp(name, "mknodat") == 0)
		return SYS_mknodat;
#ifdef SYS_mknod
	if (strcmp(name, "mknod") == 0)
		return SYS_mknod;
#endif
	if (strcmp(name, "prctl-get-seccomp") == 0)
		return SYS_prctl;
	fprintf(stderr, "probe: unknown syscall %s\n", name);
	exit(2);
}

/* An outer filter, as a container runtime would install, to reproduce the
 * hosts zeroroot must diagnose. */
static int outer_filter(char *spec, char **argv)
{
	struct sock_filter f[64];
	unsigned n = 0;

	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (char *item = strtok(spec, ","); item && n < 56; item = strtok(NULL, ",")) {
		char *eq = strchr(item, '=');
		unsigned err;

		if (!eq)
			return 2;
		*eq = '\0';
		err = atoi(eq + 1);
		if (strcmp(item, "prctl-get-seccomp") == 0) {
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_prctl, 0, 4);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
							      offsetof(struct seccomp_data, args));
			f[n++] =
				(struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_GET_SECCOMP, 0, 1);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | err);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
							      offsetof(struct seccomp_data, nr));
		} else {
			f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, sysno(item), 0, 1);
			f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | err);
		}
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = {(unsigned short)n, f};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
		perror("probe: outer filter");
		return 2;
	}
	execvp(argv[0], argv);
	perror(argv[0]);
	return 127;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && strcmp(argv[1], "fake-all") == 0) {
		fake_all(argv[2]);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "mknod") == 0)
		return do_mknod(NULL, argv[2], argv[3]);
	if (argc == 5 && strcmp(argv[1], "mknodat") == 0)
		return do_mknod(argv[2], argv[3], argv[4]);
	if ((argc == 6 || argc == 7) && strcmp(argv[1], "chownat") == 0)
		return report("fchownat",
			      fchownat(atoi(argv[2]), argv[3], (uid_t)atol(argv[4]), (gid_t)atol(argv[5]),
				       argc == 7 && strcmp(argv[6], "empty") == 0 ? AT_EMPTY_PATH : 0));
	if (argc == 2 && strcmp(argv[1], "ids") == 0) {
		ids();
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "setuid-open") == 0) {
		report("setuid", setuid(atoi(argv[2])));
		return report("open", open(argv[3], O_RDONLY) < 0 ? -1 : 0);
	}
	if (argc == 3 && strcmp(argv[1], "setuid-wait") == 0) {
		char c;

		report("setuid", setuid(atoi(argv[2])));
		printf("ready %d\n", (int)getpid());
		while (read(0, &c, 1) > 0)
			;
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "threads") == 0)
		return threads(atoi(argv[2]), argv[3]);
	if (argc == 2 && strcmp(argv[1], "privileged") == 0) {
		/* one byte too long: even real root gets EINVAL, after the EPERM check */
		static char name[65];

		return report("sethostname", sethostname(name, sizeof(name)));
	}
	if (argc >= 4 && strcmp(argv[1], "drop") == 0)
		return drop(atoi(argv[2]), atoi(argv[3]), argv + 4);
	if (argc == 2 && strcmp(argv[1], "fork-ids") == 0) {
		pid_t pid = fork();

		if (pid == 0) {
			ids_to(stdout);
			_exit(0);
		}
		waitpid(pid, NULL, 0);
		ids_to(stdout);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "groups") == 0)
		return groups(atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "daemon") == 0)
		return daemon_ids(argv[2]);
	if (argc == 3 && strcmp(argv[1], "threads-ids") == 0)
		return threads_ids(atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "xattr") == 0)
		return xattr_calls(argv[2]);
	if (argc >= 5 && strcmp(argv[1], "filter") == 0 && strcmp(argv[3], "--") == 0)
		return outer_filter(argv[2], argv + 4);
	fprintf(stderr, "usage: see the comment at the top of tests/probe.c\n");
	return 2;
}
