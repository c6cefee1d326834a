/*
 * table.c: the tables of arch/, turned into bpf_table.h by arch/mktable.awk,
 * as C arrays, and their lookups.
 */
#include <stdio.h>
#include <string.h>
#include <linux/audit.h>

#include "table.h"

enum call_index {
#define ZR_CALL(name, ...) CALL_##name,
#define ZR_ABI(abi, arch, base, first, count)
#define ZR_NR(abi, nr, name, id16)
#include "bpf_table.h"
#undef ZR_CALL
#undef ZR_ABI
#undef ZR_NR
	N_CALLS
};

static const struct call calls[N_CALLS] = {
#define ZR_CALL(name, kind, ids, op, ...) [CALL_##name] = {#name, kind, ids, op, {__VA_ARGS__}},
#define ZR_ABI(abi, arch, base, first, count)
#define ZR_NR(abi, nr, name, id16)
#include "bpf_table.h"
#undef ZR_CALL
#undef ZR_ABI
#undef ZR_NR
};

const struct abi abis[] = {
#define ZR_CALL(name, ...)
#define ZR_ABI(abi, arch, base, first, count) {abi, arch, base, first, count},
#define ZR_NR(abi, nr, name, id16)
#include "bpf_table.h"
#undef ZR_CALL
#undef ZR_ABI
#undef ZR_NR
};
const size_t n_abis = sizeof(abis) / sizeof(abis[0]);

const struct zr_syscall syscalls[] = {
#define ZR_CALL(name, ...)
#define ZR_ABI(abi, arch, base, first, count)
#define ZR_NR(abi, nr, name, id16) {&abis[abi], nr, &calls[CALL_##name], id16},
#include "bpf_table.h"
#undef ZR_CALL
#undef ZR_ABI
#undef ZR_NR
};
const size_t n_syscalls = sizeof(syscalls) / sizeof(syscalls[0]);

/* The ABI zeroroot itself runs as: its block is tested first in the filter.
 * One branch per arch/<abi>.tbl. Built for an ABI with a table but no branch,
 * zeroroot still fakes its calls, but its block is not the first tested, and
 * --version says "an ABI without a table". */
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

const struct abi *find_abi(const char *name)
{
	for (size_t i = 0; i < n_abis; i++)
		if (strcmp(abis[i].name, name) == 0)
			return &abis[i];
	return NULL;
}

/* x32 shares x86_64's AUDIT_ARCH: look in every ABI that has it. */
const struct zr_syscall *find_syscall(uint32_t audit_arch, uint32_t nr)
{
	for (size_t a = 0; a < n_abis; a++)
		for (size_t i = abis[a].first;
		     abis[a].audit_arch == audit_arch && i < abis[a].first + abis[a].count; i++)
			if (syscalls[i].nr == nr)
				return &syscalls[i];
	return NULL;
}

int arg_of(const struct call *c, enum role role, int n)
{
	for (int i = 0; i < MAX_ARGS; i++)
		if (c->role[i] == role && n-- == 0)
			return i;
	return -1;
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
