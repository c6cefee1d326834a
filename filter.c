/*
 * filter.c: the seccomp program. The verdicts say, per kind of call and per
 * supervision, what the filter does; the code generator turns them into one
 * BPF block per AUDIT_ARCH, the native one first.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <linux/audit.h>
#include <linux/seccomp.h>

#include "filter.h"
#include "msg.h"

/* ---- verdicts ---- */

/* clang-format off */
#define ALWAYS(a) {G_ALWAYS, a, a, 0}
#define DEVICE(a) {G_DEVICE, a, A_ALLOW, 0}
#define OPTION(v, a) {G_OPTION, a, A_ALLOW, v}
#define IDS(t, o) {G_IDS, t, o, 0}
/* clang-format on */

/* The whole policy: kinds.def, one row per kind (and its words there). */
static const struct verdict verdicts[N_KINDS][N_SUPERVISIONS] = {
#define KIND(k, name, note, pure, ids, trace, ids_trace, r_pure, r_ids, r_trace, r_ids_trace, answer,        \
	     answer_ranges)                                                                                  \
	[k] = {pure, ids, trace, ids_trace, r_pure, r_ids, r_trace, r_ids_trace},
#include "kinds.def"
#undef KIND
};

/* Rows cannot be left out (kinds.def), but a verdict can still be written
 * zero; actions and guards start at 1 so that it is caught here. */
static void check_verdicts(void)
{
	for (unsigned k = 0; k < N_KINDS; k++)
		for (unsigned s = 0; s < N_SUPERVISIONS; s++)
			if (!verdicts[k][s].guard || !verdicts[k][s].then || !verdicts[k][s].otherwise)
				fail(0, "internal error: kind %s has no verdict in supervision %u",
				     kind_name(k), s);
}

struct verdict verdict_of(const struct zr_syscall *s, unsigned supervision)
{
	return verdicts[s->call->kind][supervision & (N_SUPERVISIONS - 1)];
}

/* -1 as the call passes it: 16 bits wide where its IDs are. */
static uint32_t keep_id(const struct zr_syscall *s)
{
	return s->id16 ? 0xffff : 0xffffffff;
}

static bool in_ranges(uint32_t id, unsigned n, const struct idmap *map, bool gid)
{
	for (unsigned i = 0; i < n; i++) {
		uint32_t lo = gid ? map->gids[i].lo : map->uids[i].lo,
			 hi = gid ? map->gids[i].hi : map->uids[i].hi;

		if (id >= lo && id <= hi)
			return true;
	}
	return false;
}

bool id_mapped(const struct idmap *map, uint32_t id, bool gid)
{
	return in_ranges(id, gid ? map->n_gids : map->n_uids, map, gid);
}

bool ids_mapped(const struct zr_syscall *s, const struct idmap *map, const uint64_t args[MAX_ARGS])
{
	for (int i = 0; i < MAX_ARGS; i++) {
		enum role r = s->call->role[i];
		uint32_t v = (uint32_t)args[i] & keep_id(s);

		if ((r == R_UID || r == R_GID) && v != keep_id(s) &&
		    !in_ranges(v, r == R_GID ? map->n_gids : map->n_uids, map, r == R_GID))
			return false;
	}
	return true;
}

enum action decide(const struct zr_syscall *s, const struct prog *p, const uint64_t args[MAX_ARGS])
{
	struct verdict v = verdict_of(s, p->supervision);
	int m = arg_of(s->call, R_MODE, 0), d = arg_of(s->call, R_DEV, 0), o = arg_of(s->call, R_OPTION, 0);
	uint32_t type = m >= 0 ? (uint32_t)args[m] & S_IFMT : 0;

	switch (v.guard) {
	case G_DEVICE: /* char device 0:0 is an overlayfs whiteout: anyone may make one */
		return type == S_IFBLK || (type == S_IFCHR && (uint32_t)args[d] != 0) ? v.then : v.otherwise;
	case G_OPTION: /* prctl's option is an int: its low 32 bits */
		return (uint32_t)args[o] == v.value ? v.then : v.otherwise;
	case G_IDS:
		return ids_mapped(s, &p->map, args) ? v.then : v.otherwise;
	case G_ALWAYS:
		break;
	}
	return v.then;
}

uint32_t action_ret(enum action a)
{
	/* The whole trick: SECCOMP_RET_ERRNO with errno 0 skips the syscall and
	 * makes it return 0, i.e. "success". */
	static const uint32_t rets[] = {
		[A_ALLOW] = SECCOMP_RET_ALLOW,
		[A_FAKE] = SECCOMP_RET_ERRNO | 0,
		[A_NOTIFY] = SECCOMP_RET_USER_NOTIF,
	};
	return rets[a];
}

const char *supervision_name(unsigned supervision)
{
	static const char *const names[N_SUPERVISIONS] = {
		"pure",
		"ID consistency",
		"pure, traced",
		"ID consistency, traced",
		"pure, mapped IDs real",
		"ID consistency, mapped IDs real",
		"pure, traced, mapped IDs real",
		"ID consistency, traced, mapped IDs real",
	};
	return names[supervision & (N_SUPERVISIONS - 1)];
}

/* ---- building the filter ---- */

/*
 * One block per AUDIT_ARCH: "ld nr", a binary search over the sorted faked
 * numbers, then the guards that read arguments (mknod's type), then the
 * returns. Only loads of arch and nr lie on the path of any call the filter
 * allows, so the kernel's constant-action cache (seccomp_is_const_allow,
 * Linux >= 5.11) answers every one of them without running the filter.
 *
 * Jump targets are instructions (>= 0) or labels (< 0, resolved per block):
 * the three returns, then one guard block per distinct guarded verdict.
 */
enum label { L_ALLOW, L_FAKE, L_NOTIFY, L_GUARDS, MAX_LABELS = L_GUARDS + 32 };
#define TO(label)    (-1 - (int)(label))
#define LABEL_OF(to) ((unsigned)(-1 - (to)))

#define MAX_LEAVES 96

struct leaf {
	uint32_t lo, hi; /* a run of numbers with one target */
	int to;
	uint64_t weight; /* how many plausible syscall numbers it holds */
};

/* A guarded verdict, and the arguments its guard reads: one (mknod's type,
 * prctl's option), or for G_IDS the IDs (bit i: argument i), 16 bits wide
 * or not. */
struct guard_block {
	struct verdict v;
	int arg;
	uint8_t id_args, gid_args;
	bool id16;
};

/* The generator's state for the block being built. */
static struct {
	int jt_to[MAX_INSNS], jf_to[MAX_INSNS]; /* targets until resolved */
	uint32_t arch;
	struct guard_block guards[MAX_LABELS - L_GUARDS];
	unsigned n_guards;
	int label_at[MAX_LABELS];
	bool used[MAX_LABELS];
	const struct idmap *map;
} gen;

static unsigned emit(struct prog *p, uint16_t code, uint32_t k, int jt_to, int jf_to)
{
	if (p->len >= MAX_INSNS)
		fail(0, "internal error: filter longer than %d instructions", MAX_INSNS);
	p->insn[p->len] = (struct sock_filter)BPF_STMT(code, k);
	gen.jt_to[p->len] = jt_to;
	gen.jf_to[p->len] = jf_to;
	p->arch[p->len] = gen.arch;
	p->comment[p->len] = NULL;
	return p->len++;
}

static enum label label_of_action(enum action a)
{
	return a == A_ALLOW ? L_ALLOW : a == A_FAKE ? L_FAKE : L_NOTIFY;
}

static int cmp_guard(const void *a, const void *b)
{
	const struct guard_block *x = a, *y = b;

	if (x->v.guard != y->v.guard)
		return (int)x->v.guard - (int)y->v.guard;
	if (x->arg != y->arg)
		return x->arg - y->arg;
	return x->id_args != y->id_args ? x->id_args - y->id_args
					: (x->gid_args - y->gid_args) * 2 + x->id16 - y->id16;
}

static bool same_guard(const struct guard_block *x, const struct guard_block *y)
{
	return x->v.guard == y->v.guard && x->v.then == y->v.then && x->v.otherwise == y->v.otherwise &&
	       x->v.value == y->v.value && x->arg == y->arg && x->id_args == y->id_args &&
	       x->gid_args == y->gid_args && x->id16 == y->id16;
}

static struct guard_block guard_of(const struct zr_syscall *s, unsigned supervision)
{
	struct verdict v = verdict_of(s, supervision);
	struct guard_block g;

	memset(&g, 0, sizeof(g));
	g.v = v;
	g.arg = -1;
	if (v.guard == G_IDS) {
		/* where uids and gids are mapped alike (nearly always), setuid and
		 * setgid share one guard, and so on */
		bool alike =
			gen.map->n_uids == gen.map->n_gids &&
			memcmp(gen.map->uids, gen.map->gids, gen.map->n_uids * sizeof(gen.map->uids[0])) == 0;

		for (int i = 0; i < MAX_ARGS; i++) {
			g.id_args |= (s->call->role[i] == R_UID || s->call->role[i] == R_GID) << i;
			g.gid_args |= (s->call->role[i] == R_GID && !alike) << i;
		}
		g.id16 = s->id16;
	} else if (v.guard != G_ALWAYS) {
		g.arg = arg_of(s->call, v.guard == G_OPTION ? R_OPTION : R_MODE, 0);
	}
	return g;
}

/* The block's distinct guarded verdicts, in a fixed order (by guard, then
 * argument) whatever the order of the numbers that use them. */
static void collect_guards(uint32_t audit_arch, unsigned supervision)
{
	gen.n_guards = 0;
	for (size_t i = 0; i < n_syscalls; i++) {
		struct guard_block g = guard_of(&syscalls[i], supervision);
		unsigned j = 0;

		if (syscalls[i].abi->audit_arch != audit_arch || g.v.guard == G_ALWAYS)
			continue;
		while (j < gen.n_guards && !same_guard(&gen.guards[j], &g))
			j++;
		if (j == MAX_LABELS - L_GUARDS)
			fail(0, "internal error: too many guarded verdicts in one block");
		if (j == gen.n_guards)
			gen.guards[gen.n_guards++] = g;
	}
	qsort(gen.guards, gen.n_guards, sizeof(gen.guards[0]), cmp_guard);
}

/* The label a table line jumps to in this supervision. */
static int target_of(const struct zr_syscall *s, unsigned supervision)
{
	struct guard_block g = guard_of(s, supervision);
	unsigned i = 0;

	if (g.v.guard == G_ALWAYS)
		return TO(label_of_action(g.v.then));
	while (!same_guard(&gen.guards[i], &g))
		i++; /* collect_guards() put it there */
	return TO(L_GUARDS + i);
}

static bool is_little_endian(uint32_t audit_arch)
{
	return audit_arch & __AUDIT_ARCH_LE;
}

/* Offset of the low 32 bits of seccomp_data.args[i]: args are 64-bit, and on a
 * big-endian machine (s390x, ppc64) their low half sits 4 bytes in. */
static uint32_t arg_low_offset(uint32_t audit_arch, int i)
{
	return offsetof(struct seccomp_data, args) + 8 * (size_t)i + (is_little_endian(audit_arch) ? 0 : 4);
}

/* The ABI a block's search tree is shaped for: the native one, else the first. */
static const struct abi *primary_abi(uint32_t audit_arch)
{
	const struct abi *native = find_abi(native_abi);

	if (native && native->audit_arch == audit_arch)
		return native;
	for (size_t i = 0; i < n_abis; i++)
		if (abis[i].audit_arch == audit_arch)
			return &abis[i];
	return NULL;
}

static int cmp_nr(const void *a, const void *b)
{
	uint32_t x = (*(const struct zr_syscall *const *)a)->nr;
	uint32_t y = (*(const struct zr_syscall *const *)b)->nr;

	return (x > y) - (x < y);
}

/* Split [0, 2^32) into runs of numbers with one target each. Runs are weighted
 * by how many numbers of the primary ABI's first 512 they hold, so the
 * search tree puts the big gaps, where nearly all syscalls live, near its root. */
static unsigned make_leaves(uint32_t audit_arch, unsigned supervision, struct leaf *lv)
{
	const struct zr_syscall *s[MAX_LEAVES];
	const struct abi *abi = primary_abi(audit_arch);
	uint64_t span_lo = abi->nr_base, span_hi = (uint64_t)abi->nr_base + 511;
	unsigned n = 0, ns = 0;
	uint64_t next = 0;

	for (size_t i = 0; i < n_syscalls; i++)
		if (syscalls[i].abi->audit_arch == audit_arch) {
			if (ns == MAX_LEAVES)
				fail(0, "internal error: too many syscalls for one architecture");
			s[ns++] = &syscalls[i];
		}
	/* qsort reads only the ns entries set above */
	// cppcheck-suppress uninitvar
	qsort(s, ns, sizeof(s[0]), cmp_nr); // NOLINT(bugprone-sizeof-expression): an array of pointers
	for (unsigned i = 0; i <= ns; i++) {
		uint64_t at = i < ns ? s[i]->nr : 1ull << 32;
		int to = i < ns ? target_of(s[i], supervision) : TO(L_ALLOW);

		if (i < ns && at < next)
			continue; /* the same number twice (never in practice) */
		if (at > next) {
			if (n && lv[n - 1].to == TO(L_ALLOW))
				lv[n - 1].hi = at - 1; /* after an allowed getter */
			else
				lv[n++] = (struct leaf){next, at - 1, TO(L_ALLOW), 0};
		}
		if (i < ns) {
			if (n && lv[n - 1].to == to && lv[n - 1].hi + 1 == at)
				lv[n - 1].hi = at; /* extend a run of equal targets */
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
 * programming: split[i][j] is where the tree over leaves i..j divides. The
 * smallest best split moves right with i and with j (Knuth, 1971), so each
 * cell scans only between its neighbours' splits: O(n^2), not O(n^3). */
static void plan_tree(const struct leaf *lv, unsigned n, uint8_t split[][MAX_LEAVES])
{
	static uint64_t cost[MAX_LEAVES][MAX_LEAVES];
	uint64_t sum[MAX_LEAVES + 1] = {0};

	for (unsigned i = 0; i < n; i++)
		sum[i + 1] = sum[i] + lv[i].weight;
	for (unsigned len = 1; len < n; len++)
		for (unsigned i = 0; i + len < n; i++) {
			unsigned j = i + len, lo = len > 1 ? split[i][j - 1] : i,
				 hi = len > 1 ? split[i + 1][j] : i;

			cost[i][j] = UINT64_MAX;
			for (unsigned k = lo; k <= hi && k < j; k++) {
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
 * into it goes straight to its target. Returns where control should go. */
static int emit_tree(struct prog *p, const struct leaf *lv, unsigned i, unsigned j,
		     uint8_t split[][MAX_LEAVES])
{
	unsigned k, at;

	if (i == j)
		return lv[i].to;
	k = split[i][j];
	/* Compare against a faked number where possible, so --dump-filter can name it. */
	if (lv[k + 1].to != TO(L_ALLOW))
		at = emit(p, BPF_JMP | BPF_JGE | BPF_K, lv[k + 1].lo, 0, 0);
	else
		at = emit(p, BPF_JMP | BPF_JGT | BPF_K, lv[k].hi, 0, 0);
	gen.jf_to[at] = emit_tree(p, lv, i, k, split);
	gen.jt_to[at] = emit_tree(p, lv, k + 1, j, split);
	return at;
}

#define NEXT_ARG INT_MIN /* a target patched once the next argument's code starts */

static void land_next_arg(unsigned from, unsigned len, int to)
{
	for (unsigned i = from; i < len; i++) {
		if (gen.jt_to[i] == NEXT_ARG)
			gen.jt_to[i] = to;
		if (gen.jf_to[i] == NEXT_ARG)
			gen.jf_to[i] = to;
	}
}

/* G_IDS: each ID argument in turn is -1 or in one of the mapped ranges, or
 * the call goes to otherwise. */
static void emit_ids_guard(struct prog *p, const struct guard_block *g, int then, int otherwise)
{
	uint32_t keep = g->id16 ? 0xffff : 0xffffffff;
	unsigned start = p->len;

	for (int i = 0; i < MAX_ARGS; i++) {
		bool gid = g->gid_args & (1u << i);
		unsigned n = gid ? gen.map->n_gids : gen.map->n_uids;

		if (!(g->id_args & (1u << i)))
			continue;
		land_next_arg(start, p->len, p->len);
		emit(p, BPF_LD | BPF_W | BPF_ABS, arg_low_offset(gen.arch, i), 0, 0);
		if (g->id16)
			p->comment[emit(p, BPF_ALU | BPF_AND | BPF_K, 0xffff, 0, 0)] = "16-bit ID";
		p->comment[emit(p, BPF_JMP | BPF_JEQ | BPF_K, keep, NEXT_ARG, p->len + 1)] = "-1: unchanged";
		for (unsigned r = 0; r < n; r++) {
			uint32_t lo = gid ? gen.map->gids[r].lo : gen.map->uids[r].lo;
			uint32_t hi = gid ? gen.map->gids[r].hi : gen.map->uids[r].hi;
			bool last = r + 1 == n;

			if (lo == 0 && hi != 0) { /* 0..hi: one comparison */
				p->comment[emit(p, BPF_JMP | BPF_JGT | BPF_K, hi,
						last ? otherwise : (int)p->len + 1, NEXT_ARG)] =
					gid ? "beyond the mapped gids" : "beyond the mapped uids";
				continue;
			}
			if (lo == hi) {
				p->comment[emit(p, BPF_JMP | BPF_JEQ | BPF_K, lo, NEXT_ARG,
						last ? otherwise : (int)p->len + 1)] = gid ? "a mapped gid"
											   : "a mapped uid";
				continue;
			}
			p->comment[emit(p, BPF_JMP | BPF_JGE | BPF_K, lo, p->len + 1,
					last ? otherwise : (int)p->len + 2)] = gid ? "mapped gids from"
										   : "mapped uids from";
			p->comment[emit(p, BPF_JMP | BPF_JGT | BPF_K, hi, last ? otherwise : (int)p->len + 1,
					NEXT_ARG)] = "to";
		}
	}
	land_next_arg(start, p->len, then);
}

/* A guard's code; then and otherwise are where its verdict says. */
static void emit_guard(struct prog *p, const struct guard_block *g)
{
	int then = TO(label_of_action(g->v.then)), otherwise = TO(label_of_action(g->v.otherwise));

	gen.used[LABEL_OF(then)] = gen.used[LABEL_OF(otherwise)] = true;
	switch (g->v.guard) {
	case G_DEVICE:
		/* fake only char and block devices: FIFOs, sockets and regular
		 * files are created for real */
		emit(p, BPF_LD | BPF_W | BPF_ABS, arg_low_offset(gen.arch, g->arg), 0, 0);
		p->comment[emit(p, BPF_ALU | BPF_AND | BPF_K, S_IFMT, 0, 0)] = "S_IFMT";
		p->comment[emit(p, BPF_JMP | BPF_JEQ | BPF_K, S_IFCHR, p->len + 2, p->len + 1)] = "S_IFCHR";
		p->comment[emit(p, BPF_JMP | BPF_JEQ | BPF_K, S_IFBLK, then, otherwise)] = "S_IFBLK";
		/* char device 0:0 is an overlayfs whiteout, which anyone may create
		 * (Linux >= 5.8): let it through, so that unpacked layers keep theirs */
		emit(p, BPF_LD | BPF_W | BPF_ABS, arg_low_offset(gen.arch, g->arg + 1), 0, 0);
		p->comment[emit(p, BPF_JMP | BPF_JEQ | BPF_K, 0, otherwise, then)] = "device 0:0, a whiteout";
		break;
	case G_OPTION:
		emit(p, BPF_LD | BPF_W | BPF_ABS, arg_low_offset(gen.arch, g->arg), 0, 0);
		p->comment[emit(p, BPF_JMP | BPF_JEQ | BPF_K, g->v.value, then, otherwise)] = "PR_SET_"
											      "KEEPCAPS";
		break;
	case G_IDS:
		emit_ids_guard(p, g, then, otherwise);
		break;
	case G_ALWAYS:
		break;
	}
}

/* Turn the block's absolute and symbolic targets into BPF's 8-bit offsets. */
static void resolve_block(struct prog *p, unsigned start)
{
	for (unsigned i = start; i < p->len; i++) {
		int *to[2] = {&gen.jt_to[i], &gen.jf_to[i]};
		uint8_t *off[2] = {&p->insn[i].jt, &p->insn[i].jf};

		if (BPF_CLASS(p->insn[i].code) != BPF_JMP)
			continue;
		for (int t = 0; t < 2; t++) {
			int dest = *to[t] < 0 ? gen.label_at[LABEL_OF(*to[t])] : *to[t];

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
	unsigned start = p->len, n;

	memset(gen.used, 0, sizeof(gen.used));
	gen.arch = audit_arch;
	collect_guards(audit_arch, p->supervision);
	n = make_leaves(audit_arch, p->supervision, lv);
	plan_tree(lv, n, split);
	emit(p, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0, 0);
	emit_tree(p, lv, 0, n - 1, split); /* its root follows the load directly */
	for (unsigned i = 0; i < n; i++)
		gen.used[LABEL_OF(lv[i].to)] = true;
	for (unsigned i = 0; i < gen.n_guards; i++) {
		if (!gen.used[L_GUARDS + i])
			continue;
		gen.label_at[L_GUARDS + i] = p->len;
		emit_guard(p, &gen.guards[i]);
	}
	gen.label_at[L_ALLOW] = emit(p, BPF_RET | BPF_K, action_ret(A_ALLOW), 0, 0);
	gen.label_at[L_FAKE] = emit(p, BPF_RET | BPF_K, action_ret(A_FAKE), 0, 0);
	if (gen.used[L_NOTIFY])
		gen.label_at[L_NOTIFY] = emit(p, BPF_RET | BPF_K, action_ret(A_NOTIFY), 0, 0);
	resolve_block(p, start);
}

/* ld arch; then per architecture "jeq arch, else skip its block"; the native
 * block comes first so that its syscalls pay for one comparison only. */
/* Ranges sorted, and merged where they touch (0, then 1..65536: 0..65536). */
static unsigned merge_ranges(unsigned n, struct id_range *r)
{
	unsigned m = 0;

	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && r[j].lo < r[j - 1].lo; j--) {
			struct id_range t = r[j];

			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	for (unsigned i = 0; i < n; i++)
		if (m && (uint64_t)r[m - 1].hi + 1 >= r[i].lo)
			r[m - 1].hi = r[i].hi > r[m - 1].hi ? r[i].hi : r[m - 1].hi;
		else
			r[m++] = r[i];
	return m;
}

#ifndef ZR_MKPREBUILT
#include "native.h"
#include "bpf_prebuilt.h"
#endif

/* The filter arch/mkprebuilt built in advance for this case, if any: the
 * native ABI on the machine its kernel usually is, pure or with ID
 * consistency, one ID mapped (0). Building costs some 0.2 to 0.7 ms, a
 * copy nothing. */
static bool copy_prebuilt(struct prog *p, unsigned supervision, const struct idmap *map, const char *machine)
{
#ifdef ZR_PREBUILT
	const struct abi *native = find_abi(native_abi);
	size_t n = native ? strcspn(native->machines, " ") : 0;

	if (!machine || !native || strncmp(machine, native->machines, n) != 0 || machine[n] ||
	    map->n_uids != 1 || map->n_gids != 1 || map->uids[0].lo || map->uids[0].hi || map->gids[0].lo ||
	    map->gids[0].hi)
		return false;
	for (size_t i = 0; i < sizeof(prebuilts) / sizeof(prebuilts[0]); i++)
		if (prebuilts[i].supervision == supervision) {
			memcpy(p->insn, prebuilts[i].insn, prebuilts[i].len * sizeof(p->insn[0]));
			p->len = prebuilts[i].len;
			p->n_blocks = prebuilts[i].n_blocks;
			p->prebuilt = true;
			return true;
		}
#else
	(void)p, (void)supervision, (void)map, (void)machine;
#endif
	return false;
}

void build_filter(struct prog *p, unsigned supervision, const struct idmap *map, const char *machine,
		  bool build)
{
	uint32_t done[32] = {0};
	unsigned n_done = 0;
	const struct abi *native = find_abi(native_abi);

	check_verdicts();
	/* the arrays are filled as far as they are used: not cleared (80 KB of
	 * first touches, a tenth of a millisecond on a virtual machine) */
	p->len = p->n_blocks = 0;
	p->prebuilt = false;
	p->supervision = supervision;
	p->machine = machine;
	p->map = *map;
	p->map.n_uids = merge_ranges(p->map.n_uids, p->map.uids);
	p->map.n_gids = merge_ranges(p->map.n_gids, p->map.gids);
	if (!build && copy_prebuilt(p, supervision, &p->map, machine))
		return;
	gen.map = &p->map;
	gen.arch = 0;
	emit(p, BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch), 0, 0);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n_abis; i++) {
			uint32_t arch = abis[i].audit_arch;
			unsigned check;
			bool seen = false;

			if ((pass == 0) != (native && native->audit_arch == arch) ||
			    !abi_runs_on(&abis[i], machine))
				continue;
			for (unsigned d = 0; d < n_done; d++)
				seen |= done[d] == arch;
			if (seen)
				continue;
			done[n_done++] = arch;
			gen.arch = arch;
			check = emit(p, BPF_JMP | BPF_JEQ | BPF_K, arch, 0, 0);
			emit_block(p, arch);
			if (p->len - check - 1 > 255)
				fail(0, "internal error: filter block too long");
			p->insn[check].jf = p->len - check - 1;
		}
	gen.arch = 0;
	/* Unknown architecture: allow everything; the self-test reports it. */
	emit(p, BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	p->n_blocks = n_done;
}
