/*
 * supervisor.c: ID consistency and --trace. A process forked before the filter
 * exists receives the calls the filter hands over (SECCOMP_RET_USER_NOTIF),
 * answers each by its kind (answer.c), logs it with --trace, and counts it.
 * Like crun's seccomp code it returns errors instead of dying: one bad request
 * must not kill a build. It lives until no process uses the filter, so that
 * daemons started by package scripts still get answers.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/seccomp.h>

#include "answer.h"
#include "creds.h"
#include "filter.h"
#include "msg.h"
#include "supervisor.h"

static pid_t command; /* zeroroot's pid, then the command's */
static int trace_fd = -1;
static unsigned long *counts; /* calls answered, per syscalls[] line */

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

static void handle(int listener, unsigned supervision)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	struct request rq = {listener, &req, NULL, supervision, command, {0}};
	static struct answer ans;
	char line[8192];

	memset(&req, 0, sizeof(req));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0) {
		if (errno == EINTR || errno == ENOENT)
			return; /* the caller is already gone: normal */
		_exit(1);	/* not a listener at all: zeroroot failed and exits 125 */
	}
	memset(&ans, 0, sizeof(ans));
	rq.sys = find_syscall(req.data.arch, req.data.nr);
	if (rq.sys) {
		widen_args(&rq);
		answer_call(&rq, &ans);
	} else {
		ans.val = -ENOSYS; /* the filter hands over only table lines */
	}
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	if (ans.proceed)
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else if (ans.val < 0)
		resp.error = ans.val;
	else
		resp.val = ans.val;
	/* the trace line is written before the caller continues: a short command
	 * may exit, and its reader finish, as soon as it has the answer */
	if (trace_fd >= 0 && rq.sys && !ans.proceed) {
		describe_call(&rq, &ans, line, sizeof(line));
		dprintf(trace_fd, "zeroroot: trace: %d %s\n", req.pid, line);
	}
	/* ENOENT: the caller died or was interrupted meanwhile; nothing to answer */
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) != 0 || ans.proceed || !rq.sys)
		return;
	if (counts)
		counts[rq.sys - syscalls]++;
}

static void print_summary(void)
{
	char line[4096] = "";
	size_t len = 0;

	for (size_t i = 0; counts && i < n_syscalls; i++)
		if (counts[i])
			len += snprintf(line + len, len < sizeof(line) ? sizeof(line) - len : 0, "%s%s %lu",
					len ? ", " : "", syscalls[i].call->name, counts[i]);
	note("answered by the supervisor: %s", len ? line : "nothing");
}

/* ---- life cycle ---- */

/* The supervisor's loop: until no process uses the filter (POLLHUP, Linux >=
 * 5.8). The command's exit, seen through a pidfd, triggers the -v summary. */
static void __attribute__((noreturn)) serve(int listener, unsigned supervision)
{
	int cmd_fd = syscall(SYS_pidfd_open, command, 0);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

	counts = calloc(n_syscalls, sizeof(*counts));
	for (;;) {
		struct pollfd *p = calloc(n_records + 2, sizeof(*p));
		unsigned n = 0;

		if (!p)
			_exit(1);
		for (unsigned i = 0; i < n_records; i++)
			p[n++] = (struct pollfd){records[i].pidfd, POLLIN, 0};
		p[n++] = (struct pollfd){cmd_fd, POLLIN, 0};
		p[n++] = (struct pollfd){listener, POLLIN, 0};
		if (poll(p, n, -1) < 0 && errno != EINTR)
			_exit(1);
		/* exits first: a pid reused by a new process must not find the old record */
		for (unsigned i = n_records; i-- > 0;)
			if (p[i].revents)
				record_drop(i);
		/* the last user gone (POLLHUP) may be seen before the command's exit */
		if (cmd_fd >= 0 && (p[n - 2].revents || (p[n - 1].revents & (POLLHUP | POLLERR)))) {
			print_summary();
			if (trace_fd != STDERR_FILENO) /* let pipes on stderr see EOF */
				dup2(null, STDERR_FILENO);
			close(cmd_fd);
			cmd_fd = -1;
		}
		if (p[n - 1].revents & POLLIN)
			handle(listener, supervision);
		else if (p[n - 1].revents & (POLLHUP | POLLERR))
			_exit(0);
		free(p);
	}
}

/* Close every descriptor but the ones the supervisor needs: an inherited pipe
 * held open here would keep the caller's reader waiting for EOF. */
static void close_other_fds(int keep1, int keep2)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int fds[1024], n = 0;

	while (d && (e = readdir(d)) && n < 1024) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] != '.' && fd > 2 && fd != keep1 && fd != keep2 && fd != dirfd(d))
			fds[n++] = fd;
	}
	if (d)
		closedir(d);
	while (n > 0)
		close(fds[--n]);
}

/* One byte carrying one descriptor (SCM_RIGHTS): the listener's way over. */
struct fd_message {
	char byte;
	struct iovec iov;
	struct msghdr msg;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
};

static struct msghdr *fd_message(struct fd_message *m)
{
	memset(m, 0, sizeof(*m));
	m->iov = (struct iovec){&m->byte, 1};
	m->msg = (struct msghdr){.msg_iov = &m->iov,
				 .msg_iovlen = 1,
				 .msg_control = m->control.buf,
				 .msg_controllen = sizeof(m->control.buf)};
	return &m->msg;
}

/* Fork the supervisor, twice so that it is nobody's child: the command keeps
 * zeroroot's pid and never reaps it. Returns our end of the socket on which
 * the listener is handed over. */
int start_supervisor(unsigned supervision, int trace)
{
	pid_t pid;
	int sv[2], status;

	command = getpid();
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		fail(errno, "cannot create the supervisor's socket");
	pid = fork();
	if (pid < 0)
		fail(errno, "cannot fork the supervisor");
	if (pid == 0) {
		struct fd_message m;
		struct msghdr *msg = fd_message(&m);
		int listener = -1, null = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (fork() != 0)
			_exit(0);
		setsid();	     /* no terminal: ^C and ^Z are for the command */
		if (chdir("/") != 0) /* as a daemon: pin no directory of the user's */
			_exit(0);
		signal(SIGPIPE, SIG_IGN);
		close(sv[0]);
		trace_fd = trace;
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (!verbose && trace != STDERR_FILENO)
			dup2(null, STDERR_FILENO);
		close_other_fds(sv[1], trace);
		if (recvmsg(sv[1], msg, 0) > 0 && CMSG_FIRSTHDR(msg))
			memcpy(&listener, CMSG_DATA(CMSG_FIRSTHDR(msg)), sizeof(int));
		close(sv[1]);
		if (listener < 0)
			_exit(0); /* zeroroot fell back to pure mode, or failed */
		serve(listener, supervision);
	}
	close(sv[1]);
	if (waitpid(pid, &status, 0) != pid)
		fail(errno, "cannot wait for the supervisor to start");
	return sv[0];
}

void hand_over_listener(int sock, int listener)
{
	struct fd_message m;
	struct msghdr *msg = fd_message(&m);
	struct cmsghdr *c = CMSG_FIRSTHDR(msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &listener, sizeof(int));
	if (sendmsg(sock, msg, 0) != 1)
		fail(errno, "cannot hand the seccomp listener to the supervisor");
	close(listener);
	close(sock);
}
