/*
 * trace.h: the parts of a --trace line that are pure formatting: flags by
 * name, a list of IDs, a value's first bytes. Each writes at most size bytes,
 * NUL-terminated where size is not 0, as snprintf does; answer.c's
 * describe_call() puts them together.
 */
#ifndef ZR_TRACE_H
#define ZR_TRACE_H

#include <stddef.h>
#include <stdint.h>

struct flag_name {
	uint32_t flag;
	const char *name;
};
/* The flags --trace names, each list ending with {0, NULL}. */
extern const struct flag_name at_flags[], xattr_flags[];

/* Flags by name, "A|B|0x40" for the unknown ones, "0" for none. Returns the
 * length of the whole, as snprintf does. */
int describe_flags(uint32_t flags, const struct flag_name *names, char *buf, size_t size);
/* "[1, 2, 3]": the first 8 IDs, then ", ...". Returns the length; where it
 * was cut, at least size. */
int describe_ids(const uint32_t *ids, unsigned n, char *buf, size_t size);
/* A value's first 32 bytes, quoted and escaped as strace does: "ab\001"... */
void describe_bytes(const uint8_t *v, size_t size, char *buf, size_t bufsize);

#endif
