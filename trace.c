/*
 * trace.c: the parts of a --trace line that are pure formatting (trace.h).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/xattr.h>

#include "trace.h"

/* snprintf() at buf + n, where a cut output already ended: the length n
 * would have with room enough. Past the end it writes nothing, where
 * snprintf(buf + n, size - n, ...) would take size - n for a huge size. */
static size_t __attribute__((format(printf, 4, 5)))
append(char *buf, size_t size, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(n < size ? buf + n : NULL, n < size ? size - n : 0, fmt, ap);
	va_end(ap);
	return n + (r > 0 ? (size_t)r : 0);
}

int describe_flags(uint32_t flags, const struct flag_name *names, char *buf, size_t size)
{
	size_t n = 0;

	for (; names->name; names++)
		if (flags & names->flag) {
			n = append(buf, size, n, "%s%s", n ? "|" : "", names->name);
			flags &= ~names->flag;
		}
	if (flags || !n)
		n = append(buf, size, n, n ? "|%#x" : "%#x", flags);
	return (int)n;
}

const struct flag_name at_flags[] = {
	{AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW"},
	{AT_EMPTY_PATH, "AT_EMPTY_PATH"},
	{0, NULL},
};
const struct flag_name xattr_flags[] = {
	{XATTR_CREATE, "XATTR_CREATE"},
	{XATTR_REPLACE, "XATTR_REPLACE"},
	{0, NULL},
};

int describe_ids(const uint32_t *ids, unsigned n, char *buf, size_t size)
{
	int len = snprintf(buf, size, "[");

	for (unsigned i = 0; i < n && i < 8 && (size_t)len < size; i++)
		len += snprintf(buf + len, size - len, "%s%u", i ? ", " : "", ids[i]);
	return len + snprintf(buf + len, (size_t)len < size ? size - len : 0, n > 8 ? ", ...]" : "]");
}

void describe_bytes(const uint8_t *v, size_t size, char *buf, size_t bufsize)
{
	size_t n = snprintf(buf, bufsize, "\""), i;

	if (!bufsize)
		return; /* else the last snprintf() would be at buf + 1, its size - 1 huge */

	for (i = 0; i < size && i < 32 && n + 8 < bufsize; i++)
		n += snprintf(buf + n, bufsize - n,
			      v[i] == '"' || v[i] == '\\'   ? "\\%c"
			      : v[i] >= 0x20 && v[i] < 0x7f ? "%c"
							    : "\\%03o",
			      v[i]);
	snprintf(buf + n, bufsize - n, i < size ? "\"..." : "\"");
}
