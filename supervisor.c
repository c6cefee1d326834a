/*
 * supervisor.c: ID consistency and --trace. A process that zeroroot starts
 * before the filter exists receives the calls the filter hands over
 * (SECCOMP_RET_USER_NOTIF), answers each by its kind (answer.c), logs it
 * with --trace, and counts it. Like crun's seccomp code it returns errors
 * instead of dying: one bad request must not kill a build. It lives until no
 * process uses the filter, so that daemons started by package scripts still
 * get answers.
 *
 * Two processes serve, and neither costs an address space of its own: fork()
 * copies one, which takes milliseconds on some virtual machines (more than
 * zeroroot's whole start-up), while clone(CLONE_VM) shares zeroroot's, which
 * becomes theirs alone when zeroroot execs the command:
 *
 *   zeroroot --clone(VM|VFORK)--> starter --clone(VM)--> reserve --clone(VM)--> supervisor
 *   (execs the command)           (exits at once, so that the others are nobody's child)
 *
 * The supervisor answers. The reserve, its parent, watches it: it continues
 * it when it is stopped and, should it be killed, answers in its place as
 * --pure would, saying so, the request the supervisor was handling included;
 * it also ends both once the filter is unused. Work that may block on a file
 * system is done by a helper process per request; when one ends, whoever is
 * its parent (the supervisor, else the reserve, a subreaper) answers its
 * request as --pure would, which the kernel ignores if it was answered: a
 * received request is answered on every path.
 * Sharing memory has rules. Until the command's exec, zeroroot runs beside
 * them: they allocate nothing and make no call that can fail (errno is shared
 * too), and the supervisor only answers the self-test's probe and the exec.
 * For good, the reserve shares the supervisor's memory: it allocates nothing,
 * reads no errno, and uses only what the supervisor cannot leave half-changed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/seccomp.h>

#include "answer.h"
#include "filter.h"
#include "msg.h"
#include "owners.h"
#include "proc.h"
#include "supervisor.h"

#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	   SECCOMP_IOW(4, __u64) /* Linux >= 6.6 */
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif

/* ---- what the three share ---- */

static struct context ctx;
static int sock = -1;		      /* the listener comes over it, once for each */
static int root_fd = -1, cwd_fd = -1; /* the command's root and working directory */
static int held_mnt_ns = -1;	      /* its mount namespace, held until we exit (N_HANDED) */
static int gone_fd = -1;	      /* fork-wait: EOF once the command has exited (init.c) */
static int done_fd = -1;	      /* fork-wait: closed once the report is written */
static int exec_pipe = -1;	      /* EOF once zeroroot has exec'd (or died): its memory is ours */
static int exec_pipe_w = -1;	      /* zeroroot's end */
static int null_fd = -1, trace_fd = -1, owners_fd = -1;
static unsigned long *counts; /* calls answered, per syscalls[] line; shared with the helpers */
static pid_t reserve_pid, server_pid;
/* Theirs, in a page zeroroot shares even when it stays the command's parent
 * (a fork, not a clone, then): so that it can continue them. */
static struct watch {
	volatile pid_t reserve, server;
} * watch;
static bool sync_wake_up; /* the kernel has SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP */
static bool in_root;	  /* --root: the report names files from the command's root */
static cpu_set_t cpus;	  /* zeroroot's CPUs: the supervisor's again after the exec */
static char *stacks;

/* The request the supervisor is handling, for the reserve to answer should
 * the supervisor die before it has (written before the handler runs). */
static volatile uint64_t in_flight;
static const struct zr_syscall *volatile in_flight_sys;
static volatile sig_atomic_t in_flight_set;

/* Requests handed to helper processes (O_LATER), until the helper is reaped. */
#define MAX_HELPERS OWNERS_SLOTS /* each hands its result back in its slot */
static struct helper {
	volatile pid_t pid;
	uint64_t id;
	const struct zr_syscall *sys;
} helpers[MAX_HELPERS];
static int live_helpers;

#define STARTER_STACK (64 * 1024)
#define RESERVE_STACK (256 * 1024)
#define SERVER_STACK  (2 * 1024 * 1024)
#define GUARD	      4096

/* Each stack's top stays TOP_SLACK below the next guard page: arm's clone()
 * reads its optional arguments from the caller's frame, above the caller's
 * own stack pointer, and a small frame right at the top would read the guard. */
#define TOP_SLACK 256

static char *stack_top(int which)
{
	static const size_t ends[] = {GUARD + STARTER_STACK, 2 * GUARD + STARTER_STACK + RESERVE_STACK,
				      3 * GUARD + STARTER_STACK + RESERVE_STACK + SERVER_STACK};

	return stacks + ends[which] - TOP_SLACK;
}

static int receive_fds(int *root, int *cwd);
static void close_fds_except(const int *keep, int n);

/* ---- answering ---- */

/* IDs of 16-bit calls: -1 is 0xffff. Other arguments as they came. */
static void widen_args(struct request *rq)
{
	for (int i = 0; i < MAX_ARGS; i++) {
		enum role r = rq->sys->call->role[i];
		uint64_t v = rq->req->data.args[i];

		if (r == R_UID || r == R_GID) {
			v &= rq->sys->id16 ? 0xffff : 0xffffffff;
			v = rq->sys->id16 && v == 0xffff ? ID_UNCHANGED : v;
		}
		rq->arg[i] = v;
	}
}

/* The trace line, written before the caller continues: a short command may
 * exit, and its reader finish, as soon as it has the answer. One write, so
 * that lines of the supervisor and its helpers do not interleave. */
static void trace(struct request *rq, struct answer *ans)
{
	char line[16384];
	int n = snprintf(line, sizeof(line), "zeroroot: trace: %d ", rq->req->pid);

	describe_call(rq, ans, line + n, sizeof(line) - n - 1);
	n = strlen(line);
	line[n++] = '\n';
	if (write(trace_fd, line, n) < 0)
		return; /* a trace that cannot be written must not stop the build */
}

/* The answer --pure gives: the kernel's own fake (0), or the kernel's call. */
static struct seccomp_notif_resp pure_answer(uint64_t id, const struct zr_syscall *s)
{
	struct seccomp_notif_resp resp = {.id = id};

	if (!s || verdict_of(s, 0).then == A_ALLOW)
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	return resp;
}

/* Trace, answer, and keep what the answer changed if the caller got it. */
static void finish(struct request *rq, struct answer *ans, enum outcome out)
{
	struct seccomp_notif_resp resp = {.id = rq->req->id};
	bool delivered, replied = out == O_REPLY;

	if (out == O_CONTINUE)
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else if (ans->val < 0)
		resp.error = ans->val;
	else
		resp.val = ans->val;
	if (trace_fd >= 0 && rq->sys && replied && !ans->untraced)
		trace(rq, ans);
	/* ENOENT: the caller died or was interrupted meanwhile; it was told nothing */
	delivered = ioctl(ctx.listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0;
	commit_answer(ans, delivered);
	if (delivered && rq->sys && replied && !ans->untraced)
		__atomic_fetch_add(&counts[rq->sys - syscalls], 1, __ATOMIC_RELAXED);
}

/* A warning of the reserve's or the supervisor's: formatted on the stack, one
 * write, no errno (the reserve shares the supervisor's). */
static void say_killed(const char *what, int sig, const char *then)
{
	char line[512];
	int n = snprintf(line, sizeof(line), "zeroroot: warning: %s (signal %d)%s\n", what, sig, then);

	if (write(STDERR_FILENO, line, n) < 0)
		return;
}

/* A helper has ended: if it did not answer (it crashed, or was killed), its
 * request gets the answer --pure gives, and zeroroot says so. */
static void helper_ended(int listener, const siginfo_t *si)
{
	for (int i = 0; i < MAX_HELPERS; i++)
		if (helpers[i].pid == si->si_pid) {
			struct seccomp_notif_resp resp = pure_answer(helpers[i].id, helpers[i].sys);

			helpers[i].pid = 0;
			live_helpers--;
			/* ENOENT if the helper answered it */
			if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0)
				say_killed("the supervisor's helper for a call was killed",
					   si->si_code == CLD_EXITED ? 0 : si->si_status,
					   "; that call was answered as with --pure");
			return;
		}
}

static void reap_helpers(void)
{
	siginfo_t si;

	for (;;) {
		si.si_pid = 0;
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG) != 0 || si.si_pid == 0)
			return;
		helper_ended(ctx.listener, &si);
	}
}

static void handle(const struct seccomp_notif *req)
{
	static struct answer ans;
	struct request rq = {&ctx, req, find_syscall(req->data.arch, req->data.nr), {0}};
	enum outcome out;
	int slot = 0;
	pid_t pid;

	in_flight = req->id;
	in_flight_sys = rq.sys;
	in_flight_set = 1;
	memset(&ans, 0, offsetof(struct answer, path));
	ans.path[0] = '\0';
	if (!rq.sys) {
		ans.val = -ENOSYS; /* the filter hands over only table lines */
		finish(&rq, &ans, O_REPLY);
		in_flight_set = 0;
		return;
	}
	widen_args(&rq);
	out = answer_call(&rq, &ans);
	while (out == O_LATER && slot < MAX_HELPERS && helpers[slot].pid)
		slot++;
	if (out == O_LATER && slot == MAX_HELPERS) { /* all busy: as --pure, and said in the trace */
		ans.note = " (answered as --pure: too many requests in progress)";
		out = answer_without_helper(&rq, &ans, 0);
	}
	if (out != O_LATER) {
		finish(&rq, &ans, out);
		in_flight_set = 0;
		return;
	}
	/* Work on a file system, which may be a FUSE server in the tree that
	 * waits for an answer itself: a helper does it and answers. */
	ans.slot = slot;
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NAME, "zr-helper", 0, 0, 0);
		if (done_fd >= 0)
			close(done_fd); /* fork-wait ends with the report, not with a stuck helper */
		finish(&rq, &ans, ans.later(&rq, &ans));
		_exit(0);
	}
	if (pid < 0) {
		finish(&rq, &ans, answer_without_helper(&rq, &ans, -ENOMEM));
	} else {
		helpers[slot].id = req->id;
		helpers[slot].sys = rq.sys;
		helpers[slot].pid = pid;
		live_helpers++;
#ifdef ZR_CRASH_TEST
		/* its SIGCHLD before our next RECV, every time: not lost */
		if (strstr(ans.path, "crash-helper"))
			waitid(P_PID, pid, &(siginfo_t){0}, WEXITED | WNOWAIT);
#endif
	}
	in_flight_set = 0;
}

static void print_summary(void)
{
	char line[4096] = "";
	size_t len = 0;

	for (size_t i = 0; i < n_syscalls; i++)
		if (counts[i])
			len += snprintf(line + len, len < sizeof(line) ? sizeof(line) - len : 0, "%s%s %lu",
					len ? ", " : "", syscalls[i].call->name, counts[i]);
	note("answered by the supervisor: %s", len ? line : "nothing");
}

static volatile sig_atomic_t report_begun; /* the reserve reads it: it shares our memory */

/* Once, when the command has exited: the report, by a process of its own
 * (it looks at files, which may be a FUSE server's in the tree, and the
 * supervisor must go on answering meanwhile). With fork-wait, zeroroot
 * exits once done_fd is closed: by the report's process, when it ends. */
static void at_command_exit(void)
{
	static bool done;
	struct owners_scope scope = {.root = root_fd,
				     .cwd = cwd_fd,
				     .in_root = in_root,
				     .out = owners_fd,
				     .ranges = ctx.supervision & SUP_RANGES,
				     .map = &ctx.map};
	pid_t pid;

	if (done)
		return;
	done = true;
	report_begun = 1;
	owners_collect(); /* what helpers handed back: the report's copy must have it */
	/* nearly always nothing to say: no process for it */
	pid = owners_to_report() || owners_fd >= 0 || verbose ? fork() : -1;
	if (pid == 0) {
		prctl(PR_SET_NAME, "zr-report", 0, 0, 0);
		if (ctx.supervision & SUP_IDS)
			owners_report(&scope);
		print_summary();
		_exit(0);
	}
	if (pid > 0 && owners_fd >= 0)
		close(owners_fd); /* the report's own now */
	if (done_fd >= 0)
		close(done_fd);
	if (trace_fd != STDERR_FILENO) /* let pipes on stderr see EOF */
		dup2(null_fd, STDERR_FILENO);
}

/* ---- the supervisor ---- */

static volatile sig_atomic_t command_exited, unused_filter;

/* The reserve says when the command has gone without an exit_group (USR1),
 * and when nobody uses the filter any more (USR2). */
static void on_reserve(int sig, siginfo_t *si, void *unused)
{
	(void)unused;
	if (si->si_pid != reserve_pid)
		return;
	command_exited = 1;
	unused_filter = sig == SIGUSR2;
}

/* Once zeroroot has exec'd: what could not be done while it shared our memory. */
static void start_serving(void)
{
	struct rlimit rl;

	sched_setaffinity(0, sizeof(cpus), &cpus);
	/* a descriptor per process is never kept, but raise the limit all the same */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	proc_init(ctx.command);
	answer_init();
	if (chdir("/") != 0) /* as a daemon: pin no directory of the user's */
		return;
}

static void on_child(int sig)
{
	(void)sig; /* its only work: interrupt RECV, so that helpers are reaped */
}

/* Has zeroroot exec'd? Then do what needed its memory to be ours alone. */
static void check_started(void)
{
	char c;

	if (!ctx.started && read(exec_pipe, &c, 1) == 0) { /* O_NONBLOCK: EAGAIN while zeroroot runs */
		start_serving();
		ctx.started = true;
	}
}

/* The next notification, 0 or an errno. Until zeroroot has exec'd, wait for
 * that too: the set-up then runs while the command loads, not in the round
 * trip of its first notified call. */
static int receive(struct seccomp_notif *req)
{
	memset(req, 0, sizeof(*req));
	while (!ctx.started) {
		struct pollfd p[2] = {{ctx.listener, POLLIN, 0}, {exec_pipe, POLLIN, 0}};

		if (poll(p, 2, -1) < 0)
			return errno != 0 ? errno : EINTR;
		if (p[1].revents)
			check_started();
		if (p[0].revents)
			break;
	}
	return ioctl(ctx.listener, SECCOMP_IOCTL_NOTIF_RECV, req) == 0 ? 0 : errno;
}

static int server(void *unused)
{
	struct sigaction sa = {.sa_sigaction = on_reserve,
			       .sa_flags = SA_SIGINFO}; /* no SA_RESTART: RECV returns */
	sigset_t mask;

	(void)unused;
	struct sigaction sc = {.sa_handler = on_child}; /* no SA_RESTART either */

	sigfillset(&mask);
	sigdelset(&mask, SIGUSR1);
	sigdelset(&mask, SIGUSR2);
	sigdelset(&mask, SIGCHLD);
	sigprocmask(SIG_SETMASK, &mask, NULL); /* ^C, TERM and HUP are for the command */
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGCHLD, &sc, NULL);
	/* the command, of the same uid, must not reach our root, cwd or memory
	 * through /proc; the mm's user namespace is the initial one, where it
	 * holds no CAP_SYS_PTRACE */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	prctl(PR_SET_NAME, "zr-supervisor", 0, 0, 0); /* for ps; the comm is not shared */
	close_fds_except((int[]){sock, exec_pipe, null_fd, trace_fd, owners_fd, done_fd, STDERR_FILENO}, 7);
	dup2(null_fd, STDIN_FILENO);
	dup2(null_fd, STDOUT_FILENO);
	if ((ctx.listener = receive_fds(&root_fd, &cwd_fd)) < 0)
		_exit(0); /* zeroroot fell back to pure mode, or failed */
	/* answer on the caller's CPU, without waking another (Linux >= 6.6;
	 * asked only there: a failing call would set the errno we share) */
	if (sync_wake_up)
		ioctl(ctx.listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	for (;;) {
		struct seccomp_notif req;
		int err;

		/* USR1 may have come while we answered: it interrupted nothing
		 * (the reserve says it again, after 50 ms, should it come between
		 * this look and RECV) */
		if (command_exited)
			at_command_exit();
		/* A helper's SIGCHLD between our last reap and RECV interrupts
		 * nothing, and its caller, unanswered, makes no further call:
		 * while a helper lives, calls are waited for 50 ms at a time */
		if (live_helpers > 0) {
			reap_helpers();
			if (live_helpers > 0 && poll(&(struct pollfd){ctx.listener, POLLIN, 0}, 1, 50) <= 0)
				continue;
		}
		err = receive(&req);

		if (err != 0) {
			struct pollfd p = {ctx.listener, 0, 0};

			check_started();
			reap_helpers();
			if (command_exited)
				at_command_exit();
			/* ENOENT: a caller gone before we had it; or, repeatedly, nobody
			 * uses the filter any more (then POLLHUP says so) */
			if (unused_filter ||
			    (err == ENOENT && poll(&p, 1, 0) == 1 && (p.revents & POLLHUP))) {
				at_command_exit();
				_exit(0);
			}
			if (err == EINTR || err == ENOENT)
				continue;
			_exit(1);
		}
		check_started();
		handle(&req);
	}
}

/* ---- the reserve ---- */

/* Answers as --pure gives them, for when the supervisor has been killed. */
static void answer_degraded(int listener)
{
	struct seccomp_notif req = {0};
	struct seccomp_notif_resp resp;

	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0)
		return;
	resp = pure_answer(req.id, find_syscall(req.data.arch, req.data.nr));
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

/* The supervisor has died: the request it was handling, if any, gets the
 * answer --pure gives (ENOENT if it had answered it after all). The
 * reserve shares its memory, so the id is there. */
static void answer_in_flight(int listener)
{
	struct seccomp_notif_resp resp;

	if (!in_flight_set)
		return;
	resp = pure_answer(in_flight, in_flight_sys);
	ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	in_flight_set = 0;
}

/* Ask the supervisor to finish (its summary may still be due) and wait for
 * it, a second at most; then end it, and ourselves. */
static void __attribute__((noreturn)) end_server(bool gone, int sfd)
{
	struct pollfd p = {sfd, POLLIN, 0};
	struct signalfd_siginfo si;
	siginfo_t w;

	if (!gone) {
		kill(server_pid, SIGCONT);
		kill(server_pid, SIGUSR2);
		for (int ms = 1000; ms > 0 && poll(&p, 1, ms) > 0; ms -= 100)
			if (read(sfd, &si, sizeof(si)) > 0 &&
			    waitid(P_PID, server_pid, &w, WEXITED | WNOHANG) == 0 && w.si_pid == server_pid)
				_exit(0);
		kill(server_pid, SIGKILL);
	}
	_exit(0);
}

/* A child of the reserve's has ended: the supervisor, or one of its helpers
 * (the reserve is their subreaper once the supervisor has gone). */
static void reserve_reap(int listener, bool *degraded)
{
	siginfo_t w;

	for (;;) {
		w.si_pid = 0;
		if (waitid(P_ALL, 0, &w, WEXITED | WSTOPPED | WNOHANG) != 0 || w.si_pid == 0)
			return;
		if (w.si_pid != server_pid) {
			if (w.si_code != CLD_STOPPED)
				helper_ended(listener, &w);
		} else if (w.si_code == CLD_STOPPED) {
			say_killed("the supervisor was stopped", w.si_status, "; it was continued");
			kill(server_pid, SIGCONT);
		} else if (!*degraded) {
			say_killed("the supervisor was killed", w.si_code == CLD_EXITED ? 0 : w.si_status,
				   "; from now on every call is answered as with --pure: get*id tell the "
				   "kernel's truth, nothing is kept or reported");
			*degraded = true;
			answer_in_flight(listener);
		}
	}
}

static int reserve(void *unused)
{
	sigset_t all, chld;
	int listener, sfd, cmd_fd, status;
	bool degraded = false;

	(void)unused;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL); /* nothing interrupts us; SIGCHLD comes as a read */
	/* A process group of our own keeps ^C and ^Z (to the terminal's foreground
	 * group) for the command, and, unlike setsid(), keeps us in the caller's
	 * session, so in its scheduler autogroup: a session of our own makes every
	 * round trip wait for the scheduler under load. */
	setpgid(0, 0);
	prctl(PR_SET_NAME, "zr-reserve", 0, 0, 0);
	/* the supervisor's helpers come to us, should it die: their requests
	 * must still be answered */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sfd = signalfd(-1, &chld, SFD_CLOEXEC);
	/* the command's end: its pidfd, or with fork-wait zeroroot's pipe */
	cmd_fd = gone_fd >= 0 ? gone_fd : syscall(SYS_pidfd_open, ctx.command, 0);
	server_pid = clone(server, stack_top(2), CLONE_VM | SIGCHLD, NULL);
	watch->reserve = getpid();
	watch->server = server_pid;
	if (server_pid < 0 || sfd < 0 || cmd_fd < 0)
		_exit(1); /* the self-test finds nobody answering */
	close_fds_except((int[]){sock, null_fd, sfd, cmd_fd, STDERR_FILENO}, 5);
	dup2(null_fd, STDIN_FILENO);
	dup2(null_fd, STDOUT_FILENO);
	if ((listener = receive_fds(NULL, NULL)) < 0) {
		waitpid(server_pid, &status, 0);
		_exit(0);
	}
	for (;;) {
		struct pollfd p[3] = {
			{listener, degraded ? POLLIN : 0, 0}, {sfd, POLLIN, 0}, {cmd_fd, POLLIN, 0}};
		struct signalfd_siginfo si;
		/* USR1 can come between the supervisor's last look at its flag and
		 * its wait for the next call, which may never come: it is said
		 * again until the report has begun */
		bool telling = cmd_fd < 0 && !degraded && !report_begun;

		if (poll(p, 3, telling ? 50 : -1) == 0 && telling) {
			kill(server_pid, SIGUSR1);
			continue;
		}
		if (p[0].revents & (POLLHUP | POLLERR)) /* nobody uses the filter any more */
			end_server(degraded, sfd);
		if (p[1].revents & POLLIN && read(sfd, &si, sizeof(si)) > 0)
			reserve_reap(listener, &degraded);
		if (cmd_fd >= 0 && p[2].revents) { /* the command has gone */
			if (!degraded)
				kill(server_pid, SIGUSR1);
			if (trace_fd != STDERR_FILENO)
				dup2(null_fd, STDERR_FILENO);
			close(cmd_fd);
			cmd_fd = -1;
		}
		if (degraded && p[0].revents & POLLIN)
			answer_degraded(listener);
	}
}

/* ---- starting ---- */

static int starter(void *unused)
{
	(void)unused;
	reserve_pid = clone(reserve, stack_top(1), CLONE_VM | SIGCHLD, NULL);
	_exit(reserve_pid < 0);
}

/* Close every descriptor but these: an inherited pipe held open here would
 * keep the caller's reader waiting for EOF. */
static void close_fds_except(const int *keep, int n)
{
	unsigned from = 0;

	for (;;) {
		unsigned next = ~0u;

		for (int i = 0; i < n; i++)
			if (keep[i] >= 0 && (unsigned)keep[i] >= from && (unsigned)keep[i] < next)
				next = keep[i];
		if (next > from)
			syscall(SYS_close_range, from, next == ~0u ? ~0u : next - 1, 0);
		if (next == ~0u)
			return;
		from = next + 1;
	}
}

/* A message carrying four descriptors (SCM_RIGHTS): the listener; the
 * command's root and working directory, which its report needs once the
 * command has gone; and its mount namespace, only held: then the last
 * process of the namespace to exit is ours, and the namespace's teardown
 * (which waits for an RCU grace period, longer while we run, as we do when
 * the command exits) is not in the command's exit, which its parent waits
 * for. And what the supervisor must know of the command. */
#define N_HANDED 4
struct handover {
	unsigned filters; /* seccomp filters the command starts with */
	bool nnp;	  /* no_new_privs set before the command: not its doing */
};

struct fd_message {
	struct handover data;
	struct iovec iov;
	struct msghdr msg;
	union {
		char buf[CMSG_SPACE(N_HANDED * sizeof(int))];
		struct cmsghdr align;
	} control;
};

static struct msghdr *fd_message(struct fd_message *m)
{
	memset(m, 0, sizeof(*m));
	m->iov = (struct iovec){&m->data, sizeof(m->data)};
	m->msg = (struct msghdr){.msg_iov = &m->iov,
				 .msg_iovlen = 1,
				 .msg_control = m->control.buf,
				 .msg_controllen = sizeof(m->control.buf)};
	return &m->msg;
}

/* The listener, or -1; the root and cwd into *root and *cwd if given, else
 * closed. */
static int receive_fds(int *root, int *cwd)
{
	struct fd_message m;
	struct msghdr *msg = fd_message(&m);
	int fds[N_HANDED] = {-1, -1, -1, -1};

	if (recvmsg(sock, msg, MSG_CMSG_CLOEXEC) == sizeof(m.data) && CMSG_FIRSTHDR(msg) &&
	    CMSG_FIRSTHDR(msg)->cmsg_len == CMSG_LEN(sizeof(fds))) {
		memcpy(fds, CMSG_DATA(CMSG_FIRSTHDR(msg)), sizeof(fds));
		ctx.filters = m.data.filters;
		ctx.nnp = m.data.nnp;
	}
	close(sock);
	if (root)
		*root = fds[1];
	else if (fds[1] >= 0)
		close(fds[1]);
	if (cwd)
		*cwd = fds[2];
	else if (fds[2] >= 0)
		close(fds[2]);
	if (root)
		held_mnt_ns = fds[3];
	else if (fds[3] >= 0) /* the reserve need not hold it */
		close(fds[3]);
	return fds[0];
}

/* Its processes could not be made (the reserve, the supervisor): most often
 * RLIMIT_NPROC, which counts every process of the user. */
static void __attribute__((noreturn)) fail_start(int err)
{
	if (err == EAGAIN)
		fail(0,
		     "cannot start the supervisor: %s (it needs two processes more: the process limit, "
		     "ulimit -u or RLIMIT_NPROC, is reached; raise it, or run with --pure, which needs none)",
		     strerror(err));
	fail(err, "cannot start the supervisor");
}

int start_supervisor(const struct supervisor_setup *setup, int *gone_w, int *done_r)
{
	size_t size = 3 * GUARD + STARTER_STACK + RESERVE_STACK + SERVER_STACK;
	int sv[2], ep[2], status, cpu;
	cpu_set_t one;
	pid_t pid;

	ctx = (struct context){
		.listener = -1, .supervision = setup->supervision, .command = getpid(), .map = setup->map};
	trace_fd = setup->trace_fd;
	owners_fd = setup->owners_fd;
	sync_wake_up = setup->sync_wake_up;
	in_root = setup->in_root;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0 || pipe2(ep, O_CLOEXEC) != 0)
		fail(errno, "cannot create the supervisor's socket");
	if (setup->fork_wait) { /* zeroroot's ends: the command, forked, closes them at its exec */
		int gone[2], done[2];

		if (pipe2(gone, O_CLOEXEC) != 0 || pipe2(done, O_CLOEXEC) != 0)
			fail(errno, "cannot create the supervisor's pipes");
		gone_fd = gone[0];
		done_fd = done[1];
		*gone_w = gone[1];
		*done_r = done[0];
	}
	/* our end closes at exec: then the supervisor may use its memory freely */
	fcntl(ep[0], F_SETFL, O_NONBLOCK);
	sock = sv[1];
	exec_pipe = ep[0];
	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	counts = mmap(NULL, n_syscalls * sizeof(*counts), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	watch = mmap(NULL, sizeof(*watch), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	stacks = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (null_fd < 0 || counts == MAP_FAILED || watch == MAP_FAILED || stacks == MAP_FAILED)
		fail(errno, "cannot prepare the supervisor");
	/* guard pages below each stack */
	mprotect(stacks, GUARD, PROT_NONE);
	mprotect(stack_top(0) + TOP_SLACK, GUARD, PROT_NONE);
	mprotect(stack_top(1) + TOP_SLACK, GUARD, PROT_NONE);
	/* Until the exec, the others run on zeroroot's CPU: a process sharing an
	 * address space from another CPU makes the exec flush that CPU's TLB,
	 * which costs a VM tenths of a millisecond. */
	if (sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && (cpu = sched_getcpu()) >= 0) {
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		sched_setaffinity(0, sizeof(one), &one);
	}
	if (setup->fork_wait) { /* zeroroot goes on in its memory, as the command's parent */
		if ((pid = fork()) == 0)
			starter(NULL);
	} else {
		pid = clone(starter, stack_top(0), CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
	}
	sched_setaffinity(0, sizeof(cpus), &cpus);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_start(pid < 0 ? errno : EAGAIN);
	close(sv[1]);
	close(ep[0]);
	exec_pipe_w = ep[1];
	if (setup->fork_wait) {
		close(gone_fd);
		close(done_fd);
	}
	return sv[0];
}

/* A descriptor of dir ("/" or "."); where the caller may not search it (a
 * working directory of mode 0700 after sudo -u) its /proc/self link, which
 * the kernel follows without that search, as unshare(1) never looks. */
static int open_dir(const char *dir, const char *link)
{
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);

	return fd >= 0 || errno != EACCES ? fd : open(link, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

void hand_over_listener(int s, int listener, unsigned filters, bool nnp)
{
	int fds[N_HANDED] = {listener, open_dir("/", "/proc/self/root"), open_dir(".", "/proc/self/cwd"),
			     open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC)};

	if (fds[1] < 0 || fds[2] < 0)
		fail(errno, "cannot hand the command's root and working directory to the supervisor");
	if (fds[3] < 0) /* no /proc: the namespace is not held, a slower exit */
		fds[3] = fcntl(fds[1], F_DUPFD_CLOEXEC, 0);
	for (int i = 0; i < 2; i++) { /* the supervisor's, and the reserve's */
		struct fd_message m;
		struct msghdr *msg = fd_message(&m);
		struct cmsghdr *c = CMSG_FIRSTHDR(msg);

		m.data = (struct handover){filters, nnp};

		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(fds));
		memcpy(CMSG_DATA(c), fds, sizeof(fds));
		if (sendmsg(s, msg, 0) != sizeof(m.data))
			fail_start(errno == EPIPE || errno == ECONNRESET ? EAGAIN : errno);
	}
	for (int i = 0; i < N_HANDED; i++)
		close(fds[i]);
	close(s);
}

void supervisor_go(void)
{
	close(exec_pipe_w);
}

void supervisor_continue(void)
{
	if (watch->reserve > 0)
		kill(watch->reserve, SIGCONT);
	if (watch->server > 0)
		kill(watch->server, SIGCONT);
}
