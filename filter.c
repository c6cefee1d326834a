/*
 * filter.c: the seccomp program. One block per AUDIT_ARCH, built from the
 * tables in arch/ (bpf_table.h), tried native architecture first; plus
 * --dump-filter, which prints it and checks every verdict by simulation, and
 * --list.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/audit.h>
#include <linux/seccomp.h>

#include "zeroroot.h"

/* ---- the tables in arch/, turned into bpf_table.h by arch/mktable.awk ---- */

struct abi {
	const char *name;
	uint32_t audit_arch; /* AUDIT_ARCH_*; x32 shares x86_64's */
	uint32_t nr_base;    /* x32's __X32_SYSCALL_BIT, MIPS's 4000/5000/6000 */
};

static const struct abi abis[] = {
#define ZR_ABI(abi, arch, base) {abi, arch, base},
#define ZR_FAKE(abi, arch, nr, name, mode_arg, getter)
#include "bpf_table.h"
#undef ZR_ABI
#undef ZR_FAKE
};

static const struct fake_syscall fake_syscalls[] = {
#define ZR_ABI(abi, arch, base)
#define ZR_FAKE(abi, arch, nr, name, mode_arg, getter) {abi, arch, nr, name, mode_arg, getter},
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

const char native_abi[] = NATIVE_ABI;


/* ---- building the filter ---- */

/*
 * One block per AUDIT_ARCH: "ld nr", a binary search over the sorted faked
 * numbers, then the mknod mode checks and the two returns. Only loads of arch
 * and nr lie on the path of any non-faked syscall, so the kernel's
 * constant-action cache (seccomp_is_const_allow, Linux >= 5.11) answers every
 * one of them without running the filter.
 */
#define MAX_LEAVES 96

enum target { TO_ALLOW = -1, TO_FAKE = -2, TO_NOTIFY = -3, TO_DEV1 = -4, TO_DEV2 = -5 }; /* >= 0: insn */
#define N_LABELS 6
#define TO_DEV(arg) (TO_DEV1 - ((arg)-1)) /* mknod's mode in args[1], mknodat's in args[2] */

/* mknod/mknodat of a device: the supervisor leaves a placeholder in ID mode. */
static uint32_t device_verdict(unsigned mode)
{
	return mode & (ZR_IDS | ZR_TRACE) ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_ERRNO;
}

/* What the filter answers for a table line in a mode (see zeroroot(1), ID
 * CONSISTENCY and --trace): RET_ERRNO with errno 0 fakes success in the
 * kernel; RET_USER_NOTIF hands the call to the supervisor. */
static uint32_t verdict_of(const struct fake_syscall *f, unsigned mode)
{
	/* capset too: setpriv(1) raises CAP_SETGID again after dropping its uid */
	bool setter = strncmp(f->name, "set", 3) == 0 || strcmp(f->name, "capset") == 0;

	if (strcmp(f->name, "kexec_load") == 0)
		return SECCOMP_RET_ERRNO; /* the self-test: always the kernel's own answer */
	if (f->getter)
		return mode & ZR_IDS ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_ALLOW;
	if (f->mode_arg > 0)
		return device_verdict(mode);
	if ((setter && (mode & ZR_IDS)) || (mode & ZR_TRACE))
		return SECCOMP_RET_USER_NOTIF;
	return SECCOMP_RET_ERRNO;
}

static int target_of(uint32_t verdict)
{
	return verdict == SECCOMP_RET_ALLOW ? TO_ALLOW : verdict == SECCOMP_RET_ERRNO ? TO_FAKE : TO_NOTIFY;
}


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
static unsigned make_leaves(uint32_t audit_arch, unsigned mode, struct leaf *lv)
{
	const struct fake_syscall *f[N_FAKES] = {NULL};
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
		int to = i == nf ? TO_ALLOW : f[i]->mode_arg < 0 ? target_of(verdict_of(f[i], mode))
								 : TO_DEV(f[i]->mode_arg);

		if (i < nf && at < next)
			continue; /* the same number twice (never in practice) */
		if (at > next) {
			if (n && lv[n - 1].to == TO_ALLOW)
				lv[n - 1].hi = at - 1; /* after an allowed getter */
			else
				lv[n++] = (struct leaf){next, at - 1, TO_ALLOW, 0};
		}
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
	int label_at[N_LABELS] = {0};
	unsigned start = p->len, n = make_leaves(audit_arch, p->mode, lv);
	bool uses[N_LABELS] = {false};
	int dev_to = target_of(device_verdict(p->mode));

	p->block_arch = audit_arch;
	plan_tree(lv, n, split);
	emit(p, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0, 0);
	emit_tree(p, lv, 0, n - 1, split); /* its root follows the load directly */
	for (unsigned i = 0; i < n; i++)
		uses[-lv[i].to] = true;
	/* mknod/mknodat: fake only char and block devices; FIFOs, sockets and
	 * regular files are created for real. */
	for (int arg = 1; arg <= 2; arg++) {
		if (!uses[-TO_DEV(arg)])
			continue;
		uses[-dev_to] = true;
		label_at[-TO_DEV(arg)] = p->len;
		emit(p, BPF_LD | BPF_W | BPF_ABS, arg_low_offset(audit_arch, arg), 0, 0);
		emit(p, BPF_ALU | BPF_AND | BPF_K, S_IFMT, 0, 0);
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, S_IFCHR, p->len + 2, p->len + 1);
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, S_IFBLK, dev_to, TO_ALLOW);
		/* char device 0:0 is an overlayfs whiteout, which anyone may create
		 * (Linux >= 5.8): let it through, so that unpacked layers keep theirs */
		emit(p, BPF_LD | BPF_W | BPF_ABS, arg_low_offset(audit_arch, arg + 1), 0, 0);
		emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, TO_ALLOW, dev_to);
	}
	label_at[-TO_ALLOW] = emit(p, BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	/* The whole trick: SECCOMP_RET_ERRNO with errno 0 skips the syscall and
	 * makes it return 0, i.e. "success". */
	label_at[-TO_FAKE] = emit(p, BPF_RET | BPF_K, SECCOMP_RET_ERRNO | 0, 0, 0);
	if (uses[-TO_NOTIFY])
		label_at[-TO_NOTIFY] = emit(p, BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF, 0, 0);
	resolve_block(p, start, label_at);
}

/* ld arch; then per architecture "jeq arch, else skip its block"; the native
 * block comes first so that its syscalls pay for one comparison only. */
void build_filter(struct prog *p, unsigned mode)
{
	uint32_t done[N_ABIS] = {0};
	unsigned n_done = 0;
	const struct abi *native = find_abi(NATIVE_ABI);

	memset(p, 0, sizeof(*p));
	p->mode = mode;
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

const char *mode_name(unsigned mode)
{
	static const char *const names[] = {"pure", "ID consistency", "pure, traced", "ID consistency, traced"};

	return names[mode & (ZR_IDS | ZR_TRACE)];
}

const struct fake_syscall *find_syscall(uint32_t audit_arch, uint32_t nr)
{
	for (size_t i = 0; i < N_FAKES; i++)
		if (fake_syscalls[i].audit_arch == audit_arch && fake_syscalls[i].nr == nr)
			return &fake_syscalls[i];
	return NULL;
}

/* Where an ABI has setuid32 and friends, its plain setuid takes 16-bit IDs. */
bool takes_16bit_ids(const struct fake_syscall *f)
{
	char name32[32];

	snprintf(name32, sizeof(name32), "%s32", f->name);
	for (size_t i = 0; i < N_FAKES; i++)
		if (strcmp(fake_syscalls[i].abi, f->abi) == 0 && strcmp(fake_syscalls[i].name, name32) == 0)
			return true;
	return false;
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
		const struct fake_syscall *f = find_syscall(abi->audit_arch, nr);

		if (!f || verdict_of(f, p->mode) == SECCOMP_RET_ALLOW) {
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
			       (fake ? verdict_of(f, p->mode) : SECCOMP_RET_ALLOW);
		}
	}
	return bad;
}

static const char *operand(const struct prog *p, unsigned i, char *buf, size_t size)
{
	const struct sock_filter *f = &p->insn[i];
	const struct fake_syscall *line = find_syscall(p->arch[i], f->k);
	const char *name = line ? line->name : NULL;
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
		else if (f->k == 0)
			snprintf(buf, size, "#0  device 0:0, a whiteout");
		else
			snprintf(buf, size, "#0%o  %s", f->k, f->k == S_IFCHR ? "S_IFCHR" : "S_IFBLK");
		break;
	case BPF_RET | BPF_K:
		return f->k == SECCOMP_RET_ALLOW	 ? "ALLOW"
		       : f->k == SECCOMP_RET_ERRNO ? "ERRNO(0)  fake: skip the call, return 0"
						   : "USER_NOTIF  the supervisor answers";
	default:
		snprintf(buf, size, "#%u%s%s", f->k, name ? "  " : "", name ? name : "");
	}
	return buf;
}

void dump_filter(const struct prog *p)
{
	static const char *const ops[] = {
		[BPF_LD | BPF_W | BPF_ABS] = "ld",  [BPF_ALU | BPF_AND | BPF_K] = "and",
		[BPF_JMP | BPF_JEQ | BPF_K] = "jeq", [BPF_JMP | BPF_JGT | BPF_K] = "jgt",
		[BPF_JMP | BPF_JGE | BPF_K] = "jge", [BPF_RET | BPF_K] = "ret",
	};
	unsigned bad = 0;

	printf("# zeroroot %s seccomp filter: %u instructions, %u architectures, native %s first, %s\n",
	       ZR_VERSION, p->len, p->n_blocks, NATIVE_ABI[0] ? NATIVE_ABI : "(none)", mode_name(p->mode));
	printf("# %-13s %5s  %-12s %s\n", "abi", "faked", "others run", "check against the tables in arch/");
	for (size_t i = 0; i < N_ABIS; i++) {
		unsigned faked = 0, min, max, b = verify_abi(p, &abis[i], &min, &max);
		char range[32];

		for (size_t j = 0; j < N_FAKES; j++)
			faked += strcmp(fake_syscalls[j].abi, abis[i].name) == 0 && !fake_syscalls[j].getter;
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

void list_fakes(void)
{
	printf("# %-13s %10s  %-12s %s\n", "abi", "nr", "syscall", "faked");
	for (size_t i = 0; i < N_FAKES; i++) {
		const struct fake_syscall *f = &fake_syscalls[i];

		printf("%-15s %10u  %-12s ", f->abi, f->nr, f->name);
		if (f->getter)
			puts("getter: answered from the ID record");
		else if (f->mode_arg < 0)
			puts("always");
		else
			printf("if arg %d is S_IFCHR or S_IFBLK\n", f->mode_arg);
	}
}

