/*
 * table.c: the tables of arch/, turned into bpf_table.h by arch/mktable.awk,
 * as C arrays, and their lookups.
 */
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/utsname.h>
#include <linux/audit.h>

#include "table.h"

enum call_index {
#define ZR_CALL(name, ...) CALL_##name,
#define ZR_ABI(abi, arch, base, machines, first, count)
#define ZR_NR(abi, nr, name, id16)
#include "bpf_table.h"
#undef ZR_CALL
#undef ZR_ABI
#undef ZR_NR
	N_CALLS
};

static const struct call calls[N_CALLS] = {
#define ZR_CALL(name, kind, ids, op, ...) [CALL_##name] = {#name, kind, ids, op, {__VA_ARGS__}},
#define ZR_ABI(abi, arch, base, machines, first, count)
#define ZR_NR(abi, nr, name, id16)
#include "bpf_table.h"
#undef ZR_CALL
#undef ZR_ABI
#undef ZR_NR
};

const struct abi abis[] = {
#define ZR_CALL(name, ...)
#define ZR_ABI(abi, arch, base, machines, first, count) {abi, arch, base, machines, first, count},
#define ZR_NR(abi, nr, name, id16)
#include "bpf_table.h"
#undef ZR_CALL
#undef ZR_ABI
#undef ZR_NR
};
const size_t n_abis = sizeof(abis) / sizeof(abis[0]);

const struct zr_syscall syscalls[] = {
#define ZR_CALL(name, ...)
#define ZR_ABI(abi, arch, base, machines, first, count)
#define ZR_NR(abi, nr, name, id16) {&abis[abi], nr, &calls[CALL_##name], id16},
#include "bpf_table.h"
#undef ZR_CALL
#undef ZR_ABI
#undef ZR_NR
};
const size_t n_syscalls = sizeof(syscalls) / sizeof(syscalls[0]);

#include "native.h"

/* Assignable only where arch/mkprebuilt builds filters for every ABI. */
#ifdef ZR_MKPREBUILT
const char *native_abi = NATIVE_ABI;
#else
const char *const native_abi = NATIVE_ABI;
#endif

const struct abi *find_abi(const char *name)
{
	for (size_t i = 0; i < n_abis; i++)
		if (strcmp(abis[i].name, name) == 0)
			return &abis[i];
	return NULL;
}

/* x32 shares x86_64's AUDIT_ARCH: look in every ABI that has it. */
/* Is machine a word of the space-separated list? */
static bool lists(const char *list, const char *machine)
{
	size_t n = strlen(machine);

	for (const char *m = list; (m = strstr(m, machine)); m += n)
		if ((m == list || m[-1] == ' ') && (m[n] == ' ' || m[n] == '\0'))
			return true;
	return false;
}

bool abi_runs_on(const struct abi *a, const char *machine)
{
	return !machine || strcmp(a->name, native_abi) == 0 || lists(a->machines, machine);
}

const char *running_machine(void)
{
	static struct utsname u;
	int persona = personality(0xffffffff);

	if (uname(&u) != 0 || persona < 0 || (persona & PER_MASK) == PER_LINUX32)
		return NULL;
	for (size_t i = 0; i < n_abis; i++)
		if (lists(abis[i].machines, u.machine))
			return u.machine;
	return NULL;
}

const struct zr_syscall *find_syscall(uint32_t audit_arch, uint32_t nr)
{
	/* The last one found: a loop makes the same call again and again, and
	 * the search below showed in the supervisor's profile. One pointer, its
	 * key read from the line itself: the reserve, which shares our memory,
	 * looks here once the supervisor is killed, at whatever instruction. */
	static const struct zr_syscall *last;
	const struct zr_syscall *hit = last;

	if (hit && hit->nr == nr && hit->abi->audit_arch == audit_arch)
		return hit;
	for (size_t a = 0; a < n_abis; a++)
		for (size_t i = abis[a].first;
		     abis[a].audit_arch == audit_arch && i < abis[a].first + abis[a].count; i++)
			if (syscalls[i].nr == nr)
				return last = &syscalls[i];
	return NULL;
}

int arg_of(const struct call *c, enum role role, int n)
{
	for (int i = 0; i < MAX_ARGS; i++)
		if (c->role[i] == role && n-- == 0)
			return i;
	return -1;
}

int path_of(const struct call *c, bool *nofollow)
{
	int i = arg_of(c, R_PATH, 0);

	*nofollow = i < 0 && (i = arg_of(c, R_LPATH, 0)) >= 0;
	return i;
}

const char *abi_names(uint32_t audit_arch, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n_abis; i++)
		if (abis[i].audit_arch == audit_arch)
			snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? "+" : "",
				 abis[i].name);
	return buf;
}

unsigned abi_word(const struct abi *a)
{
	if (!(a->audit_arch & __AUDIT_ARCH_64BIT) || (a->audit_arch & __AUDIT_ARCH_CONVENTION_MIPS64_N32) ||
	    (a->audit_arch == AUDIT_ARCH_X86_64 && a->nr_base))
		return 4;
	return 8;
}

static const char *const kind_names[N_KINDS] = {
#define KIND(k, name, ...) [k] = name,
#include "kinds.def"
#undef KIND
};

const char *kind_name(enum kind k)
{
	return kind_names[k];
}
