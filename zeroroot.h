/*
 * zeroroot.h: what fakesys.c (the run: options, namespaces, exec) and
 * filter.c (the seccomp program: build, verify, print) share.
 */
#ifndef ZEROROOT_H
#define ZEROROOT_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/filter.h>

#define ZR_VERSION "0.1.0"

/* Exit statuses follow env(1) and chroot(1); zeroroot(1) lists them. */
#define EXIT_SETUP 125	   /* zeroroot itself failed; the command never ran */
#define EXIT_CANNOT_RUN 126 /* command found but could not be executed */
#define EXIT_NOT_FOUND 127  /* command not found */

extern int verbose;
void __attribute__((noreturn, format(printf, 2, 3))) fail(int err, const char *fmt, ...);
void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...);

#define MAX_INSNS 1024 /* well below BPF_MAXINSNS; the whole filter is ~450 */

/* Modes of the filter: bits of struct prog's mode. */
#define ZR_IDS 1   /* set*id and get*id go to the supervisor, which keeps records */
#define ZR_TRACE 2 /* every faked call goes to the supervisor, which logs it */

struct prog {
	struct sock_filter insn[MAX_INSNS];
	int jt_to[MAX_INSNS], jf_to[MAX_INSNS]; /* absolute targets until resolved */
	uint32_t arch[MAX_INSNS];		/* audit arch of the block, for --dump-filter */
	unsigned len;
	unsigned n_blocks;
	uint32_t block_arch;
	unsigned mode; /* ZR_IDS, ZR_TRACE */
};

/* A line of a table in arch/. */
struct fake_syscall {
	const char *abi;
	uint32_t audit_arch;
	uint32_t nr;
	const char *name;
	int mode_arg; /* -1, or faked only if this argument is S_IFCHR or S_IFBLK */
	bool getter;  /* get*id: answered from the ID record in ZR_IDS mode */
};

/* The ABI zeroroot itself runs as, named as in arch/; "" if it has no table. */
extern const char native_abi[];

void build_filter(struct prog *p, unsigned mode);
void dump_filter(const struct prog *p);
void list_fakes(void);
const char *mode_name(unsigned mode);
const struct fake_syscall *find_syscall(uint32_t audit_arch, uint32_t nr);
bool takes_16bit_ids(const struct fake_syscall *f);

/* supervisor.c: ID consistency and --trace */
int start_supervisor(unsigned mode, int trace_fd);
void hand_over_listener(int sock, int listener);

/* root.c: --root */
void check_root(const char *dir);
void enter_root(const char *dir, char *const *binds, int n_binds, const char *cwd);

#endif
