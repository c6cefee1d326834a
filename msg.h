/*
 * msg.h: messages and exit statuses, for every module. Messages are one line
 * each, "zeroroot: ..." on stderr; bytes a caller controls (paths, names) are
 * escaped, so that no message can forge another.
 */
#ifndef ZR_MSG_H
#define ZR_MSG_H

#include <stdbool.h>
#include <stddef.h>

/* The version lives in the file VERSION alone: the Makefile passes it. */
#ifndef ZR_VERSION
#error "ZR_VERSION is not defined: build with make, which reads it from the file VERSION"
#endif

/* Exit statuses follow env(1) and chroot(1); zeroroot(1) lists them. */
#define EXIT_SETUP	125 /* zeroroot itself failed; the command never ran */
#define EXIT_CANNOT_RUN 126 /* command found but could not be executed */
#define EXIT_NOT_FOUND	127 /* command not found */

extern int verbose; /* -v: note() prints */

/* "zeroroot: MESSAGE[: strerror(err)]", then exit 125. */
void __attribute__((noreturn, format(printf, 2, 3))) fail(int err, const char *fmt, ...);
/* "zeroroot: MESSAGE", under -v only. */
void __attribute__((format(printf, 1, 2))) note(const char *fmt, ...);
/* "zeroroot: warning: MESSAGE", always. */
void __attribute__((format(printf, 1, 2))) warn(const char *fmt, ...);

/* Copy s into buf with control bytes as \n, \t or \ooo, so that it stays one
 * line; quoted (a string in a trace line, as strace prints it): also \" and
 * \\, and \ooo for every byte that is not printable ASCII. Cut with "..."
 * where buf is too short. */
const char *escape(const char *s, bool quoted, char *buf, size_t size);

/* "EPERM" for EPERM: the names strace prints (strerrorname_np is glibc's alone). */
const char *errno_name(int err);

#endif
