/*
 * floor: the two floors bench/run compares zeroroot's per-call costs with.
 *
 *	floor notify N		N getppid calls, each notified to a supervisor
 *				this program forks, which answers it (RECV,
 *				SEND: the least any seccomp-notify supervisor
 *				does); prints "floor notify N <ns per call>"
 *	floor allow CMD [ARG]...	runs CMD under a one-instruction filter
 *				(RET_ALLOW): the cheapest filter there is, the
 *				floor of a call the kernel answers
 *	floor chown CMD [ARG]...	runs CMD with its chown calls (native
 *				ABI) notified to a supervisor that answers each
 *				"done" and does nothing else: the floor of any
 *				tool that learns of every chown, as zeroroot's
 *				supervisor must to note the owners it cannot keep
 *
 * "notify" times itself, as bench/syscalls.c does, so that its start-up does
 * not count; its supervisor stays in the caller's session and process group,
 * hence in its scheduler autogroup, and answers on the caller's CPU where the
 * kernel can (SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, Linux >= 6.6; the word
 * "sync-wake-up" ends the line then; FLOOR_NO_SYNC=1 in the environment goes
 * without), as zeroroot's supervisor does. Exits 1 when a call was not
 * answered by the supervisor, so that a floor that measured nothing cannot
 * pass for a fast one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Other ABIs' calls are let through; where the native one is not known
 * here, getppid is notified by number on every ABI (the floor makes only
 * native calls). */
#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#endif

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	   SECCOMP_IOW(4, __u64) /* Linux >= 6.6 */
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

#define ANSWER	4242 /* what the supervisor makes getppid return */
#define WARM_UP 1000

static void __attribute__((noreturn)) die(const char *what)
{
	fprintf(stderr, "floor: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* An unprivileged process may install a filter only with no_new_privs. */
static int install(struct sock_filter *insns, unsigned short len, unsigned flags)
{
	struct sock_fprog prog = {.len = len, .filter = insns};
	int fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		die("prctl(PR_SET_NO_NEW_PRIVS)");
	fd = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	if (fd < 0)
		die("seccomp");
	return fd;
}

/* The supervisor answers on the caller's CPU, as zeroroot's does where the
 * kernel can (Linux >= 6.6): a wake-up of another CPU is no floor. */
static int sync_wake_up(int listener)
{
	return !getenv("FLOOR_NO_SYNC") &&
	       ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP, 0) == 0;
}

/* Answers every notification with val until the listener has no caller left. */
static void __attribute__((noreturn)) supervise(int listener, long val)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	for (;;) {
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) {
			if (errno == EINTR)
				continue;
			_exit(0);
		}
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.val = val;
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp); /* ENOENT: the caller died */
	}
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

#define MAX_NOTIFIED 4

/* Forks a supervisor that answers val to every native call nrs[0..n-1]
 * (every ABI's, where the native one is not known here), once this process
 * has installed the filter that notifies them; returns the supervisor's
 * pid, and in *sync whether it answers on the caller's CPU. */
static pid_t notify_calls(const long *nrs, int n, long val, int *sync)
{
	struct sock_filter insns[3 + 1 + MAX_NOTIFIED + 2];
	unsigned short len = 0;
	int listener;
	pid_t sup;

#ifdef NATIVE_ARCH
	insns[len++] =
		(struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	insns[len++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0);
	insns[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
#endif
	insns[len++] =
		(struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (int k = 0; k < n; k++) /* to the RET_USER_NOTIF after the RET_ALLOW */
		insns[len++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (__u32)nrs[k],
							    (__u8)(n - k), 0);
	insns[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	insns[len++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
	listener = install(insns, len, SECCOMP_FILTER_FLAG_NEW_LISTENER);
	*sync = sync_wake_up(listener);
	if ((sup = fork()) < 0)
		die("fork");
	if (sup == 0)
		supervise(listener, val);
	close(listener);
	return sup;
}

/* execvp, or env(1)'s exit status if it cannot. */
static int run(char **argv)
{
	execvp(argv[0], argv);
	fprintf(stderr, "floor: %s: %s\n", argv[0], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}

static int notify_floor(long n)
{
	long wrong = 0, i;
	int sync;
	pid_t sup = notify_calls((const long[]){SYS_getppid}, 1, ANSWER, &sync);
	double t0, t1;

	for (i = 0; i < WARM_UP; i++)
		wrong += syscall(SYS_getppid) != ANSWER;
	t0 = now_ns();
	for (i = 0; i < n; i++)
		wrong += syscall(SYS_getppid) != ANSWER;
	t1 = now_ns();
	kill(sup, SIGKILL);
	waitpid(sup, NULL, 0);
	if (wrong) {
		fprintf(stderr, "floor: %ld getppid calls not answered by the supervisor\n", wrong);
		return 1;
	}
	printf("floor notify %ld %.1f %s\n", n, (t1 - t0) / n, sync ? "sync-wake-up" : "");
	return 0;
}

static int allow_floor(char **argv)
{
	struct sock_filter insns[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};

	install(insns, 1, 0);
	return run(argv);
}

/* The supervisor is killed when the command ends (PDEATHSIG). */
static int chown_floor(char **argv)
{
	static const long chowns[] = {
#ifdef SYS_chown
		SYS_chown,
		SYS_lchown,
#endif
		SYS_fchown,
		SYS_fchownat,
	};
	int sync;

	notify_calls(chowns, sizeof(chowns) / sizeof(chowns[0]), 0, &sync);
	return run(argv);
}

int main(int argc, char **argv)
{
	long n;

	if (argc == 3 && strcmp(argv[1], "notify") == 0 && (n = atol(argv[2])) > 0)
		return notify_floor(n);
	if (argc >= 3 && strcmp(argv[1], "allow") == 0)
		return allow_floor(argv + 2);
	if (argc >= 3 && strcmp(argv[1], "chown") == 0)
		return chown_floor(argv + 2);
	fprintf(stderr, "usage: floor notify N | floor allow CMD [ARG]... | floor chown CMD [ARG]...\n");
	return 2;
}
