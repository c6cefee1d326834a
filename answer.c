/*
 * answer.c: the supervisor's answers, one handler per kind of call. With ID
 * consistency the set*id family, setgroups, capset, PR_SET_KEEPCAPS and exec
 * change the caller's credentials and the get*id family read them back; a
 * chown that loses an owner is noted by file, one to root undoes that; a
 * device mknod leaves a placeholder; an xattr call is faked where only
 * privilege is missing, else runs. Each handler returns what is to be done
 * (enum outcome): reply, let the kernel run the call, or finish later in a
 * process of its own. Without it
 * (--pure --trace) every call is answered as the kernel's fake would be: 0,
 * nothing kept. describe_call() formats a call for the trace from the roles
 * of its arguments, in one place, with the formatters of trace.c and acl.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <linux/audit.h>

#include "acl.h"
#include "answer.h"
#include "caller.h"
#include "filter.h"
#include "msg.h"
#include "owners.h"
#include "trace.h"

bool request_valid(void *arg)
{
	const struct request *rq = arg;

	return ioctl(rq->ctx->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &rq->req->id) == 0;
}

static pid_t caller(const struct request *rq)
{
	return rq->req->pid;
}

static uint64_t arg(const struct request *rq, enum role role, int n)
{
	return rq->req->data.args[arg_of(rq->sys->call, role, n)];
}

/* The path argument (followed or not: *nofollow if given). */
static uint64_t path_arg(const struct request *rq, bool *nofollow)
{
	bool l;
	int i = path_of(rq->sys->call, &l);

	if (nofollow)
		*nofollow = l;
	return rq->req->data.args[i];
}

/* 16-bit IDs read back as the overflow ID above 65535, as the kernel's high2lowuid does. */
static uint32_t narrow(uint32_t v, bool id16)
{
	return id16 && v > 0xffff ? 65534 : v;
}

static size_t id_width(const struct request *rq)
{
	return rq->sys->id16 ? 2 : 4;
}

/* ---- the caller's credentials ---- */

static struct proc *caller_proc(const struct request *rq, int *err)
{
	return proc_of(caller(rq), rq->sys->abi, request_valid, (void *)rq, err);
}

/* For a getter: the credentials that apply; or NULL with the outcome in
 * *out (the kernel's answer, or an error in ans->val; never the kernel's
 * answer for an error). */
static const struct creds *creds_for_getter(const struct request *rq, struct answer *ans, enum outcome *out)
{
	struct proc *p;
	int err;

	*out = O_CONTINUE; /* nobody changed credentials: the kernel's answer is right */
	if (!proc_any_creds())
		return NULL;
	p = caller_proc(rq, &err);
	if (!p) {
		ans->val = err;
		*out = O_REPLY;
	}
	return p && p->has_creds ? &p->c : NULL;
}

/* For a setter: a copy of the caller's credentials in ans->next, its own
 * from now on; false with ans->val set if there is none. */
static bool creds_to_change(const struct request *rq, struct answer *ans)
{
	int err;

	ans->proc = caller_proc(rq, &err);
	if (!ans->proc) {
		ans->val = err;
		return false;
	}
	if ((err = proc_own_creds(ans->proc)) != 0) {
		ans->val = err;
		return false;
	}
	ans->next = ans->proc->c;
	return true;
}

void commit_answer(struct answer *ans, bool delivered)
{
	struct creds *c = ans->proc ? &ans->proc->c : NULL;

	if (!ans->commit || !c)
		return;
	if (!delivered) { /* the caller was told nothing: nothing changes */
		if (ans->next.groups != c->groups)
			free(ans->next.groups);
		return;
	}
	if (ans->next.groups != c->groups)
		free(c->groups);
	*c = ans->next;
}

#ifdef ZR_CRASH_TEST
/* Fault injection for tests/077 (make tests/zeroroot-crash only): a handler
 * that dies, to prove that its caller is still answered. setresgid(4242, *,
 * 4242) kills the supervisor mid-request; a placeholder named "crash-helper"
 * kills its helper. */
static void crash_test(const struct request *rq, const struct answer *ans)
{
	/* a real fault at page 0, which no blocked signal holds back */
	static volatile uintptr_t page_zero = 8;

	if (rq->sys->call->kind == K_SETID && rq->arg[0] == 4242 && rq->arg[2] == 4242)
		*(volatile int *)page_zero = 0;
	if (rq->sys->call->kind == K_MKNOD && strstr(ans->path, "crash-helper"))
		*(volatile int *)page_zero = 0;
}
#endif

/* ---- handlers, one per kind ---- */

/* Every call without ID consistency: the fake. */
static enum outcome answer_fake(const struct request *rq, struct answer *ans)
{
	(void)rq;
	ans->val = 0;
	return O_REPLY;
}

/* ---- chown ---- */

/* Does the chown ask for what the kernel has, every ID -1 or one the
 * namespace maps? Then it is faked (one ID: root's) or real (ranges), and
 * undoes a lost change; otherwise it is faked, and its change lost. */
static bool chown_restores(const struct request *rq)
{
	uint64_t args[MAX_ARGS];

	for (int i = 0; i < MAX_ARGS; i++)
		args[i] = rq->req->data.args[i];
	return ids_mapped(rq->sys, &rq->ctx->map, args);
}

static enum outcome chown_done(const struct request *rq, bool restores)
{
	return restores && (rq->ctx->supervision & SUP_RANGES) ? O_CONTINUE : O_REPLY;
}

/* Which file the chown names, as its caller names it (identify_file()). */
static int chown_target(const struct request *rq, struct answer *ans, bool cached, struct file_id *id,
			char *name, size_t size)
{
	const struct call *c = rq->sys->call;
	int fd = arg_of(c, R_FD, 0), dir = arg_of(c, R_DIRFD, 0), at = arg_of(c, R_ATFLAGS, 0);
	uint32_t flags = at >= 0 ? (uint32_t)rq->arg[at] : 0;
	bool lpath = false;
	uint64_t path = fd < 0 ? path_arg(rq, &lpath) : 0;
	struct named_file f = {.pid = caller(rq),
			       .fd = fd >= 0 ? (int)rq->arg[fd] : -1,
			       .dirfd = dir >= 0 ? (int)rq->arg[dir] : AT_FDCWD,
			       .path = ans->path,
			       .nofollow = lpath || (flags & AT_SYMLINK_NOFOLLOW),
			       .empty_path = flags & AT_EMPTY_PATH};

	if (fd < 0 && !ans->has_path) {
		/* unread, it is not identified: a bad pointer for the kernel too, or
		 * one beyond a 32-bit supervisor's reach */
		long r = read_string(caller(rq), path, ans->path, sizeof(ans->path));

		if (r != 0)
			return (int)r;
		ans->has_path = true;
	}
	return identify_file(&f, cached, request_valid, (void *)rq, id, name, size);
}

static uint32_t chown_id(const struct request *rq, enum role role)
{
	return (uint32_t)rq->arg[arg_of(rq->sys->call, role, 0)];
}

/* In a helper: the file, where the kernel's caches could not tell, handed
 * back to the supervisor before the answer. */
static enum outcome identify_later(const struct request *rq, struct answer *ans)
{
	static char name[PATH_MAX];
	bool restores = chown_restores(rq);
	struct file_id id;
	int r;

	name[0] = '\0';
	r = chown_target(rq, ans, false, &id, name, restores ? 0 : sizeof(name));
	ans->note = restores ? " (the file identified by a helper)"
			     : " (not kept: see the report at exit; the file identified by a helper)";
	if (r == 0)
		owners_hand_back(ans->slot, &id, name, chown_id(rq, R_UID), chown_id(rq, R_GID), restores);
	else if (r != -ENOENT && r != -ESRCH && !restores)
		owners_hand_back_unidentified(ans->slot);
	return chown_done(rq, restores);
}

/*
 * Every chown reaches us (ID consistency). One that asks for what the kernel
 * has (root, -1, a mapped ID) is faked, or with ranges runs; it undoes what
 * was noted of its file. Any other is faked and noted, by file: the report
 * at the command's exit says what was lost, under the names the files have
 * then. The file is identified from the kernel's caches alone, never by
 * asking a file system (a FUSE server in the tree may wait for us); where
 * they cannot tell, a helper does it.
 */
static enum outcome answer_chown(const struct request *rq, struct answer *ans)
{
	static char name[PATH_MAX];
	bool restores = chown_restores(rq);
	uint32_t uid = chown_id(rq, R_UID), gid = chown_id(rq, R_GID);
	struct file_id id;
	int r;

	ans->val = 0;
	if (!restores)
		ans->note = " (not kept: see the report at exit)";
	owners_collect(); /* helpers' results first: they came before this call */
	if (restores && (!owners_any() || (uid == ID_UNCHANGED && gid == ID_UNCHANGED)))
		return chown_done(rq, restores); /* nothing to undo */
	name[0] = '\0';
	r = chown_target(rq, ans, true, &id, name, restores ? 0 : sizeof(name)); /* undoing needs no name */
	if (r == -EAGAIN && owners_prepare()) {
		ans->later = identify_later;
		return O_LATER;
	}
	if (r == 0)
		owners_chown(&id, name, uid, gid, restores);
	else if (r != -ENOENT && r != -ESRCH && !restores) {
		owners_unidentified();
		ans->note = " (not kept, and its file not identified: counted at exit)";
	}
	return chown_done(rq, restores);
}

enum outcome answer_without_helper(const struct request *rq, struct answer *ans, long err)
{
	if (rq->sys->call->kind == K_CHOWN) { /* answered all the same; what was lost is counted */
		bool restores = chown_restores(rq);

		if (!restores)
			owners_unidentified();
		ans->val = 0;
		return chown_done(rq, restores);
	}
	ans->val = err;
	return err || verdict_of(rq->sys, 0).then != A_ALLOW ? O_REPLY : O_CONTINUE;
}

static enum outcome answer_getid(const struct request *rq, struct answer *ans)
{
	const struct call *c = rq->sys->call;
	enum outcome out;
	const struct creds *cr = creds_for_getter(rq, ans, &out);

	if (!cr)
		return out;
	ans->val = narrow((c->ids == IDS_GID ? cr->gid : cr->uid)[c->op == OP_EFF ? 1 : 0], rq->sys->id16);
	return O_REPLY;
}

static enum outcome answer_getres(const struct request *rq, struct answer *ans)
{
	const struct call *c = rq->sys->call;
	enum outcome out;
	const struct creds *cr = creds_for_getter(rq, ans, &out);

	if (!cr)
		return out;
	for (int i = 0; i < 3; i++)
		ans->out[i] = narrow((c->ids == IDS_GID ? cr->gid : cr->uid)[i], rq->sys->id16);
	ans->ids = ans->out;
	ans->n_ids = 3;
	/* the caller's memory, never a reused pid's: written only while it waits */
	if (!request_valid((void *)rq))
		ans->val = -ESRCH;
	for (int i = 0; i < 3 && ans->val == 0; i++)
		ans->val = write_ids(caller(rq), arg(rq, R_IDP, i), &ans->out[i], 1, id_width(rq));
	return O_REPLY;
}

static enum outcome answer_getgroups(const struct request *rq, struct answer *ans)
{
	enum outcome out;
	const struct creds *cr = creds_for_getter(rq, ans, &out);
	int size = arg(rq, R_SIZE, 0); /* an int: negative is EINVAL */
	uint32_t *list;

	if (!cr)
		return out;
	ans->val = cr->n_groups;
	if (size == 0)
		return O_REPLY;
	if (size < 0 || (unsigned)size < cr->n_groups) {
		ans->val = -EINVAL;
		return O_REPLY;
	}
	if (!(list = malloc((cr->n_groups + 1) * sizeof(uint32_t)))) {
		ans->val = -ENOMEM;
		return O_REPLY;
	}
	for (unsigned i = 0; i < cr->n_groups; i++)
		list[i] = narrow(cr->groups[i], rq->sys->id16);
	if (!request_valid((void *)rq)) /* its memory, never a reused pid's */
		ans->val = -ESRCH;
	else if (write_ids(caller(rq), arg(rq, R_LIST, 0), list, cr->n_groups, id_width(rq)) != 0)
		ans->val = -EFAULT;
	free(list);
	ans->ids = cr->groups;
	ans->n_ids = cr->n_groups;
	return O_REPLY;
}

static enum outcome answer_setid(const struct request *rq, struct answer *ans)
{
	const struct call *c = rq->sys->call;

	if (!creds_to_change(rq, ans))
		return O_REPLY;
	ans->val = creds_setid(&ans->next, c->ids, c->op, rq->arg);
	ans->commit = ans->val >= 0;
	return O_REPLY;
}

static enum outcome answer_setgroups(const struct request *rq, struct answer *ans)
{
	int size = arg(rq, R_SIZE, 0);
	uint32_t *list;

	if (!creds_to_change(rq, ans))
		return O_REPLY;
	if (!(ans->next.cap_eff & CAP_BIT_SETGID)) {
		ans->val = -EPERM; /* CAP_SETGID went with the drop */
		return O_REPLY;
	}
	if (size < 0 || size > MAX_GROUPS) {
		ans->val = -EINVAL;
		return O_REPLY;
	}
	if (!(list = calloc(size + 1, sizeof(uint32_t)))) {
		ans->val = -ENOMEM;
		return O_REPLY;
	}
	if ((ans->val = read_ids(caller(rq), arg(rq, R_LIST, 0), list, size, id_width(rq))) != 0) {
		free(list);
		return O_REPLY;
	}
	for (int i = 0; rq->sys->id16 && i < size; i++)
		if (list[i] == 0xffff)
			list[i] = ID_UNCHANGED;
	ans->val = creds_setgroups(&ans->next, list, size);
	ans->commit = ans->val == 0;
	ans->ids = ans->next.groups;
	ans->n_ids = ans->next.n_groups;
	return O_REPLY;
}

/*
 * capget: what the record says of CAP_SETUID and CAP_SETGID, and of the other
 * capabilities what credentials(7) says for its fake IDs (none effective
 * once the effective uid is not 0, none permitted once no ID is 0, unless
 * keep-caps), out of those the kernel gave the process. setpriv(1) reads
 * the capabilities and writes them back with capset before it drops: from
 * the kernel's alone, uid 0 without capabilities (a pod's drop ALL) would
 * drop the fake ones, and a faked drop would show full capabilities. A
 * header the kernel would refuse, another process's, or a NULL data
 * pointer (a version query) get the kernel's answer.
 */
static enum outcome answer_capget(const struct request *rq, struct answer *ans)
{
	uint32_t hdr[2] = {0}, data[6] = {0};
	uint64_t real[3], eff, perm;
	struct creds own;
	const struct creds *cr;
	enum outcome out;
	unsigned n;

	if (read_ids(caller(rq), arg(rq, R_CAPHDR, 0), hdr, 2, 4) != 0 || !arg(rq, R_CAPDATA, 0) ||
	    (hdr[1] != 0 && hdr[1] != (uint32_t)caller(rq)))
		return O_CONTINUE;
	if (hdr[0] == 0x19980330)
		n = 1;
	else if (hdr[0] == 0x20071026 || hdr[0] == 0x20080522)
		n = 2;
	else
		return O_CONTINUE; /* EINVAL, and the kernel writes its version */
	if (read_caps(caller(rq), real) != 0)
		return O_CONTINUE;
	if (!(cr = creds_for_getter(rq, ans, &out))) {
		if (out == O_REPLY)
			return out;
		memset(&own, 0, sizeof(own)); /* no record: the kernel's IDs, root's capabilities */
		cr = &own;
		creds_from_ids(&own);
	}
	eff = cr->uid[1] == 0 ? real[2] : 0;
	perm = cr->uid[0] == 0 || cr->uid[1] == 0 || cr->uid[2] == 0 || cr->keepcaps ? real[1] : 0;
	eff = (eff & ~(uint64_t)CAP_BITS_SETID) | cr->cap_eff;
	perm = (perm & ~(uint64_t)CAP_BITS_SETID) | cr->cap_perm;
	for (size_t i = 0; i < n; i++) {
		data[3 * i] = (uint32_t)(eff >> (32 * i));
		data[3 * i + 1] = (uint32_t)(perm >> (32 * i));
		data[3 * i + 2] = (uint32_t)(real[0] >> (32 * i));
	}
	ans->has_caps = true;
	ans->cap_version = hdr[0];
	ans->cap_effective = data[0];
	ans->cap_permitted = data[1];
	if (!request_valid((void *)rq)) /* its memory, never a reused pid's */
		ans->val = -ESRCH;
	else
		ans->val = write_ids(caller(rq), arg(rq, R_CAPDATA, 0), data, 3 * n, 4);
	return O_REPLY;
}

/* capset is faked, but the effective and permitted CAP_SETUID and CAP_SETGID
 * it asks for decide what later set*id calls may do. A header or data that
 * cannot be read is faked as in pure mode. */
static enum outcome answer_capset(const struct request *rq, struct answer *ans)
{
	uint32_t hdr[2] = {0}, data[3] = {0};

	if (!creds_to_change(rq, ans))
		return O_REPLY;
	ans->val = 0;
	if (read_ids(caller(rq), arg(rq, R_CAPHDR, 0), hdr, 2, 4) != 0 ||
	    (hdr[0] != 0x19980330 && hdr[0] != 0x20071026 && hdr[0] != 0x20080522) ||
	    read_ids(caller(rq), arg(rq, R_CAPDATA, 0), data, 3, 4) != 0)
		return O_REPLY;
	ans->has_caps = true;
	ans->cap_version = hdr[0];
	ans->cap_effective = data[0];
	ans->cap_permitted = data[1];
	ans->val = creds_capset(&ans->next, data[0], data[1]);
	ans->commit = ans->val == 0;
	return O_REPLY;
}

/* PR_SET_KEEPCAPS runs for real too; what it keeps is decided here. */
static enum outcome answer_keepcaps(const struct request *rq, struct answer *ans)
{
	uint64_t v = arg(rq, R_INT, 0) & 0xffffffff;

	if (v <= 1 && creds_to_change(rq, ans)) {
		ans->next.keepcaps = v;
		ans->commit = true;
	}
	ans->val = 0;
	return O_CONTINUE;
}

/* In a process of its own: the placeholder, then the answer. */
static enum outcome make_placeholder(const struct request *rq, struct answer *ans)
{
#ifdef ZR_CRASH_TEST
	crash_test(rq, ans);
#endif
	static char note[160];
	int d = arg_of(rq->sys->call, R_DIRFD, 0);
	struct placeholder ph = {.pid = caller(rq),
				 .dirfd = d >= 0 ? (int)rq->req->data.args[d] : AT_FDCWD,
				 .path = ans->path,
				 .mode = (uint32_t)arg(rq, R_MODE, 0),
				 .filters = rq->ctx->filters,
				 .nnp = rq->ctx->nnp};
	long made = create_as_caller(&ph, request_valid, (void *)rq);

	ans->val = made > 0 ? 0 : made;
	if (made == 0)
		ans->note = " (an empty regular file was made)";
	else if (ph.why) {
		snprintf(note, sizeof(note), " (nothing was made: %s)", ph.why);
		ans->note = note;
	}
	return O_REPLY;
}

/* A device mknod leaves a placeholder; a path that cannot be read is answered
 * as the kernel would (EFAULT, ENAMETOOLONG). */
static enum outcome answer_mknod(const struct request *rq, struct answer *ans)
{
	ans->val = read_string(caller(rq), arg(rq, R_PATH, 0), ans->path, sizeof(ans->path));
	ans->has_path = ans->val == 0;
	if (ans->val != 0)
		return O_REPLY;
	ans->later = make_placeholder;
	return O_LATER;
}

/* ---- extended attributes ---- */

/* An argument as the kernel takes it: on a 32-bit ABI, its low half. */
static uint64_t word(const struct request *rq, uint64_t v)
{
	return rq->sys->abi->audit_arch & __AUDIT_ARCH_64BIT ? v : (uint32_t)v;
}

/* Names the kernel refuses to all but real privilege, whatever the file:
 * the note says why; NULL for the others. An empty suffix is EINVAL even
 * for real root, so it is not faked. */
static const char *privileged_name(const char *name)
{
	if (strncmp(name, "trusted.", 8) == 0 && name[8])
		return " (faked: trusted.* needs CAP_SYS_ADMIN in the initial user namespace)";
	if (strncmp(name, "security.", 9) == 0 && name[9] && strcmp(name, "security.capability") != 0)
		return " (faked: security.* needs CAP_SYS_ADMIN over the file system)";
	return NULL;
}

/* A set call's value, size and flags, as the kernel copies them
 * (setxattr_copy()), the value into value. false where the kernel refuses
 * them (EINVAL, E2BIG, EFAULT), or setxattrat's struct has a size not known
 * here: then the kernel answers. */
static bool read_xattr_value(const struct request *rq, struct answer *ans, uint8_t *value)
{
	uint64_t addr;

	if (arg_of(rq->sys->call, R_XARGS, 0) >= 0) {
		struct { /* struct xattr_args, Linux >= 6.13: older headers lack it */
			uint64_t value;
			uint32_t size, flags;
		} xa = {0}; /* read_mem() fills it; cppcheck cannot tell */

		if (word(rq, arg(rq, R_XARGSIZE, 0)) != sizeof(xa) ||
		    read_mem(caller(rq), word(rq, arg(rq, R_XARGS, 0)), &xa, sizeof(xa)) != 0)
			return false;
		addr = xa.value;
		ans->xsize = xa.size;
		ans->xflags = xa.flags;
		ans->has_xargs = true;
	} else {
		addr = word(rq, arg(rq, R_XVALUE, 0));
		ans->xsize = word(rq, arg(rq, R_XSIZE, 0));
		ans->xflags = arg(rq, R_XFLAGS, 0); /* an int */
	}
	return !(ans->xflags & ~(XATTR_CREATE | XATTR_REPLACE)) && ans->xsize <= XATTR_SIZE_MAX &&
	       (ans->xsize == 0 || read_mem(caller(rq), addr, value, ans->xsize) == 0);
}
/*
 * The attributes whose set was faked, by file and name (a 64-bit hash of
 * it), so that a later remove, XATTR_CREATE or XATTR_REPLACE is answered as
 * after a real set. The helpers that answer faked calls share it: it is in
 * a MAP_SHARED page made before the first of them, under a spin lock.
 */
#define MAX_FAKED 4096
static struct faked_set {
	int lock;
	unsigned n;
	bool full;
	struct {
		uint64_t dev, ino, name;
	} e[MAX_FAKED];
} * faked;

void answer_init(void)
{
	faked = mmap(NULL, sizeof(*faked), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (faked == MAP_FAILED)
		faked = NULL; /* then nothing is remembered: a remove is answered from the file alone */
}

static uint64_t name_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h | 1; /* never 0, which marks a free entry */
}

/* Was a set of it faked? With add, remember one; with drop, forget it. */
static bool faked_xattr(uint64_t dev, uint64_t ino, const char *name, bool add, bool drop)
{
	uint64_t h = name_hash(name);
	unsigned i;
	bool found = false;

	if (!faked)
		return false;
	while (__atomic_exchange_n(&faked->lock, 1, __ATOMIC_ACQUIRE))
		;
	for (i = 0; i < faked->n && !found; i++)
		found = faked->e[i].dev == dev && faked->e[i].ino == ino && faked->e[i].name == h;
	if (found && drop)
		faked->e[--i] = faked->e[--faked->n];
	else if (!found && add && faked->n < MAX_FAKED)
		faked->e[faked->n++] = (typeof(faked->e[0])){dev, ino, h};
	else if (!found && add)
		faked->full = true;
	__atomic_store_n(&faked->lock, 0, __ATOMIC_RELEASE);
	return found;
}

/* In a process of its own: a faked set or remove fails as the kernel would
 * for real root (the file is missing: ENOENT; XATTR_CREATE of one there:
 * EEXIST; XATTR_REPLACE or remove of one absent: ENODATA), and is
 * remembered, or forgotten, where it succeeds. */
static enum outcome fake_xattr(const struct request *rq, struct answer *ans)
{
	int at = arg_of(rq->sys->call, R_ATFLAGS, 0), fd = arg_of(rq->sys->call, R_FD, 0), dirfd;
	bool set = rq->sys->call->op == OP_SET, has = false, nofollow = false;
	struct xattr_target t = {.pid = caller(rq), .dirfd = AT_FDCWD, .fd = -1};
	uint64_t dev = 0, ino = 0;
	int r;

	if (fd >= 0) {
		t.fd = (int)rq->arg[fd];
	} else {
		path_arg(rq, &nofollow);
		dirfd = arg_of(rq->sys->call, R_DIRFD, 0);
		t.dirfd = dirfd >= 0 ? (int)rq->arg[dirfd] : AT_FDCWD;
		t.path = ans->path;
		t.nofollow = nofollow || (at >= 0 && (rq->arg[at] & AT_SYMLINK_NOFOLLOW));
		t.empty_path = at >= 0 && (rq->arg[at] & AT_EMPTY_PATH);
	}
	r = xattr_lookup(&t, ans->xname, &dev, &ino, &has, request_valid, (void *)rq);
	ans->val = r > 0 ? 0 : r; /* 1: cannot be told: faked, as ever */
	if (r != 0)
		return O_REPLY;
	has |= faked_xattr(dev, ino, ans->xname, false, false);
	if (set && (ans->xflags & XATTR_CREATE) && has)
		ans->val = -EEXIST;
	else if ((set && (ans->xflags & XATTR_REPLACE) && !has) || (!set && !has))
		ans->val = -ENODATA;
	else
		faked_xattr(dev, ino, ans->xname, set, !set);
	if (ans->val < 0)
		ans->note = NULL;
	return O_REPLY;
}

/*
 * setxattr and removexattr, with their l, f and at forms: faked (0, nothing
 * done; or the error real root would get, fake_xattr) where the kernel would
 * refuse the call only for want of privilege
 * the namespace cannot give (trusted.*; security.* but the namespaced file
 * capability) or because an ACL names an ID the namespace does not map; run
 * as they are otherwise, with the kernel's own result. CONTINUE is safe
 * here: the kernel then runs the call with the caller's own privileges, so a
 * name or value changed after it was read here (TOCTOU) only ever gets the
 * caller a real call it could have made anyway. Nothing is done to the file.
 */
static enum outcome answer_xattr(const struct request *rq, struct answer *ans)
{
	static uint8_t value[XATTR_SIZE_MAX];
	static char note[128];
	int at = arg_of(rq->sys->call, R_ATFLAGS, 0);
	bool set = rq->sys->call->op == OP_SET, gid = false;
	const char *why;
	uint32_t id = 0;

	if (at >= 0 && ((uint32_t)rq->arg[at] & ~(uint32_t)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
		return O_CONTINUE; /* EINVAL */
	if (read_string(caller(rq), arg(rq, R_XNAME, 0), ans->xname, sizeof(ans->xname)) != 0 ||
	    !ans->xname[0])
		return O_CONTINUE; /* EFAULT, or ERANGE: empty or longer than XATTR_NAME_MAX */
	if (arg_of(rq->sys->call, R_FD, 0) < 0 &&
	    read_string(caller(rq), path_arg(rq, NULL), ans->path, sizeof(ans->path)) != 0)
		return O_CONTINUE; /* EFAULT, ENAMETOOLONG */
	ans->has_path = arg_of(rq->sys->call, R_FD, 0) < 0;
	ans->has_xname = true;
	if (set && !read_xattr_value(rq, ans, value))
		return O_CONTINUE;
	why = privileged_name(ans->xname);
	if (!why && set && is_acl_name(ans->xname) &&
	    acl_names_unmapped(value, ans->xsize, &rq->ctx->map, &id, &gid)) {
		snprintf(note, sizeof(note),
			 " (faked: the ACL names %s %u, which the namespace does not map)",
			 gid ? "gid" : "uid", id);
		why = note;
	}
	/* the caller may have gone and its pid been reused: then what was read
	 * was not its own, and it gets no answer anyway */
	if (!why || !request_valid((void *)rq))
		return O_CONTINUE;
	if (set && is_acl_name(ans->xname))
		describe_acl(value, ans->xsize, ans->xvalue, sizeof(ans->xvalue));
	else if (set)
		describe_bytes(value, ans->xsize, ans->xvalue, sizeof(ans->xvalue));
	ans->note = why;
	ans->later = fake_xattr;
	return O_LATER;
}

typedef enum outcome answer_fn(const struct request *rq, struct answer *ans);

/* The handler of each kind (kinds.def): with ID consistency where one ID
 * is mapped, and where ranges are. */
static const struct {
	answer_fn *ids, *ranges;
} answers[N_KINDS] = {
#define KIND(k, name, note, pure, ids, trace, ids_trace, r_pure, r_ids, r_trace, r_ids_trace, answer,        \
	     answer_ranges)                                                                                  \
	[k] = {answer, answer_ranges},
#include "kinds.def"
#undef KIND
};

enum outcome answer_call(const struct request *rq, struct answer *ans)
{
	unsigned sup = rq->ctx->supervision;
	answer_fn *fn = !(sup & SUP_IDS)   ? answer_fake
			: sup & SUP_RANGES ? answers[rq->sys->call->kind].ranges
					   : answers[rq->sys->call->kind].ids;

	ans->untraced = !rq->ctx->started; /* zeroroot's own: the self-test's */
#ifdef ZR_CRASH_TEST
	if (rq->sys->call->kind == K_SETID)
		crash_test(rq, ans);
#endif
	return fn(rq, ans);
}

/* ---- the trace ---- */

static const char *file_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFCHR:
		return "S_IFCHR";
	case S_IFBLK:
		return "S_IFBLK";
	case S_IFIFO:
		return "S_IFIFO";
	case S_IFSOCK:
		return "S_IFSOCK";
	default:
		return "S_IFREG";
	}
}

static int describe_pointer(uint64_t v, char *buf, size_t size)
{
	return snprintf(buf, size, "%#llx", (unsigned long long)v);
}

/* One argument, by its role. */
static int describe_arg(const struct request *rq, struct answer *ans, int i, int *idp, char *buf, size_t size)
{
	uint64_t v = rq->arg[i];
	char esc[PATH_MAX * 4 + 8];
	int n;

	switch (rq->sys->call->role[i]) {
	case R_DIRFD:
		return (int)v == AT_FDCWD ? snprintf(buf, size, "AT_FDCWD")
					  : snprintf(buf, size, "%d", (int)v);
	case R_PATH:
	case R_LPATH:
		if (!ans->has_path)
			ans->has_path = read_string(caller(rq), v, ans->path, sizeof(ans->path)) == 0;
		return ans->has_path
			       ? snprintf(buf, size, "\"%s\"", escape(ans->path, true, esc, sizeof(esc)))
			       : describe_pointer(v, buf, size);
	case R_FD:
	case R_UID:
	case R_GID:
	case R_INT:
		return snprintf(buf, size, "%d", (int)v);
	case R_ATFLAGS:
		return describe_flags(v, at_flags, buf, size);
	case R_MODE:
		return snprintf(buf, size, "%s|0%o", file_type(v), (unsigned)v & 07777);
	case R_DEV:
		return snprintf(buf, size, "%u:%u", (unsigned)((v & 0xfff00) >> 8),
				(unsigned)((v & 0xff) | ((v >> 12) & 0xfff00)));
	case R_SIZE:
		return snprintf(buf, size, "%d", (int)v);
	case R_LIST:
		return ans->ids ? describe_ids(ans->ids, ans->n_ids, buf, size)
				: describe_pointer(v, buf, size);
	case R_IDP:
		return ans->ids ? describe_ids(ans->ids + (*idp)++, 1, buf, size)
				: describe_pointer(v, buf, size);
	case R_CAPHDR:
		return ans->has_caps ? snprintf(buf, size, "{version=%#x}", ans->cap_version)
				     : describe_pointer(v, buf, size);
	case R_CAPDATA:
		return ans->has_caps ? snprintf(buf, size, "{effective=%#x, permitted=%#x}",
						ans->cap_effective, ans->cap_permitted)
				     : describe_pointer(v, buf, size);
	case R_OPTION:
		return v == PR_SET_KEEPCAPS ? snprintf(buf, size, "PR_SET_KEEPCAPS")
					    : snprintf(buf, size, "%d", (int)v);
	case R_XNAME:
		return ans->has_xname
			       ? snprintf(buf, size, "\"%s\"", escape(ans->xname, true, esc, sizeof(esc)))
			       : describe_pointer(v, buf, size);
	case R_XVALUE:
		return ans->xvalue[0] ? snprintf(buf, size, "%s", ans->xvalue)
				      : describe_pointer(v, buf, size);
	case R_XSIZE:
	case R_XARGSIZE:
		return snprintf(buf, size, "%llu", (unsigned long long)word(rq, v));
	case R_XFLAGS:
		return describe_flags(v, xattr_flags, buf, size);
	case R_XARGS:
		if (!ans->has_xargs || !ans->xvalue[0])
			return describe_pointer(v, buf, size);
		n = snprintf(buf, size, "{value=%s, size=%llu, flags=", ans->xvalue,
			     (unsigned long long)ans->xsize);
		n += describe_flags(ans->xflags, xattr_flags, buf + n, (size_t)n < size ? size - n : 0);
		return n + snprintf(buf + n, (size_t)n < size ? size - n : 0, "}");
	case R_NONE:
		break;
	}
	return 0;
}

void describe_call(const struct request *rq, struct answer *ans, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s(", rq->sys->call->name), idp = 0, last = MAX_ARGS;

	while (last > 0 && rq->sys->call->role[last - 1] == R_NONE)
		last--;
	for (int i = 0; i < last && (size_t)n < size; i++) {
		n += snprintf(buf + n, size - n, i ? ", " : "");
		if (rq->sys->call->role[i] == R_NONE)
			n += snprintf(buf + n, (size_t)n < size ? size - n : 0, "...");
		else
			n += describe_arg(rq, ans, i, &idp, buf + n, (size_t)n < size ? size - n : 0);
	}
	if ((size_t)n < size)
		n += snprintf(buf + n, size - n, ") = %ld", ans->val < 0 ? -1 : ans->val);
	if ((size_t)n < size && ans->val < 0)
		n += snprintf(buf + n, size - n, " %s", errno_name(-ans->val));
	if ((size_t)n < size && ans->note)
		snprintf(buf + n, size - n, "%s", ans->note);
}
