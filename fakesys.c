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
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
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
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#define ZR_VERSION "0.1.0"

/* Exit statuses follow env(1) and chroot(1); zeroroot(1) lists them. */
#define EXIT_SETUP 125	   /* zeroroot itself failed; the command never ran */
#define EXIT_CANNOT_RUN 126 /* command found but could not be executed */
#define EXIT_NOT_FOUND 127  /* command not found */

/* ---- the tables: the tables in arch/, turned into bpf_table.h by arch/mktable.awk ---- */

struct abi {
	const char *name;
	uint32_t audit_arch; /* AUDIT_ARCH_*; x32 shares x86_64's */
	uint32_t nr_base;    /* x32's __X32_SYSCALL_BIT, MIPS's 4000/5000/6000 */
};

struct fake_syscall {
	const char *abi;
	uint32_t audit_arch;
	uint32_t nr;
	const char *name;
	int mode_arg; /* -1: always faked; else faked only for S_IFCHR/S_IFBLK in this arg */
};

static const struct abi abis[] = {
#define ZR_ABI(abi, arch, base) {abi, arch, base},
#define ZR_FAKE(abi, arch, nr, name, mode_arg)
#include "bpf_table.h"
#undef ZR_ABI
#undef ZR_FAKE
};

static const struct fake_syscall fake_syscalls[] = {
#define ZR_ABI(abi, arch, base)
#define ZR_FAKE(abi, arch, nr, name, mode_arg) {abi, arch, nr, name, mode_arg},
#include "bpf_table.h"
#undef ZR_ABI
#undef ZR_FAKE
};

#define N_ABIS (sizeof(abis) / sizeof(abis[0]))
#define N_FAKES (sizeof(fake_syscalls) / sizeof(fake_syscalls[0]))

/* The ABI zeroroot itself runs as: its block is tested first in the filter. */
#if defined(__x86_64__) && defined(__ILP32__)
#define NATIVE_ABI "x32"
#elif defined(__x86_64__)
#define NATIVE_ABI "x86_64"
#elif defined(__i386__)
#define NATIVE_ABI "i386"
#elif defined(__aarch64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE_ABI "aarch64"
#elif defined(__arm__) && defined(__ARM_EABI__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE_ABI "arm"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE_ABI "ppc64le"
#elif defined(__powerpc64__)
#define NATIVE_ABI "ppc64"
#elif defined(__s390x__)
#define NATIVE_ABI "s390x"
#elif defined(__riscv) && __riscv_xlen == 64
#define NATIVE_ABI "riscv64"
#elif defined(__loongarch64)
#define NATIVE_ABI "loongarch64"
#elif defined(__mips__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && _MIPS_SIM == _ABI64
#define NATIVE_ABI "mips64el-n64"
#elif defined(__mips__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && _MIPS_SIM == _ABIN32
#define NATIVE_ABI "mips64el-n32"
#elif defined(__mips__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && _MIPS_SIM == _ABIO32
#define NATIVE_ABI "mipsel-o32"
#else
#define NATIVE_ABI "" /* no table: the filter allows all and the self-test fails */
#endif

/* ---- messages ---- */

static int verbose;

static void __attribute__((noreturn, format(printf, 2, 3))) fail(int err, const char *fmt, ...)
{
	va_list ap;

	fputs("zeroroot: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
	exit(EXIT_SETUP);
}

static void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	fputs("zeroroot: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- building the filter ---- */

/*
 * One block per AUDIT_ARCH: "ld nr", a binary search over the sorted faked
 * numbers, then the mknod mode checks and the two returns. Only loads of arch
 * and nr lie on the path of any non-faked syscall, so the kernel's
 * constant-action cache (seccomp_is_const_allow, Linux >= 5.11) answers every
 * one of them without running the filter.
 */
#define MAX_INSNS 1024 /* well below BPF_MAXINSNS; the whole filter is ~400 */
#define MAX_LEAVES 96

enum target { TO_ALLOW = -1, TO_FAKE = -2, TO_DEV1 = -3, TO_DEV2 = -4 }; /* >= 0: insn index */

struct prog {
	struct sock_filter insn[MAX_INSNS];
	int jt_to[MAX_INSNS], jf_to[MAX_INSNS]; /* absolute targets until resolved */
	uint32_t arch[MAX_INSNS];		/* audit arch of the block, for --dump-filter */
	unsigned len;
	unsigned n_blocks;
	uint32_t block_arch;
};

struct leaf {
	uint32_t lo, hi; /* a run of numbers with one verdict */
	int to;		 /* enum target */
	uint64_t weight; /* how many plausible syscall numbers it holds */
};

static unsigned emit(struct prog *p, uint16_t code, uint32_t k, int jt_to, int jf_to)
{
	if (p->len >= MAX_INSNS)
		fail(0, "internal error: filter longer than %d instructions", MAX_INSNS);
	p->insn[p->len] = (struct sock_filter)BPF_STMT(code, k);
	p->jt_to[p->len] = jt_to;
	p->jf_to[p->len] = jf_to;
	p->arch[p->len] = p->block_arch;
	return p->len++;
}

static bool is_little_endian(uint32_t audit_arch)
{
	return audit_arch & __AUDIT_ARCH_LE;
}

/* Offset of the low 32 bits of seccomp_data.args[i]: args are 64-bit, and on a
 * big-endian machine (s390x, ppc64) their low half sits 4 bytes in. */
static uint32_t arg_low_offset(uint32_t audit_arch, int i)
{
	return offsetof(struct seccomp_data, args) + 8 * i + (is_little_endian(audit_arch) ? 0 : 4);
}

static const struct abi *find_abi(const char *name)
{
	for (size_t i = 0; i < N_ABIS; i++)
		if (strcmp(abis[i].name, name) == 0)
			return &abis[i];
	return NULL;
}

/* The ABI a block's search tree is shaped for: the native one, else the first. */
static const struct abi *primary_abi(uint32_t audit_arch)
{
	const struct abi *native = find_abi(NATIVE_ABI);

	if (native && native->audit_arch == audit_arch)
		return native;
	for (size_t i = 0; i < N_ABIS; i++)
		if (abis[i].audit_arch == audit_arch)
			return &abis[i];
	return NULL;
}

static int cmp_nr(const void *a, const void *b)
{
	uint32_t x = (*(const struct fake_syscall *const *)a)->nr;
	uint32_t y = (*(const struct fake_syscall *const *)b)->nr;

	return (x > y) - (x < y);
}

/* Split [0, 2^32) into runs of numbers with one verdict each. Runs are weighted
 * by how many numbers of the primary ABI's first 512 they hold, so the
 * search tree puts the big gaps, where nearly all syscalls live, near its root. */
static unsigned make_leaves(uint32_t audit_arch, struct leaf *lv)
{
	const struct fake_syscall *f[N_FAKES];
	const struct abi *abi = primary_abi(audit_arch);
	uint64_t span_lo = abi->nr_base, span_hi = (uint64_t)abi->nr_base + 511;
	unsigned n = 0, nf = 0;
	uint64_t next = 0;

	for (size_t i = 0; i < N_FAKES; i++)
		if (fake_syscalls[i].audit_arch == audit_arch)
			f[nf++] = &fake_syscalls[i];
	qsort(f, nf, sizeof(f[0]), cmp_nr);
	for (unsigned i = 0; i <= nf; i++) {
		uint64_t at = i < nf ? f[i]->nr : 1ull << 32;
		int to = i == nf ? TO_ALLOW : f[i]->mode_arg < 0 ? TO_FAKE : -2 - f[i]->mode_arg;

		if (i < nf && at < next)
			continue; /* the same number twice (never in practice) */
		if (at > next)
			lv[n++] = (struct leaf){next, at - 1, TO_ALLOW, 0};
		if (i < nf) {
			if (n && lv[n - 1].to == to && lv[n - 1].hi + 1 == at)
				lv[n - 1].hi = at; /* extend a run of equal verdicts */
			else
				lv[n++] = (struct leaf){at, at, to, 0};
			next = at + 1;
		}
		if (n >= MAX_LEAVES - 1)
			fail(0, "internal error: too many syscall runs for one architecture");
	}
	for (unsigned i = 0; i < n; i++) {
		uint64_t lo = lv[i].lo > span_lo ? lv[i].lo : span_lo;
		uint64_t hi = lv[i].hi < span_hi ? lv[i].hi : span_hi;

		lv[i].weight = 1 + (hi >= lo ? hi - lo + 1 : 0);
	}
	return n;
}

/* Optimal alphabetic search tree (minimum total weight x depth), by dynamic
 * programming: split[i][j] is where the tree over leaves i..j divides. */
static void plan_tree(const struct leaf *lv, unsigned n, uint8_t split[][MAX_LEAVES])
{
	static uint64_t cost[MAX_LEAVES][MAX_LEAVES];
	uint64_t sum[MAX_LEAVES + 1] = {0};

	for (unsigned i = 0; i < n; i++)
		sum[i + 1] = sum[i] + lv[i].weight;
	for (unsigned len = 1; len < n; len++)
		for (unsigned i = 0; i + len < n; i++) {
			unsigned j = i + len;

			cost[i][j] = UINT64_MAX;
			for (unsigned k = i; k < j; k++) {
				uint64_t c = (k > i ? cost[i][k] : 0) + (k + 1 < j ? cost[k + 1][j] : 0);

				if (c < cost[i][j]) {
					cost[i][j] = c;
					split[i][j] = k;
				}
			}
			cost[i][j] += sum[j + 1] - sum[i];
		}
}

/* Emit the tree over leaves i..j; a leaf costs no instruction, since the jump
 * into it goes straight to its verdict. Returns where control should go. */
static int emit_tree(struct prog *p, const struct leaf *lv, unsigned i, unsigned j,
		     uint8_t split[][MAX_LEAVES])
{
	unsigned k, at;

	if (i == j)
		return lv[i].to;
	k = split[i][j];
	/* Compare against a faked number where possible, so --dump-filter can name it. */
	if (lv[k + 1].to != TO_ALLOW)
		at = emit(p, BPF_JMP | BPF_JGE | BPF_K, lv[k + 1].lo, 0, 0);
	else
		at = emit(p, BPF_JMP | BPF_JGT | BPF_K, lv[k].hi, 0, 0);
	p->jf_to[at] = emit_tree(p, lv, i, k, split);
	p->jt_to[at] = emit_tree(p, lv, k + 1, j, split);
	return at;
}

/* Turn the block's absolute and symbolic targets into BPF's 8-bit offsets. */
static void resolve_block(struct prog *p, unsigned start, const int *label_at)
{
	for (unsigned i = start; i < p->len; i++) {
		int *to[2] = {&p->jt_to[i], &p->jf_to[i]};
		uint8_t *off[2] = {&p->insn[i].jt, &p->insn[i].jf};

		if (BPF_CLASS(p->insn[i].code) != BPF_JMP)
			continue;
		for (int t = 0; t < 2; t++) {
			int dest = *to[t] < 0 ? label_at[-*to[t]] : *to[t];

			if (dest <= (int)i || dest - (int)i - 1 > 255)
				fail(0, "internal error: filter jump out of range");
			*off[t] = dest - i - 1;
		}
	}
}

static void emit_block(struct prog *p, uint32_t audit_arch)
{
	static struct leaf lv[MAX_LEAVES];
	static uint8_t split[MAX_LEAVES][MAX_LEAVES];
	int label_at[5] = {0};
	unsigned start = p->len, n = make_leaves(audit_arch, lv);
	bool uses[5] = {false};

	p->block_arch = audit_arch;
	plan_tree(lv, n, split);
	emit(p, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0, 0);
	emit_tree(p, lv, 0, n - 1, split); /* its root follows the load directly */
	for (unsigned i = 0; i < n; i++)
		uses[-lv[i].to] = true;
	/* mknod/mknodat: fake only char and block devices; FIFOs, sockets and
	 * regular files are created for real. */
	for (int arg = 1; arg <= 2; arg++) {
		if (!uses[-(TO_DEV1 - (arg - 1))])
			continue;
		label_at[-(TO_DEV1 - (arg - 1))] = p->len;
		emit(p, BPF_LD | BPF_W | BPF_ABS, arg_low_offset(audit_arch, arg), 0, 0);
		emit(p, BPF_ALU | BPF_AND | BPF_K, S_IFMT, 0, 0);
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, S_IFCHR, TO_FAKE, p->len + 1);
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, S_IFBLK, TO_FAKE, TO_ALLOW);
	}
	label_at[-TO_ALLOW] = emit(p, BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	/* The whole trick: SECCOMP_RET_ERRNO with errno 0 skips the syscall and
	 * makes it return 0, i.e. "success". */
	label_at[-TO_FAKE] = emit(p, BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 0, 0, 0);
	resolve_block(p, start, label_at);
}

/* ld arch; then per architecture "jeq arch, else skip its block"; the native
 * block comes first so that its syscalls pay for one comparison only. */
static void build_filter(struct prog *p)
{
	uint32_t done[N_ABIS];
	unsigned n_done = 0;
	const struct abi *native = find_abi(NATIVE_ABI);

	memset(p, 0, sizeof(*p));
	emit(p, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch), 0, 0);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < N_ABIS; i++) {
			uint32_t arch = abis[i].audit_arch;
			unsigned check;
			bool seen = false;

			if ((pass == 0) != (native && native->audit_arch == arch))
				continue;
			for (unsigned d = 0; d < n_done; d++)
				seen |= done[d] == arch;
			if (seen)
				continue;
			done[n_done++] = arch;
			p->block_arch = arch;
			check = emit(p, BPF_JMP | BPF_JEQ | BPF_K, arch, 0, 0);
			emit_block(p, arch);
			if (p->len - check - 1 > 255)
				fail(0, "internal error: filter block too long");
			p->insn[check].jf = p->len - check - 1;
		}
	p->block_arch = 0;
	/* Unknown architecture: allow everything; the self-test reports it. */
	emit(p, BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	p->n_blocks = n_done;
}

/* ---- --dump-filter and --list ---- */

static const char *abi_names(uint32_t audit_arch, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < N_ABIS; i++)
		if (abis[i].audit_arch == audit_arch)
			snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? "+" : "", abis[i].name);
	return buf;
}

static const char *fake_name(uint32_t audit_arch, uint32_t nr)
{
	for (size_t i = 0; i < N_FAKES; i++)
		if (fake_syscalls[i].audit_arch == audit_arch && fake_syscalls[i].nr == nr)
			return fake_syscalls[i].name;
	return NULL;
}

/*
 * Run the filter as the kernel would, for one ABI, over seccomp_data laid out
 * in that ABI's byte order. Returns the verdict; *steps counts instructions,
 * *args_read tells whether the path loaded an argument (which the kernel's
 * constant-action cache cannot follow).
 */
static uint32_t run_filter(const struct prog *p, uint32_t audit_arch, uint32_t nr, uint64_t arg,
			   unsigned *steps, bool *args_read)
{
	uint8_t data[sizeof(struct seccomp_data)] = {0};
	bool le = is_little_endian(audit_arch);
	uint32_t a = 0;

	/* store v (width bytes) at off in the ABI's byte order */
#define PUT(off, v, width)                                                                         \
	for (int b = 0; b < (width); b++)                                                          \
		data[(off) + (le ? b : (width)-1 - b)] = (uint8_t)((uint64_t)(v) >> (8 * b));
	PUT(offsetof(struct seccomp_data, nr), nr, 4);
	PUT(offsetof(struct seccomp_data, arch), audit_arch, 4);
	for (int i = 0; i < 6; i++)
		PUT(offsetof(struct seccomp_data, args) + 8 * i, arg, 8);
#undef PUT
	*steps = 0;
	*args_read = false;
	for (unsigned pc = 0; pc < p->len; pc++) {
		const struct sock_filter *f = &p->insn[pc];

		++*steps;
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			a = 0;
			for (int b = 0; b < 4; b++)
				a |= (uint32_t)data[f->k + (le ? b : 3 - b)] << (8 * b);
			*args_read |= f->k >= offsetof(struct seccomp_data, instruction_pointer);
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= f->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= f->k ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			return f->k;
		}
	}
	return SECCOMP_RET_KILL_PROCESS; /* fell off the end: never, if the filter is sound */
}

/* Check one ABI's compiled verdicts against its table, over its first 1024
 * numbers: faked ones return 0 (devices only for mknod), all others are
 * allowed without loading an argument. Returns the number of mismatches. */
static unsigned verify_abi(const struct prog *p, const struct abi *abi, unsigned *min, unsigned *max)
{
	static const uint32_t modes[] = {S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK, S_IFREG, 0};
	unsigned bad = 0, steps;
	bool args_read;

	*min = ~0u;
	*max = 0;
	for (uint32_t nr = abi->nr_base; nr < abi->nr_base + 1024; nr++) {
		const struct fake_syscall *f = NULL;

		for (size_t i = 0; i < N_FAKES; i++)
			if (fake_syscalls[i].audit_arch == abi->audit_arch && fake_syscalls[i].nr == nr)
				f = &fake_syscalls[i];
		if (!f) {
			bad += run_filter(p, abi->audit_arch, nr, 0, &steps, &args_read) != SECCOMP_RET_ALLOW ||
			       args_read;
			*min = steps < *min ? steps : *min;
			*max = steps > *max ? steps : *max;
			continue;
		}
		for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
			/* garbage in the high half proves the low half is what is read */
			uint64_t arg = 0xdeadbeef00000000ull | modes[m] | 0644;
			bool fake = f->mode_arg < 0 || modes[m] == S_IFCHR || modes[m] == S_IFBLK;

			bad += run_filter(p, abi->audit_arch, nr, arg, &steps, &args_read) !=
			       (fake ? SECCOMP_RET_ERRNO : SECCOMP_RET_ALLOW);
		}
	}
	return bad;
}

static const char *operand(const struct prog *p, unsigned i, char *buf, size_t size)
{
	const struct sock_filter *f = &p->insn[i];
	const char *name = fake_name(p->arch[i], f->k);
	char names[96];

	switch (f->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		if (f->k == offsetof(struct seccomp_data, arch))
			return "[arch]";
		if (f->k == offsetof(struct seccomp_data, nr))
			return "[nr]";
		snprintf(buf, size, "[%u]  args[%u], low 32 bits", f->k,
			 (unsigned)(f->k - offsetof(struct seccomp_data, args)) / 8);
		break;
	case BPF_ALU | BPF_AND | BPF_K:
		snprintf(buf, size, "#0%o  S_IFMT", f->k);
		break;
	case BPF_JMP | BPF_JEQ | BPF_K:
		if (f->k == p->arch[i]) /* the check that opens a block */
			snprintf(buf, size, "#0x%08x  %s", f->k, abi_names(f->k, names, sizeof(names)));
		else
			snprintf(buf, size, "#0%o  %s", f->k, f->k == S_IFCHR ? "S_IFCHR" : "S_IFBLK");
		break;
	case BPF_RET | BPF_K:
		return f->k == SECCOMP_RET_ALLOW ? "ALLOW" : "ERRNO(0)  fake: skip the call, return 0";
	default:
		snprintf(buf, size, "#%u%s%s", f->k, name ? "  " : "", name ? name : "");
	}
	return buf;
}

static void dump_filter(const struct prog *p)
{
	static const char *const ops[] = {
		[BPF_LD | BPF_W | BPF_ABS] = "ld",  [BPF_ALU | BPF_AND | BPF_K] = "and",
		[BPF_JMP | BPF_JEQ | BPF_K] = "jeq", [BPF_JMP | BPF_JGT | BPF_K] = "jgt",
		[BPF_JMP | BPF_JGE | BPF_K] = "jge", [BPF_RET | BPF_K] = "ret",
	};
	unsigned bad = 0;

	printf("# zeroroot %s seccomp filter: %u instructions, %u architectures, native %s first\n",
	       ZR_VERSION, p->len, p->n_blocks, NATIVE_ABI[0] ? NATIVE_ABI : "(none)");
	printf("# %-13s %5s  %-12s %s\n", "abi", "faked", "others run", "check against the tables in arch/");
	for (size_t i = 0; i < N_ABIS; i++) {
		unsigned faked = 0, min, max, b = verify_abi(p, &abis[i], &min, &max);
		char range[32];

		for (size_t j = 0; j < N_FAKES; j++)
			faked += strcmp(fake_syscalls[j].abi, abis[i].name) == 0;
		snprintf(range, sizeof(range), "%u..%u insns", min, max);
		printf("# %-13s %5u  %-12s %s\n", abis[i].name, faked, range,
		       b ? "MISMATCH" : "ok, all others constant-allow (cacheable)");
		bad += b;
	}
	for (unsigned i = 0; i < p->len; i++) {
		const struct sock_filter *f = &p->insn[i];
		char buf[128];

		printf("%4u  %-4s %-42s", i, ops[f->code] ? ops[f->code] : "?", operand(p, i, buf, sizeof(buf)));
		if (BPF_CLASS(f->code) == BPF_JMP)
			printf("  jt %u jf %u", i + 1 + f->jt, i + 1 + f->jf);
		putchar('\n');
	}
	if (bad)
		fail(0, "internal error: the filter disagrees with the tables in arch/ in %u verdicts", bad);
}

static void list_fakes(void)
{
	printf("# %-13s %10s  %-12s %s\n", "abi", "nr", "syscall", "faked");
	for (size_t i = 0; i < N_FAKES; i++) {
		const struct fake_syscall *f = &fake_syscalls[i];

		printf("%-15s %10u  %-12s ", f->abi, f->nr, f->name);
		if (f->mode_arg < 0)
			puts("always");
		else
			printf("if arg %d is S_IFCHR or S_IFBLK\n", f->mode_arg);
	}
}

/* ---- command line ---- */

enum userns_mode { USERNS_AUTO, USERNS_ALWAYS, USERNS_NEVER };

struct opts {
	enum userns_mode userns;
	bool dump_filter, list;
	char **argv; /* the command, or NULL for the shell */
};

static void __attribute__((noreturn)) usage(void)
{
	printf("Usage: zeroroot [OPTION]... [--] [COMMAND [ARG]...]\n"
	       "Run COMMAND (default: $SHELL, else /bin/sh) as root in an unprivileged user\n"
	       "namespace where chown, set*id, setgroups, capset and mknod of devices\n"
	       "succeed without doing anything.\n"
	       "\n"
	       "  -v, --verbose          describe each set-up step on stderr (repeatable)\n"
	       "      --userns=MODE      auto (default), always or never create a user namespace\n"
	       "      --dump-filter      print the seccomp filter as readable BPF and exit\n"
	       "      --list             print the faked syscalls of every architecture and exit\n"
	       "  -h, --help             display this help and exit\n"
	       "  -V, --version          output version information and exit\n"
	       "\n"
	       "Exit status: COMMAND's own; 125 if zeroroot failed, 126 if COMMAND could\n"
	       "not be executed, 127 if it was not found.\n"
	       "See zeroroot(1).\n");
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
	enum { OPT_USERNS = 256, OPT_DUMP, OPT_LIST };
	static const struct option longopts[] = {
		{"verbose", no_argument, NULL, 'v'},	  {"userns", required_argument, NULL, OPT_USERNS},
		{"dump-filter", no_argument, NULL, OPT_DUMP}, {"list", no_argument, NULL, OPT_LIST},
		{"help", no_argument, NULL, 'h'},	  {"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	*o = (struct opts){USERNS_AUTO, false, false, NULL};
	opterr = 0; /* our own message, in our format */
	/* '+': stop at the first non-option, so "zeroroot ls -l" leaves -l to ls */
	while ((c = getopt_long(argc, argv, "+vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			verbose++;
			break;
		case OPT_USERNS:
			if (strcmp(optarg, "auto") == 0)
				o->userns = USERNS_AUTO;
			else if (strcmp(optarg, "always") == 0)
				o->userns = USERNS_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				o->userns = USERNS_NEVER;
			else
				fail_usage("invalid --userns value '%s': expected auto, always or never", optarg);
			break;
		case OPT_DUMP:
			o->dump_filter = true;
			break;
		case OPT_LIST:
			o->list = true;
			break;
		case 'h':
			usage();
		case 'V':
			printf("zeroroot %s\n", ZR_VERSION);
			exit(0);
		default:
			if (optopt && optopt < 256)
				fail_usage("invalid option -- '%c'", optopt);
			fail_usage("unrecognized or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if ((o->dump_filter || o->list) && (optind < argc || (o->dump_filter && o->list)))
		fail_usage("--dump-filter and --list take no command and exclude each other");
	if (optind < argc)
		o->argv = argv + optind;
}

/* ---- user namespace ---- */

static bool have_cap_sys_admin(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];

	return syscall(SYS_capget, &hdr, data) == 0 &&
	       (data[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32)));
}

/* The initial user namespace, and only it, maps all 2^32 IDs onto themselves. */
static bool in_initial_userns(void)
{
	unsigned long inside, outside, count;
	FILE *f = fopen("/proc/self/uid_map", "re");
	int n;

	if (!f)
		return true; /* no /proc: assume the worst case and create a namespace */
	n = fscanf(f, "%lu %lu %lu", &inside, &outside, &count);
	fclose(f);
	return n == 3 && inside == 0 && outside == 0 && count == 4294967295ul;
}

static long read_sysctl(const char *path)
{
	FILE *f = fopen(path, "re");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* Is this process already under a seccomp filter, as in Docker's default profile? */
static bool under_seccomp(void)
{
	return prctl(PR_GET_SECCOMP, 0, 0, 0, 0) > 0;
}

/* One hint per cause users actually meet; they name what to change. */
static const char *userns_cause(int err)
{
	if (err == ENOSPC)
		return " (the user.max_user_namespaces sysctl is 0 or its limit is reached)";
	if (err == EINVAL || err == ENOSYS)
		return " (the kernel is built without CONFIG_USER_NS)";
	if (err != EPERM && err != EACCES)
		return "";
	if (read_sysctl("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		return " (the kernel.unprivileged_userns_clone sysctl is 0)";
	if (read_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
		return " (AppArmor restricts unprivileged user namespaces: the "
		       "kernel.apparmor_restrict_unprivileged_userns sysctl is 1)";
	if (under_seccomp())
		return " (blocked by the seccomp filter this process runs under, as in Docker's "
		       "default profile: allow unshare(2) or run with --userns=never)";
	return " (user namespaces are disabled or restricted on this host)";
}

/* As userns_cause(), leaving errno as it was: callers pass errno beside it. */
static const char *userns_hint(int err)
{
	const char *hint = userns_cause(err);

	errno = err;
	return hint;
}

static void write_file(const char *path, const char *text, bool missing_ok)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n = -1;

	if (fd >= 0) {
		n = write(fd, text, strlen(text));
		if (n < 0 || close(fd) != 0)
			n = -1;
	}
	if (n < 0 && !(missing_ok && errno == ENOENT))
		fail(errno, "cannot write '%s' to %s%s", text, path, userns_hint(errno));
}

static void enter_userns(enum userns_mode mode)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	char map[64];

	if (mode == USERNS_NEVER) {
		note("user namespace: not created (--userns=never)");
		return;
	}
	if (mode == USERNS_AUTO && uid == 0 && have_cap_sys_admin() && !in_initial_userns()) {
		note("user namespace: not created: already root with CAP_SYS_ADMIN in a non-initial user namespace");
		return;
	}
	if (unshare(CLONE_NEWUSER) != 0)
		fail(errno, "cannot create a user namespace%s", userns_hint(errno));
	/* Unprivileged writers must deny setgroups before writing gid_map (Linux >= 3.19,
	 * CVE-2014-8989); the file is missing on older kernels. setgroups is faked anyway. */
	write_file("/proc/self/setgroups", "deny", true);
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	write_file("/proc/self/uid_map", map, false);
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	write_file("/proc/self/gid_map", map, false);
	note("user namespace: created; uid_map '0 %u 1', gid_map '0 %u 1', setgroups deny",
	     (unsigned)uid, (unsigned)gid);
}

/* ---- filter installation and self-test ---- */

static void check_seccomp(void)
{
	/* EINVAL here, unlike from seccomp(2) below, means no CONFIG_SECCOMP at all. */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 && errno == EINVAL)
		fail(0, "this kernel has no seccomp support (CONFIG_SECCOMP is not set)");
}

static void install_filter(const struct prog *p)
{
	struct sock_fprog fprog = {(unsigned short)p->len, (struct sock_filter *)p->insn};
	const char *hint = "";

	/* The kernel accepts a filter from a task that holds CAP_SYS_ADMIN in its user
	 * namespace or has no_new_privs. We prefer the capability: without
	 * no_new_privs, setuid programs inside keep working as far as the kernel lets
	 * them. Only a caller without it (--userns=never, unprivileged) sets the bit. */
	if (!have_cap_sys_admin()) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
			fail(errno, "cannot set no_new_privs");
		note("no CAP_SYS_ADMIN here: set no_new_privs to install the filter");
	}
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0) {
		int err = errno;

		if (err == ENOSYS)
			hint = " (the kernel lacks seccomp(2): Linux 3.17 or later is needed)";
		else if (err == EINVAL)
			hint = " (the kernel lacks seccomp filters: CONFIG_SECCOMP_FILTER is not set)";
		else if (err == EACCES)
			hint = userns_hint(EPERM);
		fail(err, "cannot install the seccomp filter%s", hint);
	}
	note("seccomp filter: installed, %u instructions for %u architectures, %s first", p->len,
	     p->n_blocks, NATIVE_ABI[0] ? NATIVE_ABI : "no known architecture");
}

/* kexec_load(2) needs CAP_SYS_BOOT in the initial user namespace, so it can
 * return 0 here only if our filter answered. The flags are invalid on purpose:
 * should the call reach the kernel of a real root, it fails with EINVAL instead
 * of unloading a loaded kexec image, as kexec_load(0, 0, NULL, 0) would. */
#define KEXEC_PROBE_FLAGS 0x0100ul

static void selftest_filter(void)
{
	struct utsname u;

	if (syscall(SYS_kexec_load, 0ul, 0ul, NULL, KEXEC_PROBE_FLAGS) == 0) {
		note("self-test: kexec_load returned 0: the filter is live");
		return;
	}
	if (uname(&u) != 0)
		strcpy(u.machine, "this machine");
	fail(errno, "seccomp self-test failed on %s: kexec_load reached the kernel, so the filter "
		    "is not active (no arch/ table for this ABI?); the command was not run",
	     u.machine);
}

static void __attribute__((noreturn)) exec_command(char **argv)
{
	static char *shell_argv[2];

	if (!argv) {
		const char *shell = getenv("SHELL");

		shell_argv[0] = (char *)(shell && *shell ? shell : "/bin/sh");
		argv = shell_argv;
	}
	execvp(argv[0], argv);
	fprintf(stderr, "zeroroot: failed to run '%s': %s\n", argv[0], strerror(errno));
	exit(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

/* Installed setuid or with file capabilities, zeroroot would be a privileged
 * helper that lets anyone fake privileged calls: refuse outright. */
static void refuse_secure_exec(void)
{
	if (getauxval(AT_SECURE))
		fail(0, "refusing to run setuid, setgid or with file capabilities (AT_SECURE); "
			"install zeroroot as an ordinary executable");
}

int main(int argc, char **argv)
{
	static struct prog filter;
	struct opts o;

	refuse_secure_exec();
	parse_args(argc, argv, &o); /* --help and --version exit here */
	build_filter(&filter);
	if (o.dump_filter) {
		dump_filter(&filter);
		return 0;
	}
	if (o.list) {
		list_fakes();
		return 0;
	}

	check_seccomp();		/* tell "no seccomp" apart from "filter rejected" */
	enter_userns(o.userns);		/* caller becomes uid 0 / gid 0 */
	install_filter(&filter);	/* chown, set*id, capset, device mknod -> 0 */
	selftest_filter();		/* prove the filter is live before exec */
	exec_command(o.argv);		/* 126 or 127 if it cannot, like env(1) */
}
