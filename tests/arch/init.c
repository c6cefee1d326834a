/*
 * tests/arch/init.c: the whole userland of the guests tests/arch/run boots.
 *
 * As PID 1 it mounts /proc, /dev and /tmp, checks that the kernel has what
 * zeroroot needs, then for every ABI named in /abis runs /abi/ABI/zeroroot and
 * /abi/ABI/probe as an unprivileged uid and prints one console line per check:
 *
 *   ZR-KERNEL release machine     ZR-CHECK abi ok|FAIL name: detail
 *   ZR-SKIP abi reason            ZR-NOTE abi text
 *   ZR-DONE abi checks            ZR-END
 *
 * and powers off. tests/arch/run reads these lines from the serial log.
 * Built for each ABI it is also the command of the exit-status check:
 * "init exit N" exits with status N.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define USER 1000	    /* the unprivileged uid and gid every check runs as */
#define CMD_TIMEOUT 60	    /* seconds for one command; a hang fails, not stalls */
#define OUT_MAX 65536 /* zeroroot --list is some 20 kB */

struct result {
	int status;	/* exit status, 128+signal, or -1 when exec failed */
	int exec_err;	/* errno of the failed execve, else 0 */
	bool timed_out;
	char out[OUT_MAX], err[OUT_MAX];
};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

/* First line of s, for one-line details. */
static const char *first_line(const char *s, char *buf, size_t size)
{
	size_t n = strcspn(s, "\n");

	snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), s);
	return buf;
}

static void drop_to_user(void)
{
	if (setgroups(0, NULL) != 0 || setresgid(USER, USER, USER) != 0 ||
	    setresuid(USER, USER, USER) != 0) {
		perror("init: cannot become the unprivileged user");
		_exit(126);
	}
}

/* Read a child's stdout and stderr until both close or the timeout passes. */
static void collect(struct result *r, int out_fd, int err_fd, pid_t pid)
{
	struct pollfd p[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
	char *buf[2] = {r->out, r->err};
	size_t len[2] = {0, 0};
	time_t deadline = time(NULL) + CMD_TIMEOUT;

	while (p[0].fd >= 0 || p[1].fd >= 0) {
		int left = (int)(deadline - time(NULL));

		if (left <= 0 || poll(p, 2, left * 1000) == 0) {
			r->timed_out = true;
			kill(pid, SIGKILL);
			break;
		}
		for (int i = 0; i < 2; i++) {
			char chunk[1024];
			ssize_t n;

			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(p[i].fd, chunk, sizeof(chunk));
			if (n <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
				continue;
			}
			if (len[i] + n >= OUT_MAX)
				n = OUT_MAX - 1 - len[i];
			memcpy(buf[i] + len[i], chunk, n);
			len[i] += n;
		}
	}
	for (int i = 0; i < 2; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	r->out[len[0]] = r->err[len[1]] = '\0';
}

/* Run argv as the unprivileged user in /tmp; a failed execve is reported
 * through a close-on-exec pipe, so it is told apart from exit status 127. */
static void run(struct result *r, char *const argv[])
{
	int out[2], err[2], ex[2], status;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || pipe2(ex, O_CLOEXEC)) {
		r->status = -1;
		r->exec_err = errno;
		return;
	}
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		dup2(null, 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		drop_to_user();
		if (chdir("/tmp") != 0)
			_exit(126);
		execv(argv[0], argv);
		status = errno;
		if (write(ex[1], &status, sizeof(status)) < 0)
			_exit(126);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	close(ex[1]);
	collect(r, out[0], err[0], pid);
	waitpid(pid, &status, 0);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (read(ex[0], &r->exec_err, sizeof(r->exec_err)) == sizeof(r->exec_err))
		r->status = -1;
	close(ex[0]);
}

static const char *next_line(const char *l)
{
	const char *nl = strchr(l, '\n');

	return nl ? nl + 1 : l + strlen(l);
}

/* "name r=R errno=E" lines of probe: how many, how many with r=0; in odd, the
 * first line that is not like the majority, for the message. */
static void count_probe_lines(const char *out, bool want_zero, int *lines, int *zeros, char *odd, size_t size)
{
	*lines = *zeros = 0;
	odd[0] = '\0';
	for (const char *l = out; *l; l = next_line(l)) {
		char name[64], e[32];
		long rv;

		if (sscanf(l, "%63s r=%ld errno=%31s", name, &rv, e) != 3)
			continue;
		++*lines;
		*zeros += rv == 0;
		if ((rv == 0) != want_zero && !odd[0])
			snprintf(odd, size, "%s r=%ld errno=%s", name, rv, e);
	}
}

/* ---- the kernel's features, once per boot ---- */

/* Fork, drop to the user, run fn; returns the child's errno (0: it worked). */
static int as_user(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		drop_to_user();
		_exit(fn() == 0 ? 0 : errno);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
}

static int try_userns(void)
{
	return unshare(CLONE_NEWUSER);
}

static int try_filter(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = {1, &allow};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static int read_int(const char *path, int missing)
{
	FILE *f = fopen(path, "re");
	int v = missing;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = missing;
		fclose(f);
	}
	return v;
}

/* Why zeroroot cannot work on this kernel at all, or NULL. */
static const char *missing_feature(void)
{
	static char why[160];
	int e;

	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL)
		return "kernel lacks seccomp (CONFIG_SECCOMP not set)";
	e = as_user(try_filter);
	if (e == ENOSYS)
		return "kernel lacks the seccomp(2) syscall";
	if (e == EINVAL)
		return "kernel lacks seccomp filters (CONFIG_SECCOMP_FILTER not set)";
	if (e) {
		snprintf(why, sizeof(why), "kernel refuses a seccomp filter: %s", strerror(e));
		return why;
	}
	e = as_user(try_userns);
	if (e == EINVAL || e == ENOSYS)
		return "kernel lacks user namespaces (CONFIG_USER_NS not set)";
	if (e == ENOSPC)
		return "kernel has user namespaces disabled (user.max_user_namespaces is 0)";
	if (e == EPERM && read_int("/proc/sys/kernel/unprivileged_userns_clone", 1) == 0)
		return "kernel has unprivileged user namespaces disabled (kernel.unprivileged_userns_clone = 0)";
	if (e) {
		snprintf(why, sizeof(why), "kernel refuses unprivileged user namespaces: %s", strerror(e));
		return why;
	}
	return NULL;
}

/* ---- the checks of one ABI ---- */

static int n_failed, n_checks;

static bool check(const char *abi, bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static bool check(const char *abi, bool ok, const char *name, const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	say("ZR-CHECK %s %s %s: %s", abi, ok ? "ok" : "FAIL", name, detail);
	n_failed += !ok;
	n_checks++;
	return ok;
}

/* How a command ended, for details: "exit 3", "exec: ...", "timed out". */
static const char *ended(const struct result *r, char *buf, size_t size)
{
	char line[200];

	if (r->timed_out)
		snprintf(buf, size, "timed out after %ds", CMD_TIMEOUT);
	else if (r->status < 0)
		snprintf(buf, size, "exec: %s", strerror(r->exec_err));
	else if (r->status != 0 && r->err[0])
		snprintf(buf, size, "exit %d, stderr: %s", r->status, first_line(r->err, line, sizeof(line)));
	else
		snprintf(buf, size, "exit %d", r->status);
	return buf;
}

static void mkdir_user(const char *path)
{
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		say("init: mkdir %s: %s", path, strerror(errno));
	if (chown(path, USER, USER) != 0)
		say("init: chown %s: %s", path, strerror(errno));
}

static void test_abi(const char *abi)
{
	char zr[256], probe[256], self[256], dir[256], plain[300], fake[300], path[320];
	char how[320], odd[128];
	struct result *r = malloc(sizeof(*r));
	int n_list = 0, lines, zeros;
	bool exists, self_test, ok;
	struct stat st;

	n_checks = 0;
	snprintf(zr, sizeof(zr), "/abi/%s/zeroroot", abi);
	snprintf(probe, sizeof(probe), "/abi/%s/probe", abi);
	snprintf(self, sizeof(self), "/abi/%s/init", abi);
	snprintf(dir, sizeof(dir), "/tmp/%s", abi);
	snprintf(plain, sizeof(plain), "%s/plain", dir);
	snprintf(fake, sizeof(fake), "%s/fake", dir);
	mkdir_user(dir);
	mkdir_user(plain);
	mkdir_user(fake);

	/* Can this kernel run the ABI at all (x32 needs syscall.x32=y on Debian)? */
	run(r, (char *[]){self, "exit", "3", NULL});
	if (r->status < 0) {
		say("ZR-SKIP %s kernel cannot execute %s binaries (execve: %s)", abi, abi, strerror(r->exec_err));
		free(r);
		return;
	}
	check(abi, r->status == 3, "runs", "%s exit 3 without zeroroot: %s", self, ended(r, how, sizeof(how)));

	/* The release binary says what it is: this ABI, statically linked. */
	run(r, (char *[]){zr, "--version", NULL});
	snprintf(path, sizeof(path), "\nbuilt for %s by ", abi);
	ok = r->status == 0 && strncmp(r->out, "zeroroot ", 9) == 0 && strstr(r->out, path) &&
	     strstr(r->out, ", statically linked\n");
	check(abi, ok, "version", "zeroroot --version: %s, %s", ended(r, how, sizeof(how)),
	      first_line(strchr(r->out, '\n') ? strchr(r->out, '\n') + 1 : r->out, odd, sizeof(odd)));

	/* The count every probe run is held to: this ABI's entries in --list
	 * ("abi nr name kind faked"), less those not faked ("no: ..."), which
	 * probe fake-all does not call. */
	run(r, (char *[]){zr, "--list", NULL});
	for (const char *l = r->out; *l; l = next_line(l)) {
		char name[64], how_faked[16];

		if (sscanf(l, "%63s %*u %*s %*s %15s", name, how_faked) == 2 && strcmp(name, abi) == 0)
			n_list += strncmp(how_faked, "no:", 3) != 0;
	}
	check(abi, r->status == 0 && n_list > 0, "list", "zeroroot --list: %d entries for %s, %s", n_list,
	      abi, ended(r, how, sizeof(how)));

	/* Without zeroroot every call must fail: proof that these checks can fail. */
	run(r, (char *[]){probe, "fake-all", plain, NULL});
	count_probe_lines(r->out, false, &lines, &zeros, odd, sizeof(odd));
	check(abi, r->status == 0 && lines == n_list && zeros == 0, "unfiltered",
	      "probe fake-all without zeroroot: %d of %d lines fail (want all %d), %s%s%s", lines - zeros, lines,
	      n_list, ended(r, how, sizeof(how)), odd[0] ? ", yet: " : "", odd);
	snprintf(path, sizeof(path), "%s/dev", plain);
	if (lstat(path, &st) == 0) /* unprivileged mknod can make a char 0:0 whiteout */
		check(abi, false, "unfiltered-mknod", "probe fake-all without zeroroot created %s: %s %u:%u", path,
		      S_ISCHR(st.st_mode) ? "char" : S_ISBLK(st.st_mode) ? "block" : "non-device",
		      major(st.st_rdev), minor(st.st_rdev));
	if (strstr(r->out, "kexec_load r=-1 errno=ENOSYS"))
		say("ZR-NOTE %s kernel lacks kexec_load for %s (ENOSYS); the filter answers it all the same", abi, abi);

	/* Under zeroroot: the self-test passed, and every faked call returned 0. */
	/* --pure: fake-all issues set*id calls no real root could chain (setgid after
	 * setuid(4242)); ID consistency would refuse them as the kernel does */
	run(r, (char *[]){zr, "-v", "--pure", probe, "fake-all", fake, NULL});
	self_test = strstr(r->err, "self-test: kexec_load returned 0") != NULL;
	check(abi, r->status == 0 && self_test, "selftest", "zeroroot -v probe fake-all: %s, %s",
	      ended(r, how, sizeof(how)), self_test ? "self-test passed" : "no self-test line");
	count_probe_lines(r->out, true, &lines, &zeros, odd, sizeof(odd));
	check(abi, lines == n_list && zeros == lines, "fake-all", "%d of %d lines r=0 (want %d)%s%s", zeros, lines,
	      n_list, odd[0] ? ", first failure: " : "", odd);

	/* ... and changed nothing: the owner stays, no device node appeared. */
	snprintf(path, sizeof(path), "%s/file", fake);
	if (stat(path, &st) != 0)
		check(abi, false, "owner-kept", "stat %s: %s", path, strerror(errno));
	else
		check(abi, st.st_uid == USER && st.st_gid == USER, "owner-kept", "%s owned by %u:%u after chown to 4242",
		      path, (unsigned)st.st_uid, (unsigned)st.st_gid);
	snprintf(path, sizeof(path), "%s/dev", fake);
	exists = lstat(path, &st) == 0;
	check(abi, !exists, "no-device", "%s %s after faked mknod and mknodat", path, exists ? "exists" : "absent");

	/* mknod of a FIFO is real; of a character device, faked. */
	snprintf(path, sizeof(path), "%s/fifo", dir);
	run(r, (char *[]){zr, probe, "mknod", path, "fifo", NULL});
	exists = lstat(path, &st) == 0 && S_ISFIFO(st.st_mode);
	check(abi, r->status == 0 && strstr(r->out, "mknod r=0") && exists, "fifo-real",
	      "zeroroot probe mknod %s fifo: %s, %s", path, ended(r, how, sizeof(how)),
	      exists ? "FIFO exists" : "no FIFO");
	/* A device is never made: ID mode leaves an empty regular file, --pure nothing. */
	snprintf(path, sizeof(path), "%s/chr", dir);
	run(r, (char *[]){zr, probe, "mknod", path, "chr", NULL});
	exists = lstat(path, &st) == 0;
	check(abi, r->status == 0 && strstr(r->out, "mknod r=0") && exists && S_ISREG(st.st_mode) && st.st_size == 0,
	      "chr-placeholder", "zeroroot probe mknod %s chr: %s, %s", path, ended(r, how, sizeof(how)),
	      !exists ? "nothing made" : S_ISREG(st.st_mode) ? "regular file" : "not a regular file");
	snprintf(path, sizeof(path), "%s/chr-pure", dir);
	run(r, (char *[]){zr, "--pure", probe, "mknod", path, "chr", NULL});
	exists = lstat(path, &st) == 0;
	check(abi, r->status == 0 && strstr(r->out, "mknod r=0") && !exists, "chr-pure",
	      "zeroroot --pure probe mknod %s chr: %s, %s", path, ended(r, how, sizeof(how)),
	      exists ? "node exists" : "no node");

	/* ID consistency: the supervisor writes getresuid's answers into the caller
	 * (at stack addresses above 2 GiB on 32-bit ABIs) and refuses regaining root. */
	run(r, (char *[]){zr, probe, "drop", "100", "101", NULL});
	ok = r->status == 0 &&
	     strstr(r->out, "uid=100,100,100 gid=101,101,101 groups=1:101 getuid=100 geteuid=100 getgid=101 getegid=101") &&
	     strstr(r->out, "setuid(0) r=-1 errno=EPERM");
	check(abi, ok, "ids", "zeroroot probe drop 100 101: %s, %s", ended(r, how, sizeof(how)),
	      ok ? "ids 100/101, setuid(0) EPERM" : r->out);

	/* What is not faked still fails: sethostname gets EPERM. */
	run(r, (char *[]){zr, probe, "privileged", NULL});
	check(abi, strstr(r->out, "sethostname r=-1 errno=EPERM\n") != NULL, "privileged",
	      "zeroroot probe privileged: %s", first_line(r->out, how, sizeof(how)));

	/* zeroroot execs the command, so its exit status is the command's. */
	run(r, (char *[]){zr, self, "exit", "3", NULL});
	check(abi, r->status == 3, "exit-status", "zeroroot %s exit 3: %s", self, ended(r, how, sizeof(how)));
	say("ZR-DONE %s %d", abi, n_checks);
	free(r);
}

/* ---- PID 1 ---- */

static void mount_or_say(const char *fs, const char *dir, const char *opts)
{
	mkdir(dir, 0755);
	if (mount(fs, dir, fs, 0, opts) != 0)
		say("init: mount %s on %s: %s", fs, dir, strerror(errno));
}

static void setup(void)
{
	int fd;

	/* The initramfs has no /dev/console node, so the kernel gave us no
	 * stdio: devtmpfs brings the console. */
	mount_or_say("devtmpfs", "/dev", NULL);
	fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mount_or_say("proc", "/proc", NULL);
	mount_or_say("tmpfs", "/tmp", "mode=1777");
}

static void __attribute__((noreturn)) power_off(void)
{
	say("ZR-END");
	sync();
	reboot(RB_POWER_OFF);
	reboot(RB_AUTOBOOT); /* where power-off is not emulated: qemu -no-reboot exits */
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	char abi[64];
	struct utsname u;
	const char *missing;
	FILE *abis;

	if (argc == 3 && strcmp(argv[1], "exit") == 0)
		return atoi(argv[2]);
	if (getpid() != 1) {
		fprintf(stderr, "usage: init exit N (or boot it as PID 1)\n");
		return 2;
	}
	setup();
	uname(&u);
	say("ZR-KERNEL %s %s", u.release, u.machine);
	missing = missing_feature();
	abis = fopen("/abis", "re");
	if (!abis) {
		say("init: /abis: %s", strerror(errno));
		power_off();
	}
	while (fscanf(abis, "%63s", abi) == 1) {
		if (missing)
			say("ZR-SKIP %s %s", abi, missing);
		else
			test_abi(abi);
	}
	fclose(abis);
	say("init: %d checks failed", n_failed);
	power_off();
}
