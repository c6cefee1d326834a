/*
 * creds-test: the credential rules of creds.c on their own, without seccomp
 * or a supervisor, against what credentials(7) and kernel/sys.c say. Prints
 * one "ok" or "FAIL" line per check and exits 1 on any failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "creds.h"

static int failed;

static void check(const char *what, long got, long want)
{
	printf("%s %s: got %ld, want %ld\n", got == want ? "ok  " : "FAIL", what, got, want);
	failed |= got != want;
}

static struct creds root(void)
{
	struct creds c = {{0, 0, 0, 0}, {0, 0, 0, 0}, NULL, 0, 0, 0, false};

	creds_from_ids(&c);
	return c;
}

static long setid(struct creds *c, enum ids ids, enum op op, long a, long b, long d)
{
	uint64_t v[3] = {(uint32_t)a, (uint32_t)b, (uint32_t)d};

	return creds_setid(c, ids, op, v);
}

int main(void)
{
	struct creds c = root();
	uint32_t *list;

	/* apt's drop: setgroups, setresgid, setresuid to _apt; then it must not regain root */
	list = malloc(sizeof(*list));
	list[0] = 65534;
	check("root may setgroups", creds_setgroups(&c, list, 1), 0);
	check("root may setresgid(65534, 65534, 65534)", setid(&c, IDS_GID, OP_RES, 65534, 65534, 65534), 0);
	check("root may setresuid(100, 100, 100)", setid(&c, IDS_UID, OP_RES, 100, 100, 100), 0);
	check("the drop cleared CAP_SETUID, effective and permitted", c.cap_eff | c.cap_perm, 0);
	check("setuid(0) after the drop", setid(&c, IDS_UID, OP_SET, 0, 0, 0), -EPERM);
	check("setresuid(-1, 0, -1) after the drop", setid(&c, IDS_UID, OP_RES, -1, 0, -1), -EPERM);
	check("setgid(0) after the drop", setid(&c, IDS_GID, OP_SET, 0, 0, 0), -EPERM);
	check("setgroups after the drop", creds_setgroups(&c, calloc(1, sizeof(uint32_t)), 1), -EPERM);
	check("setuid(100), its own uid, after the drop", setid(&c, IDS_UID, OP_SET, 100, 0, 0), 0);
	check("setuid(-1)", setid(&c, IDS_UID, OP_SET, -1, 0, 0), -EINVAL);

	/* a temporary drop of the euid keeps the saved 0: seteuid(0) regains it */
	c = root();
	check("setresuid(-1, 1000, -1)", setid(&c, IDS_UID, OP_RES, -1, 1000, -1), 0);
	check("euid is 1000, saved 0", c.uid[1] * 10 + c.uid[2], 10000);
	check("setresuid(-1, 0, -1) regains euid 0", setid(&c, IDS_UID, OP_RES, -1, 0, -1), 0);
	check("and CAP_SETUID with it", (c.cap_eff & CAP_BIT_SETUID) != 0, 1);

	/* setreuid: a changed real ID sets the saved ID to the new euid */
	c = root();
	check("setreuid(5, 6)", setid(&c, IDS_UID, OP_RE, 5, 6, 0), 0);
	check("real 5, effective 6, saved 6, fs 6",
	      c.uid[0] * 1000 + c.uid[1] * 100 + c.uid[2] * 10 + c.uid[3], 5666);
	check("unprivileged setreuid(6, 5) swaps", setid(&c, IDS_UID, OP_RE, 6, 5, 0), 0);
	check("unprivileged setreuid(7, -1) is refused", setid(&c, IDS_UID, OP_RE, 7, -1, 0), -EPERM);

	/* setfsuid returns the old value and never fails */
	c = root();
	check("setfsuid(42) returns the old fsuid", setid(&c, IDS_UID, OP_FS, 42, 0, 0), 0);
	check("setfsuid(-1) returns it, unchanged", setid(&c, IDS_UID, OP_FS, -1, 0, 0), 42);
	check("the fsuid change leaves euid alone", c.uid[1], 0);

	/* capset: the effective capabilities decide what set*id may do */
	c = root();
	check("capset: effective CAP_SETGID only", creds_capset(&c, CAP_BIT_SETGID, CAP_BITS_SETID), 0);
	check("without CAP_SETUID, setuid(5)", setid(&c, IDS_UID, OP_SET, 5, 0, 0), -EPERM);
	check("with CAP_SETGID, setgid(5)", setid(&c, IDS_GID, OP_SET, 5, 0, 0), 0);
	check("capset: effective beyond permitted", creds_capset(&c, CAP_BITS_SETID, CAP_BIT_SETGID), -EPERM);

	/* a full drop empties the permitted set: capset cannot raise CAP_SETUID again */
	c = root();
	check("setresuid(5, 5, 5)", setid(&c, IDS_UID, OP_RES, 5, 5, 5), 0);
	check("capset raising CAP_SETUID after a full drop", creds_capset(&c, CAP_BITS_SETID, CAP_BITS_SETID),
	      -EPERM);
	check("and setuid(0) still fails", setid(&c, IDS_UID, OP_SET, 0, 0, 0), -EPERM);

	/* PR_SET_KEEPCAPS, as setpriv(1) drops: the permitted set survives, and capset restores the effective */
	c = root();
	c.keepcaps = true;
	check("keep-caps: setresuid(1000, 1000, 1000)", setid(&c, IDS_UID, OP_RES, 1000, 1000, 1000), 0);
	check("keep-caps: permitted kept, effective cleared",
	      (c.cap_perm == CAP_BITS_SETID) * 10 + (c.cap_eff == 0), 11);
	check("keep-caps: capset restores the effective", creds_capset(&c, CAP_BITS_SETID, CAP_BITS_SETID),
	      0);
	check("keep-caps: setresgid(1000, 1000, 1000) then works",
	      setid(&c, IDS_GID, OP_RES, 1000, 1000, 1000), 0);

	/* exec: saved IDs follow the effective ones; a non-root process loses its capabilities */
	creds_exec(&c, ID_UNCHANGED, ID_UNCHANGED);
	check("after exec as 1000: no capability, keep-caps ended", c.cap_eff | c.cap_perm | c.keepcaps, 0);
	c = root();
	check("setresuid(-1, 100, -1)", setid(&c, IDS_UID, OP_RES, -1, 100, -1), 0);
	creds_exec(&c, ID_UNCHANGED, ID_UNCHANGED);
	check("after exec: saved uid takes the effective 100", c.uid[2], 100);
	creds_exec(&c, 0, ID_UNCHANGED); /* a set-user-ID file of the user, who is root inside */
	check("exec of a set-user-ID-root file: euid 0 again", c.uid[1] * 10 + (c.cap_eff == CAP_BITS_SETID),
	      1);
	return failed;
}
