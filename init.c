/*
 * init.c: zeroroot as the command's parent. zeroroot execs the command, so
 * that the command has zeroroot's pid; but the report of what could not be
 * kept (owners.c, the -v summary) is written when the command has exited, and
 * sometimes that must be done before anyone sees the command exit: with
 * --owners=FILE (the caller reads the file next); as PID 1, whose exit ends
 * the PID namespace and every process in it; under a parent that is PID 1 (a
 * container's shell or init, which may exit as soon as the command has); and
 * as a child subreaper or PID 1, where the supervisor's own processes would
 * become the command's children (an init-like command waits for all of its
 * children, and they wait for it: it would hang). There zeroroot forks the
 * command and stays, as tini does: it forwards the signals sent to it,
 * reaps what comes to it, follows the command's job control, waits for the
 * report and exits with the command's status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "init.h"
#include "msg.h"
#include "supervisor.h"

bool need_fork_wait(bool owners, const char **why)
{
	int subreaper = 0;

	*why = owners		? "--owners: the file is complete when zeroroot exits"
	       : verbose	? "-v: its summary comes before the command's exit"
	       : getpid() == 1	? "zeroroot is PID 1: the namespace ends with it"
	       : getppid() == 1 ? "the parent is PID 1, which may end the namespace with the command"
	       : prctl(PR_GET_CHILD_SUBREAPER, &subreaper, 0, 0, 0) == 0 && subreaper ? "zeroroot is a child "
											"subreaper"
										      : NULL;
	return *why != NULL;
}

/* The command's end as its parent shows it: its status, or 128 + its signal
 * (re-raised on ourselves where we can die of it, as timeout(1) does).
 * _exit: zeroroot's clean-up at exit (atexit) is for its own failures. */
static void __attribute__((noreturn)) exit_as(const siginfo_t *si)
{
	struct rlimit none = {0, 0};
	sigset_t one;

	if (si->si_code == CLD_EXITED)
		_exit(si->si_status);
	if (getpid() != 1) {		       /* PID 1 cannot be killed by its own signals */
		setrlimit(RLIMIT_CORE, &none); /* the command dumped core, if it did */
		signal(si->si_status, SIG_DFL);
		sigemptyset(&one);
		sigaddset(&one, si->si_status);
		sigprocmask(SIG_UNBLOCK, &one, NULL);
		raise(si->si_status);
	}
	_exit(128 + si->si_status);
}

/* Reap every child that has ended or stopped (as PID 1, orphans too). */
static void reap(pid_t command, bool *exited, siginfo_t *status)
{
	for (;;) {
		siginfo_t si = {0};

		if (waitid(P_ALL, 0, &si, WEXITED | WSTOPPED | WNOHANG) != 0 || si.si_pid == 0)
			return;
		if (si.si_pid != command)
			continue;
		if (si.si_code == CLD_STOPPED || si.si_code == CLD_TRAPPED) {
			if (getpid() != 1 && si.si_code == CLD_STOPPED)
				raise(SIGSTOP); /* ^Z: the shell waits for our pid to stop */
			continue;
		}
		*exited = true;
		*status = si;
	}
}

pid_t fork_wait(int gone_w, int done_r)
{
	sigset_t all, old;
	siginfo_t status = {0};
	bool exited = false;
	pid_t command;
	int sfd;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	command = fork();
	if (command < 0)
		fail(errno, "cannot fork the command");
	if (command == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return 0;
	}
	prctl(PR_SET_NAME, "zr-init", 0, 0, 0);
	if ((sfd = signalfd(-1, &all, SFD_CLOEXEC)) < 0)
		fail(errno, "cannot wait for the command");
	while (!exited) {
		struct signalfd_siginfo si;

		if (read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo == SIGCHLD)
			reap(command, &exited, &status);
		else if (si.ssi_code != SI_KERNEL || si.ssi_signo == SIGCONT)
			/* sent to us by a process (kill, docker stop): the command's. The
			 * terminal's ^C and ^Z reach the command by its process group. */
			kill(command, (int)si.ssi_signo);
	}
	/* the report: the supervisor writes it now, and closes done_r's pipe.
	 * The command may have stopped it, and the reserve too: continued. */
	close(gone_w);
	for (;;) {
		struct pollfd p = {done_r, POLLIN, 0};
		char c;

		if (poll(&p, 1, 1000) == 0)
			supervisor_continue();
		else if (p.revents && read(done_r, &c, 1) <= 0)
			break;
	}
	exit_as(&status);
}
