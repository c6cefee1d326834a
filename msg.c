/*
 * msg.c: one-line messages on stderr. Everything zeroroot prints about itself
 * goes through here, formatted once and escaped, then written in one call so
 * that lines from the supervisor and the command do not interleave.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"

int verbose;

const char *escape(const char *s, bool quoted, char *buf, size_t size)
{
	size_t n = 0, item = 0; /* item: where the last byte's form starts */

	for (; *s && n + 5 < size; s++) {
		unsigned char c = *s;

		item = n;
		if (c == '\n' || c == '\t' || (quoted && (c == '"' || c == '\\')))
			n += snprintf(buf + n, size - n, "\\%c", c == '\n' ? 'n' : c == '\t' ? 't' : c);
		else if (c < 0x20 || c == 0x7f || (quoted && c > 0x7f))
			n += snprintf(buf + n, size - n, "\\%03o", c);
		else
			buf[n++] = c;
	}
	if (*s && size >= 4) /* cut: "..." where it fits, never in the middle of a \ooo */
		memcpy(buf + (n <= size - 4 ? n : item), "...", 4);
	else if (size)
		buf[n < size ? n : size - 1] = '\0';
	return buf;
}

/* "zeroroot: " PREFIX message [": " strerror], escaped, as one write. */
static void __attribute__((format(printf, 3, 0)))
say(const char *prefix, int err, const char *fmt, va_list ap)
{
	char raw[2048], line[4096];
	size_t n;

	vsnprintf(raw, sizeof(raw), fmt, ap);
	escape(raw, false, line, sizeof(line) - 256);
	n = strlen(line);
	if (err)
		snprintf(line + n, sizeof(line) - n, ": %s", strerror(err));
	dprintf(STDERR_FILENO, "zeroroot: %s%s\n", prefix, line);
}

void fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("", err, fmt, ap);
	va_end(ap);
	exit(EXIT_SETUP);
}

void note(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	if (!verbose)
		return;
	va_start(ap, fmt);
	say("", 0, fmt, ap);
	va_end(ap);
	errno = saved;
}

void warn(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	say("warning: ", 0, fmt, ap);
	va_end(ap);
	errno = saved;
}

const char *errno_name(int err)
{
	/* clang-format off */
	static const char *const names[] = {
		[EPERM] = "EPERM",	 [ENOENT] = "ENOENT",	    [ESRCH] = "ESRCH",	       [EINTR] = "EINTR",
		[EIO] = "EIO",		 [EBADF] = "EBADF",	    [EAGAIN] = "EAGAIN",       [ENOMEM] = "ENOMEM",
		[EACCES] = "EACCES",	 [EFAULT] = "EFAULT",	    [EBUSY] = "EBUSY",	       [EEXIST] = "EEXIST",
		[EXDEV] = "EXDEV",	 [ENOTDIR] = "ENOTDIR",	    [EISDIR] = "EISDIR",       [EINVAL] = "EINVAL",
		[ENFILE] = "ENFILE",	 [EMFILE] = "EMFILE",	    [ENOSPC] = "ENOSPC",       [EROFS] = "EROFS",
		[EMLINK] = "EMLINK",	 [ERANGE] = "ERANGE",	    [ENAMETOOLONG] = "ENAMETOOLONG",
		[ENOSYS] = "ENOSYS",	 [ELOOP] = "ELOOP",	    [ENODATA] = "ENODATA",     [EOVERFLOW] = "EOVERFLOW",
		[EOPNOTSUPP] = "EOPNOTSUPP", [EDQUOT] = "EDQUOT",
	};
	/* clang-format on */
	static char buf[16];

	if (err > 0 && (size_t)err < sizeof(names) / sizeof(names[0]) && names[err])
		return names[err];
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}
