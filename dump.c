/*
 * dump.c: --dump-filter and --list. --dump-filter prints the BPF program
 * readably, and first checks it: every ABI's first 1024 numbers are run
 * through the program as the kernel would run them, and compared with what
 * the verdicts (kinds.def) decide and with what the policy, stated a second
 * time here in another form, intends.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <linux/audit.h>
#include <linux/seccomp.h>

#include "filter.h"
#include "msg.h"

/* What --list says of a kind that pure mode lets through. */
static const char *const kind_notes[N_KINDS] = {
#define KIND(k, name, note, ...) [k] = note,
#include "kinds.def"
#undef KIND
};

/*
 * The policy once more, written apart from the verdict rows that generate the
 * program: a row mistyped, or a new kind given the wrong verdicts, disagrees
 * with this and --dump-filter says so. A kind missing here is a compiler
 * warning (-Wswitch), an error with -Werror.
 */
static enum action intended(const struct zr_syscall *s, const struct prog *p, const uint64_t args[MAX_ARGS])
{
	bool ids = p->supervision & SUP_IDS, traced = p->supervision & SUP_TRACE;
	bool ranges = p->supervision & SUP_RANGES, mapped = ids_mapped(s, &p->map, args);
	int m = arg_of(s->call, R_MODE, 0), d = arg_of(s->call, R_DEV, 0);
	uint32_t type = m >= 0 ? (uint32_t)args[m] & S_IFMT : 0;
	bool device = type == S_IFBLK || (type == S_IFCHR && d >= 0 && (uint32_t)args[d] != 0);
	bool keepcaps =
		(uint32_t)args[arg_of(s->call, R_OPTION, 0) >= 0 ? arg_of(s->call, R_OPTION, 0) : 0] ==
		PR_SET_KEEPCAPS;

	switch (s->call->kind) {
	case K_PROBE: /* the self-test's: the kernel's own fake, always */
		return A_FAKE;
	case K_CHOWN: /* every one seen with ID consistency (noted, or undoes a note); else
		       * mapped IDs real with ranges, the others faked, or traced */
		if (ids)
			return A_NOTIFY;
		if (ranges && mapped)
			return A_ALLOW;
		return traced ? A_NOTIFY : A_FAKE;
	case K_SETID: /* with ranges the kernel keeps credentials; else the supervisor, or nobody */
		if (ranges)
			return ids || mapped ? A_ALLOW : traced ? A_NOTIFY : A_FAKE;
		return ids || traced ? A_NOTIFY : A_FAKE;
	case K_SETGROUPS:
	case K_CAPSET:
		if (ranges)
			return A_ALLOW;
		return ids || traced ? A_NOTIFY : A_FAKE;
	case K_GETID:
	case K_GETRES:
	case K_GETGROUPS: /* the supervisor reads the record; pure tells the truth */
	case K_CAPGET:
		return ids && !ranges ? A_NOTIFY : A_ALLOW;
	case K_KEEPCAPS:
		return ids && !ranges && keepcaps ? A_NOTIFY : A_ALLOW;
	case K_MKNOD: /* devices only: a placeholder with ID consistency, nothing pure */
		if (!device)
			return A_ALLOW;
		return ids || traced ? A_NOTIFY : A_FAKE;
	case K_XATTR: /* the filter cannot read the name: the supervisor decides */
		return ids ? A_NOTIFY : A_ALLOW;
	case N_KINDS:
		break;
	}
	return 0; /* no kind: matches no action, so the check reports it */
}

/* The program's answer, the verdicts' and the policy's agree. */
static bool agrees(uint32_t ret, const struct zr_syscall *s, const struct prog *p,
		   const uint64_t args[MAX_ARGS])
{
	enum action a = decide(s, p, args);

	return ret == action_ret(a) && a == intended(s, p, args);
}

/*
 * Run the filter as the kernel would, for one ABI, over seccomp_data laid out
 * in that ABI's byte order. Returns the verdict; *steps counts instructions,
 * *args_read tells whether the path loaded an argument (which the kernel's
 * constant-action cache cannot follow).
 */
static uint32_t run_filter(const struct prog *p, uint32_t audit_arch, uint32_t nr, const uint64_t *args,
			   unsigned *steps, bool *args_read)
{
	uint8_t data[sizeof(struct seccomp_data)] = {0};
	bool le = audit_arch & __AUDIT_ARCH_LE;
	uint32_t a = 0;

	/* store v (width bytes) at off in the ABI's byte order */
#define PUT(off, v, width)                                                                                   \
	for (int b = 0; b < (width); b++)                                                                    \
		data[(off) + (le ? b : (width)-1 - b)] = (uint8_t)((uint64_t)(v) >> (8 * b));
	PUT(offsetof(struct seccomp_data, nr), nr, 4);
	PUT(offsetof(struct seccomp_data, arch), audit_arch, 4);
	for (int i = 0; i < MAX_ARGS; i++)
		PUT(offsetof(struct seccomp_data, args) + 8 * (size_t)i, args[i], 8);
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

/* Argument vectors a guard may tell apart: each file type in the mode, a
 * device of 0:0 (a whiteout) or not; garbage in every high half proves that
 * only the low half is read. */
#define N_VECTORS 7
static void test_vector(const struct zr_syscall *s, unsigned v, uint64_t args[MAX_ARGS])
{
	static const uint32_t types[N_VECTORS] = {S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK, S_IFREG, 0, S_IFCHR};
	int d = arg_of(s->call, R_DEV, 0), o = arg_of(s->call, R_OPTION, 0);

	for (int i = 0; i < MAX_ARGS; i++)
		args[i] = 0xdeadbeef00000000ull | types[v] | 0644;
	if (d >= 0)
		args[d] = 0xdeadbeef00000000ull | (v == N_VECTORS - 1 ? 0 : 0x103); /* the last: 0:0 */
	if (o >= 0) /* the first: PR_SET_KEEPCAPS; the others: other options */
		args[o] = 0xdeadbeef00000000ull | (v == 0 ? PR_SET_KEEPCAPS : 15 + v);
}

/* The IDs a G_IDS guard must tell apart: -1 (32 and 16 bits), the edges of
 * every mapped range and their neighbours, and some that no map has. */
static unsigned id_values(const struct idmap *map, uint32_t *v)
{
	unsigned n = 0;

	v[n++] = 0xffffffff;
	v[n++] = 0xffff;
	v[n++] = 0;
	v[n++] = 4242;
	v[n++] = 0x7ffffffe;
	for (unsigned i = 0; i < map->n_uids; i++) {
		v[n++] = map->uids[i].lo - 1, v[n++] = map->uids[i].lo;
		v[n++] = map->uids[i].hi, v[n++] = map->uids[i].hi + 1;
	}
	for (unsigned i = 0; i < map->n_gids; i++) {
		v[n++] = map->gids[i].lo - 1, v[n++] = map->gids[i].lo;
		v[n++] = map->gids[i].hi, v[n++] = map->gids[i].hi + 1;
	}
	return n;
}

/* A call with ID arguments: each value in each of them, the others -1, and
 * each value in all of them. Returns the number of mismatches. */
static unsigned verify_ids(const struct prog *p, const struct abi *abi, const struct zr_syscall *s)
{
	uint32_t v[5 + 8 * MAX_RANGES];
	unsigned n = id_values(&p->map, v), bad = 0, steps;
	bool args_read;

	for (int j = -1; j < MAX_ARGS; j++)
		for (unsigned k = 0; k < n; k++) {
			uint64_t args[MAX_ARGS];

			for (int i = 0; i < MAX_ARGS; i++) {
				bool id = s->call->role[i] == R_UID || s->call->role[i] == R_GID;

				args[i] = 0xdeadbeef00000000ull |
					  (id && (j < 0 || i == j) ? v[k] : 0xffffffff);
			}
			bad += !agrees(run_filter(p, abi->audit_arch, s->nr, args, &steps, &args_read), s, p,
				       args);
		}
	return bad;
}

/* Check one ABI's compiled verdicts against the verdicts, over its first 1024
 * numbers: a call not in its table, or always allowed, runs without loading
 * an argument. Returns the number of mismatches. */
static unsigned verify_abi(const struct prog *p, const struct abi *abi, unsigned *min, unsigned *max)
{
	unsigned bad = 0, steps;
	bool args_read;

	*min = ~0u;
	*max = 0;
	for (uint32_t nr = abi->nr_base; nr < abi->nr_base + 1024; nr++) {
		const struct zr_syscall *s = find_syscall(abi->audit_arch, nr);
		uint64_t args[MAX_ARGS] = {0};
		struct verdict v = s ? verdict_of(s, p->supervision)
				     : (struct verdict){G_ALWAYS, A_ALLOW, A_ALLOW, 0};

		if (v.guard == G_ALWAYS && v.then == A_ALLOW) {
			bad += run_filter(p, abi->audit_arch, nr, args, &steps, &args_read) !=
				       SECCOMP_RET_ALLOW ||
			       args_read;
			*min = steps < *min ? steps : *min;
			*max = steps > *max ? steps : *max;
			if (!s)
				continue; /* a line of the table is checked against the policy too */
		}
		for (unsigned i = 0; i < N_VECTORS; i++) {
			test_vector(s, i, args);
			bad += !agrees(run_filter(p, abi->audit_arch, nr, args, &steps, &args_read), s, p,
				       args);
		}
		bad += verify_ids(p, abi, s);
	}
	return bad;
}

static const char *operand(const struct prog *p, unsigned i, char *buf, size_t size)
{
	const struct sock_filter *f = &p->insn[i];
	const struct zr_syscall *line = find_syscall(p->arch[i], f->k);
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
		snprintf(buf, size, "#0%o  %s", f->k, p->comment[i]);
		break;
	case BPF_JMP | BPF_JEQ | BPF_K:
		if (f->k == p->arch[i] && !p->comment[i]) /* the check that opens a block */
			snprintf(buf, size, "#0x%08x  %s", f->k, abi_names(f->k, names, sizeof(names)));
		else if (f->k == S_IFCHR || f->k == S_IFBLK)
			snprintf(buf, size, "#0%o  %s", f->k, p->comment[i]);
		else
			snprintf(buf, size, "#%u  %s", f->k, p->comment[i]);
		break;
	case BPF_RET | BPF_K:
		return f->k == SECCOMP_RET_ALLOW   ? "ALLOW"
		       : f->k == SECCOMP_RET_ERRNO ? "ERRNO(0)  fake: skip the call, return 0"
						   : "USER_NOTIF  the supervisor answers";
	default: /* a comparison: of a guard's argument, or of the syscall number */
		snprintf(buf, size, "#%u  %s", f->k,
			 p->comment[i] ? p->comment[i]
			 : line	       ? line->call->name
				       : "");
	}
	return buf;
}

void dump_filter(unsigned supervision, const struct idmap *map, const char *machine)
{
	static struct prog built, copied;
	const struct prog *p = &built;
	static const char *const ops[] = {
		[BPF_LD | BPF_W | BPF_ABS] = "ld",   [BPF_ALU | BPF_AND | BPF_K] = "and",
		[BPF_JMP | BPF_JEQ | BPF_K] = "jeq", [BPF_JMP | BPF_JGT | BPF_K] = "jgt",
		[BPF_JMP | BPF_JGE | BPF_K] = "jge", [BPF_RET | BPF_K] = "ret",
	};
	unsigned bad = 0;

	build_filter(&built, supervision, map, machine, true);
	build_filter(&copied, supervision, map, machine, false);
	printf("# zeroroot %s seccomp filter: %u instructions, %u architectures, native %s first, %s\n",
	       ZR_VERSION, p->len, p->n_blocks, native_abi[0] ? native_abi : "(none)",
	       supervision_name(p->supervision));
	if (machine)
		printf("# for a %s kernel: the ABIs it runs (--dump-filter=all: every ABI)\n", machine);
	if (copied.prebuilt) {
		bool same = copied.len == p->len &&
			    memcmp(copied.insn, p->insn, p->len * sizeof(p->insn[0])) == 0;

		printf("# built in advance (arch/mkprebuilt): %s\n", same ? "the same program" : "MISMATCH");
		bad += !same;
	}
	printf("# %-13s %5s  %-12s %s\n", "abi", "faked", "others run", "check against the tables in arch/");
	for (size_t i = 0; i < n_abis; i++) {
		unsigned faked = 0, min, max, b;
		char range[32];

		if (!abi_runs_on(&abis[i], machine)) {
			printf("# %-13s %5s  %-12s %s\n", abis[i].name, "-", "-",
			       "not run by this kernel: no block");
			continue;
		}
		b = verify_abi(p, &abis[i], &min, &max);
		for (size_t j = abis[i].first; j < abis[i].first + abis[i].count; j++)
			faked += verdict_of(&syscalls[j], 0).then != A_ALLOW;
		snprintf(range, sizeof(range), "%u..%u insns", min, max);
		printf("# %-13s %5u  %-12s %s\n", abis[i].name, faked, range,
		       b ? "MISMATCH" : "ok, all others constant-allow (cacheable)");
		bad += b;
	}
	for (unsigned i = 0; i < p->len; i++) {
		const struct sock_filter *f = &p->insn[i];
		char buf[128];

		printf("%4u  %-4s %-42s", i, ops[f->code] ? ops[f->code] : "?",
		       operand(p, i, buf, sizeof(buf)));
		if (BPF_CLASS(f->code) == BPF_JMP)
			printf("  jt %u jf %u", i + 1 + f->jt, i + 1 + f->jf);
		putchar('\n');
	}
	if (bad)
		fail(0,
		     "internal error: the filter, the verdicts of kinds.def and the policy disagree in %u "
		     "cases",
		     bad);
}

void list_syscalls(void)
{
	printf("# %-13s %10s  %-13s %-10s %s\n", "abi", "nr", "syscall", "kind", "faked");
	for (size_t i = 0; i < n_syscalls; i++) {
		const struct zr_syscall *s = &syscalls[i];
		struct verdict v = verdict_of(s, 0);

		printf("%-15s %10u  %-13s %-10s ", s->abi->name, s->nr, s->call->name,
		       kind_name(s->call->kind));
		if (v.guard == G_DEVICE)
			printf("if arg %d is S_IFCHR or S_IFBLK\n", arg_of(s->call, R_MODE, 0));
		else if (v.then == A_FAKE)
			puts("always");
		else
			printf("no: %s\n", kind_notes[s->call->kind]);
	}
}
