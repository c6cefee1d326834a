/*
 * owners.h: ownership the user namespace could not keep. A chown to an ID it
 * does not map is faked (the file stays the caller's); the supervisor notes
 * the file it was made to, by device and inode, with the IDs asked for. A
 * later chown of the same file to what the kernel has (root, an ID the
 * namespace maps) cancels the note. When the command exits, a process of
 * the supervisor's finds each noted file under the name it has then (where
 * it was last chowned, else in that directory, else by a search), names the
 * set-ID ones in warnings, counts the others, and writes them all to
 * --owners=FILE as an mtree(5) specification that a packer (bsdtar) applies.
 */
#ifndef ZR_OWNERS_H
#define ZR_OWNERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "filter.h"

/* A file as the kernel knows it: an inode number is reused once a file is
 * removed, so its birth time, where the file system keeps one, tells the
 * two apart. The mode is the one it had when it was identified. */
struct file_id {
	uint64_t dev, ino;
	int64_t btime;
	uint32_t btime_ns;
	bool has_btime;
	uint32_t mode;
};

/* ---- the supervisor, as chowns come ---- */

/* Are any changes noted? Without, a chown to a mapped ID has nothing to cancel. */
bool owners_any(void);
/* A chown of the file id, named path (from the supervisor's root; NULL if
 * unknown), to uid and gid (ID_UNCHANGED: left as is). restores: every ID is
 * -1 or one the namespace maps, so what it asks for is what the kernel has,
 * and it cancels what was noted of the file; otherwise what it asks for is
 * noted, the last chown's ID counting. */
void owners_chown(const struct file_id *id, const char *path, uint32_t uid, uint32_t gid, bool restores);
/* A change was lost on a file that could not be identified: counted, and
 * said at exit. */
void owners_unidentified(void);
/* Is there anything for the report to say, lost or unidentified? */
bool owners_to_report(void);

/* A helper process (O_LATER) identifies what the supervisor could not from
 * the kernel's caches, and hands its result back through memory it shares
 * with the supervisor, in its own slot (0 .. OWNERS_SLOTS - 1), before it
 * answers the call; the supervisor collects the results before it notes
 * another chown, and before the report. owners_prepare() maps that memory:
 * false if it cannot. */
#define OWNERS_SLOTS 256
bool owners_prepare(void);
void owners_hand_back(int slot, const struct file_id *id, const char *path, uint32_t uid, uint32_t gid,
		      bool restores);
void owners_hand_back_unidentified(int slot);
void owners_collect(void);

/* ---- the report, by a process of its own once the command has exited ---- */

struct owners_scope {
	int root;		 /* the command's root at start (O_PATH) */
	int cwd;		 /* its working directory at start (O_PATH) */
	bool in_root;		 /* --root: names are relative to root, else to cwd */
	int out;		 /* --owners=FILE, or -1 */
	bool ranges;		 /* the namespace maps ranges of IDs (--map-auto) */
	const struct idmap *map; /* the IDs it maps */
};

/* Warnings on stderr (-v: a note on what is not warned about), and the
 * mtree to scope->out. Names never leave the scope (cwd, or the --root
 * tree), hold no "..", and go through no symbolic link. */
void owners_report(const struct owners_scope *scope);

/* ---- pure ---- */

/*
 * The name of a file in an mtree(5) line: "./" and rel (a path relative to
 * the scope, "" for the scope itself, which is "."), each byte that could end
 * the name or be read as something else written as a backslash and three
 * octal digits, as vis(3) writes with VIS_OCTAL | VIS_WHITE | VIS_GLOB and
 * libarchive's mtree writer does: control bytes, space, DEL and every byte
 * above it (non-ASCII), and \ # = * ? [. Never a leading "/" (a line that
 * starts so is a command, /set or /unset) nor "#" (a comment). false, with
 * buf "", where rel is not such a path (a leading "/", an empty, "." or
 * ".." component) or buf is too short.
 */
bool mtree_path(const char *rel, char *buf, size_t size);

#endif
