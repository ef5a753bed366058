/*
 * test_jsts.c: the upstream JSON-Schema-Test-Suite (draft 2020-12) run
 * through netsync's public schema API.
 *
 * Every JSON file of tests/draft2020-12, its optional/ and optional/format/
 * directories is parsed with ytree (JSON is YAML 1.2 flow); each test
 * group's schema is serialised back to JSON text and added to a fresh
 * schema_set (with the suite's remotes/draft2020-12 files under their
 * http://localhost:1234/ URIs when the schema mentions them), and each test
 * is checked twice: schema_valid() (quiet, first violation) and
 * schema_validate() (collecting diagnostics) must both give the expected
 * answer.  What netsync knowingly does not support is listed in skips[]
 * with the reason.
 *
 * The suite's data is in the repository, tests/data/json-schema-test-suite
 * (tests/run.sh runs every suite from the repository top); $NETSYNC_JSTS
 * names another copy.  When it is missing the run fails: it prints a FAIL
 * line and "0 passed, 1 failed" and exits 1, never a silent skip.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/util.h"
#include "schema/schema.h"
#include "yaml/ytree.h"

/* A file, a group (description prefix) or one test, skipped with reason. */
/* snprintf that reports truncation (paths here are short). */
#define PATHF(buf, ...) \
	(snprintf((buf), sizeof(buf), __VA_ARGS__) >= (int)sizeof(buf))

static const struct skip {
	const char	*file;
	const char	*group;		/* NULL: the whole file */
	const char	*test;		/* NULL: the whole group */
	const char	*why;
} skips[] = {
	{ "vocabulary.json", NULL, NULL,
	    "$vocabulary and custom meta-schemas are not supported" },
	{ "optional/cross-draft.json", NULL, NULL,
	    "only draft 2020-12 is implemented" },
	{ "optional/format-assertion.json", NULL, NULL,
	    "format-assertion vocabulary via custom meta-schemas: format is "
	    "always an assertion in netsync" },
	{ "optional/format/idn-email.json", NULL, NULL,
	    "format idn-email is not implemented (ignored)" },
	{ "optional/format/idn-hostname.json", NULL, NULL,
	    "format idn-hostname is not implemented (ignored)" },
	{ "optional/format/iri.json", NULL, NULL,
	    "format iri is not implemented (ignored)" },
	{ "optional/format/iri-reference.json", NULL, NULL,
	    "format iri-reference is not implemented (ignored)" },
	{ "optional/format/uri-template.json", NULL, NULL,
	    "format uri-template is not implemented (ignored)" },
	{ "optional/dependencies-compatibility.json", NULL, NULL,
	    "\"dependencies\" is not a 2020-12 keyword (split into "
	    "dependentRequired and dependentSchemas)" },
	{ "optional/format/hostname.json", "validation of A-label (punycode)",
	    NULL, "IDNA 2008 A-label (punycode) checks are not implemented" },
	{ "optional/format/ecmascript-regex.json", NULL,
	    "variable-width lookbehind", "PCRE2 10.42 lookbehinds must have "
	    "a bounded length" },
	{ "defs.json", "validate definition against metaschema", NULL,
	    "needs the 2020-12 meta-schema, which is not loaded" },
	{ "ref.json", "remote ref, containing refs itself", NULL,
	    "needs the 2020-12 meta-schema, which is not loaded" },
	{ "format.json", NULL, "is only an annotation by default",
	    "format is an assertion in netsync" },
};

/* Formats netsync asserts: their "annotation only" cases are skipped. */
static const char *const asserted[] = {
	"date", "date-time", "time", "email", "uri", "uri-reference",
	"hostname", "ipv4", "ipv6", "uuid", "json-pointer",
	"relative-json-pointer", "regex", "duration",
};

struct remote {
	char		*uri;
	struct buf	 data;
};

struct run {
	const char	*dir;
	struct remote	*remotes;
	size_t		 nremotes;
	size_t		 passed, failed, skipped;
	size_t		 fpassed, ffailed, fskipped;	/* this file */
};

static const struct skip *
skip_find(const char *file, const char *group, const char *test)
{
	size_t i;

	for (i = 0; i < nitems(skips); i++) {
		if (strcmp(skips[i].file, file) != 0)
			continue;
		if (skips[i].group && (group == NULL ||
		    strncmp(group, skips[i].group, strlen(skips[i].group))))
			continue;
		if (skips[i].test && (test == NULL ||
		    strstr(test, skips[i].test) == NULL))
			continue;
		return &skips[i];
	}
	return NULL;
}

/* --- JSON text of a tree (the API takes text) ----------------------------- */

static void
put_json_string(struct buf *b, const char *s, size_t len)
{
	size_t i;
	unsigned char ch;

	buf_putc(b, '"');
	for (i = 0; i < len; i++) {
		ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)ch);
		} else if (ch < 0x20 || ch == 0x7f)
			buf_printf(b, "\\u%04x", ch);
		else
			buf_putc(b, (char)ch);
	}
	buf_putc(b, '"');
}

static void
put_json(struct buf *b, const struct ytree_node *n)
{
	size_t i;

	switch (n->type) {
	case YTREE_NULL:
		buf_puts(b, "null");
		break;
	case YTREE_BOOL:
		buf_puts(b, n->boolean ? "true" : "false");
		break;
	case YTREE_INT: case YTREE_FLOAT:
		buf_add(b, n->str, n->len);
		break;
	case YTREE_STR:
		put_json_string(b, n->str, n->len);
		break;
	case YTREE_SEQ:
		buf_putc(b, '[');
		for (i = 0; i < n->n; i++) {
			if (i)
				buf_putc(b, ',');
			put_json(b, n->items[i]);
		}
		buf_putc(b, ']');
		break;
	case YTREE_MAP:
		buf_putc(b, '{');
		for (i = 0; i < n->n; i++) {
			if (i)
				buf_putc(b, ',');
			put_json_string(b, n->pairs[i].key->str,
			    n->pairs[i].key->len);
			buf_putc(b, ':');
			put_json(b, n->pairs[i].value);
		}
		buf_putc(b, '}');
		break;
	}
}

/* --- loading ----------------------------------------------------------- */

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in 'dir' ending in ".json" (or directories when dirs). */
static size_t
list_dir(const char *dir, char ***out, int dirs)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char **v = NULL, path[1024];
	size_t n = 0, len;

	*out = NULL;
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		(void)PATHF(path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || (dirs != 0) != S_ISDIR(st.st_mode))
			continue;
		if (!dirs && (len < 5 || strcmp(e->d_name + len - 5,
		    ".json") != 0))
			continue;
		v = realloc(v, (n + 1) * sizeof(*v));
		v[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), name_cmp);
	*out = v;
	return n;
}

static void
free_names(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* remotes/draft2020-12/X is served as http://localhost:1234/draft2020-12/X. */
static void
load_remotes(struct run *r, const char *dir, const char *rel)
{
	char path[1024], sub[4096], **v;
	size_t n, i;

	(void)PATHF(path, "%s/%s", dir, rel);
	n = list_dir(path, &v, 0);
	for (i = 0; i < n; i++) {
		struct remote *m;

		r->remotes = realloc(r->remotes, (r->nremotes + 1) *
		    sizeof(*r->remotes));
		m = &r->remotes[r->nremotes];
		memset(m, 0, sizeof(*m));
		(void)PATHF(sub, "%s/%s", path, v[i]);
		if (buf_load_path(&m->data, sub, 1u << 20))
			continue;
		(void)PATHF(sub, "http://localhost:1234/%s/%s",
		    rel + strlen("remotes/"), v[i]);
		m->uri = strdup(sub);
		r->nremotes++;
	}
	free_names(v, n);
	n = list_dir(path, &v, 1);
	for (i = 0; i < n; i++) {
		(void)PATHF(sub, "%s/%s", rel, v[i]);
		load_remotes(r, dir, sub);
	}
	free_names(v, n);
}

static int
hex4(const char *s)
{
	int v = 0, i, d;

	for (i = 0; i < 4; i++) {
		d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' :
		    s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10 :
		    s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/*
 * JSON escapes a character beyond U+FFFF as a UTF-16 surrogate pair
 * ("\ud83d\udca9"), which YAML does not accept: write such pairs as UTF-8.
 */
static void
unpair_surrogates(struct buf *b)
{
	size_t i, o = 0, bs = 0;
	int hi, lo;
	unsigned long cp;

	for (i = 0; i < b->len; i++) {
		if (b->ptr[i] == '\\' && bs % 2 == 0 && i + 12 <= b->len &&
		    b->ptr[i + 1] == 'u' && b->ptr[i + 6] == '\\' &&
		    b->ptr[i + 7] == 'u' && (hi = hex4(b->ptr + i + 2)) >=
		    0xd800 && hi < 0xdc00 && (lo = hex4(b->ptr + i + 8)) >=
		    0xdc00 && lo < 0xe000) {
			cp = 0x10000 + (((unsigned long)hi - 0xd800) << 10) +
			    ((unsigned long)lo - 0xdc00);
			b->ptr[o++] = (char)(0xf0 | (cp >> 18));
			b->ptr[o++] = (char)(0x80 | ((cp >> 12) & 0x3f));
			b->ptr[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			b->ptr[o++] = (char)(0x80 | (cp & 0x3f));
			i += 11;
			bs = 0;
			continue;
		}
		bs = b->ptr[i] == '\\' ? bs + 1 : 0;
		b->ptr[o++] = b->ptr[i];
	}
	b->len = o;
}

static const struct ns_error *
load_json(struct ytree **out, const char *path,
    const struct ytree_limits *lim)
{
	const struct ns_error *err;
	struct buf b = BUF_INIT;

	*out = NULL;
	err = buf_load_path(&b, path, lim->max_size);
	if (err == NULL) {
		unpair_surrogates(&b);
		err = ytree_parse(out, path, (const unsigned char *)b.ptr,
		    b.len, lim);
	}
	buf_dispose(&b);
	return err;
}

/* --- running ------------------------------------------------------------- */

static int
is_asserted(const struct ytree_node *schema)
{
	const char *f = schema->type == YTREE_MAP ?
	    ytree_get_str(schema, "format") : NULL;
	size_t i;

	for (i = 0; f && i < nitems(asserted); i++)
		if (strcmp(f, asserted[i]) == 0)
			return 1;
	return 0;
}

/* One test: both entry points must give the expected answer. */
static void
run_test(struct run *r, const char *file, const char *group,
    const struct schema *s, const struct ytree_node *t)
{
	const struct ytree_node *data = ytree_get(t, "data");
	const struct ytree_node *valid = ytree_get(t, "valid");
	const char *desc = ytree_get_str(t, "description");
	struct diag_list dl = DIAG_LIST_INIT;
	const struct ns_error *err = NULL, *err2;
	int want, got, got2;

	if (data == NULL || valid == NULL || valid->type != YTREE_BOOL) {
		printf("  %s: %s: malformed test\n", file, group);
		r->ffailed++;
		return;
	}
	want = valid->boolean;
	got = schema_valid(s, data, &err);
	err2 = schema_validate(&dl, s, data, "data");
	got2 = err2 ? -1 : diag_count_errors(&dl) == 0;
	if (got == want && got2 == want)
		r->fpassed++;
	else {
		r->ffailed++;
		printf("  %s: %s: %s: want %s, got %s/%s%s%s\n", file, group,
		    desc ? desc : "?", want ? "valid" : "invalid",
		    got < 0 ? "error" : got ? "valid" : "invalid",
		    got2 < 0 ? "error" : got2 ? "valid" : "invalid",
		    err ? ": " : "", err ? err->msg : "");
	}
	diag_list_dispose(&dl);
}

static void
skip_note(struct run *r, const char *file, const char *group, size_t n,
    const char *why)
{
	printf("SKIP %s%s%s: %s (%zu case%s)\n", file, group ? ": " : "",
	    group ? group : "", why, n, n == 1 ? "" : "s");
	r->fskipped += n;
}

/* A fresh set with the group's schema, and the remotes if it uses them. */
static const struct ns_error *
group_set(struct run *r, struct schema_set **out, const struct buf *text)
{
	const struct ns_error *err;
	size_t i;

	err = schema_set_new(out);
	if (err == NULL && strstr(text->ptr, "localhost:1234"))
		for (i = 0; i < r->nremotes; i++)
			(void)schema_set_add(*out, r->remotes[i].uri,
			    (const unsigned char *)r->remotes[i].data.ptr,
			    r->remotes[i].data.len);	/* unsupported: skip */
	if (err == NULL)
		err = schema_set_add(*out, "jsts", (const unsigned char *)
		    text->ptr, text->len);
	return err;
}

static void
run_group(struct run *r, const char *file, const struct ytree_node *g)
{
	const struct ytree_node *schema = ytree_get(g, "schema");
	const struct ytree_node *tests = ytree_get(g, "tests");
	const char *desc = ytree_get_str(g, "description");
	const struct skip *sk;
	struct schema_set *set = NULL;
	const struct ns_error *err;
	struct buf text = BUF_INIT;
	size_t i;

	if (schema == NULL || tests == NULL || tests->type != YTREE_SEQ ||
	    desc == NULL) {
		printf("  %s: malformed group\n", file);
		r->ffailed++;
		return;
	}
	sk = skip_find(file, desc, NULL);
	if (sk && sk->test == NULL) {
		skip_note(r, file, desc, tests->n, sk->why);
		return;
	}
	put_json(&text, schema);
	buf_add(&text, "", 0);
	err = group_set(r, &set, &text);
	for (i = 0; i < tests->n; i++) {
		const char *td = ytree_get_str(tests->items[i], "description");

		sk = skip_find(file, desc, td);
		if (sk && (strcmp(file, "format.json") != 0 ||
		    is_asserted(schema))) {
			skip_note(r, file, desc, 1, sk->why);
			continue;
		}
		if (err) {
			printf("  %s: %s: schema refused: %s:%u:%u: %s\n",
			    file, desc, err->file ? err->file : "", err->line,
			    err->col, err->msg);
			r->ffailed++;
			continue;
		}
		run_test(r, file, desc, schema_set_get(set, "jsts"),
		    tests->items[i]);
	}
	schema_set_free(set);
	buf_dispose(&text);
}

static void
run_file(struct run *r, const char *rel)
{
	static const struct ytree_limits lim = { 16u << 20, 512, 10000000,
	    1024, 1 };
	const struct ns_error *err;
	const struct skip *sk;
	const struct ytree_node *root, *ts;
	struct ytree *t = NULL;
	char path[4096];
	size_t i;

	r->fpassed = r->ffailed = r->fskipped = 0;
	sk = skip_find(rel, NULL, NULL);
	if (sk && (sk->group || sk->test))
		sk = NULL;
	(void)PATHF(path, "%s/tests/draft2020-12/%s", r->dir, rel);
	err = load_json(&t, path, &lim);
	if (err) {
		printf("%s %s: %s: %s:%u:%u: %s\n", sk ? "SKIP" : "FAIL", rel,
		    sk ? sk->why : "cannot parse", err->file ? err->file : "",
		    err->line, err->col, err->msg);
		if (sk)
			r->skipped++;
		else
			r->failed++;
		return;
	}
	root = ytree_root(t);
	for (i = 0; root->type == YTREE_SEQ && i < root->n; i++) {
		ts = ytree_get(root->items[i], "tests");
		if (sk == NULL)
			run_group(r, rel, root->items[i]);
		else if (ts)
			r->fskipped += ts->n;
	}
	if (sk)
		printf("SKIP %s: %s (%zu cases)\n", rel, sk->why, r->fskipped);
	else
		printf("%s %s: %zu passed, %zu failed, %zu skipped\n",
		    r->ffailed ? "FAIL" : "PASS", rel, r->fpassed, r->ffailed,
		    r->fskipped);
	r->passed += r->fpassed;
	r->failed += r->ffailed;
	r->skipped += r->fskipped;
	ytree_free(t);
}

static void
run_dir(struct run *r, const char *sub)
{
	char path[1024], rel[1024], **v;
	size_t n, i;

	(void)PATHF(path, "%s/tests/draft2020-12%s%s", r->dir,
	    *sub ? "/" : "", sub);
	n = list_dir(path, &v, 0);
	for (i = 0; i < n; i++) {
		(void)PATHF(rel, "%s%s%s", sub, *sub ? "/" : "",
		    v[i]);
		run_file(r, rel);
	}
	free_names(v, n);
}

/* $NETSYNC_JSTS, or the copy in the repository (cwd: its top). */
static const char *
find_suite(void)
{
	const char *env = getenv("NETSYNC_JSTS");

	return env && *env ? env : "tests/data/json-schema-test-suite";
}

int
main(void)
{
	struct run r;
	struct stat st;
	char path[1024];
	size_t i;

	memset(&r, 0, sizeof(r));
	r.dir = find_suite();
	if (PATHF(path, "%s/tests/draft2020-12", r.dir) ||
	    stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("FAIL jsts: JSON-Schema-Test-Suite not found: %s (run "
		    "from the repository top, or set NETSYNC_JSTS)\n", path);
		printf("0 passed, 1 failed\n");
		return 1;
	}
	load_remotes(&r, r.dir, "remotes/draft2020-12");
	run_dir(&r, "");
	run_dir(&r, "optional");
	run_dir(&r, "optional/format");
	for (i = 0; i < r.nremotes; i++) {
		free(r.remotes[i].uri);
		buf_dispose(&r.remotes[i].data);
	}
	free(r.remotes);
	printf("%zu passed, %zu failed, %zu skipped\n", r.passed, r.failed,
	    r.skipped);
	return r.failed ? 1 : 0;
}
