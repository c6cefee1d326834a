/*
 * answer.c: the supervisor's answers, one handler per kind of call. With ID
 * consistency the set*id family, setgroups and capset change the caller's
 * record and the get*id family read it back; a device mknod leaves a
 * placeholder. Without it (--pure --trace) every call is answered as the
 * kernel's fake would be: 0, nothing kept. describe_call() formats a call for
 * the trace from the roles of its arguments, in one place.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "answer.h"
#include "caller.h"
#include "creds.h"
#include "filter.h"
#include "msg.h"

/* ---- which record applies ---- */

/* The record that applies to a thread: its process's, else the nearest live
 * ancestor's (children inherit across fork and exec), else none: the kernel's
 * answer stands. */
static struct record *record_for(const struct request *rq, pid_t tid, pid_t *tgid_out)
{
	pid_t tgid = 0, ppid = 0;

	if (read_status(tid, &tgid, &ppid, NULL) != 0)
		return NULL;
	*tgid_out = tgid;
	for (int depth = 0; depth < 256 && tgid > 1; depth++) {
		struct record *r = record_find(tgid);

		if (r)
			return r;
		if (tgid == rq->command || read_status(ppid, &tgid, &ppid, NULL) != 0)
			break;
	}
	return NULL;
}

/* A record of the caller's own, made from what applies to it now. */
static struct record *record_of_caller(const struct request *rq)
{
	pid_t tgid = 0, ppid = 0, tid = rq->req->pid;
	struct record *from = record_for(rq, tid, &tgid);
	struct creds c = {0};
	int pidfd;

	if (from && from->tgid == tgid)
		return from;
	if (tgid <= 0 || (pidfd = syscall(SYS_pidfd_open, tgid, 0)) < 0)
		return NULL;
	if (from ? !creds_copy(&c, &from->c) : read_status(tid, &tgid, &ppid, &c) != 0 || !c.groups) {
		free(c.groups);
		close(pidfd);
		return NULL;
	}
	if (!from) /* root: both capabilities, as the kernel gives uid 0 */
		c.cap_setuid = c.cap_setgid = c.uid[1] == 0;
	from = record_add(tgid, pidfd, &c);
	if (!from)
		close(pidfd);
	return from;
}

/* For a getter: the record that applies, copied into the caller's own (so
 * that it outlives an ancestor); or NULL with ans set (the kernel's answer,
 * or an error). */
static struct record *record_for_getter(const struct request *rq, struct answer *ans)
{
	pid_t tgid = 0;
	struct record *r = n_records ? record_for(rq, rq->req->pid, &tgid) : NULL;

	if (!r)
		ans->proceed = true; /* never changed: the kernel's own answer is right */
	else if (r->tgid != tgid && !(r = record_of_caller(rq)))
		ans->val = -ENOMEM;
	return r;
}

/* 16-bit IDs read back as the overflow ID above 65535, as the kernel's high2lowuid does. */
static uint32_t narrow(uint32_t v, bool id16)
{
	return id16 && v > 0xffff ? 65534 : v;
}

/* ---- handlers, one per kind ---- */

/* chown, the probe, and everything without ID consistency: the fake. */
static void answer_fake(const struct request *rq, struct answer *ans)
{
	(void)rq;
	ans->val = 0;
}

static void answer_getid(const struct request *rq, struct answer *ans)
{
	const struct call *c = rq->sys->call;
	struct record *r = record_for_getter(rq, ans);

	if (r)
		ans->val = narrow((c->ids == IDS_GID ? r->c.gid : r->c.uid)[c->op == OP_EFF ? 1 : 0],
				  rq->sys->id16);
}

static void answer_getres(const struct request *rq, struct answer *ans)
{
	const struct call *c = rq->sys->call;
	struct record *r = record_for_getter(rq, ans);
	int mem;

	if (!r)
		return;
	if ((mem = open_mem(rq->listener, rq->req)) < 0) {
		ans->val = -ESRCH;
		return;
	}
	for (int i = 0; i < 3; i++)
		ans->out[i] = narrow((c->ids == IDS_GID ? r->c.gid : r->c.uid)[i], rq->sys->id16);
	ans->ids = ans->out;
	ans->n_ids = 3;
	for (int i = 0; i < 3 && ans->val == 0; i++)
		ans->val = write_ids(mem, rq->req->data.args[arg_of(c, R_IDP, i)], &ans->out[i], 1,
				     rq->sys->id16 ? 2 : 4);
	close(mem);
}

static void answer_getgroups(const struct request *rq, struct answer *ans)
{
	const struct call *c = rq->sys->call;
	struct record *r = record_for_getter(rq, ans);
	uint64_t size = rq->arg[arg_of(c, R_SIZE, 0)] & 0xffffffff;
	uint32_t *list;
	int mem;

	if (!r)
		return;
	ans->val = r->c.n_groups;
	if (size == 0)
		return;
	if (size < r->c.n_groups || size > MAX_GROUPS) {
		ans->val = -EINVAL;
		return;
	}
	if (!(list = malloc((r->c.n_groups + 1) * sizeof(uint32_t)))) {
		ans->val = -ENOMEM;
		return;
	}
	for (unsigned i = 0; i < r->c.n_groups; i++)
		list[i] = narrow(r->c.groups[i], rq->sys->id16);
	if ((mem = open_mem(rq->listener, rq->req)) < 0)
		ans->val = -ESRCH;
	else if (write_ids(mem, rq->req->data.args[arg_of(c, R_LIST, 0)], list, r->c.n_groups,
			   rq->sys->id16 ? 2 : 4))
		ans->val = -EFAULT;
	if (mem >= 0)
		close(mem);
	free(list);
	ans->ids = r->c.groups;
	ans->n_ids = r->c.n_groups;
}

static void answer_setid(const struct request *rq, struct answer *ans)
{
	const struct call *c = rq->sys->call;
	struct record *r = record_of_caller(rq);
	uint64_t a[3];

	if (!r) {
		ans->val = -ENOMEM;
		return;
	}
	for (int i = 0; i < 3; i++)
		a[i] = rq->arg[i];
	ans->val = creds_setid(&r->c, c->ids, c->op, a);
}

static void answer_setgroups(const struct request *rq, struct answer *ans)
{
	const struct call *c = rq->sys->call;
	uint64_t size = rq->arg[arg_of(c, R_SIZE, 0)] & 0xffffffff;
	struct record *r = record_of_caller(rq);
	uint32_t *list = NULL;
	int mem = -1;

	if (!r)
		ans->val = -ENOMEM;
	else if (!r->c.cap_setgid)
		ans->val = -EPERM; /* CAP_SETGID went with the fake euid 0 */
	else if (size > MAX_GROUPS)
		ans->val = -EINVAL;
	else if (!(list = calloc(size + 1, sizeof(uint32_t))))
		ans->val = -ENOMEM;
	else if (size && (mem = open_mem(rq->listener, rq->req)) < 0)
		ans->val = -ESRCH;
	else if (size)
		ans->val = read_ids(mem, rq->req->data.args[arg_of(c, R_LIST, 0)], list, size,
				    rq->sys->id16 ? 2 : 4);
	if (mem >= 0)
		close(mem);
	for (unsigned i = 0; list && rq->sys->id16 && i < size; i++)
		if (list[i] == 0xffff)
			list[i] = ID_UNCHANGED;
	if (ans->val != 0) {
		free(list);
		return;
	}
	ans->val = creds_setgroups(&r->c, list, size);
	ans->ids = r->c.groups;
	ans->n_ids = r->c.n_groups;
}

/* capset is faked, but the effective CAP_SETUID and CAP_SETGID it asks for
 * decide what later set*id calls may do (header, then data[0]) */
static void answer_capset(const struct request *rq, struct answer *ans)
{
	const struct call *c = rq->sys->call;
	struct record *r = record_of_caller(rq);
	uint32_t hdr[2] = {0}, data[3] = {0};
	int mem;

	if (!r) {
		ans->val = -ENOMEM;
		return;
	}
	ans->val = 0;
	mem = open_mem(rq->listener, rq->req);
	if (mem >= 0 && read_ids(mem, rq->req->data.args[arg_of(c, R_CAPHDR, 0)], hdr, 2, 4) == 0 &&
	    (hdr[0] == 0x19980330 || hdr[0] == 0x20071026 || hdr[0] == 0x20080522) &&
	    read_ids(mem, rq->req->data.args[arg_of(c, R_CAPDATA, 0)], data, 3, 4) == 0) {
		creds_capset(&r->c, data[0]);
		ans->has_caps = true;
		ans->cap_version = hdr[0];
		ans->cap_effective = data[0];
	}
	if (mem >= 0)
		close(mem);
}

/* A device mknod leaves a placeholder (caller.c); a caller whose memory
 * cannot be read is answered as in pure mode. */
static void answer_mknod(const struct request *rq, struct answer *ans)
{
	const struct call *c = rq->sys->call;
	int d = arg_of(c, R_DIRFD, 0), mem = open_mem(rq->listener, rq->req);
	long made = 1;

	ans->val = 0;
	if (mem < 0)
		return;
	made = read_string(mem, rq->req->data.args[arg_of(c, R_PATH, 0)], ans->path, sizeof(ans->path));
	close(mem);
	ans->has_path = true;
	if (made == 0)
		made = make_placeholder(rq->listener, rq->req, d >= 0 ? (int)rq->arg[d] : AT_FDCWD, ans->path,
					rq->arg[arg_of(c, R_MODE, 0)]);
	ans->val = made > 0 ? 0 : made;
	ans->note = made == 0 ? " (an empty regular file was made)" : "";
}

typedef void answer_fn(const struct request *rq, struct answer *ans);

static answer_fn *const answers[N_KINDS] = {
	[K_CHOWN] = answer_fake,    [K_SETID] = answer_setid,	      [K_GETID] = answer_getid,
	[K_GETRES] = answer_getres, [K_GETGROUPS] = answer_getgroups, [K_SETGROUPS] = answer_setgroups,
	[K_CAPSET] = answer_capset, [K_MKNOD] = answer_mknod,	      [K_PROBE] = answer_fake,
};

void answer_call(const struct request *rq, struct answer *ans)
{
	answer_fn *fn = rq->supervision & SUP_IDS ? answers[rq->sys->call->kind] : answer_fake;

	fn(rq, ans);
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

static int describe_atflags(uint32_t flags, char *buf, size_t size)
{
	static const struct {
		uint32_t flag;
		const char *name;
	} names[] = {
		{AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"},
		{AT_EMPTY_PATH, "AT_EMPTY_PATH"},
	};
	int n = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & names[i].flag) {
			n += snprintf(buf + n, size - n, "%s%s", n ? "|" : "", names[i].name);
			flags &= ~names[i].flag;
		}
	if (flags || !n)
		n += snprintf(buf + n, size - n, n ? "|%#x" : "%#x", flags);
	return n;
}

static int describe_ids(const uint32_t *ids, unsigned n, char *buf, size_t size)
{
	int len = snprintf(buf, size, "[");

	for (unsigned i = 0; i < n && i < 8 && (size_t)len < size; i++)
		len += snprintf(buf + len, size - len, "%s%u", i ? ", " : "", ids[i]);
	return len + snprintf(buf + len, (size_t)len < size ? size - len : 0, n > 8 ? ", ...]" : "]");
}

/* One argument, by its role. */
static int describe_arg(const struct request *rq, struct answer *ans, int i, int *idp, char *buf, size_t size)
{
	uint64_t v = rq->arg[i];
	char esc[PATH_MAX * 4 + 8];
	int mem;

	switch (rq->sys->call->role[i]) {
	case R_DIRFD:
		return (int)v == AT_FDCWD ? snprintf(buf, size, "AT_FDCWD")
					  : snprintf(buf, size, "%d", (int)v);
	case R_PATH:
		if (!ans->has_path && (mem = open_mem(rq->listener, rq->req)) >= 0) {
			ans->has_path = read_string(mem, v, ans->path, sizeof(ans->path)) == 0;
			close(mem);
		}
		return ans->has_path
			       ? snprintf(buf, size, "\"%s\"", escape(ans->path, true, esc, sizeof(esc)))
			       : snprintf(buf, size, "%#llx", (unsigned long long)v);
	case R_FD:
	case R_UID:
	case R_GID:
		return snprintf(buf, size, "%d", (int)v);
	case R_ATFLAGS:
		return describe_atflags(v, buf, size);
	case R_MODE:
		return snprintf(buf, size, "%s|0%o", file_type(v), (unsigned)v & 07777);
	case R_DEV:
		return snprintf(buf, size, "%u:%u", (unsigned)((v & 0xfff00) >> 8),
				(unsigned)((v & 0xff) | ((v >> 12) & 0xfff00)));
	case R_SIZE:
		return snprintf(buf, size, "%u", (unsigned)v);
	case R_LIST:
		return ans->ids ? describe_ids(ans->ids, ans->n_ids, buf, size)
				: snprintf(buf, size, "%#llx", (unsigned long long)v);
	case R_IDP:
		return ans->ids ? describe_ids(ans->ids + (*idp)++, 1, buf, size)
				: snprintf(buf, size, "%#llx", (unsigned long long)v);
	case R_CAPHDR:
		return ans->has_caps ? snprintf(buf, size, "{version=%#x}", ans->cap_version)
				     : snprintf(buf, size, "%#llx", (unsigned long long)v);
	case R_CAPDATA:
		return ans->has_caps ? snprintf(buf, size, "{effective=%#x}", ans->cap_effective)
				     : snprintf(buf, size, "%#llx", (unsigned long long)v);
	case R_NONE:
		break;
	}
	return 0;
}

void describe_call(const struct request *rq, struct answer *ans, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s(", rq->sys->call->name), idp = 0;

	for (int i = 0; i < MAX_ARGS && rq->sys->call->role[i] != R_NONE && (size_t)n < size; i++) {
		n += snprintf(buf + n, size - n, i ? ", " : "");
		n += describe_arg(rq, ans, i, &idp, buf + n, (size_t)n < size ? size - n : 0);
	}
	if ((size_t)n < size)
		n += snprintf(buf + n, size - n, ") = %ld", ans->val < 0 ? -1 : ans->val);
	if ((size_t)n < size && ans->val < 0)
		n += snprintf(buf + n, size - n, " %s", errno_name(-ans->val));
	if ((size_t)n < size && ans->note)
		snprintf(buf + n, size - n, "%s", ans->note);
}
