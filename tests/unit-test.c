/*
 * unit-test: zeroroot's pure parsers and formatters, case by case from data files
 * (tests/unit/NAME.tests), as libseccomp's and util-linux's tests are: an input
 * and the output expected, without a supervisor or a namespace.
 *   tests/unit-test FILE...
 * Prints TAP, "ok N - FILE:LINE: CASE", or "not ok" followed by what was
 * wanted and what came; exits 1 if a case fails, 2 if a file is not cases.
 *
 * One case a line: FUNCTION ARG... => RESULT... . A line that starts with a
 * blank continues the one before; "#" starts a comment line; "def NAME TOKEN"
 * names bytes for later cases. A token is one or more terms joined by "+",
 * each repeated N times by a "*N" after it:
 *   "text"        bytes, with C's escapes: \n \t \" \\ \ooo (at most 3 digits) \xHH
 *   x"0200 0000"  bytes in hex; the blanks between digits are ignored
 *   $NAME         the bytes of a def
 *   word          itself: a number, true, EINVAL...
 * A buffer is allocated with exactly the size a case gives it, then guard
 * bytes: a call fails its case if it changes them, or leaves no NUL in the
 * buffer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "filter.h"
#include "msg.h"
#include "owners.h"
#include "trace.h"

#define MAX_TOKENS 8
#define GUARD	   64 /* bytes after a buffer that must stay GUARD_BYTE */
#define GUARD_BYTE 0xa5

struct bytes {
	size_t len;
	char *p; /* len bytes, and a NUL after them */
};

struct test_case {
	const char *file;
	int line;
	const char *text; /* as written, for the report */
	int n_args, n_want, n_got;
	struct bytes args[MAX_TOKENS], want[MAX_TOKENS], got[MAX_TOKENS];
	const char *problem; /* what the call did wrong besides its result */
};

static struct {
	char *name;
	struct bytes value;
} defs[256];
static unsigned n_defs, n_run, n_failed;
static const char *cur_file;
static int cur_line;

static void __attribute__((noreturn, format(printf, 1, 2))) bad_data(const char *fmt, ...)
{
	va_list ap;

	if (cur_line)
		fprintf(stderr, "unit-test: %s:%d: ", cur_file, cur_line);
	else
		fprintf(stderr, "unit-test: %s: ", cur_file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void append(struct bytes *b, const void *p, size_t n)
{
	b->p = realloc(b->p, b->len + n + 1);
	if (!b->p) {
		perror("unit-test");
		exit(2);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static struct bytes text(const char *s)
{
	struct bytes b = {0, NULL};

	append(&b, s, strlen(s));
	return b;
}

static bool is_word_char(int c)
{
	return c > ' ' && c < 0x7f && !strchr("\\\"+*$", c);
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* "..." after its opening quote, with C's escapes */
static const char *quoted(const char *s, struct bytes *b)
{
	for (; *s != '"'; s++) {
		char c = *s;

		if (!c || c == '\n')
			bad_data("a string without its closing quote");
		if (c == '\\') {
			c = *++s;
			if (!c)
				bad_data("a string without its closing quote");
			if (c >= '0' && c <= '7') {
				int v = 0;

				for (int i = 0; i < 3 && *s >= '0' && *s <= '7'; i++)
					v = v * 8 + (*s++ - '0');
				s--;
				c = (char)v;
			} else if (c == 'x' && hex_digit(s[1]) >= 0 && hex_digit(s[2]) >= 0) {
				c = (char)(hex_digit(s[1]) * 16 + hex_digit(s[2]));
				s += 2;
			} else if (c == 'n' || c == 't' || c == 'r') {
				c = c == 'n' ? '\n' : c == 't' ? '\t' : '\r';
			} else if (c != '"' && c != '\\') {
				bad_data("unknown escape \\%c", c);
			}
		}
		append(b, &c, 1);
	}
	return s + 1;
}

/* x"..." after its opening quote */
static const char *hex(const char *s, struct bytes *b)
{
	int half = -1;

	for (; *s != '"'; s++) {
		if (*s == ' ' || *s == '\t')
			continue;
		if (hex_digit(*s) < 0)
			bad_data("'%c' in a hex string", *s);
		if (half < 0) {
			half = hex_digit(*s);
		} else {
			char c = (char)(half * 16 + hex_digit(*s));

			append(b, &c, 1);
			half = -1;
		}
	}
	if (half >= 0)
		bad_data("a hex string of an odd number of digits");
	return s + 1;
}

/* One term, and its repetition, appended to b. */
static const char *term(const char *s, struct bytes *b)
{
	struct bytes t = {0, NULL};
	unsigned long n = 1;

	append(&t, "", 0);
	if (s[0] == '"') {
		s = quoted(s + 1, &t);
	} else if (s[0] == 'x' && s[1] == '"') {
		s = hex(s + 2, &t);
	} else if (s[0] == '$') {
		size_t len = strspn(s + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		unsigned i;

		for (i = 0; i < n_defs; i++)
			if (strlen(defs[i].name) == len && strncmp(defs[i].name, s + 1, len) == 0)
				break;
		if (i == n_defs)
			bad_data("no def %.*s", (int)len, s + 1);
		append(&t, defs[i].value.p, defs[i].value.len);
		s += 1 + len;
	} else if (is_word_char(*s)) {
		const char *end = s;

		while (is_word_char(*end))
			end++;
		append(&t, s, end - s);
		s = end;
	} else {
		bad_data("cannot read '%.20s'", s);
	}
	if (*s == '*') {
		char *end;

		n = strtoul(s + 1, &end, 10);
		if (end == s + 1)
			bad_data("'*' without a count");
		s = end;
	}
	while (n--)
		append(b, t.p, t.len);
	free(t.p);
	return s;
}

/* The next token into *b, NULL at the end of the line. */
static const char *token(const char *s, struct bytes *b)
{
	s += strspn(s, " \t");
	if (!*s)
		return NULL;
	b->len = 0;
	b->p = NULL;
	append(b, "", 0);
	s = term(s, b);
	while (*s == '+')
		s = term(s + 1, b);
	if (*s && *s != ' ' && *s != '\t')
		bad_data("'%c' after a token", *s);
	return s;
}

/* ---- the report ---- */

/* Bytes as a token of the data files: a short word as it is, else quoted,
 * with a run of 8 or more of one byte as "c"*N. */
static void show(FILE *out, const struct bytes *b)
{
	bool word = b->len > 0 && b->len <= 40, open = false;

	for (size_t i = 0; i < b->len; i++)
		word &= is_word_char((unsigned char)b->p[i]);
	if (word) {
		fputs(b->p, out);
		return;
	}
	if (!b->len)
		fputs("\"\"", out);
	for (size_t i = 0, run; i < b->len; i += run) {
		unsigned char c = b->p[i];

		for (run = 1; i + run < b->len && (unsigned char)b->p[i + run] == c;)
			run++;
		if (run < 8)
			run = 1;
		if (run > 1 && open) { /* close the string: "ab"+"c"*9 */
			fputs("\"+", out);
			open = false;
		}
		if (!open) {
			fputc('"', out);
			open = true;
		}
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n' || c == '\t')
			fputs(c == '\n' ? "\\n" : "\\t", out);
		else if (c >= ' ' && c < 0x7f)
			fputc(c, out);
		else
			fprintf(out, "\\%03o", c);
		if (run > 1) {
			fprintf(out, "\"*%zu%s", run, i + run < b->len ? "+" : "");
			open = false;
		}
	}
	if (open)
		fputc('"', out);
}

static void show_all(FILE *out, const struct bytes *b, int n)
{
	for (int i = 0; i < n; i++) {
		fputc(' ', out);
		show(out, &b[i]);
	}
}

static void report(struct test_case *c)
{
	bool ok = !c->problem && c->n_got == c->n_want;

	for (int i = 0; ok && i < c->n_want; i++)
		ok = c->got[i].len == c->want[i].len &&
		     memcmp(c->got[i].p, c->want[i].p, c->want[i].len) == 0;
	n_run++;
	printf("%sok %u - %s:%d: %.100s%s\n", ok ? "" : "not ", n_run, c->file, c->line, c->text,
	       strlen(c->text) > 100 ? "..." : "");
	if (ok)
		return;
	n_failed++;
	fputs("#   want:", stdout);
	show_all(stdout, c->want, c->n_want);
	fputs("\n#   got: ", stdout);
	show_all(stdout, c->got, c->n_got);
	putchar('\n');
	if (c->problem)
		printf("#   and it %s\n", c->problem);
}

/* ---- arguments, results, buffers ---- */

static const char *arg_string(const struct test_case *c, int i)
{
	if (memchr(c->args[i].p, '\0', c->args[i].len))
		bad_data("argument %d holds a NUL, and is passed as a C string", i + 1);
	return c->args[i].p;
}

static unsigned long long arg_number(const struct test_case *c, int i)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(c->args[i].p, &end, 0);
	if (errno || end == c->args[i].p || *end)
		bad_data("argument %d, \"%s\", is not a number", i + 1, c->args[i].p);
	return v;
}

static void got_text(struct test_case *c, const char *s)
{
	c->got[c->n_got++] = text(s);
}

static void got_number(struct test_case *c, long long v)
{
	char s[32];

	snprintf(s, sizeof(s), "%lld", v);
	got_text(c, s);
}

static char *guarded_buffer(size_t size)
{
	char *b = malloc(size + GUARD);

	if (!b) {
		perror("unit-test");
		exit(2);
	}
	memset(b, GUARD_BYTE, size + GUARD);
	return b;
}

/* What is in the buffer up to its NUL, as a result; and whether the call
 * kept to it. */
static void got_buffer(struct test_case *c, char *b, size_t size)
{
	size_t len = size ? strnlen(b, size) : 0;
	struct bytes r = {0, NULL};

	for (size_t i = size; i < size + GUARD && !c->problem; i++)
		if ((unsigned char)b[i] != GUARD_BYTE)
			c->problem = "wrote past the end of its buffer";
	if (size && len == size && !c->problem)
		c->problem = "left no NUL in its buffer";
	append(&r, b, len);
	c->got[c->n_got++] = r;
	free(b);
}

/* uids=0-0,1000-1999 gids=- */
static void parse_ranges(const struct test_case *c, int i, const char *key, unsigned *n, struct id_range *r)
{
	const char *s = arg_string(c, i);

	if (strncmp(s, key, strlen(key)) != 0)
		bad_data("argument %d is not %s...", i + 1, key);
	s += strlen(key);
	*n = 0;
	if (strcmp(s, "-") == 0)
		return;
	while (*s) {
		char *end;

		if (*n == MAX_RANGES)
			bad_data("more than %d ranges", MAX_RANGES);
		r[*n].lo = r[*n].hi = strtoul(s, &end, 10);
		if (*end == '-')
			r[*n].hi = strtoul(end + 1, &end, 10);
		if (end == s || (*end && *end != ','))
			bad_data("cannot read the ranges of argument %d", i + 1);
		(*n)++;
		s = *end ? end + 1 : end;
	}
}

/* ---- the functions ---- */

static void run_escape(struct test_case *c)
{
	const char *mode = arg_string(c, 0);
	size_t size = arg_number(c, 1);
	char *b = guarded_buffer(size);

	if (strcmp(mode, "plain") != 0 && strcmp(mode, "quoted") != 0)
		bad_data("escape's mode is plain or quoted");
	if (escape(arg_string(c, 2), mode[0] == 'q', b, size) != b)
		c->problem = "returned another pointer than its buffer";
	got_buffer(c, b, size);
}

static void run_mtree_path(struct test_case *c)
{
	size_t size = arg_number(c, 0);
	char *b = guarded_buffer(size);

	got_text(c, mtree_path(arg_string(c, 1), b, size) ? "true" : "false");
	got_buffer(c, b, size);
}

static void run_is_acl_name(struct test_case *c)
{
	got_text(c, is_acl_name(arg_string(c, 0)) ? "true" : "false");
}

static void run_acl_check(struct test_case *c)
{
	int r = acl_check((const uint8_t *)c->args[0].p, c->args[0].len);

	if (r)
		got_text(c, errno_name(-r));
	else
		got_number(c, 0);
}

static void run_acl_names_unmapped(struct test_case *c)
{
	struct idmap map;
	uint32_t id = 4242;
	bool gid = false;

	parse_ranges(c, 0, "uids=", &map.n_uids, map.uids);
	parse_ranges(c, 1, "gids=", &map.n_gids, map.gids);
	if (!acl_names_unmapped((const uint8_t *)c->args[2].p, c->args[2].len, &map, &id, &gid)) {
		got_text(c, "false");
		return;
	}
	got_text(c, gid ? "gid" : "uid");
	got_number(c, id);
}

static void run_describe_acl(struct test_case *c)
{
	size_t size = arg_number(c, 0);
	char *b = guarded_buffer(size);

	describe_acl((const uint8_t *)c->args[1].p, c->args[1].len, b, size);
	got_buffer(c, b, size);
}

static void run_describe_bytes(struct test_case *c)
{
	size_t size = arg_number(c, 0);
	char *b = guarded_buffer(size);

	describe_bytes((const uint8_t *)c->args[1].p, c->args[1].len, b, size);
	got_buffer(c, b, size);
}

static void run_describe_flags(struct test_case *c)
{
	const char *table = arg_string(c, 0);
	uint32_t flags = arg_number(c, 1);
	size_t size = arg_number(c, 2);
	char *b = guarded_buffer(size);
	int n;

	if (strcmp(table, "at") != 0 && strcmp(table, "xattr") != 0)
		bad_data("describe_flags' table is at or xattr");
	n = describe_flags(flags, table[0] == 'a' ? at_flags : xattr_flags, b, size);
	got_buffer(c, b, size);
	got_number(c, n);
}

static void run_describe_ids(struct test_case *c)
{
	size_t size = arg_number(c, 0);
	const char *s = arg_string(c, 1);
	uint32_t ids[64];
	unsigned n = 0;
	char *b = guarded_buffer(size);
	int len;

	while (strcmp(s, "-") != 0 && *s) { /* 1,2,3 or - for none */
		char *end;

		if (n == 64)
			bad_data("more than 64 IDs");
		ids[n++] = strtoul(s, &end, 10);
		if (end == s || (*end && *end != ','))
			bad_data("cannot read the IDs");
		s = *end ? end + 1 : end;
	}
	len = describe_ids(ids, n, b, size);
	got_buffer(c, b, size);
	got_number(c, len);
}

static const struct function {
	const char *name;
	int n_args;
	void (*run)(struct test_case *c);
} functions[] = {
	{"escape", 3, run_escape},
	{"mtree_path", 2, run_mtree_path},
	{"is_acl_name", 1, run_is_acl_name},
	{"acl_check", 1, run_acl_check},
	{"acl_names_unmapped", 3, run_acl_names_unmapped},
	{"describe_acl", 2, run_describe_acl},
	{"describe_bytes", 2, run_describe_bytes},
	{"describe_flags", 3, run_describe_flags},
	{"describe_ids", 2, run_describe_ids},
};

/* One logical line: a def, or a case run and reported. */
static void run_line(const char *file, int line, char *s)
{
	struct test_case c = {.file = file, .line = line, .text = s};
	const struct function *f = NULL;
	struct bytes name, t;
	bool results = false;
	const char *p;

	if (!(p = token(s, &name)))
		return;
	if (strcmp(name.p, "def") == 0) {
		free(name.p);
		if (n_defs == sizeof(defs) / sizeof(defs[0]))
			bad_data("too many defs");
		if (!(p = token(p, &name)) || !(p = token(p, &defs[n_defs].value)) || token(p, &t))
			bad_data("def NAME TOKEN");
		if (strspn(name.p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != name.len)
			bad_data("a def's name is A-Z, 0-9 and _");
		defs[n_defs++].name = name.p;
		return;
	}
	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++)
		if (strcmp(functions[i].name, name.p) == 0)
			f = &functions[i];
	if (!f)
		bad_data("no function %s in tests/unit-test.c", name.p);
	while ((p = token(p, &t))) {
		if (strcmp(t.p, "=>") == 0 && !results) {
			results = true;
			free(t.p);
			continue;
		}
		if ((results ? c.n_want : c.n_args) == MAX_TOKENS)
			bad_data("more than %d tokens", MAX_TOKENS);
		if (results)
			c.want[c.n_want++] = t;
		else
			c.args[c.n_args++] = t;
	}
	if (!results || c.n_args != f->n_args)
		bad_data("%s takes %d arguments, then => and its results", f->name, f->n_args);
	f->run(&c);
	report(&c);
	for (int i = 0; i < c.n_args; i++)
		free(c.args[i].p);
	for (int i = 0; i < c.n_want; i++)
		free(c.want[i].p);
	for (int i = 0; i < c.n_got; i++)
		free(c.got[i].p);
	free(name.p);
}

static void run_file(const char *path)
{
	FILE *f = fopen(path, "r");
	const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct bytes logical = {0, NULL};
	char *line = NULL;
	size_t cap = 0;
	int n = 0, first = 0;
	unsigned before = n_run;

	cur_file = file;
	if (!f) {
		fprintf(stderr, "unit-test: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	for (;;) {
		ssize_t len = getline(&line, &cap, f);
		size_t blanks = len > 0 ? strspn(line, " \t\n") : 0;
		bool empty = len > 0 && (!line[blanks] || line[blanks] == '#');

		n++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (empty)
			continue;	     /* a comment does not end the case it interrupts */
		if (blanks && logical.len) { /* a continuation */
			append(&logical, " ", 1);
			append(&logical, line, len);
			continue;
		}
		if (logical.len) {
			cur_line = first;
			run_line(file, first, logical.p);
			logical.len = 0;
		}
		if (len < 0)
			break;
		first = n;
		append(&logical, line, len);
	}
	free(logical.p);
	free(line);
	fclose(f);
	cur_line = 0;
	if (n_run == before)
		bad_data("no cases");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: tests/unit-test FILE.tests...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		run_file(argv[i]);
	printf("1..%u\n", n_run);
	if (n_failed)
		printf("# %u of %u cases failed\n", n_failed, n_run);
	return n_failed ? 1 : 0;
}
