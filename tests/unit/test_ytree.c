/*
 * test_ytree.c: YAML loading, scalar resolution, positions and the defences
 * against hostile input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "harness.h"
#include "base/util.h"
#include "yaml/ytree.h"

static const struct ns_error *
parse(struct ytree **t, const char *s)
{
	return ytree_parse(t, "r.yaml", (const unsigned char *)s, strlen(s),
	    NULL);
}

static void
test_scalars_core_schema(struct tctx *t)
{
	static const struct { const char *in; enum ytree_type type; } cases[] = {
		{ "v: no", YTREE_STR }, { "v: yes", YTREE_STR },
		{ "v: on", YTREE_STR }, { "v: off", YTREE_STR },
		{ "v: true", YTREE_BOOL }, { "v: False", YTREE_BOOL },
		{ "v: ~", YTREE_NULL }, { "v:", YTREE_NULL },
		{ "v: null", YTREE_NULL }, { "v: 50", YTREE_INT },
		{ "v: -7", YTREE_INT }, { "v: 0x1f", YTREE_INT },
		{ "v: 0o17", YTREE_INT }, { "v: 1.5", YTREE_FLOAT },
		{ "v: 1e3", YTREE_FLOAT }, { "v: .inf", YTREE_FLOAT },
		{ "v: 2014-11-06", YTREE_STR }, { "v: '50'", YTREE_STR },
		{ "v: \"true\"", YTREE_STR }, { "v: 012x", YTREE_STR },
		{ "v: 1_000", YTREE_STR }, { "v: |\n  text\n", YTREE_STR },
	};
	struct ytree *y;
	const struct ns_error *err;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		err = parse(&y, cases[i].in);
		CHECK(t, err == NULL, "%s: %s", cases[i].in, err ? err->msg : "");
		if (err)
			continue;
		CHECK(t, ytree_get(ytree_root(y), "v")->type == cases[i].type,
		    "type of %s: %s", cases[i].in,
		    ytree_type_name(ytree_get(ytree_root(y), "v")->type));
		ytree_free(y);
	}
}

static void
test_positions(struct tctx *t)
{
	const char *doc = "kind: meeting\nquestions:\n  - id: a\n    owner:\n"
	    "      name: X\n";
	const struct ytree_node *q, *owner;
	struct ytree *y;

	CHECK(t, parse(&y, doc) == NULL, "parse");
	q = ytree_get(ytree_root(y), "questions");
	CHECK(t, q && q->type == YTREE_SEQ && q->n == 1, "questions");
	owner = ytree_get(q->items[0], "owner");
	CHECK_INT(t, owner->line, 5);
	CHECK_INT(t, owner->col, 7);
	CHECK_INT(t, q->items[0]->line, 3);
	CHECK_INT(t, q->items[0]->col, 5);
	CHECK_STR(t, ytree_get_str(owner, "name"), "X");
	CHECK_INT(t, ytree_root(y)->pairs[1].key->line, 2);
	ytree_free(y);
}

static void
test_equal(struct tctx *t)
{
	struct ytree *a, *b;

	CHECK(t, parse(&a, "{x: 1, y: [a, {z: 2.0}]}") == NULL, "a");
	CHECK(t, parse(&b, "{y: [a, {z: 2}], x: 1.0}") == NULL, "b");
	CHECK(t, ytree_equal(ytree_root(a), ytree_root(b)), "equal");
	ytree_free(b);
	CHECK(t, parse(&b, "{y: [a, {z: 3}], x: 1.0}") == NULL, "b2");
	CHECK(t, !ytree_equal(ytree_root(a), ytree_root(b)), "not equal");
	ytree_free(a);
	ytree_free(b);
	/* a value left unchanged equals itself, NaN included (merge relies
	 * on it) */
	CHECK(t, parse(&a, "{x: .nan}") == NULL, "nan");
	CHECK(t, ytree_equal(ytree_root(a), ytree_root(a)), "NaN equals NaN");
	ytree_free(a);
}

/* Each bad input: the error code, position and a fragment of the message. */
static void
test_bad_input(struct tctx *t)
{
	static const struct {
		const char *in; size_t len; enum ns_errcode code;
		unsigned line, col; const char *msg;
	} cases[] = {
		{ "", 0, NS_ERR_YAML, 1, 1, "empty" },
		{ "# only a comment\n", 17, NS_ERR_YAML, 1, 1, "empty" },
		{ "a: 1\na: 2\n", 10, NS_ERR_YAML, 2, 1, "duplicate key \"a\" (first at line 1)" },
		{ "a: 1\n---\nb: 2\n", 14, NS_ERR_YAML, 2, 1, "more than one document" },
		{ "a: !!str 1\n", 11, NS_ERR_YAML, 1, 4, "explicit tags" },
		{ "a: !custom {x: 1}\n", 18, NS_ERR_YAML, 1, 4, "explicit tags" },
		{ "base: &b {x: 1}\nc:\n  <<: *b\n", 28, NS_ERR_YAML, 3, 3, "merge keys" },
		{ "? [a, b]\n: 1\n", 13, NS_ERR_YAML, 1, 3, "mapping key must be a plain value" },
		{ "a: \"x\0y\"\n", 9, NS_ERR_YAML, 1, 6, "NUL byte" },
		{ "a: 1\nb: caf\xe9\n", 13, NS_ERR_YAML, 2, 7, "invalid UTF-8" },
		{ "a: [1, 2\n", 9, NS_ERR_YAML, 2, 1, "did not find expected" },
		{ "a: *nope\n", 9, NS_ERR_YAML, 1, 4, "unknown alias" },
		{ "a: 1\nb: x\x01y\n", 12, NS_ERR_YAML, 2, 5, "control characters are not allowed (0x01)" },
		{ "a: \"x\\0y\"\n", 10, NS_ERR_YAML, 1, 4, "NUL character" },
		{ "\xff\xfe" "a\0:\0", 6, NS_ERR_YAML, 1, 4, "NUL" },
	};
	struct ytree *y;
	const struct ns_error *err;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		err = ytree_parse(&y, "r.yaml", (const unsigned char *)
		    cases[i].in, cases[i].len, NULL);
		CHECK(t, err != NULL && y == NULL, "case %zu must fail", i);
		if (err == NULL) {
			ytree_free(y);
			continue;
		}
		CHECK(t, err->code == cases[i].code, "case %zu code %d", i,
		    err->code);
		CHECK(t, err->line == cases[i].line && err->col ==
		    cases[i].col, "case %zu at %u:%u, want %u:%u (%s)", i,
		    err->line, err->col, cases[i].line, cases[i].col, err->msg);
		CHECK(t, strstr(err->msg, cases[i].msg) != NULL,
		    "case %zu message: %s", i, err->msg);
		CHECK_STR(t, err->file, "r.yaml");
	}
}

/*
 * A bad byte is reported first, even when libyaml or a check stops
 * earlier in the file (libyaml reads long input in 16 KB pieces), and
 * every malformed UTF-8 form fails: the byte check runs only on failure,
 * so libyaml must reject all of them.
 */
static unsigned
nlines(const char *s)
{
	unsigned n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
test_bad_bytes_first(struct tctx *t)
{
	static const char *const bad[] = {
		"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xf8\x88\x80\x80\x80", "\xc3", "\xe2\x82", "\x80", "\xfe",
	};
	static const char *const heads[] = { "a: 1\na: 2\n", "a: [1,\n",
	    "a: 1\n---\nb: 2\n", "a: *nope\n" };
	struct buf in = BUF_INIT;
	const struct ns_error *err;
	struct ytree *y;
	size_t i, j, k;

	for (i = 0; i < nitems(heads); i++)
		for (j = 0; j < nitems(bad); j++) {
			buf_reset(&in);
			buf_puts(&in, heads[i]);
			for (k = 0; k < 400; k++)
				buf_puts(&in, "# padding padding padding "
				    "padding padding padding\n");
			buf_printf(&in, "c: x%s\n", bad[j]);
			err = ytree_parse(&y, "r.yaml", (const unsigned char *)
			    in.ptr, in.len, NULL);
			CHECK(t, err != NULL, "head %zu bad %zu must fail", i,
			    j);
			if (err == NULL) {
				ytree_free(y);
				continue;
			}
			CHECK(t, strstr(err->msg, "invalid UTF-8") != NULL &&
			    err->line == nlines(heads[i]) + 401 &&
			    err->col == 5,
			    "head %zu bad %zu: %u:%u %s", i, j, err->line,
			    err->col, err->msg);
		}
	buf_dispose(&in);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Fails fast with NS_ERR_LIMIT; the time bound is generous, not a benchmark. */
static void
check_limit(struct tctx *t, const char *what, const char *data, size_t len)
{
	struct ytree *y;
	const struct ns_error *err;
	double t0 = now();

	err = ytree_parse(&y, "bomb.yaml", (const unsigned char *)data, len,
	    NULL);
	CHECK(t, err && err->code == NS_ERR_LIMIT, "%s: %s", what,
	    err ? err->msg : "accepted");
	CHECK(t, now() - t0 < 5.0, "%s took %.1f s", what, now() - t0);
	if (err == NULL)
		ytree_free(y);
}

static void
test_hostile(struct tctx *t)
{
	const char *laughs = "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
	    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
	size_t n = 100000, i;
	char *deep = malloc(2 * n + 1);

	check_limit(t, "billion laughs", laughs, strlen(laughs));
	for (i = 0; i < n; i++)
		deep[i] = '[';
	check_limit(t, "100000 [", deep, n);
	for (i = 0; i < n; i++) {
		deep[2 * i] = '-';
		deep[2 * i + 1] = ' ';
	}
	check_limit(t, "deep block sequence", deep, n);
	free(deep);
	deep = calloc(1, (2u << 20) + 1);
	memset(deep, '#', 2u << 20);
	check_limit(t, "2 MiB file", deep, 2u << 20);
	free(deep);
}

static void
test_aliases_allowed(struct tctx *t)
{
	struct ytree *y;
	const struct ytree_node *b;

	CHECK(t, parse(&y, "a: &p {name: X}\nb: *p\n") == NULL, "parse");
	b = ytree_get(ytree_root(y), "b");
	CHECK_STR(t, ytree_get_str(b, "name"), "X");
	ytree_free(y);
}

static void
test_large_map_duplicates(struct tctx *t)
{
	char doc[4096];
	size_t off = 0;
	struct ytree *y;
	const struct ns_error *err;
	int i;

	for (i = 0; i < 40; i++)
		off += (size_t)snprintf(doc + off, sizeof(doc) - off,
		    "k%d: %d\n", i, i);
	snprintf(doc + off, sizeof(doc) - off, "k7: again\n");
	err = parse(&y, doc);
	CHECK(t, err && strstr(err->msg, "duplicate key \"k7\" (first at "
	    "line 8)"), "%s", err ? err->msg : "accepted");
	CHECK(t, err && err->line == 41, "line %u", err ? err->line : 0);
}

static void
test_load_file(struct tctx *t)
{
	struct ytree *y;
	const struct ns_error *err;

	err = ytree_load_file(&y, "/nonexistent/x.yaml", NULL);
	CHECK(t, err && err->code == NS_ERR_ERRNO, "missing file");
	CHECK(t, err && strstr(err->msg, "/nonexistent/x.yaml"), "names it");
}

static const struct tcase cases[] = {
	TCASE(test_scalars_core_schema),
	TCASE(test_positions),
	TCASE(test_equal),
	TCASE(test_bad_input),
	TCASE(test_bad_bytes_first),
	TCASE(test_hostile),
	TCASE(test_aliases_allowed),
	TCASE(test_large_map_duplicates),
	TCASE(test_load_file),
};

HARNESS_MAIN(cases)
