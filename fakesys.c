/*
 * zeroroot: run a command as root in an unprivileged user namespace, under a
 * seccomp filter that makes the privileged calls package managers insist on
 * (chown, set*id, setgroups, capset, mknod of devices) return 0 without doing
 * anything. No emulation, no daemon, no LD_PRELOAD: the kernel tells the lies.
 *
 * main() reads top to bottom in the order the kernel requires:
 * parse options, enter the user namespace, install the filter, prove it is
 * live with a kexec_load(2) probe, exec. See zeroroot(1).
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <link.h>
#include <sched.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/seccomp.h>

#include "filter.h"
#include "init.h"
#include "msg.h"
#include "root.h"
#include "supervisor.h"
#include "table.h"
#include "userns.h"

/* ---- command line ---- */

#define MAX_BINDS 64

/* ID consistency is on unless --pure: its cost was measured (bench/). */
#define DEFAULT_SUPERVISION SUP_IDS

struct opts {
	enum userns_mode userns;
	bool dump_filter, list;
	bool dump_all;		/* --dump-filter=all: every ABI's block, not only this kernel's */
	const char *root, *cwd; /* --root, --cwd */
	unsigned supervision;	/* SUP_IDS, SUP_TRACE */
	const char *trace;	/* --trace=FILE; "" for stderr */
	const char *owners;	/* --owners=FILE */
	bool map_auto;		/* --map-auto */
	char *binds[MAX_BINDS]; /* --bind SRC[:DST], n_binds of them */
	int n_binds;
	char **argv; /* the command, or NULL for the shell */
};

static void __attribute__((noreturn)) usage(void)
{
	printf("Usage: zeroroot [OPTION]... [--] [COMMAND [ARG]...]\n"
	       "Run COMMAND (default: $SHELL, else /bin/sh) as root in an unprivileged user\n"
	       "namespace where chown, set*id, setgroups, capset, mknod of devices, and the\n"
	       "extended attributes and ACLs only real root could set, succeed without doing\n"
	       "anything.\n"
	       "\n"
	       "  -r, --root=DIR         run COMMAND with DIR as its root directory, in a\n"
	       "                         private mount namespace with /proc, /sys and /dev\n"
	       "  -b, --bind=SRC[:DST]   with --root: also bind SRC on DST (repeatable)\n"
	       "  -w, --cwd=DIR          run COMMAND in DIR (default with --root: /)\n"
	       "      --ids              keep fake credentials consistent per process: set*id\n"
	       "                         and get*id agree (the default)\n"
	       "      --pure             fake set*id in the kernel only; get*id tell the truth\n"
	       "      --trace[=FILE]     log every faked call to stderr or FILE\n"
	       "      --owners=FILE      write the ownership changes that were not kept to FILE\n"
	       "                         (mtree); a warning on stderr counts them anyway\n"
	       "      --map-auto         map your subordinate IDs too (/etc/subuid, newuidmap):\n"
	       "                         chown and set*id to them are real\n"
	       "  -v, --verbose          describe each set-up step on stderr\n"
	       "      --userns=MODE      auto (default), always or never create a user namespace\n"
	       "      --dump-filter[=all]  print the seccomp filter as readable BPF and exit\n"
	       "                         (all: every ABI's, not only this kernel's)\n"
	       "      --list             list each faked or supervised syscall of every ABI\n"
	       "  -h, --help             display this help and exit\n"
	       "  -V, --version          output version information and exit\n"
	       "\n"
	       "Exit status: COMMAND's own; 125 if zeroroot failed, 126 if COMMAND could\n"
	       "not be executed, 127 if it was not found.\n"
	       "See zeroroot(1).\n");
	exit(0);
}

/* What a bug report or a rebuild byte for byte needs: the compiler and the C
 * library it was built with. musl names itself in no macro: on Linux, a C
 * library that is neither glibc, uClibc nor bionic is musl. */
#define STRINGIFY(x) #x
#define STR(x)	     STRINGIFY(x)
#if defined(__clang__)
#define ZR_COMPILER "clang " STR(__clang_major__) "." STR(__clang_minor__) "." STR(__clang_patchlevel__)
#elif defined(__GNUC__)
#define ZR_COMPILER "gcc " __VERSION__
#else
#define ZR_COMPILER "an unknown compiler"
#endif
#if defined(__UCLIBC__)
#define ZR_LIBC "uClibc"
#elif defined(__GLIBC__)
#define ZR_LIBC "glibc " STR(__GLIBC__) "." STR(__GLIBC_MINOR__)
#elif defined(__BIONIC__)
#define ZR_LIBC "bionic"
#else
#define ZR_LIBC "musl"
#endif

/* No PT_INTERP among the program's headers: no dynamic loader ran, whatever
 * flags built it (glibc's ld.so, run by hand, rewrites AT_PHDR to the program's). */
static bool linked_statically(void)
{
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM);

	for (unsigned long i = 0; ph && i < n; i++)
		if (ph[i].p_type == PT_INTERP)
			return false;
	return true;
}

/* As bwrap --version and unshare --version: the version first, alone. */
static void __attribute__((noreturn)) print_version(void)
{
	printf("zeroroot %s\n", ZR_VERSION);
	printf("built for %s by %s with %s, %s\n", native_abi[0] ? native_abi : "an ABI without a table",
	       ZR_COMPILER, ZR_LIBC, linked_statically() ? "statically linked" : "dynamically linked");
	exit(0);
}

static void __attribute__((noreturn, format(printf, 1, 2))) fail_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("zeroroot: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'zeroroot --help' for more information.\n", stderr);
	exit(EXIT_SETUP);
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_USERNS = 256, OPT_DUMP, OPT_LIST, OPT_IDS, OPT_PURE, OPT_TRACE, OPT_OWNERS, OPT_MAP_AUTO };
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"bind", required_argument, NULL, 'b'},
		{"cwd", required_argument, NULL, 'w'},
		{"ids", no_argument, NULL, OPT_IDS},
		{"pure", no_argument, NULL, OPT_PURE},
		{"trace", optional_argument, NULL, OPT_TRACE},
		{"owners", required_argument, NULL, OPT_OWNERS},
		{"map-auto", no_argument, NULL, OPT_MAP_AUTO},
		{"verbose", no_argument, NULL, 'v'},
		{"userns", required_argument, NULL, OPT_USERNS},
		{"dump-filter", optional_argument, NULL, OPT_DUMP},
		{"list", no_argument, NULL, OPT_LIST},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	*o = (struct opts){.userns = USERNS_AUTO, .supervision = DEFAULT_SUPERVISION};
	opterr = 0; /* our own message, in our format */
	/* '+': stop at the first non-option, so "zeroroot ls -l" leaves -l to ls */
	while ((c = getopt_long(argc, argv, "+:r:b:w:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			o->root = optarg;
			break;
		case 'b':
			if (o->n_binds == MAX_BINDS)
				fail_usage("at most %d --bind options", MAX_BINDS);
			o->binds[o->n_binds++] = optarg;
			break;
		case 'w':
			o->cwd = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case OPT_USERNS:			 /* required_argument: getopt sets optarg */
			if (strcmp(optarg, "auto") == 0) // NOLINT(clang-analyzer-core.NonNullParamChecker)
				o->userns = USERNS_AUTO;
			else if (strcmp(optarg, "always") == 0)
				o->userns = USERNS_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				o->userns = USERNS_NEVER;
			else
				fail_usage("invalid --userns value '%s': expected auto, always or never",
					   optarg);
			break;
		case OPT_IDS:
			o->supervision |= SUP_IDS;
			break;
		case OPT_PURE:
			o->supervision &= ~SUP_IDS;
			break;
		case OPT_TRACE:
			o->supervision |= SUP_TRACE;
			o->trace = optarg ? optarg : "";
			break;
		case OPT_OWNERS:
			o->owners = optarg;
			break;
		case OPT_MAP_AUTO:
			o->map_auto = true;
			break;
		case OPT_DUMP:
			o->dump_filter = true;
			if (optarg && strcmp(optarg, "all") != 0)
				fail_usage("invalid --dump-filter value '%s': expected all, or nothing",
					   optarg);
			o->dump_all = optarg != NULL;
			break;
		case OPT_LIST:
			o->list = true;
			break;
		case 'h':
			usage();
		case 'V':
			print_version();
		case ':': /* a valid option without its argument */
			if (strncmp(argv[optind - 1], "--", 2) == 0)
				fail_usage("option '%s' requires an argument", argv[optind - 1]);
			fail_usage("option requires an argument -- '%c'", optopt);
		default:
			if (optopt && optopt < 256)
				fail_usage("invalid option -- '%c'", optopt);
			fail_usage("unrecognized or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if ((o->dump_filter || o->list) && (optind < argc || (o->dump_filter && o->list)))
		fail_usage("--dump-filter and --list take no command and exclude each other");
	if (o->n_binds && !o->root)
		fail_usage("--bind requires --root");
	if (o->owners && !(o->supervision & SUP_IDS))
		fail_usage("--owners needs ID consistency: --pure notices nothing");
	if (o->map_auto && o->userns == USERNS_NEVER)
		fail_usage("--map-auto creates a user namespace: not with --userns=never");
	if (optind < argc)
		o->argv = argv + optind;
}

/* ---- filter installation and self-test ---- */

static void check_seccomp(void)
{
	/* EINVAL here, unlike from seccomp(2) below, means no CONFIG_SECCOMP at all. */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL)
		fail(0, "this kernel has no seccomp support (CONFIG_SECCOMP is not set)");
}

static bool kernel_at_least(int major, int minor)
{
	struct utsname u;
	int a = 0, b = 0;

	return uname(&u) == 0 && sscanf(u.release, "%d.%d", &a, &b) == 2 &&
	       (a > major || (a == major && b >= minor));
}

/* /proc/self/status, NUL-terminated, into buf: false if it cannot be read. */
static bool read_self_status(char *buf, size_t size)
{
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, size - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

/* The number after NAME in a status buffer, or -1 if missing. */
static long status_value(const char *buf, const char *name)
{
	const char *at = strstr(buf, name);
	long v = -1;

	if (at && sscanf(at + strlen(name), "%ld", &v) != 1)
		v = -1;
	return v;
}

/* Is /proc that of our PID namespace? NSpid: lists our pid from the
 * namespace /proc was mounted in down to ours: one field if they are one. */
static bool proc_is_ours(const char *status)
{
	const char *at = strstr(status, "\nNSpid:");
	long pid;
	int end = 0;

	return at && sscanf(at + 7, "%ld%n", &pid, &end) == 1 && pid == getpid() && at[7 + end] == '\n';
}

/* ID consistency and --trace need a supervisor: seccomp user notification
 * with CONTINUE (Linux 5.5) and POLLHUP once the filter is unused (5.8). ID
 * consistency falls back to pure mode, saying so under -v; --trace, asked for
 * explicitly, fails instead. */
static unsigned supported_supervision(unsigned supervision, enum userns_mode userns, bool owners)
{
	const char *why = NULL;
	char status[4096];

	if (supervision && !kernel_at_least(5, 8))
		why = "it needs Linux 5.8 or later for seccomp user notification";
	if (supervision & SUP_TRACE && why)
		fail(0, "--trace: %s", why);
	if (supervision & SUP_IDS && !why && userns == USERNS_NEVER)
		why = "with --userns=never the command is not root, so there are no credentials to fake";
	if (supervision & SUP_IDS && !why && !read_self_status(status, sizeof(status)))
		why = "no /proc, where the supervisor reads whose call it answers";
	if (supervision & SUP_IDS && !why && !proc_is_ours(status))
		why = "/proc belongs to another PID namespace (unshare -p without --mount-proc?), so the "
		      "supervisor could not tell which process called";
	if (supervision & SUP_IDS && why && owners) /* it would notice nothing */
		fail(0, "--owners: ID consistency is off here: %s", why);
	if (supervision & SUP_IDS && why) {
		note("ID consistency: off (pure mode): %s", why);
		supervision &= ~SUP_IDS;
	}
	return supervision;
}

/* The kernel accepts a filter from a task that holds CAP_SYS_ADMIN in its user
 * namespace or has no_new_privs. We prefer the capability: without
 * no_new_privs, setuid programs inside keep working as far as the kernel lets
 * them. Only a caller without it (--userns=never, unprivileged) sets the bit. */
static void allow_filter(void)
{
	if (have_cap_sys_admin())
		return;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		fail(errno, "cannot set no_new_privs");
	note("no CAP_SYS_ADMIN here: set no_new_privs to install the filter");
}

/* The listener (supervised), 0, or -errno. Supervised, a notified call
 * waits killably once the supervisor has it (Linux >= 5.19): a signal then
 * cannot make set*id fail with EINTR, which the kernel never does. */
static int install_filter(const struct prog *p)
{
	struct sock_fprog fprog = {(unsigned short)p->len, (struct sock_filter *)p->insn};
	unsigned long flags = p->supervision ? SECCOMP_FILTER_FLAG_NEW_LISTENER |
						       SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
					     : 0;
	long ret = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &fprog);

	if (ret < 0 && errno == EINVAL && (flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV))
		ret = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			      flags & ~SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, &fprog);
	return ret < 0 ? -errno : (int)ret;
}

/* A listener is a seccomp notify descriptor above fd 2: zeroroot holds 0-2
 * open (hold_std_fds), so the 0 of a seccomp(2) an outer sandbox fakes is
 * no listener. */
static void check_listener(int fd)
{
	char path[64], target[64] = "";
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (fd <= STDERR_FILENO || (n >= 0 && strncmp(target, "anon_inode:seccomp notify", (size_t)n) != 0))
		fail(0,
		     "seccomp self-test failed: seccomp(2) returned %d, which is no seccomp listener (%.*s): "
		     "something answers seccomp(2) in its place; the command was not run",
		     fd, n > 0 ? (int)n : 4, n > 0 ? target : "none");
}

static void __attribute__((noreturn)) fail_install(int err)
{
	const char *hint = "";

	if (err == ENOSYS)
		hint = " (the kernel lacks seccomp(2): Linux 3.17 or later is needed)";
	else if (err == EINVAL)
		hint = " (the kernel lacks seccomp filters: CONFIG_SECCOMP_FILTER is not set)";
	else if (err == EACCES)
		hint = userns_cause(EPERM);
	fail(err, "cannot install the seccomp filter%s", hint);
}

/* kexec_load(2) needs CAP_SYS_BOOT in the initial user namespace, so it can
 * return 0 here only if our filter answered. The flags are invalid on purpose:
 * should the call reach the kernel of a real root, it fails with EINVAL instead
 * of unloading a loaded kexec image, as kexec_load(0, 0, NULL, 0) would. */
#define KEXEC_PROBE_FLAGS 0x0100ul

static void selftest_filter(unsigned supervision, long filters_before)
{
	char status[4096];
	long filters_after =
		read_self_status(status, sizeof(status)) ? status_value(status, "\nSeccomp_filters:") : -1;
	struct utsname u;

	if (syscall(SYS_kexec_load, 0ul, 0ul, NULL, KEXEC_PROBE_FLAGS) != 0) {
		int err = errno;

		if (uname(&u) != 0)
			strcpy(u.machine, "this machine");
		fail(err,
		     "seccomp self-test failed on %s: kexec_load reached the kernel, so the filter "
		     "is not active (no arch/ table for this ABI?); the command was not run",
		     u.machine);
	}
	/* an outer sandbox that answers seccomp(2) and kexec_load with 0 would
	 * pass the probe: the kernel's count of our filters must have gone up */
	if (filters_before >= 0 && filters_after != filters_before + 1)
		fail(0,
		     "seccomp self-test failed: the process's seccomp filters went from %ld to %ld, not up "
		     "by "
		     "one: something answers seccomp(2) in its place; the command was not run",
		     filters_before, filters_after);
	note("self-test: kexec_load returned 0: the filter is live");
	/* A call the supervisor answers, which an outer profile allows: getuid
	 * (0 in our namespace) with ID consistency, else a faked fchown on no
	 * file. Without the supervisor it fails with ENOSYS. */
	if (supervision &&
	    ((supervision & SUP_IDS) ? syscall(SYS_getuid) : syscall(SYS_fchown, -1, -1, -1)) != 0)
		fail(errno, "supervisor self-test failed: the supervisor did not answer; the command was not "
			    "run");
	if (supervision)
		note("self-test: the supervisor answered");
}

/* The --trace and --owners files zeroroot created, removed again if it fails
 * before the command runs: through a descriptor of the directory each was
 * made in, and only while its name there is still the file made, for --cwd
 * and --root change where the name leads, and a file that was there before
 * is never zeroroot's to remove. */
static struct made {
	int dir;
	const char *name;
	dev_t dev;
	ino_t ino;
} made[2];
static int n_made;

static void remove_made(void)
{
	struct stat st;

	for (int i = 0; i < n_made; i++)
		if (fstatat(made[i].dir, made[i].name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    st.st_dev == made[i].dev && st.st_ino == made[i].ino)
			unlinkat(made[i].dir, made[i].name, 0);
}

/* FILE, created (EEXIST if anything has that name, a symlink included), and
 * remembered for remove_made(); -1 and errno if not. */
static int create_file(const char *file, int flags)
{
	const char *slash = strrchr(file, '/'), *name = slash ? slash + 1 : file;
	struct made *m = &made[n_made];
	char dir[PATH_MAX];
	struct stat st;
	int fd = -1, err;

	if (!*name) {
		errno = EISDIR;
		return -1;
	}
	if (!slash)
		strcpy(dir, ".");
	else if (snprintf(dir, sizeof(dir), "%.*s", slash == file ? 1 : (int)(slash - file), file) >=
		 (int)sizeof(dir)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((m->dir = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    (fd = openat(m->dir, name, flags | O_CREAT | O_EXCL, 0644)) < 0 || fstat(fd, &st) != 0) {
		err = errno;
		if (fd >= 0) {
			unlinkat(m->dir, name, 0);
			close(fd);
		}
		if (m->dir >= 0)
			close(m->dir);
		errno = err;
		return -1;
	}
	*m = (struct made){m->dir, name, st.st_dev, st.st_ino};
	if (n_made++ == 0)
		atexit(remove_made);
	return fd;
}

/* --trace=FILE is opened as the caller, before any namespace, appending. A
 * FIFO without a reader is an error, not a wait. */
static int open_trace(const char *file)
{
	int flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK, fd;

	if (!file)
		return -1;
	if (!*file)
		return STDERR_FILENO;
	fd = create_file(file, flags);
	if (fd < 0 && errno == EEXIST)
		fd = open(file, flags);
	if (fd < 0 && errno == ENXIO)
		fail(0, "--trace=%s: a FIFO that nobody reads", file);
	if (fd < 0)
		fail(errno, "--trace=%s", file);
	fcntl(fd, F_SETFL, O_APPEND); /* O_NONBLOCK was for the open only */
	return fd;
}

/* No COMMAND: $SHELL, else /bin/sh, as fakeroot(1) and unshare(1) do. Under
 * --root, $SHELL names a host path: it is used only if the root has it too. */
static char **default_command(const char *root)
{
	static char *argv[2];
	const char *shell = getenv("SHELL");

	if (!shell || !*shell || (root && access(shell, X_OK) != 0))
		shell = "/bin/sh";
	if (root && access(shell, X_OK) != 0)
		fail(0, "--root %s has no /bin/sh: give a COMMAND", root);
	argv[0] = (char *)shell;
	return argv;
}

/* Is the file an executable of some machine (ELF)? execvp(3) hands a file
 * execve(2) refuses with ENOEXEC to /bin/sh; that is for scripts without a
 * "#!" line, never for a binary of an ABI this kernel cannot run, which the
 * shell would only misread. */
static bool is_elf(const char *path)
{
	char magic[4] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool elf = fd >= 0 && read(fd, magic, sizeof(magic)) == sizeof(magic) &&
		   memcmp(magic, "\177ELF", 4) == 0;

	if (fd >= 0)
		close(fd);
	return elf;
}

/* One file: execve(2), or for a script without "#!" execvp(3)'s /bin/sh.
 * Returns the errno if it did not run. */
static int exec_file(const char *file, char **argv)
{
	execv(file, argv);
	if (errno != ENOEXEC || is_elf(file))
		return errno;
	execvp(file, argv); /* the path has a '/': no search, only the fallback */
	return errno;
}

/* execvp(3), but an ELF file execve(2) refuses is an error (126), not a script. */
static int exec_path(char **argv)
{
	const char *path = getenv("PATH"), *dir, *end;
	char file[PATH_MAX];
	int err, last = ENOENT;

	if (strchr(argv[0], '/'))
		return exec_file(argv[0], argv);
	for (dir = path && *path ? path : "/bin:/usr/bin"; dir; dir = *end ? end + 1 : NULL) {
		end = strchrnul(dir, ':');
		if (snprintf(file, sizeof(file), "%.*s%s%s", (int)(end - dir), dir, end > dir ? "/" : "",
			     argv[0]) >= (int)sizeof(file))
			continue;
		err = exec_file(file, argv);
		if (err == EACCES) /* as execvp: the next one, but say EACCES if none runs */
			last = EACCES;
		else if (err != ENOENT && err != ENOTDIR)
			return err;
	}
	return last;
}

static void __attribute__((noreturn)) exec_command(char **argv)
{
	char name[1024];
	int err = exec_path(argv);

	fprintf(stderr, "zeroroot: failed to run '%s': %s\n", escape(argv[0], false, name, sizeof(name)),
		strerror(err));
	exit(err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

/* Descriptors 0-2 that the caller left closed (cron, daemons) are held on
 * /dev/null, close-on-exec, until the command runs: nothing of ours (the
 * supervisor's socket, the listener, a trace file) can land there, and the
 * command finds them closed, as it was given them. */
static void hold_std_fds(void)
{
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF && open("/dev/null", O_RDWR | O_CLOEXEC) != fd)
			fail(errno, "cannot hold the closed descriptor %d on /dev/null", fd);
}

/* Installed setuid or with file capabilities, zeroroot would be a privileged
 * helper that lets anyone fake privileged calls: refuse outright. */
static void refuse_secure_exec(void)
{
	if (getauxval(AT_SECURE))
		fail(0, "refusing to run setuid, setgid or with file capabilities (AT_SECURE); "
			"install zeroroot as an ordinary executable");
}

/* --owners=FILE, opened as the caller before any namespace, written by the
 * supervisor when the command exits; an existing FILE is truncated only
 * then (owners_report()). */
static int open_owners(const char *file)
{
	int flags = O_WRONLY | O_CLOEXEC | O_NONBLOCK, fd;

	if (!file)
		return -1;
	fd = create_file(file, flags);
	if (fd < 0 && errno == EEXIST)
		fd = open(file, flags);
	if (fd < 0)
		fail(errno == ENXIO ? 0 : errno, "--owners=%s%s", file,
		     errno == ENXIO ? ": a FIFO that nobody reads" : "");
	fcntl(fd, F_SETFL, 0);
	return fd;
}

/* Is an outer filter faking chown already, as a zeroroot's does? The kernel
 * answers fchown(-1, -1, -1) with EBADF. Then the outer zeroroot answers, in
 * its mode, and this one adds no filter at all: its ERRNO would outrank the
 * outer supervisor's USER_NOTIF (set*id would never reach it), and a filter
 * stacked on the command is one the outer supervisor must respect (it makes
 * no placeholder for a caller that confined itself). */
static bool under_zeroroot(unsigned supervision, const char *owners)
{
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != 2 || syscall(SYS_fchown, -1, -1, -1) != 0)
		return false;
	if (supervision & SUP_TRACE)
		fail(0, "--trace: an outer zeroroot answers these calls here: give --trace to that one");
	if (owners)
		fail(0, "--owners: an outer zeroroot answers these calls here: give --owners to that one");
	note("seccomp filter: none added: an outer zeroroot's answers, in its own mode");
	return true;
}

/* For --dump-filter: the IDs the namespace would map, without creating it. */
static void would_map(const struct opts *o, struct idmap *map)
{
	*map = (struct idmap){1, 1, {{0, 0}}, {{0, 0}}};
	if (o->map_auto) /* a typical subordinate range */
		*map = (struct idmap){2, 2, {{0, 0}, {1, 65536}}, {{0, 0}, {1, 65536}}};
	else if (o->userns == USERNS_AUTO && geteuid() == 0 && have_cap_sys_admin() && !in_initial_userns())
		read_idmap(map); /* enter_userns() stays in this one */
}

int main(int argc, char **argv)
{
	static struct prog filter;
	struct supervisor_setup sup = {0};
	struct opts o;
	int supervisor = -1, listener, gone_w = -1, done_r = -1;
	const char *why_wait;
	bool own_userns, nested;
	long filters;
	char status[4096]; /* /proc/self/status before our filter */

	refuse_secure_exec();
	hold_std_fds();
	parse_args(argc, argv, &o); /* --help and --version exit here */
	if (o.dump_filter) {
		would_map(&o, &sup.map);
		dump_filter(o.supervision | (maps_ranges(&sup.map) ? SUP_RANGES : 0), &sup.map,
			    o.dump_all ? NULL : running_machine());
		return 0;
	}
	if (o.list) {
		list_syscalls();
		return 0;
	}

	if (o.root)
		check_root_dir(o.root); /* fail before anything is set up */
	sup.trace_fd = open_trace(o.trace);
	sup.owners_fd = open_owners(o.owners);
	check_seccomp(); /* tell "no seccomp" apart from "filter rejected" */
	own_userns = enter_userns(o.userns, o.map_auto, &sup.map); /* caller becomes uid 0 / gid 0 */
	nested = under_zeroroot(o.supervision, o.owners);
	o.supervision = nested ? 0
			       : supported_supervision(o.supervision, o.userns, o.owners) |
					 (maps_ranges(&sup.map) ? SUP_RANGES : 0);
	sup.supervision = o.supervision;
	sup.sync_wake_up = kernel_at_least(6, 6);
	sup.in_root = o.root != NULL;
	sup.fork_wait = (o.supervision & (SUP_IDS | SUP_TRACE)) && need_fork_wait(o.owners, &why_wait);
	if (sup.fork_wait)
		note("stays the command's parent until its report is written: %s", why_wait);
	if (o.supervision & (SUP_IDS | SUP_TRACE)) /* outside --root's mounts and the filter */
		supervisor = start_supervisor(&sup, &gone_w, &done_r);
	if (!nested)
		build_filter(&filter, o.supervision, &sup.map, running_machine(), false);
	if (o.root) /* DIR becomes / in a private mount namespace */
		enter_root(o.root, o.binds, o.n_binds, o.cwd);
	else if (own_userns) /* the command's mounts are its own, as under unshare -rm */
		enter_mount_ns();
	if (!o.root && o.cwd && chdir(o.cwd) != 0)
		fail(errno, "--cwd %s", o.cwd);
	if (!o.argv)
		o.argv = default_command(o.root);
	if (nested) { /* the outer filter's fake must answer the probe */
		selftest_filter(0, -1);
		exec_command(o.argv);
	}
	allow_filter();
	/* before ours: the filters, and no_new_privs as allow_filter left it */
	if (!read_self_status(status, sizeof(status)))
		status[0] = '\0';
	filters = status_value(status, "\nSeccomp_filters:");
	listener = install_filter(&filter); /* chown, set*id, capset, device mknod -> 0 */
	if (listener == -EBUSY && (filter.supervision & (SUP_IDS | SUP_TRACE))) {
		/* The kernel allows one listener per filter chain: another tool's */
		if (filter.supervision & SUP_TRACE)
			fail(0, "--trace: this process already has a seccomp listener (another sandbox's)");
		if (o.owners)
			fail(0, "--owners: this process already has a seccomp listener (another sandbox's), "
				"so ID consistency is off and nothing would be noticed");
		note("ID consistency: off (pure mode): this process already has a seccomp listener "
		     "(another sandbox's)");
		build_filter(&filter, filter.supervision & SUP_RANGES, &sup.map, filter.machine, false);
		listener = install_filter(&filter);
	}
	if (listener < 0)
		fail_install(-listener);
	if (filter.supervision & (SUP_IDS | SUP_TRACE))
		check_listener(listener);
	if (supervisor >= 0 && (filter.supervision & (SUP_IDS | SUP_TRACE)))
		hand_over_listener(supervisor, listener, filters >= 0 ? filters + 1 : 0,
				   status_value(status, "\nNoNewPrivs:") == 1);
	else if (supervisor >= 0)
		close(supervisor); /* the supervisor, left without a listener, exits */
	if (!nested)
		note("seccomp filter: installed, %u instructions for %u architectures, %s first, %s",
		     filter.len, filter.n_blocks, native_abi[0] ? native_abi : "no known architecture",
		     supervision_name(filter.supervision));
	selftest_filter(filter.supervision & (SUP_IDS | SUP_TRACE), filters); /* prove the filter is live */
	if (sup.fork_wait && (filter.supervision & (SUP_IDS | SUP_TRACE))) {
		supervisor_go();
		fork_wait(gone_w, done_r); /* the parent exits as the command does */
	}
	exec_command(o.argv); /* 126 or 127 if it cannot, like env(1) */
}
