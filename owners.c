/*
 * owners.c: the ownership changes that were faked, kept until the command
 * exits, then reported (owners.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "creds.h"
#include "msg.h"
#include "owners.h"

struct lost {
	char *path;
	uint32_t uid, gid;
	unsigned next; /* hash chain, + 1 */
};

static struct lost *lost;
static unsigned n_lost, cap_lost, *heads; /* heads: 4096 chains, + 1 */

#define N_HEADS 4096

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h % N_HEADS;
}

void owners_lost(const char *path, uint32_t uid, uint32_t gid)
{
	unsigned h = hash(path), i;

	if (!heads && !(heads = calloc(N_HEADS, sizeof(*heads))))
		return;
	for (i = heads[h]; i; i = lost[i - 1].next)
		if (strcmp(lost[i - 1].path, path) == 0) { /* chown again: the last one counts */
			lost[i - 1].uid = uid != ID_UNCHANGED ? uid : lost[i - 1].uid;
			lost[i - 1].gid = gid != ID_UNCHANGED ? gid : lost[i - 1].gid;
			return;
		}
	if (n_lost == cap_lost) {
		unsigned cap = cap_lost ? 2 * cap_lost : 256;
		struct lost *grown = reallocarray(lost, cap, sizeof(*lost));

		if (!grown)
			return;
		lost = grown;
		cap_lost = cap;
	}
	if (!(lost[n_lost].path = strdup(path)))
		return;
	lost[n_lost].uid = uid;
	lost[n_lost].gid = gid;
	lost[n_lost].next = heads[h];
	heads[h] = ++n_lost;
}

/* mtree(5) paths: vis(3)-style, every byte that is not printable, and the
 * space, backslash and '#', as \ooo. */
static void put_mtree_path(FILE *f, const char *path)
{
	for (; *path; path++) {
		unsigned char c = *path;

		if (c <= ' ' || c >= 0x7f || c == '\\' || c == '#')
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
}

/* The name to give a file: relative to cwd ("./debian/x") below it, as is elsewhere. */
static const char *shown(const char *path, const char *cwd, char *buf, size_t size)
{
	size_t n = strlen(cwd);

	if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/')
		snprintf(buf, size, ".%s", path + n);
	else if (n == 1 && cwd[0] == '/')
		snprintf(buf, size, ".%s", path);
	else
		snprintf(buf, size, "%s", path);
	return buf;
}

static const char *type_of(mode_t m)
{
	return S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "link" : S_ISREG(m) ? "file" : S_ISFIFO(m) ? "fifo" : "char";
}

void owners_report(int root, const char *cwd, int fd, int ranges)
{
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	char name[8192];

	/* an existing FILE loses what it held only now; a FIFO or a terminal
	 * cannot be truncated (EINVAL), nor need be */
	if (out && ftruncate(fd, 0) != 0 && errno != EINVAL)
		warn("--owners: cannot truncate the file: %s", strerror(errno));
	if (out)
		fputs("#mtree\n", out);
	if (n_lost)
		warn("%u ownership change%s could not be kept: %s", n_lost, n_lost == 1 ? "" : "s",
		     ranges ? "the IDs are outside the ranges this user namespace maps"
			    : "this user namespace maps only your own ID, so the files stay yours");
	for (unsigned i = 0; i < n_lost; i++) {
		struct lost *l = &lost[i];
		struct stat st;
		bool seen = fstatat(root, l->path[0] == '/' ? l->path + 1 : l->path, &st,
				    AT_SYMLINK_NOFOLLOW) == 0;

		shown(l->path, cwd, name, sizeof(name));
		/* debian/rules chowns before it chmods: the modes are those of now */
		if (seen && S_ISREG(st.st_mode) && (st.st_mode & S_ISUID) && l->uid != ID_UNCHANGED)
			warn("%s is set-user-ID, but its owner is you, not uid %u as asked", name, l->uid);
		if (seen && (st.st_mode & S_ISGID) && l->gid != ID_UNCHANGED)
			warn("%s is set-group-ID, but its group is yours, not gid %u as asked", name, l->gid);
		if (!out)
			continue;
		put_mtree_path(out, name);
		if (seen)
			fprintf(out, " type=%s mode=%04o", type_of(st.st_mode), (unsigned)st.st_mode & 07777);
		if (l->uid != ID_UNCHANGED)
			fprintf(out, " uid=%u", l->uid);
		if (l->gid != ID_UNCHANGED)
			fprintf(out, " gid=%u", l->gid);
		fputc('\n', out);
	}
	if (n_lost && !ranges)
		warn("to keep them, run with --map-auto (subordinate IDs from /etc/subuid)%s",
		     fd >= 0 ? "" : "; to list them, with --owners=FILE");
	else if (n_lost && fd < 0)
		warn("to list them, run with --owners=FILE");
	if (out)
		fclose(out);
}

bool owners_any(void)
{
	return n_lost > 0;
}
