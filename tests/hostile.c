/*
 * hostile: what unusual or hostile commands do to zeroroot's supervisor, for
 * tests/077-supervisor.bats. Each mode prints one or a few "key=value" lines
 * and exits 0; the tests read them. Run without zeroroot, as real root, each
 * mode shows what the kernel itself does.
 *
 *   hostile eintr N [restart] setgroups N times while another thread signals
 *                            this one (a handler without SA_RESTART, or with):
 *                            how many calls failed with EINTR, and whether any
 *                            failed call changed the groups
 *   hostile setloop N        N setresuid(-1, -1, -1): how many failed
 *   hostile records N        N children each drop to 100+i and wait; then each
 *                            reports getresuid: how many were right
 *   hostile rodata           after a drop, getresuid into a read-only page and
 *                            into a PROT_NONE page: EFAULT, and the page intact
 *   hostile capregain        a full drop to 5, then capset raising CAP_SETUID
 *                            and setuid(0): both must fail (only keep-caps keeps)
 *   hostile getgroups-big    setgroups([1000]), then getgroups(70000, buf)
 *   hostile orphan FILE      drop to 100, fork, exit at once; the child asks
 *                            only once re-parented, and writes its ids to FILE
 *   hostile setget N         N threads setresgid(g, g, g) to their own g while
 *                            others read getresgid: a mixed triple is an error
 *   hostile vfork            a vfork child drops by raw syscall: the parent's
 *                            ids stay as they were
 *   hostile threads N        setresuid(100), then N threads (10,000 is fine)
 *                            each check getuid() == 100
 *   hostile longpath DIR     mknod of a device at a path of 4095 bytes under DIR
 *   hostile ids              "uid=R,E,S setuid(0) r=R": what the process is,
 *                            and whether it can regain root (then it does)
 *   hostile exec-failed FILE seteuid(100), then execv of FILE, which fails (a
 *                            set-user-ID file without x, or a missing one):
 *                            the ids after, then setuid(0)
 *   hostile exec-drop FILE [ARG...]  setresuid(100, 100, 100), then exec FILE
 *   hostile exec-self        seteuid(100), then exec /proc/self/exe ids: the
 *                            same file again, so the saved uid takes 100
 *   hostile swap DIR N       DIR/A (set-user-ID) and DIR/B (not) are copies of
 *                            this program; after a drop to 100 one thread
 *                            swaps them while N children exec DIR/A and report
 *                            "suid=0|1 euid=E": E must follow the file run
 *   hostile whoami           "suid=0|1 euid=E" of /proc/self/exe
 *   hostile reap-all CMD...  an init's loop: run CMD, then wait for every child
 *                            until none is left (ECHILD), and say "reaped N"
 *   hostile churn N DEV SUID N children in turn drop, exec SUID (which
 *                            reports and makes DEV.i, a device), and die;
 *                            then the answers counted: "children=N right=R"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

/* ---- eintr ---- */

static volatile int keep_signalling = 1;
static pthread_t main_thread;

static void on_signal(int sig)
{
	(void)sig;
}

static void *signaller(void *unused)
{
	(void)unused;
	while (keep_signalling)
		pthread_kill(main_thread, SIGUSR1);
	return NULL;
}

static int eintr(int n, bool restart)
{
	struct sigaction sa = {.sa_handler = on_signal, .sa_flags = restart ? SA_RESTART : 0};
	pthread_t t;
	int interrupted = 0, changed = 0;

	sigaction(SIGUSR1, &sa, NULL);
	main_thread = pthread_self();
	pthread_create(&t, NULL, signaller, NULL);
	for (int i = 0; i < n; i++) {
		gid_t before = 0, g = 1000 + i % 2, got[4];
		int k = getgroups(4, got);

		if (k == 1)
			before = got[0];
		/* raw: glibc's setgroups would broadcast to the signalling thread too */
		if (syscall(SYS_setgroups, 1, &g) != 0 && errno == EINTR) {
			interrupted++;
			if (getgroups(4, got) == 1 && k == 1 && got[0] != before)
				changed++;
		}
	}
	keep_signalling = 0;
	pthread_join(t, NULL);
	printf("calls=%d eintr=%d changed_on_eintr=%d\n", n, interrupted, changed);
	return 0;
}

static int setloop(int n)
{
	int failed = 0;

	for (int i = 0; i < n; i++)
		failed += syscall(SYS_setresuid, -1, -1, -1) != 0;
	printf("calls=%d failed=%d\n", n, failed);
	return 0;
}

/* ---- records ---- */

static int records(int n)
{
	int ready[2], go[2], report[2], right = 0;
	char c;

	if (pipe(ready) || pipe(go) || pipe(report))
		return 2;
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			printf("fork failed at %d: %s\n", i, strerror(errno));
			return 2;
		}
		if (pid == 0) {
			uid_t r, e, s, want = 100 + i;
			int ok = syscall(SYS_setresuid, want, want, want) == 0;

			close(go[1]);
			(void)!write(ready[1], "r", 1);
			(void)!read(go[0], &c, 1); /* all alive at once, each holding a record */
			ok = ok && getresuid(&r, &e, &s) == 0 && r == want && e == want && s == want;
			(void)!write(report[1], ok ? "y" : "n", 1);
			_exit(0);
		}
	}
	for (int i = 0; i < n; i++)
		(void)!read(ready[0], &c, 1);
	close(go[1]);
	for (int i = 0; i < n; i++)
		if (read(report[0], &c, 1) == 1 && c == 'y')
			right++;
	while (wait(NULL) > 0)
		;
	printf("children=%d right=%d\n", n, right);
	return 0;
}

/* ---- rodata ---- */

static int rodata(void)
{
	uid_t *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long r1, r2;
	int e1, e2;

	ro[0] = ro[1] = ro[2] = 0xaaaaaaaa;
	mprotect(ro, 4096, PROT_READ);
	syscall(SYS_setresuid, 100, 100, 100);
	r1 = syscall(SYS_getresuid, &ro[0], &ro[1], &ro[2]);
	e1 = errno;
	r2 = syscall(SYS_getresuid, none, none, none);
	e2 = errno;
	printf("readonly r=%ld errno=%s intact=%d\n", r1, r1 ? strerrorname_np(e1) : "0",
	       ro[0] == 0xaaaaaaaa);
	printf("prot_none r=%ld errno=%s\n", r2, r2 ? strerrorname_np(e2) : "0");
	return 0;
}

/* ---- capregain ---- */

static int capregain(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2] = {{~0u, ~0u, 0}, {~0u, ~0u, 0}};
	long d = syscall(SYS_setresuid, 5, 5, 5);
	long c = syscall(SYS_capset, &hdr, data);
	int ce = errno;
	long s = syscall(SYS_setuid, 0);
	int se = errno;

	printf("drop r=%ld capset r=%ld errno=%s setuid(0) r=%ld errno=%s getuid=%d\n", d, c,
	       c ? strerrorname_np(ce) : "0", s, s ? strerrorname_np(se) : "0", (int)getuid());
	return 0;
}

/* ---- getgroups-big ---- */

static int getgroups_big(void)
{
	static gid_t buf[70000];
	gid_t g = 1000;
	long s = setgroups(1, &g), n = syscall(SYS_getgroups, 70000, buf);

	printf("setgroups r=%ld getgroups(70000) r=%ld first=%u\n", s, n, n > 0 ? buf[0] : 0);
	return 0;
}

/* ---- orphan ---- */

static int orphan(const char *file)
{
	pid_t parent = getpid();

	syscall(SYS_setresgid, 101, 101, 101);
	syscall(SYS_setresuid, 100, 100, 100);
	if (fork() == 0) {
		FILE *out;
		uid_t r, e, s;

		for (int i = 0; i < 500 && getppid() == parent; i++)
			usleep(10000); /* until the parent has gone and we are re-parented */
		getresuid(&r, &e, &s);
		out = fopen(file, "w");
		if (!out)
			_exit(2);
		fprintf(out, "uid=%u,%u,%u setuid(0) r=%ld\n", r, e, s, syscall(SYS_setuid, 0));
		fclose(out);
		_exit(0);
	}
	return 0;
}

/* ---- setget ---- */

static volatile int stop_setget;
static int mixed;

static void *setter(void *arg)
{
	gid_t g = (gid_t)(uintptr_t)arg;

	while (!stop_setget)
		syscall(SYS_setresgid, g, g, g);
	return NULL;
}

static void *getter(void *unused)
{
	(void)unused;
	for (int i = 0; i < 2000; i++) {
		gid_t r, e, s;

		if (syscall(SYS_getresgid, &r, &e, &s) == 0 && (r != e || e != s))
			__atomic_fetch_add(&mixed, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static int setget(int n)
{
	pthread_t t[64];

	n = n > 32 ? 32 : n;
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, setter, (void *)(uintptr_t)(1000 + i));
	for (int i = 0; i < n; i++)
		pthread_create(&t[n + i], NULL, getter, NULL);
	for (int i = 0; i < n; i++)
		pthread_join(t[n + i], NULL);
	stop_setget = 1;
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("threads=%d mixed=%d\n", 2 * n, mixed);
	return 0;
}

/* ---- vfork ---- */

static int vfork_drop(void)
{
	uid_t r, e, s;
	pid_t pid = vfork();

	if (pid == 0) {
		syscall(SYS_setresuid, 100, 100, 100);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	getresuid(&r, &e, &s);
	printf("parent uid=%u,%u,%u\n", r, e, s);
	return 0;
}

/* ---- threads ---- */

static int wrong_uid;

static void *check_uid(void *unused)
{
	(void)unused;
	if (getuid() != 100)
		__atomic_fetch_add(&wrong_uid, 1, __ATOMIC_RELAXED);
	return NULL;
}

static int many_threads(int n)
{
	pthread_attr_t attr;
	pthread_t *t = calloc(n, sizeof(*t));
	int made = 0;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	if (setresuid(100, 100, 100) != 0)
		return 2;
	for (int i = 0; i < n; i++)
		made += pthread_create(&t[i], &attr, check_uid, NULL) == 0;
	for (int i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	printf("threads=%d wrong=%d\n", made, wrong_uid);
	return 0;
}

/* ---- longpath ---- */

static int longpath(const char *dir)
{
	char path[4096];
	size_t len;

	/* DIR/aaa...a/aaa...a/.../x, 4095 bytes: the directories made for real */
	snprintf(path, sizeof(path), "%s", dir);
	while ((len = strlen(path)) + 1 + 200 + 2 < 4095) {
		snprintf(path + len, sizeof(path) - len, "/%0200d", 0);
		if (mkdir(path, 0755) != 0)
			return 2;
	}
	len = strlen(path);
	path[len++] = '/';
	while (len < 4095)
		path[len++] = 'x';
	path[len] = '\0';
	printf("length=%zu mknod r=%d", strlen(path), mknod(path, S_IFCHR | 0644, makedev(1, 3)));
	printf(" errno=%s regular=%d\n", strerrorname_np(errno) ?: "0", access(path, F_OK) == 0);
	return 0;
}

/* ---- exec ---- */

static void ids_line(void)
{
	uid_t r, e, su;
	long regain;

	getresuid(&r, &e, &su);
	regain = syscall(SYS_setuid, 0);
	printf("uid=%u,%u,%u setuid(0) r=%ld\n", r, e, su, regain);
}

static int exec_failed(const char *file)
{
	char *av[] = {"hostile", "ids", NULL};

	if (syscall(SYS_setresuid, -1, 100, -1) != 0)
		return 1;
	execv(file, av);
	printf("execv: %s\n", strerror(errno));
	ids_line();
	return 0;
}

static int exec_drop(char **argv)
{
	if (syscall(SYS_setresuid, 100, 100, 100) != 0)
		return 1;
	execv(argv[0], argv);
	printf("execv: %s\n", strerror(errno));
	return 1;
}

static int exec_self(void)
{
	char *av[] = {"hostile", "ids", NULL};

	if (syscall(SYS_setresuid, -1, 100, -1) != 0)
		return 1;
	execv("/proc/self/exe", av);
	return 1;
}

static int whoami(void)
{
	struct stat st;

	if (stat("/proc/self/exe", &st) != 0)
		return 1;
	printf("suid=%d euid=%u\n", !!(st.st_mode & S_ISUID), (unsigned)geteuid());
	return 0;
}

static char swap_a[4096], swap_b[4096];

static void *swapper(void *unused)
{
	(void)unused;
	for (;;)
		syscall(SYS_renameat2, AT_FDCWD, swap_a, AT_FDCWD, swap_b, 2 /* RENAME_EXCHANGE */);
	return NULL;
}

static int swap(const char *dir, int n)
{
	pthread_t t;

	snprintf(swap_a, sizeof(swap_a), "%s/A", dir);
	snprintf(swap_b, sizeof(swap_b), "%s/B", dir);
	if (syscall(SYS_setresuid, 100, 100, 100) != 0)
		return 1;
	pthread_create(&t, NULL, swapper, NULL);
	for (int i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0) {
			char *av[] = {"hostile", "whoami", NULL};

			execv(swap_a, av);
			_exit(1);
		}
		waitpid(p, NULL, 0);
	}
	_exit(0);
}

/* The lines read so far from fd (O_NONBLOCK) that are the right answer. */
static int count_right(int fd, char *line, size_t size, size_t *got)
{
	int right = 0;

	while (read(fd, line + *got, 1) == 1) {
		if (line[*got] != '\n') {
			*got += *got < size - 1;
			continue;
		}
		line[*got] = '\0';
		right += strcmp(line, "euid=0 mknod r=0 regular=1") == 0;
		*got = 0;
	}
	return right;
}

/* Each child: drop to 100, exec suid ("ids" prints, a device is made),
 * then die by SIGKILL so that nothing of it is ever seen again. Their
 * lines are read as they come: 20,000 of them would fill the pipe. */
static int churn(int n, const char *dev, const char *suid)
{
	int fds[2], right = 0;
	char line[128];
	size_t got = 0;

	if (pipe(fds) != 0 || fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0)
		return 1;
	for (int i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0) {
			char path[4096], *av[] = {"hostile", "churned", path, NULL};

			snprintf(path, sizeof(path), "%s.%d", dev, i);
			dup2(fds[1], STDOUT_FILENO);
			if (syscall(SYS_setresuid, 100, 100, 100) != 0)
				_exit(1);
			execv(suid, av);
			_exit(1);
		}
		if (p > 0)
			waitpid(p, NULL, 0);
		right += count_right(fds[0], line, sizeof(line), &got);
	}
	printf("children=%d right=%d\n", n, right);
	return 0;
}

static int churned(const char *dev)
{
	struct stat st;
	long r = syscall(SYS_mknodat, AT_FDCWD, dev, S_IFCHR | 0644, makedev(1, 3));

	printf("euid=%u mknod r=%ld regular=%d\n", (unsigned)geteuid(), r,
	       stat(dev, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0);
	fflush(stdout);
	raise(SIGKILL);
	return 1;
}

static int reap_all(char **argv)
{
	pid_t p = fork();
	int n = 0;

	if (p == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		n++;
	printf("reaped %d\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && strcmp(argv[1], "eintr") == 0)
		return eintr(atoi(argv[2]), argc == 4 && strcmp(argv[3], "restart") == 0);
	if (argc == 3 && strcmp(argv[1], "setloop") == 0)
		return setloop(atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "records") == 0)
		return records(atoi(argv[2]));
	if (argc == 2 && strcmp(argv[1], "rodata") == 0)
		return rodata();
	if (argc == 2 && strcmp(argv[1], "capregain") == 0)
		return capregain();
	if (argc == 2 && strcmp(argv[1], "getgroups-big") == 0)
		return getgroups_big();
	if (argc == 3 && strcmp(argv[1], "orphan") == 0)
		return orphan(argv[2]);
	if (argc == 3 && strcmp(argv[1], "setget") == 0)
		return setget(atoi(argv[2]));
	if (argc == 2 && strcmp(argv[1], "vfork") == 0)
		return vfork_drop();
	if (argc == 3 && strcmp(argv[1], "threads") == 0)
		return many_threads(atoi(argv[2]));
	if (argc == 3 && strcmp(argv[1], "longpath") == 0)
		return longpath(argv[2]);
	if (argc >= 2 && strcmp(argv[1], "ids") == 0) {
		ids_line();
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "exec-failed") == 0)
		return exec_failed(argv[2]);
	if (argc >= 3 && strcmp(argv[1], "exec-drop") == 0)
		return exec_drop(argv + 2);
	if (argc == 2 && strcmp(argv[1], "exec-self") == 0)
		return exec_self();
	if (argc == 2 && strcmp(argv[1], "whoami") == 0)
		return whoami();
	if (argc == 4 && strcmp(argv[1], "swap") == 0)
		return swap(argv[2], atoi(argv[3]));
	if (argc == 5 && strcmp(argv[1], "churn") == 0)
		return churn(atoi(argv[2]), argv[3], argv[4]);
	if (argc >= 3 && strcmp(argv[1], "reap-all") == 0)
		return reap_all(argv + 2);
	if (argc == 3 && strcmp(argv[1], "churned") == 0)
		return churned(argv[2]);
	fprintf(stderr, "usage: see the comment at the top of tests/hostile.c\n");
	return 2;
}
