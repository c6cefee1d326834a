/*
 * syscalls: the syscall-overhead workloads of bench/run. Makes N calls of one
 * kind (getppid, getuid, stat or chown of a file it creates itself) and prints
 * the time per call, measured inside the process, so that the start-up cost
 * of a wrapper (fakeroot's daemon, proot's tracer) does not count here.
 * getuid-drop first drops to uid and gid 100 as apt does (setgroups,
 * setresgid, setresuid), so that zeroroot answers getuid from its record
 * rather than letting the kernel answer it. getuid-1000 first starts 1,000
 * children that each call setresuid (so that zeroroot keeps a record for
 * each) and then wait on a pipe; the loop runs while they all live, and they
 * are released and reaped after it. The caller itself keeps no record.
 *
 *	usage: syscalls getppid|getuid|getuid-drop|getuid-1000|stat|chown N DIR
 *	prints: syscalls <kind> <N> <ns per call>
 *
 * Exits 1 at the first failing call, naming it, so that bench/run can show
 * a runner that cannot fake chown as a failure rather than as a fast time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Owners the chown loop alternates between: each call really changes the
 * owner for bare root, and neither is mapped in "unshare -r" (EINVAL there). */
#define OWNER_A	   4242
#define OWNER_B	   4243
#define DROP_ID	   100	 /* getuid-drop's uid and gid */
#define HOLDERS	   1000	 /* getuid-1000's children, each with a record */
#define HOLDER_UID 20000 /* child i takes uid HOLDER_UID + i: distinct records */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void __attribute__((noreturn)) die(const char *what, long i)
{
	fprintf(stderr, "syscalls: %s failed at call %ld: %s\n", what, i, strerror(errno));
	exit(1);
}

/* Forks the HOLDERS children and returns once each has called setresuid and
 * is waiting; they exit when the returned descriptor is closed. */
static int start_holders(void)
{
	int ready[2], release[2];
	long got = 0, i;
	char buf[256];

	if (pipe2(ready, O_CLOEXEC) != 0 || pipe2(release, O_CLOEXEC) != 0)
		die("pipe2", 0);
	for (i = 0; i < HOLDERS; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork", i);
		if (pid == 0) {
			uid_t u = HOLDER_UID + i;
			char c = setresuid(u, u, u) == 0 ? '.' : '!';

			close(release[1]);
			if (write(ready[1], &c, 1) != 1 || c == '!')
				_exit(1);
			(void)!read(release[0], &c, 1); /* returns at EOF: released */
			_exit(0);
		}
	}
	close(ready[1]);
	close(release[0]);
	while (got < HOLDERS) {
		ssize_t k = read(ready[0], buf, sizeof(buf));

		if (k <= 0) {
			errno = k < 0 ? errno : EPIPE;
			die("waiting for the holders", got);
		}
		if (memchr(buf, '!', k)) {
			errno = EPERM; /* the child's errno is lost; say what it was asked */
			die("setresuid in a holder", got);
		}
		got += k;
	}
	close(ready[0]);
	return release[1];
}

static void stop_holders(int release)
{
	close(release);
	while (wait(NULL) > 0)
		;
}

int main(int argc, char **argv)
{
	char path[4096];
	struct stat st;
	double t0, t1;
	long n, i;
	int fd, release = -1;

	if (argc != 4 || (n = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: syscalls getppid|getuid|getuid-drop|getuid-1000|stat|chown N DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/syscalls.%ld", argv[3], (long)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die("open", 0);
	close(fd);
	if (strcmp(argv[1], "getuid-drop") == 0) {
		gid_t g = DROP_ID;

		if (setgroups(1, &g) != 0)
			die("setgroups", 0);
		if (setresgid(DROP_ID, DROP_ID, DROP_ID) != 0)
			die("setresgid", 0);
		if (setresuid(DROP_ID, DROP_ID, DROP_ID) != 0)
			die("setresuid", 0);
	}
	if (strcmp(argv[1], "getuid-1000") == 0)
		release = start_holders();

	t0 = now_ns();
	if (strcmp(argv[1], "getppid") == 0) {
		for (i = 0; i < n; i++)
			getppid(); /* glibc does not cache it: one real syscall each */
	} else if (strncmp(argv[1], "getuid", 6) == 0) {
		for (i = 0; i < n; i++)
			getuid(); /* never cached by libc */
	} else if (strcmp(argv[1], "stat") == 0) {
		for (i = 0; i < n; i++)
			if (stat(path, &st) != 0)
				die("stat", i);
	} else if (strcmp(argv[1], "chown") == 0) {
		for (i = 0; i < n; i++)
			if (chown(path, i & 1 ? OWNER_B : OWNER_A, i & 1 ? OWNER_B : OWNER_A) != 0)
				die("chown", i);
	} else {
		fprintf(stderr, "syscalls: unknown kind '%s'\n", argv[1]);
		return 2;
	}
	t1 = now_ns();

	if (release >= 0)
		stop_holders(release);
	unlink(path);
	printf("syscalls %s %ld %.1f\n", argv[1], n, (t1 - t0) / n);
	return 0;
}
