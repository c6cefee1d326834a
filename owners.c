/*
 * owners.c: the ownership changes that were faked, noted by file (device and
 * inode) while the command runs, then reported under the names the files
 * have when it exits (owners.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/openat2.h>
#include <linux/stat.h>

#include "caller.h"
#include "creds.h"
#include "msg.h"
#include "owners.h"

/* ---- the notes, in the supervisor ---- */

struct lost {
	struct file_id id;
	uint32_t uid, gid; /* asked for; ID_UNCHANGED: nothing lost */
	char *path;	   /* its name at its last chown, from the supervisor's root, or NULL */
	unsigned next;	   /* hash chain, + 1 */
	/* the report's: where it is now, and what it is */
	char *name; /* below the scope ("" is the scope), or from the root ("/x") if outside */
	bool found, outside;
	uint32_t now_mode, now_uid, now_gid;
};

static struct lost *lost;
static unsigned n_lost, cap_lost, n_live, n_unidentified, *heads; /* heads: chains, + 1 */
static unsigned heads_bits;					  /* 2^heads_bits heads */

static bool live(const struct lost *l)
{
	return l->uid != ID_UNCHANGED || l->gid != ID_UNCHANGED;
}

static unsigned hash_of(uint64_t dev, uint64_t ino)
{
	return (unsigned)(((ino ^ (dev << 29)) * 0x9e3779b97f4a7c15ull) >> (64 - heads_bits));
}

/* The same file, not only the same inode number: a removed file's number
 * is soon another's, whose birth time differs. */
static bool same_file(const struct file_id *a, const struct file_id *b)
{
	return a->dev == b->dev && a->ino == b->ino &&
	       (!a->has_btime || !b->has_btime || (a->btime == b->btime && a->btime_ns == b->btime_ns));
}

static struct lost *find(const struct file_id *id)
{
	if (!heads)
		return NULL;
	for (unsigned i = heads[hash_of(id->dev, id->ino)]; i; i = lost[i - 1].next)
		if (lost[i - 1].id.dev == id->dev && lost[i - 1].id.ino == id->ino)
			return &lost[i - 1];
	return NULL;
}

/* As many chains as notes at least: a walk down one is a cache miss per
 * note (tar notes every file it makes, each a new one, looked up first). */
static bool grow_heads(void)
{
	unsigned bits = heads_bits ? heads_bits + 1 : 12, *grown;

	if (bits > 30 || !(grown = calloc((size_t)1 << bits, sizeof(*grown))))
		return heads != NULL; /* longer chains, still right */
	free(heads);
	heads = grown;
	heads_bits = bits;
	for (unsigned i = 0; i < n_lost; i++) {
		unsigned h = hash_of(lost[i].id.dev, lost[i].id.ino);

		lost[i].next = heads[h];
		heads[h] = i + 1;
	}
	return true;
}

static struct lost *add(const struct file_id *id)
{
	unsigned h;

	if ((!heads || n_lost >= 1u << heads_bits) && !grow_heads())
		return NULL;
	if (n_lost == cap_lost) {
		unsigned cap = cap_lost ? 2 * cap_lost : 256;
		struct lost *grown = reallocarray(lost, cap, sizeof(*lost));

		if (!grown)
			return NULL;
		lost = grown;
		cap_lost = cap;
	}
	h = hash_of(id->dev, id->ino);
	memset(&lost[n_lost], 0, sizeof(*lost));
	lost[n_lost].id = *id;
	lost[n_lost].uid = lost[n_lost].gid = ID_UNCHANGED;
	lost[n_lost].next = heads[h];
	heads[h] = ++n_lost;
	return &lost[n_lost - 1];
}

bool owners_any(void)
{
	return n_live > 0;
}

bool owners_to_report(void)
{
	return n_live > 0 || n_unidentified > 0;
}

void owners_unidentified(void)
{
	n_unidentified++;
}

void owners_chown(const struct file_id *id, const char *path, uint32_t uid, uint32_t gid, bool restores)
{
	struct lost *l = find(id);
	bool was;

	if (l && !same_file(&l->id, id)) { /* its inode number, now another file's */
		n_live -= live(l);
		l->uid = l->gid = ID_UNCHANGED;
		l->id = *id;
	}
	if (!l && restores)
		return;
	if (!l && !(l = add(id))) {
		n_unidentified++; /* out of memory: still counted */
		return;
	}
	was = live(l);
	if (uid != ID_UNCHANGED)
		l->uid = restores ? ID_UNCHANGED : uid;
	if (gid != ID_UNCHANGED)
		l->gid = restores ? ID_UNCHANGED : gid;
	l->id.mode = id->mode;
	if (path && path[0] && (!l->path || strcmp(l->path, path) != 0)) {
		char *copy = strdup(path);

		if (copy) {
			free(l->path);
			l->path = copy;
		}
	}
	n_live = n_live - was + live(l);
}

/* ---- results handed back by helpers ---- */

enum { SLOT_FREE, SLOT_FOUND, SLOT_UNIDENTIFIED };

struct hand_back {
	int state;    /* written last */
	uint32_t seq; /* 32 bits: atomic on every ABI (mips o32 has no 64-bit atomics) */
	struct file_id id;
	uint32_t uid, gid;
	bool restores;
	char path[PATH_MAX];
};

/* Shared with every helper forked after it is mapped (MAP_SHARED): they are
 * copies of the supervisor, whose own memory they do not reach. */
static struct shared {
	uint32_t seq; /* results handed back so far, modulo 2^32 */
	struct hand_back slot[OWNERS_SLOTS];
} * shared;
static uint32_t collected;

bool owners_prepare(void)
{
	void *m;

	if (shared)
		return true;
	m = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return false;
	shared = m;
	return true;
}

static void hand_back(int slot, int state, const struct file_id *id, const char *path, uint32_t uid,
		      uint32_t gid, bool restores)
{
	struct hand_back *s;

	if (!shared || slot < 0 || slot >= OWNERS_SLOTS)
		return;
	s = &shared->slot[slot];
	if (id)
		s->id = *id;
	snprintf(s->path, sizeof(s->path), "%s", path ? path : "");
	s->uid = uid;
	s->gid = gid;
	s->restores = restores;
	s->seq = __atomic_fetch_add(&shared->seq, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&s->state, state, __ATOMIC_RELEASE);
}

void owners_hand_back(int slot, const struct file_id *id, const char *path, uint32_t uid, uint32_t gid,
		      bool restores)
{
	hand_back(slot, SLOT_FOUND, id, path, uid, gid, restores);
}

void owners_hand_back_unidentified(int slot)
{
	hand_back(slot, SLOT_UNIDENTIFIED, NULL, NULL, ID_UNCHANGED, ID_UNCHANGED, false);
}

void owners_collect(void)
{
	/* in the order the helpers finished: a chown and the one that undid it,
	 * by two helpers, keep their order */
	while (shared && collected != __atomic_load_n(&shared->seq, __ATOMIC_ACQUIRE)) {
		struct hand_back *first = NULL;

		for (int i = 0; i < OWNERS_SLOTS; i++) {
			struct hand_back *s = &shared->slot[i];

			if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != SLOT_FREE &&
			    (!first || (int32_t)(s->seq - first->seq) < 0))
				first = s;
		}
		if (!first)
			return; /* counted, not yet written: the next collection has it */
		if (first->state == SLOT_FOUND)
			owners_chown(&first->id, first->path, first->uid, first->gid, first->restores);
		else
			n_unidentified++;
		__atomic_store_n(&first->state, SLOT_FREE, __ATOMIC_RELEASE);
		collected++;
	}
}

/* ---- the mtree name: pure ---- */

bool mtree_path(const char *rel, char *buf, size_t size)
{
	size_t n = 0;

	if (size)
		buf[0] = '\0';
	if (!rel[0]) {
		if (size < 2)
			return false;
		memcpy(buf, ".", 2);
		return true;
	}
	for (const char *c = rel;; c++) { /* clean: no "", "." or ".." component */
		size_t len = strcspn(c, "/");

		if (len == 0 || (len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += len;
		if (!*c)
			break;
	}
	if (size < 3)
		return false;
	buf[n++] = '.';
	buf[n++] = '/';
	for (const char *c = rel; *c; c++) {
		unsigned char b = *c;

		if (b <= ' ' || b >= 0x7f || strchr("\\#=*?[", b)) {
			if (n + 5 > size)
				break;
			buf[n++] = '\\';
			buf[n++] = '0' + (b >> 6);
			buf[n++] = '0' + ((b >> 3) & 7);
			buf[n++] = '0' + (b & 7);
		} else {
			if (n + 2 > size)
				break;
			buf[n++] = b;
		}
		if (!c[1]) {
			buf[n] = '\0';
			return true;
		}
	}
	buf[0] = '\0';
	return false;
}

/* ---- the report: where each file is now ---- */

#define STATX_WANTED (STATX_TYPE | STATX_MODE | STATX_UID | STATX_GID | STATX_INO | STATX_BTIME)

/* Only below the directory, through no symbolic or magic link: bsdtar,
 * opening the same name from the same directory, finds the same file. */
#define BENEATH (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)

static int open_beneath(int dirfd, const char *rel, int flags)
{
	struct open_how how = {.flags = (uint64_t)flags | O_CLOEXEC, .resolve = BENEATH};

	return syscall(SYS_openat2, dirfd, rel[0] ? rel : ".", &how, sizeof(how));
}

/* The path one of our descriptors names, from the same root as the noted
 * paths (identify_file()'s). */
static bool path_of_fd(int fd, char *buf, size_t size)
{
	char p[64];
	ssize_t n;

	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	n = readlink(p, buf, size - 1);
	if (n <= 0 || (size_t)n >= size - 1)
		return false;
	buf[n] = '\0';
	return buf[0] == '/';
}

/* The part of path below dir: "" for dir itself; NULL if not below it. */
static const char *below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!path)
		return NULL;
	if (strcmp(dir, "/") == 0)
		return path[0] == '/' ? path + 1 : NULL;
	if (strncmp(path, dir, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return NULL;
	return path + n + (path[n] == '/');
}

static bool matches(const struct lost *l, const struct statx *st)
{
	struct file_id now;

	file_id_of(st, &now);
	return same_file(&l->id, &now);
}

/* name: below the scope; outside, from the root (then shown with a "/"). */
static void found_at(struct lost *l, const char *name, const struct statx *st, bool outside)
{
	if (asprintf(&l->name, "%s%s", outside ? "/" : "", name) < 0) {
		l->name = NULL;
		return;
	}
	l->found = true;
	l->outside = outside;
	l->now_mode = st->stx_mode;
	l->now_uid = st->stx_uid;
	l->now_gid = st->stx_gid;
}

/* The directory of the last name looked at, kept open for the next names
 * in it: notes come a directory at a time (tar's, dpkg's), and one path
 * resolved per file was most of the report's time. */
struct parent {
	int base, fd; /* fd: dir below base, or -1 */
	char dir[PATH_MAX];
};

/* The descriptor of rel's directory below base, and in *leaf its last part. */
static int parent_of(struct parent *pa, int base, const char *rel, const char **leaf)
{
	const char *slash = strrchr(rel, '/');
	int n = slash ? (int)(slash - rel) : 0;

	*leaf = slash ? slash + 1 : rel;
	if (pa->fd >= 0 && pa->base == base && (int)strlen(pa->dir) == n && strncmp(pa->dir, rel, n) == 0)
		return pa->fd;
	if (pa->fd >= 0)
		close(pa->fd);
	snprintf(pa->dir, sizeof(pa->dir), "%.*s", n, rel);
	pa->base = base;
	pa->fd = open_beneath(base, pa->dir, O_PATH | O_DIRECTORY);
	return pa->fd;
}

/* Is the file at rel, below dirfd, the noted one? Its directory is reached
 * through no link (BENEATH); the last part is not followed either. */
static bool look_at(struct parent *pa, int dirfd, const char *rel, struct lost *l, bool outside)
{
	const char *leaf = "";
	int fd = rel[0] ? parent_of(pa, dirfd, rel, &leaf) : dirfd;
	struct statx st;
	bool same = fd >= 0 && strcmp(leaf, "..") != 0 && /* never above dirfd */
		    zr_statx(fd, leaf, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | (leaf[0] ? 0 : AT_EMPTY_PATH),
			     STATX_WANTED, &st) == 0 &&
		    matches(l, &st);

	if (same)
		found_at(l, rel, &st, outside);
	return same;
}

/* Is it elsewhere in the directory rel was in? dpkg writes X.dpkg-new,
 * chowns it, and renames it to X. Directories are looked at whatever their
 * d_ino (overlayfs's may differ from st_ino). */
static bool look_beside(int dirfd, const char *rel, struct lost *l, bool outside)
{
	const char *slash = strrchr(rel, '/');
	char parent[PATH_MAX], name[PATH_MAX * 2];
	struct dirent *e;
	int fd;
	DIR *d;

	if (!rel[0])
		return false; /* the scope itself */
	snprintf(parent, sizeof(parent), "%.*s", slash ? (int)(slash - rel) : 0, rel);
	if ((fd = open_beneath(dirfd, parent, O_RDONLY | O_DIRECTORY)) < 0)
		return false;
	if (!(d = fdopendir(fd))) {
		close(fd);
		return false;
	}
	while ((e = readdir(d))) {
		struct statx st;

		if ((e->d_ino != l->id.ino && e->d_type != DT_DIR && e->d_type != DT_UNKNOWN) ||
		    strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    zr_statx(fd, e->d_name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_WANTED, &st) != 0 ||
		    !matches(l, &st))
			continue;
		snprintf(name, sizeof(name), "%s%s%s", parent, parent[0] ? "/" : "", e->d_name);
		found_at(l, name, &st, outside);
		break;
	}
	closedir(d);
	return l->found;
}

/* ---- the report: a search of the scope for the files that moved ---- */

#define WALK_BUDGET 1000000 /* entries read at most: a search, not a scan of a disk */
#define CUT_SHORT   " (or that the search for moved files, 1,000,000 entries at most, did not find)"
#define WALK_DEPTH  128
#define MAX_DEVS    32

struct walk {
	struct lost **want; /* by inode number, open addressing */
	unsigned want_size, left;
	uint64_t devs[MAX_DEVS]; /* the devices of the files sought: only those are entered */
	unsigned n_devs;
	bool any_dev;
	struct {
		uint64_t dev, ino;
	} * seen; /* directories entered: a bind mount can make a cycle */
	unsigned seen_size, n_seen;
	unsigned long budget;
	bool cut;
	char name[PATH_MAX];
};

static unsigned slot_of(uint64_t ino, unsigned size)
{
	return (unsigned)((ino * 0x9e3779b97f4a7c15ull) >> 32) & (size - 1);
}

static bool wanted_ino(const struct walk *w, uint64_t ino)
{
	for (unsigned i = slot_of(ino, w->want_size); w->want[i]; i = (i + 1) & (w->want_size - 1))
		if (w->want[i]->id.ino == ino)
			return true;
	return false;
}

/* Each sought file that st is, found under the walk's current name. */
static void claim(struct walk *w, const struct statx *st)
{
	for (unsigned i = slot_of(st->stx_ino, w->want_size); w->want[i]; i = (i + 1) & (w->want_size - 1)) {
		struct lost *l = w->want[i];

		if (!l->found && l->id.ino == st->stx_ino && matches(l, st)) {
			found_at(l, w->name, st, false);
			w->left -= l->found;
		}
	}
}

static bool dev_wanted(const struct walk *w, uint64_t dev)
{
	for (unsigned i = 0; i < w->n_devs; i++)
		if (w->devs[i] == dev)
			return true;
	return w->any_dev;
}

/* false if the directory was entered before (or cannot be remembered). */
static bool first_visit(struct walk *w, uint64_t dev, uint64_t ino)
{
	unsigned i;

	if (2 * (w->n_seen + 1) > w->seen_size) {
		unsigned size = w->seen_size ? 2 * w->seen_size : 1024;
		__typeof__(w->seen) grown = calloc(size, sizeof(*w->seen));

		if (!grown)
			return false;
		for (unsigned j = 0; j < w->seen_size; j++)
			if (w->seen[j].ino || w->seen[j].dev) {
				for (i = slot_of(w->seen[j].ino ^ w->seen[j].dev, size);
				     grown[i].ino || grown[i].dev; i = (i + 1) & (size - 1))
					;
				grown[i] = w->seen[j];
			}
		free(w->seen);
		w->seen = grown;
		w->seen_size = size;
	}
	for (i = slot_of(ino ^ dev, w->seen_size); w->seen[i].ino || w->seen[i].dev;
	     i = (i + 1) & (w->seen_size - 1))
		if (w->seen[i].ino == ino && w->seen[i].dev == dev)
			return false;
	w->seen[i].dev = dev;
	w->seen[i].ino = ino;
	w->n_seen++;
	return true;
}

/* The directory open at fd, named w->name (len bytes): every entry that may
 * be sought (its d_ino) or may be a directory is looked at; a symbolic link
 * is never followed. Closes fd. */
static void walk_dir(struct walk *w, int fd, size_t len, unsigned depth)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;

	if (!d) {
		close(fd);
		return;
	}
	while (w->left && (e = readdir(d))) {
		bool maybe_dir = e->d_type == DT_DIR || e->d_type == DT_UNKNOWN;
		size_t n = strlen(e->d_name);
		struct statx st;
		int sub;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (w->budget == 0) {
			w->cut = true;
			break;
		}
		w->budget--;
		if ((!maybe_dir && !wanted_ino(w, e->d_ino)) || len + n + 2 > sizeof(w->name))
			continue;
		snprintf(w->name + len, sizeof(w->name) - len, "%s%s", len ? "/" : "", e->d_name);
		if (zr_statx(fd, e->d_name, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_WANTED, &st) == 0) {
			uint64_t dev = makedev(st.stx_dev_major, st.stx_dev_minor);

			claim(w, &st);
			if (S_ISDIR(st.stx_mode) && depth < WALK_DEPTH && w->left && dev_wanted(w, dev) &&
			    first_visit(w, dev, st.stx_ino) &&
			    (sub = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >=
				    0)
				walk_dir(w, sub, strlen(w->name), depth + 1);
		}
		w->name[len] = '\0';
	}
	closedir(d);
}

/* Search the scope for every file not found where it was: moved (mv,
 * dh_movefiles), renamed to another directory. The files no longer there
 * are the ones removed; the search is what tells them apart, so it reads
 * the whole scope when one was, WALK_BUDGET entries at most. Returns false
 * if it stopped there. */
static bool search(int scope, struct lost **want, unsigned n)
{
	struct walk w = {.left = n, .budget = WALK_BUDGET};
	struct statx st;
	int fd;

	if (!n)
		return true;
	for (w.want_size = 16; w.want_size < 2 * n; w.want_size *= 2)
		;
	if (!(w.want = calloc(w.want_size, sizeof(struct lost *))))
		return false;
	for (unsigned k = 0; k < n; k++) {
		unsigned i = slot_of(want[k]->id.ino, w.want_size);

		while (w.want[i])
			i = (i + 1) & (w.want_size - 1);
		w.want[i] = want[k];
		if (!dev_wanted(&w, want[k]->id.dev)) {
			if (w.n_devs == MAX_DEVS)
				w.any_dev = true;
			else
				w.devs[w.n_devs++] = want[k]->id.dev;
		}
	}
	if ((fd = openat(scope, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0 &&
	    zr_statx(fd, "", AT_EMPTY_PATH, STATX_INO, &st) == 0 &&
	    first_visit(&w, makedev(st.stx_dev_major, st.stx_dev_minor), st.stx_ino))
		walk_dir(&w, fd, 0, 0);
	else if (fd >= 0)
		close(fd);
	free(w.want);
	free(w.seen);
	return !w.cut;
}

/* ---- the report: user and group names, as the tree has them ---- */

/* The tree's /etc/passwd or /etc/group, read through its root; NULL if none. */
static char *read_db(int root, const char *rel)
{
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC,
			       .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	size_t size = 1 << 20, n = 0;
	char *buf = malloc(size + 1);
	int fd = syscall(SYS_openat2, root, rel, &how, sizeof(how));
	ssize_t got;

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while (n < size && (got = read(fd, buf + n, size - n)) > 0)
		n += got;
	close(fd);
	buf[n] = '\0';
	return buf;
}

/* The name of id in a passwd or group file ("name:x:id:..."), if it is one
 * that needs no escaping in an mtree value; else NULL. */
static const char *name_in(const char *db, uint32_t id, char *buf, size_t size)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
	const char *next;

	for (const char *line = db; *line; line = next) {
		size_t len = strcspn(line, "\n"), name = strcspn(line, ":\n");
		const char *f2 = line[name] == ':' ? memchr(line + name + 1, ':', len - name - 1) : NULL;
		char *end;

		next = line + len + (line[len] == '\n');
		if (!f2 || name == 0 || name >= size || strspn(line, safe) < name || line[0] == '-' ||
		    !(f2[1] >= '0' && f2[1] <= '9') || strtoul(f2 + 1, &end, 10) != id || *end != ':')
			continue;
		memcpy(buf, line, name);
		buf[name] = '\0';
		return buf;
	}
	return NULL;
}

/* ---- the report itself ---- */

static const char *type_of(uint32_t m)
{
	switch (m & S_IFMT) {
	case S_IFDIR:
		return "dir";
	case S_IFLNK:
		return "link";
	case S_IFREG:
		return "file";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	case S_IFBLK:
		return "block";
	default:
		return "char";
	}
}

/* What makes a lost owner matter: a program that runs as its owner or
 * group, a directory whose group its new files take. Set-group-ID without
 * group execute is mandatory locking, not set-ID. */
static bool setuid_file(uint32_t m)
{
	return S_ISREG(m) && (m & S_ISUID);
}

static bool setgid_file(uint32_t m)
{
	return S_ISREG(m) && (m & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP);
}

/* The warnings a file gets by name: those of its set-ID bits whose ID was
 * lost; else, where the other ID was lost, that one. */
static unsigned warn_named(const struct lost *l, const char *name)
{
	bool su = setuid_file(l->now_mode), sg = setgid_file(l->now_mode);
	bool u = l->uid != ID_UNCHANGED, g = l->gid != ID_UNCHANGED;
	unsigned n = 0;

	if (S_ISDIR(l->now_mode) && (l->now_mode & S_ISGID) && g) {
		warn("%s is a set-group-ID directory, but its group is yours, not gid %u as asked, and so is "
		     "that of the files made in it",
		     name, l->gid);
		return 1;
	}
	if (su && u && ++n)
		warn("%s is set-user-ID, but its owner is you, not uid %u as asked", name, l->uid);
	if (sg && g && ++n)
		warn("%s is set-group-ID, but its group is yours, not gid %u as asked", name, l->gid);
	if (!n && su && g && ++n)
		warn("%s is set-user-ID, but its group is yours, not gid %u as asked", name, l->gid);
	if (!n && sg && u && ++n)
		warn("%s is set-group-ID, but its owner is you, not uid %u as asked", name, l->uid);
	return n;
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(struct lost *const *)a)->name, (*(struct lost *const *)b)->name);
}

/* Where each live note's file is now: where it was last chowned; else in
 * that directory; else, below the scope, found by a search. A file outside
 * the scope is looked for only where it was, from the root, for the
 * warnings. Returns false if the search stopped short. */
static bool locate(const struct owners_scope *sc, int scope, const char *scope_path, const char *root_path)
{
	struct lost **want = calloc(n_lost + 1, sizeof(struct lost *));
	struct parent pa = {.fd = -1};
	unsigned n_want = 0;
	bool whole;

	for (unsigned i = 0; i < n_lost; i++) {
		struct lost *l = &lost[i];
		const char *rel = scope_path ? below(l->path, scope_path) : NULL, *rr;

		if (!live(l))
			continue;
		if (rel && (look_at(&pa, scope, rel, l, false) || look_beside(scope, rel, l, false)))
			continue;
		if (rel && want && (sc->out >= 0 || S_ISREG(l->id.mode) || S_ISDIR(l->id.mode)))
			want[n_want++] = l;
		else if (!rel && root_path && (rr = below(l->path, root_path)) &&
			 !look_at(&pa, sc->root, rr, l, true))
			look_beside(sc->root, rr, l, true);
	}
	if (pa.fd >= 0)
		close(pa.fd);
	whole = search(scope, want, n_want);
	free(want);
	return whole;
}

/* What the report found: files it warns about (regular files, set-group-ID
 * directories that lost their group), the others, those no longer there,
 * those outside the scope. */
struct tally {
	unsigned warned, dirs, links, others, gone, outside;
	bool whole; /* the search read all it had to */
};

/* Each found file with what it lost now, into shown (sorted by name);
 * returns how many. An ID asked for that the file has, and the namespace
 * maps, was not lost after all. */
static unsigned classify(const struct owners_scope *sc, struct lost **shown, struct tally *t)
{
	unsigned n = 0;

	for (unsigned i = 0; i < n_lost; i++) {
		struct lost *l = &lost[i];

		if (!live(l))
			continue;
		if (!l->found) {
			t->gone++;
			continue;
		}
		if (l->uid == l->now_uid && id_mapped(sc->map, l->uid, false))
			l->uid = ID_UNCHANGED;
		if (l->gid == l->now_gid && id_mapped(sc->map, l->gid, true))
			l->gid = ID_UNCHANGED;
		if (!live(l))
			continue;
		if (S_ISREG(l->now_mode) ||
		    (S_ISDIR(l->now_mode) && (l->now_mode & S_ISGID) && l->gid != ID_UNCHANGED))
			t->warned++;
		else if (S_ISDIR(l->now_mode))
			t->dirs++;
		else if (S_ISLNK(l->now_mode))
			t->links++;
		else
			t->others++;
		t->outside += l->outside;
		shown[n++] = l;
	}
	if (n)
		qsort(shown, n, sizeof(struct lost *), by_name);
	return n;
}

/* A file's name for a warning: "./x" below the scope, "/x" outside. */
static const char *shown_name(const struct lost *l, char *buf, size_t size)
{
	if (l->outside)
		return l->name;
	snprintf(buf, size, ".%s%s", l->name[0] ? "/" : "", l->name);
	return buf;
}

static void warn_all(const struct owners_scope *sc, struct lost **shown, unsigned n, const struct tally *t)
{
	char buf[PATH_MAX + 8];

	if (t->warned)
		warn("%u ownership change%s could not be kept: %s", t->warned, t->warned == 1 ? "" : "s",
		     sc->ranges ? "the IDs are outside the ranges this user namespace maps"
				: "this user namespace maps only your own ID, so the files stay yours");
	for (unsigned i = 0; i < n; i++)
		warn_named(shown[i], shown_name(shown[i], buf, sizeof(buf)));
	/* stat shows a file's real owner, so a copy takes that: no file noted here */
	if (t->warned && !sc->ranges)
		warn("copies of them (cp -a, dh_install) get your owner and are not named: to keep owners, "
		     "copies included, run with --map-auto (subordinate IDs from /etc/subuid)%s",
		     sc->out >= 0 ? "" : "; to list them, with --owners=FILE");
	else if (t->warned)
		warn("copies of them (cp -a, dh_install) get the owners the files have and are not named%s",
		     sc->out >= 0 ? "" : "; to list them, run with --owners=FILE");
	if (n_unidentified)
		warn("%u ownership change%s could not be kept on files zeroroot could not identify "
		     "(named through a link such as /proc/self/fd/N, or out of its reach): "
		     "they are not named or listed",
		     n_unidentified, n_unidentified == 1 ? "" : "s");
	if (sc->out >= 0 && t->outside)
		warn("--owners: %u of the files lie outside %s and are not listed: the names stay below it",
		     t->outside, sc->in_root ? "the --root tree" : "the directory zeroroot started in");
	if (t->dirs + t->links + t->others + t->gone)
		note("also lost, not warned about: %u on directories, %u on symbolic links, "
		     "%u on other files, %u on files that no longer exist%s",
		     t->dirs, t->links, t->others, t->gone, t->whole ? "" : CUT_SHORT);
}

/* One line per file below the scope; user and group names as the tree has them. */
static void write_mtree(FILE *out, int root, struct lost **shown, unsigned n)
{
	char *passwd = read_db(root, "etc/passwd"), *group = read_db(root, "etc/group");
	char buf[PATH_MAX * 4 + 8], uname[64], gname[64];

	for (unsigned i = 0; i < n; i++) {
		struct lost *l = shown[i];
		const char *u = passwd ? name_in(passwd, l->uid, uname, sizeof(uname)) : NULL;
		const char *g = group ? name_in(group, l->gid, gname, sizeof(gname)) : NULL;

		if (l->outside || !mtree_path(l->name, buf, sizeof(buf)))
			continue;
		fprintf(out, "%s type=%s mode=%04o", buf, type_of(l->now_mode),
			(unsigned)l->now_mode & 07777);
		if (l->uid != ID_UNCHANGED)
			fprintf(out, " uid=%u%s%s", l->uid, u ? " uname=" : "", u ? u : "");
		if (l->gid != ID_UNCHANGED)
			fprintf(out, " gid=%u%s%s", l->gid, g ? " gname=" : "", g ? g : "");
		fputc('\n', out);
	}
	free(passwd);
	free(group);
}

void owners_report(const struct owners_scope *sc)
{
	FILE *out = sc->out >= 0 ? fdopen(sc->out, "w") : NULL;
	char scope_path[PATH_MAX], root_path[PATH_MAX];
	int scope = sc->in_root ? sc->root : sc->cwd;
	struct lost **shown = calloc(n_lost + 1, sizeof(struct lost *));
	struct tally t = {.whole = true};
	unsigned n = 0;

	/* an existing FILE loses what it held only now; a FIFO or a terminal
	 * cannot be truncated (EINVAL), nor need be */
	if (out && ftruncate(sc->out, 0) != 0 && errno != EINVAL)
		warn("--owners: cannot truncate the file: %s", strerror(errno));
	if (out)
		fputs("#mtree\n", out);
	owners_collect();
	if (n_live && shown) {
		t.whole = locate(sc, scope,
				 path_of_fd(scope, scope_path, sizeof(scope_path)) ? scope_path : NULL,
				 path_of_fd(sc->root, root_path, sizeof(root_path)) ? root_path : NULL);
		n = classify(sc, shown, &t);
	} else if (n_live) {
		t.gone = n_live; /* out of memory: counted, at least */
	}
	warn_all(sc, shown, n, &t);
	if (out) {
		write_mtree(out, sc->root, shown, n);
		fclose(out);
	}
	free(shown);
}
