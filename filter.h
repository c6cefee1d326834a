/*
 * filter.h: the seccomp program. What the filter does with each kind of call
 * in each supervision (the verdicts), and the BPF code built from them.
 */
#ifndef ZR_FILTER_H
#define ZR_FILTER_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/filter.h>

#include "table.h"

/* Supervision: which calls the filter hands to the supervisor. */
#define SUP_IDS	       1 /* ID consistency: set*id and get*id, device mknod */
#define SUP_TRACE      2 /* --trace: every faked call, to be logged */
#define SUP_RANGES     4 /* the namespace maps more than one ID: those are real */
#define N_SUPERVISIONS 8

/* The IDs the user namespace maps (inside), as ranges: a chown or set*id to
 * these is either faked (one ID: root) or real (ranges); to any other it is
 * noticed. */
#define MAX_RANGES 8
struct id_range {
	uint32_t lo, hi;
};
struct idmap {
	unsigned n_uids, n_gids;
	struct id_range uids[MAX_RANGES], gids[MAX_RANGES];
};

/* Actions and guards start at 1: a verdict left zero is invalid, never "allow". */
enum action {
	A_ALLOW = 1, /* run the call */
	A_FAKE,	     /* SECCOMP_RET_ERRNO with errno 0: skip it, return 0 */
	A_NOTIFY,    /* SECCOMP_RET_USER_NOTIF: the supervisor answers */
};

enum guard {
	G_ALWAYS = 1, /* then, whatever the arguments */
	G_DEVICE,     /* then if R_MODE is S_IFCHR or S_IFBLK and R_DEV is not 0:0, else otherwise */
	G_OPTION,     /* then if R_OPTION is value, else otherwise */
	G_IDS,	      /* then if every R_UID and R_GID is -1 or mapped, else otherwise */
};

struct verdict {
	enum guard guard;
	enum action then, otherwise;
	uint32_t value;
};

#define MAX_INSNS 4096 /* BPF_MAXINSNS; the whole filter is some 500 to 1,050 */

struct prog {
	struct sock_filter insn[MAX_INSNS];
	uint32_t arch[MAX_INSNS];	/* the AUDIT_ARCH of each instruction's block, for --dump-filter */
	const char *comment[MAX_INSNS]; /* what a guard's instruction checks, for --dump-filter */
	unsigned len;
	unsigned n_blocks;
	unsigned supervision;
	struct idmap map;
	const char *machine; /* the ABIs it has blocks for: those of this machine's kernel; NULL: all */
	bool prebuilt;	     /* copied from arch/mkprebuilt's: no comments, no arch[] */
};

struct verdict verdict_of(const struct zr_syscall *s, unsigned supervision);
/* What the filter must do with this call and these arguments: the reference
 * the compiled program is checked against. */
enum action decide(const struct zr_syscall *s, const struct prog *p, const uint64_t args[MAX_ARGS]);
/* Is this ID (inside, as the caller sees it) one the namespace maps? */
bool id_mapped(const struct idmap *map, uint32_t id, bool gid);
/* Is every ID argument -1 or mapped? (args as the call gave them) */
bool ids_mapped(const struct zr_syscall *s, const struct idmap *map, const uint64_t args[MAX_ARGS]);
uint32_t action_ret(enum action a);
const char *supervision_name(unsigned supervision);

/* The program for the ABIs a kernel of machine runs (NULL: every ABI of
 * arch/), the native one first: copied where arch/mkprebuilt built it in
 * advance, unless build is set. */
void build_filter(struct prog *p, unsigned supervision, const struct idmap *map, const char *machine,
		  bool build);

/* dump.c: --dump-filter builds the program for this supervision, map and
 * machine (NULL: every ABI), prints it and checks every verdict by running it
 * as the kernel would, and that a program built in advance agrees; exits 125
 * on a mismatch. */
void dump_filter(unsigned supervision, const struct idmap *map, const char *machine);
/* --list: every table line, with what the filter does with it in pure mode. */
void list_syscalls(void);

#endif
