/*
 * table.h: the syscalls zeroroot fakes or answers, as data. arch/calls says
 * once what each one is (its kind, the IDs it touches, the role of each
 * argument); arch/<abi>.tbl give its number on each ABI. The filter decides
 * by kind, the supervisor answers by kind: nothing is decided by name.
 */
#ifndef ZR_TABLE_H
#define ZR_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kinds of call, one row each in kinds.def (what each is and gets). */
enum kind {
#define KIND(k, ...) k,
#include "kinds.def"
#undef KIND
	N_KINDS
};

enum ids { IDS_NONE, IDS_UID, IDS_GID };

/* setid: set{,re,res,fs}[ug]id; getid: the real or the effective ID;
 * xattr: set or remove; chown: nofollow for lchown (the link itself) */
enum op { OP_NONE, OP_SET, OP_RE, OP_RES, OP_FS, OP_REAL, OP_EFF, OP_REMOVE, OP_NOFOLLOW };

/* clang-format off */
enum role {
	R_NONE,
	R_DIRFD, R_PATH, R_FD,   /* the file it acts on */
	R_UID, R_GID,            /* an ID; -1 leaves it as is */
	R_ATFLAGS,               /* AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH */
	R_MODE, R_DEV,           /* mknod's type and permissions, its device */
	R_SIZE, R_LIST,          /* a count and an array of IDs */
	R_IDP,                   /* where the caller wants an ID written */
	R_CAPHDR, R_CAPDATA,     /* capset's header and data */
	R_OPTION, R_INT,         /* prctl's option; an integer, shown as is */
	R_XNAME,                 /* an extended attribute's name */
	R_XVALUE, R_XSIZE,       /* its value, and the value's size */
	R_XFLAGS,                /* XATTR_CREATE, XATTR_REPLACE */
	R_XARGS, R_XARGSIZE,     /* setxattrat's struct xattr_args, and its size */
};
/* clang-format on */

#define MAX_ARGS 6

/* One syscall name, the same on every ABI (a line of arch/calls). */
struct call {
	const char *name;
	enum kind kind;
	enum ids ids;
	enum op op;
	enum role role[MAX_ARGS];
};

struct abi {
	const char *name;    /* as in arch/, e.g. "x86_64", "mips64el-n32" */
	uint32_t audit_arch; /* AUDIT_ARCH_*; x32 shares x86_64's */
	uint32_t nr_base;    /* x32's __X32_SYSCALL_BIT, MIPS's 4000/5000/6000 */
	size_t first, count; /* its lines in syscalls[] */
};

/* One line of an ABI's table. */
struct zr_syscall {
	const struct abi *abi;
	uint32_t nr; /* absolute: nr_base included */
	const struct call *call;
	bool id16; /* its IDs are 16 bits wide: the ABI also has the *32 call */
};

extern const struct abi abis[];
extern const size_t n_abis;
extern const struct zr_syscall syscalls[];
extern const size_t n_syscalls;

/* The ABI zeroroot itself runs as, named as in arch/; "" if it has no table. */
extern const char native_abi[];

const struct abi *find_abi(const char *name);
const struct zr_syscall *find_syscall(uint32_t audit_arch, uint32_t nr);
/* The position of the n-th (from 0) argument with this role, or -1. */
int arg_of(const struct call *c, enum role role, int n);
/* "x32+x86_64": the ABIs an AUDIT_ARCH value stands for. */
const char *abi_names(uint32_t audit_arch, char *buf, size_t size);
/* The width of a pointer, in bytes, of processes of this ABI: 4 for the
 * 32-bit ones, x32 and MIPS n32 included, whose AUDIT_ARCH says 64. */
unsigned abi_word(const struct abi *a);
/* "chown" for K_CHOWN: the kind's name in arch/calls and --list. */
const char *kind_name(enum kind k);

#endif
