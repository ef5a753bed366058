/*
 * test_merge.c: the field-level three-way merge.  A table of (base, ours,
 * theirs) -> exact merged text, conflict count and paths; then generated
 * edits of a meeting record checking that nothing is lost and that every
 * conflict resolves to valid YAML either way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "harness.h"
#include "base/util.h"
#include "merge/merge.h"
#include "yaml/ytree.h"

#define MEETING \
	"kind: meeting\nid: m\nfederation: jamtland\ntitle: T\n"

struct mcase {
	const char	*name;
	const char	*base;	/* NULL: both added */
	const char	*ours;
	const char	*theirs;
	const char	*want;
	int		 conflicts;
	const char	*paths;	/* conflict paths joined by ' ' */
};

static const struct mcase cases[] = {
	{ "different fields of the same meeting",
	  MEETING "location: Östersund\nstatus: planned\n",
	  MEETING "location: Umeå\nstatus: planned\n",
	  MEETING "location: Östersund\nstatus: held\n",
	  MEETING "location: Umeå\nstatus: held\n", 0, "" },
	{ "same field both ways",
	  MEETING "status: planned\nattendance: 10\n",
	  MEETING "status: held\nattendance: 10\n",
	  MEETING "status: cancelled\nattendance: 12\n",
	  MEETING "<<<<<<< ours\nstatus: held\n=======\nstatus: cancelled\n"
	  ">>>>>>> theirs\nattendance: 12\n", 1, "status" },
	{ "same change both ways",
	  MEETING "status: planned\n",
	  MEETING "status: held # ours\n",
	  MEETING "status: held\n",
	  MEETING "status: held # ours\n", 0, "" },
	{ "question added on both sides",
	  MEETING "questions:\n  - id: a\n    title: A\n",
	  MEETING "questions:\n  - id: a\n    title: A\n  - id: b\n"
	  "    title: B\n",
	  MEETING "questions:\n  - id: a\n    title: A\n  - id: c\n"
	  "    title: C\n",
	  MEETING "questions:\n  - id: a\n    title: A\n  - id: b\n"
	  "    title: B\n"
	  "  - id: c\n    title: C\n", 0, "" },
	{ "question inserted first by theirs",
	  MEETING "questions:\n  - id: a\n",
	  MEETING "questions:\n  - id: a\n  - id: b\n",
	  MEETING "questions:\n  - id: z\n  - id: a\n",
	  MEETING "questions:\n  - id: z\n  - id: a\n  - id: b\n", 0, "" },
	{ "question status on one side, title on the other",
	  MEETING "questions:\n  - id: a\n    title: A\n    status: open\n"
	  "  - id: b\n    title: B\n",
	  MEETING "questions:\n  - id: a\n    title: A\n    status: done\n"
	  "  - id: b\n    title: B\n",
	  MEETING "questions:\n  - id: a\n    title: A2\n    status: open\n"
	  "  - id: b\n    title: B\n",
	  MEETING "questions:\n  - id: a\n    title: A2\n    status: done\n"
	  "  - id: b\n    title: B\n", 0, "" },
	{ "question status both ways: markers exact",
	  MEETING "questions:\n  - id: a\n    status: open\n"
	  "    due: 2015-11-05\n",
	  MEETING "questions:\n  - id: a\n    status: done\n"
	  "    due: 2015-11-05\n",
	  MEETING "questions:\n  - id: a\n    status: dropped\n"
	  "    due: 2015-11-05\n",
	  MEETING "questions:\n  - id: a\n<<<<<<< ours\n    status: done\n"
	  "=======\n    status: dropped\n>>>>>>> theirs\n    due: 2015-11-05\n",
	  1, "questions[a].status" },
	{ "deleted field against changed field",
	  MEETING "summary: old\nstatus: held\n",
	  MEETING "status: held\n",
	  MEETING "summary: new\nstatus: held\n",
	  MEETING "<<<<<<< ours\n=======\nsummary: new\n>>>>>>> theirs\n"
	  "status: held\n", 1, "summary" },
	{ "deleted field, unchanged on the other side",
	  MEETING "summary: old\nstatus: held\n",
	  MEETING "status: held\n",
	  MEETING "summary: old\nstatus: done\n",
	  MEETING "status: done\n", 0, "" },
	{ "deleted question against changed question",
	  MEETING "questions:\n  - id: a\n    status: open\n  - id: b\n",
	  MEETING "questions:\n  - id: b\n",
	  MEETING "questions:\n  - id: a\n    status: done\n  - id: b\n"
	  "    status: open\n",
	  MEETING "questions:\n<<<<<<< ours\n=======\n  - id: a\n"
	  "    status: done\n>>>>>>> theirs\n  - id: b\n    status: open\n",
	  1, "questions[a]" },
	{ "scalar list merged as a set",
	  MEETING "tags: [a, b, c]\n",
	  MEETING "tags: [a, c, d]\n",
	  MEETING "tags: [a, b, c, e]\n",
	  MEETING "tags:\n  - a\n  - c\n  - d\n  - e\n", 0, "" },
	{ "participants by name, first key conflicting",
	  MEETING "participants:\n  - role: x\n    name: Anna\n",
	  MEETING "participants:\n  - role: y\n    name: Anna\n",
	  MEETING "participants:\n  - role: z\n    name: Anna\n"
	  "  - name: Bo\n",
	  MEETING "participants:\n  -\n<<<<<<< ours\n    role: y\n=======\n"
	  "    role: z\n>>>>>>> theirs\n    name: Anna\n  - name: Bo\n",
	  1, "participants[Anna].role" },
	{ "list without identity changed both ways",
	  "m: [[1], [2]]\n", "m: [[1], [3]]\n", "m: [[0], [2]]\n",
	  "<<<<<<< ours\nm:\n  - - 1\n  - - 3\n=======\nm:\n  - - 0\n"
	  "  - - 2\n>>>>>>> theirs\n", 1, "m" },
	{ "list of maps with ids (any field)",
	  "items: [{id: 1, v: a}, {id: 2, v: b}]\n",
	  "items: [{id: 1, v: x}, {id: 2, v: b}]\n",
	  "items: [{id: 1, v: a}, {id: 2, v: y}]\n",
	  "items:\n  - id: 1\n    v: x\n  - id: 2\n    v: y\n", 0, "" },
	{ "key added by theirs after its predecessor",
	  "a: 1\nb: 2\n", "a: 1\nb: 3\n", "a: 1\nx: 9\nb: 2\n",
	  "a: 1\nx: 9\nb: 3\n", 0, "" },
	{ "nested mapping merged key by key",
	  MEETING "next_meeting: {host: a, start: 2015-01-01}\n",
	  MEETING "next_meeting: {host: b, start: 2015-01-01}\n",
	  MEETING "next_meeting: {host: a, start: 2015-02-02}\n",
	  MEETING "next_meeting:\n  host: b\n  start: 2015-02-02\n", 0, "" },
	{ "comments kept when ours is the result",
	  MEETING "status: planned\n",
	  "# my notes\n" MEETING "status: held   # decided\n",
	  MEETING "status: planned\n",
	  "# my notes\n" MEETING "status: held   # decided\n", 0, "" },
	{ "comments kept when theirs is the result",
	  MEETING "status: planned\n",
	  MEETING "status: planned\n",
	  MEETING "# theirs\nstatus: held\n",
	  MEETING "# theirs\nstatus: held\n", 0, "" },
	{ "leading modeline kept when emitted",
	  "# yaml-language-server: $schema=x.json\n\n" MEETING
	  "status: planned\nlocation: A\n",
	  "# yaml-language-server: $schema=x.json\n\n" MEETING
	  "status: held\nlocation: A\n",
	  "# yaml-language-server: $schema=x.json\n\n" MEETING
	  "status: planned\nlocation: B # inline\n",
	  "# yaml-language-server: $schema=x.json\n\n" MEETING
	  "status: held\nlocation: B # inline\n", 0, "" },
	{ "theirs' lines and comments kept for what theirs brought",
	  "a: 1 # one\nb: 2\nq:\n  - id: x\n",
	  "a: 5 # five\nb: 2\nq:\n  - id: x\n    s: 1 # mine\n",
	  "a: 1 # one\n# about b\nb: 3   # three\n# new key\nn: [1, 2]\n"
	  "q:\n  - id: x\n  # theirs' question\n  - id: y # y\n",
	  "a: 5 # five\nb: 3   # three\n# new key\nn: [1, 2]\nq:\n"
	  "  - id: x\n    s: 1 # mine\n  # theirs' question\n"
	  "  - id: y # y\n", 0, "" },
	{ "both added, identical",
	  NULL, "a: 1\n", "a: 1 # same\n", "a: 1\n", 0, "" },
	{ "both added, one field differs",
	  NULL, "a: 1\nb: 2\n", "a: 1\nb: 3\nc: 4\n",
	  "a: 1\n<<<<<<< ours\nb: 2\n=======\nb: 3\n>>>>>>> theirs\nc: 4\n",
	  1, "b" },
	{ "documents of different types",
	  "a: 1\n", "- x\n", "a: 2", "<<<<<<< ours\n- x\n=======\na: 2\n"
	  ">>>>>>> theirs\n", 1, "(document)" },
	{ "multi-line text changed on one side",
	  MEETING "summary: |\n  one\n  two\nstatus: open\n",
	  MEETING "summary: |\n  one\n  two\n  three\nstatus: open\n",
	  MEETING "summary: |\n  one\n  two\nstatus: done\n",
	  MEETING "summary: |\n  one\n  two\n  three\nstatus: done\n", 0, "" },
	{ "two conflicts in one question",
	  "questions:\n  - id: q\n    title: A\n    status: open\n",
	  "questions:\n  - id: q\n    title: B\n    status: done\n",
	  "questions:\n  - id: q\n    title: C\n    status: dropped\n",
	  "questions:\n  - id: q\n<<<<<<< ours\n    title: B\n=======\n"
	  "    title: C\n>>>>>>> theirs\n<<<<<<< ours\n    status: done\n"
	  "=======\n    status: dropped\n>>>>>>> theirs\n", 2,
	  "questions[q].title questions[q].status" },
	{ "comments and layout of ours kept in a field-level merge",
	  "# head\nkind: meeting # k\nlocation: A   # venue\n"
	  "status: planned\n# tail\n",
	  "# head\nkind: meeting # k\nlocation: B   # venue\n"
	  "status: planned\n# tail\n",
	  "kind: meeting\nlocation: A\nstatus: held\n",
	  "# head\nkind: meeting # k\nlocation: B   # venue\n"
	  "status: held\n# tail\n", 0, "" },
	{ "comments kept around a conflict in a question",
	  "questions:\n  # q a\n  - id: a # the id\n    status: open\n"
	  "    due: 2015-01-01 # d\n",
	  "questions:\n  # q a\n  - id: a # the id\n    status: done\n"
	  "    due: 2015-01-01 # d\n",
	  "questions:\n  - id: a\n    status: dropped\n    due: 2015-01-01\n",
	  "questions:\n  # q a\n  - id: a # the id\n<<<<<<< ours\n"
	  "    status: done\n=======\n    status: dropped\n>>>>>>> theirs\n"
	  "    due: 2015-01-01 # d\n", 1, "questions[a].status" },
	{ "item changed by ours only is ours' text",
	  "participants:\n  - role: x # r\n    name: Anna # n\n"
	  "  - name: Cia # c\n",
	  "participants:\n  - role: y # r\n    name: Anna # n\n"
	  "  - name: Cia # c\n",
	  "participants:\n  - role: x\n    name: Anna\n  - name: Bo\n"
	  "  - name: Cia\n",
	  "participants:\n  - role: y # r\n    name: Anna # n\n"
	  "  - name: Bo\n  - name: Cia # c\n", 0, "" },
	{ "item whose first line changes is written anew",
	  "questions:\n  - title: A # t\n    id: a\n    status: open # s\n"
	  "  - id: b # b\n",
	  "questions:\n  - title: A # t\n    id: a\n    status: done # s\n"
	  "  - id: b # b\n",
	  "questions:\n  - title: B\n    id: a\n    status: open\n"
	  "  - id: b\n",
	  "questions:\n  - title: B\n    id: a\n    status: done\n"
	  "  - id: b # b\n", 0, "" },
	{ "deleted entry takes its comment along",
	  "a: 1\n# about b\nb: 2\nc: 3\n",
	  "a: 1\n# about b\nb: 2\nc: 4\n",
	  "a: 1\nc: 3\n",
	  "a: 1\nc: 4\n", 0, "" },
};

static const struct ns_error *
run_merge(struct merge_result **r, const char *b, const char *o,
    const char *t)
{
	return merge_records(r, "records/m.yaml", (const unsigned char *)b,
	    b ? strlen(b) : 0, (const unsigned char *)o, strlen(o),
	    (const unsigned char *)t, strlen(t), NULL, NULL);
}

static void
join_paths(struct buf *b, const struct merge_result *r)
{
	size_t i;

	buf_reset(b);
	buf_puts(b, "");
	for (i = 0; i < r->nconflict_paths; i++)
		buf_printf(b, "%s%s", i ? " " : "", r->conflict_paths[i]);
}

static void
test_table(struct tctx *t)
{
	const struct ns_error *err;
	struct merge_result *r;
	struct buf paths = BUF_INIT;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		err = run_merge(&r, cases[i].base, cases[i].ours,
		    cases[i].theirs);
		CHECK(t, err == NULL, "%s: %s", cases[i].name,
		    err ? err->msg : "");
		if (err)
			continue;
		CHECK(t, strcmp(r->text.ptr, cases[i].want) == 0,
		    "%s:\n--- got\n%s--- want\n%s", cases[i].name,
		    r->text.ptr, cases[i].want);
		CHECK(t, r->conflicts == cases[i].conflicts,
		    "%s: %d conflicts", cases[i].name, r->conflicts);
		join_paths(&paths, r);
		CHECK(t, strcmp(paths.ptr, cases[i].paths) == 0,
		    "%s: paths \"%s\"", cases[i].name, paths.ptr);
		merge_result_free(r);
	}
	buf_dispose(&paths);
}

static void
test_errors(struct tctx *t)
{
	const struct ns_error *err;
	struct merge_result *r = (void *)1;

	err = run_merge(&r, "a: 1\n", "a: [1\n", "a: 2\n");
	CHECK(t, err && err->code == NS_ERR_YAML, "ours does not parse");
	CHECK(t, r == NULL, "no result on error");
	CHECK(t, err && err->file && strcmp(err->file, "records/m.yaml") == 0,
	    "error names the file");
	err = run_merge(&r, "a: 1\n", "a: 1\n", "");
	CHECK(t, err && err->code == NS_ERR_YAML, "empty theirs");
	err = run_merge(&r, "{", "a: 1\n", "a: 1\n");
	CHECK(t, err && err->code == NS_ERR_YAML, "bad base");
	merge_result_free(NULL);
}

static void
test_labels(struct tctx *t)
{
	struct merge_result *r = NULL;

	CHECK(t, merge_records(&r, "x", (const unsigned char *)"a: 1\n", 5,
	    (const unsigned char *)"a: 2\n", 5, (const unsigned char *)"a: 3\n",
	    5, "HEAD", "origin/main") == NULL, "merge");
	if (r)
		CHECK_STR(t, r->text.ptr, "<<<<<<< HEAD\na: 2\n=======\na: 3\n"
		    ">>>>>>> origin/main\n");
	merge_result_free(r);
}

static void
test_lines(struct tctx *t)
{
	struct merge_result *r = NULL;
	const char *b = "a\nb\nc\nd\ne\n", *o = "a\nB\nc\nd\ne\n";
	const char *th = "a\nb\nc\nD\ne\n";

	CHECK(t, merge_lines(&r, (const unsigned char *)b, strlen(b),
	    (const unsigned char *)o, strlen(o), (const unsigned char *)th,
	    strlen(th), NULL, NULL) == NULL, "clean line merge");
	if (r) {
		CHECK_STR(t, r->text.ptr, "a\nB\nc\nD\ne\n");
		CHECK_INT(t, r->conflicts, 0);
	}
	merge_result_free(r);
	r = NULL;
	th = "a\nX\nc\nd\ne\n";
	CHECK(t, merge_lines(&r, (const unsigned char *)b, strlen(b),
	    (const unsigned char *)o, strlen(o), (const unsigned char *)th,
	    strlen(th), "ours", "theirs") == NULL, "line conflict");
	if (r) {
		CHECK_STR(t, r->text.ptr, "a\n<<<<<<< ours\nB\n=======\nX\n"
		    ">>>>>>> theirs\nc\nd\ne\n");
		CHECK_INT(t, r->conflicts, 1);
		CHECK(t, r->nconflict_paths == 1 &&
		    strcmp(r->conflict_paths[0], "line 2") == 0, "hunk named");
	}
	merge_result_free(r);
}

/* ---- generated edits ---- */

struct rng {
	unsigned long	s;
};

static unsigned
rnd(struct rng *r, unsigned n)
{
	r->s = r->s * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((r->s >> 33) % n);
}

#define NF	6	/* top-level fields f0..f5 */
#define NQ	4	/* questions q0..q3 */
#define NT	5	/* tags */

/* A meeting-like document as a set of slots; NULL means absent. */
struct gdoc {
	char	*field[NF + 2];		/* two slots for additions */
	char	*qtitle[NQ + 2];
	char	*qstatus[NQ + 2];
	int	 qpresent[NQ + 2];
	int	 tag[NT + 2];
};

/*
 * The document's text; 'deco' adds comments and mixes layouts, as a
 * person's file would have, so that the splicing path is exercised.
 */
static void
gdoc_text(struct buf *b, const struct gdoc *d, int deco)
{
	int i, any;

	buf_reset(b);
	buf_puts(b, deco ? "# header\nkind: meeting # kind\n" :
	    "kind: meeting\n");
	for (i = 0; i < NF + 2; i++) {
		if (!d->field[i])
			continue;
		if (deco && i % 2)
			buf_printf(b, "# about f%d\n", i);
		buf_printf(b, "f%d: %s%s\n", i, d->field[i],
		    deco && i % 3 == 0 ? "   # note" : "");
	}
	for (any = 0, i = 0; i < NQ + 2; i++) {
		if (!d->qpresent[i])
			continue;
		if (!any++)
			buf_puts(b, "questions:\n");
		if (deco)
			buf_puts(b, "  # a question\n");
		buf_printf(b, "  - id: q%d\n", i);
		if (d->qtitle[i])
			buf_printf(b, "    title: %s%s\n", d->qtitle[i],
			    deco ? " # t" : "");
		if (d->qstatus[i])
			buf_printf(b, "    status: %s\n", d->qstatus[i]);
	}
	for (any = 0, i = 0; i < NT + 2; i++) {
		if (!d->tag[i])
			continue;
		if (deco)
			buf_printf(b, "%s t%dz", any++ ? "," : "tags: [", i);
		else
			buf_printf(b, "%s t%dz\n", any++ ? "  -" :
			    "tags:\n  -", i);
	}
	if (deco && any)
		buf_puts(b, "]\n");
	if (deco)
		buf_puts(b, "# end\n");
}

static char *
token(char side, int *counter)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%c%dz", side, (*counter)++);
	return strdup(tmp);
}

/* Apply a few random edits of 'side'; tokens are unique per document. */
static void
gdoc_edit(struct gdoc *d, struct rng *r, char side, int *counter)
{
	int n = 1 + (int)rnd(r, 4), i, k;
	char **slot;

	while (n-- > 0) {
		k = (int)rnd(r, 3);
		if (k == 0) {
			slot = &d->field[rnd(r, NF + 2)];
		} else if (k == 1) {
			i = (int)rnd(r, NQ + 2);
			if (rnd(r, 4) == 0) {
				d->qpresent[i] = !d->qpresent[i];
				continue;
			}
			d->qpresent[i] = 1;
			slot = rnd(r, 2) ? &d->qtitle[i] : &d->qstatus[i];
		} else {
			i = (int)rnd(r, NT + 2);
			d->tag[i] = !d->tag[i];
			continue;
		}
		free(*slot);
		*slot = rnd(r, 5) == 0 ? NULL : token(side, counter);
	}
}

static void
gdoc_copy(struct gdoc *dst, const struct gdoc *src)
{
	int i;

	*dst = *src;
	for (i = 0; i < NF + 2; i++)
		dst->field[i] = src->field[i] ? strdup(src->field[i]) : NULL;
	for (i = 0; i < NQ + 2; i++) {
		dst->qtitle[i] = src->qtitle[i] ? strdup(src->qtitle[i]) :
		    NULL;
		dst->qstatus[i] = src->qstatus[i] ? strdup(src->qstatus[i]) :
		    NULL;
	}
}

static void
gdoc_free(struct gdoc *d)
{
	int i;

	for (i = 0; i < NF + 2; i++)
		free(d->field[i]);
	for (i = 0; i < NQ + 2; i++) {
		free(d->qtitle[i]);
		free(d->qstatus[i]);
	}
}

/*
 * Keep one side of every marker block ('which' 0: ours, 1: theirs) and
 * drop the markers.
 */
static void
resolve(struct buf *out, const char *text, int which)
{
	const char *s = text, *nl;
	int state = 0;	/* 0 outside, 1 in ours, 2 in theirs */
	size_t len;

	buf_reset(out);
	buf_puts(out, "");
	for (; *s; s = nl) {
		nl = strchr(s, '\n');
		nl = nl ? nl + 1 : s + strlen(s);
		len = (size_t)(nl - s);
		if (strncmp(s, "<<<<<<< ", 8) == 0)
			state = 1;
		else if (strncmp(s, "=======\n", 8) == 0 && state == 1)
			state = 2;
		else if (strncmp(s, ">>>>>>> ", 8) == 0 && state == 2)
			state = 0;
		else if (state == 0 || state == which + 1)
			buf_add(out, s, len);
	}
}

/* Every token of 'side' not in base must survive; so must shared ones. */
static int
tokens_kept(struct tctx *t, const char *result, const char *side,
    const char *base, const char *other)
{
	const char *s = side, *e;
	char tok[32];
	size_t len;
	int ok = 1;

	while ((s = strpbrk(s, "bot")) != NULL) {
		for (e = s + 1; *e >= '0' && *e <= '9'; e++)
			;
		len = (size_t)(e - s);
		if (*e != 'z' || len == 1 || (s > side && s[-1] != ' ') ||
		    len + 2 > sizeof(tok)) {
			s++;
			continue;
		}
		memcpy(tok, s, len + 1);
		tok[len + 1] = '\0';
		if ((strstr(base, tok) == NULL || strstr(other, tok)) &&
		    strstr(result, tok) == NULL) {
			CHECK(t, 0, "token %s lost", tok);
			ok = 0;
		}
		s = e;
	}
	return ok;
}

/*
 * In a clean merge, a base token that one side dropped (changed or
 * deleted) while the other kept it must be gone.
 */
static int
drops_applied(struct tctx *t, const char *result, const char *base,
    const char *ours, const char *theirs)
{
	char tok[32];
	int i, ok = 1;

	for (i = 0; i < 40; i++) {
		snprintf(tok, sizeof(tok), " b%dz", i);
		if (strstr(base, tok) == NULL)
			continue;
		if ((strstr(ours, tok) == NULL) != (strstr(theirs, tok) ==
		    NULL) && strstr(result, tok)) {
			CHECK(t, 0, "token%s not dropped", tok);
			ok = 0;
		}
	}
	return ok;
}

static int
parses(const char *text)
{
	struct ytree *tr = NULL;

	if (ytree_parse(&tr, "x", (const unsigned char *)text, strlen(text),
	    NULL))
		return 0;
	ytree_free(tr);
	return 1;
}

static void
test_generated(struct tctx *t)
{
	struct rng r = { 42 };
	struct gdoc base, ours, theirs;
	struct buf bt = BUF_INIT, ot = BUF_INIT, tt = BUF_INIT, res = BUF_INIT;
	struct merge_result *m;
	int iter, i, counter, bad = 0, nconf = 0, markers, deco;
	int ndeco = 0, nkept = 0;
	const char *p;

	for (iter = 0; iter < 2000 && bad < 3; iter++) {
		counter = 0;
		memset(&base, 0, sizeof(base));
		for (i = 0; i < NF; i++)
			base.field[i] = token('b', &counter);
		for (i = 0; i < NQ; i++) {
			base.qpresent[i] = 1;
			base.qtitle[i] = token('b', &counter);
			base.qstatus[i] = rnd(&r, 2) ? token('b', &counter) :
			    NULL;
		}
		for (i = 0; i < NT; i++)
			base.tag[i] = (int)rnd(&r, 2);
		gdoc_copy(&ours, &base);
		gdoc_copy(&theirs, &base);
		gdoc_edit(&ours, &r, 'o', &counter);
		gdoc_edit(&theirs, &r, 't', &counter);
		gdoc_text(&bt, &base, (int)rnd(&r, 2));
		deco = (int)rnd(&r, 2);
		gdoc_text(&ot, &ours, deco);
		gdoc_text(&tt, &theirs, (int)rnd(&r, 2));
		if (run_merge(&m, bt.ptr, ot.ptr, tt.ptr) != NULL) {
			CHECK(t, 0, "merge failed");
			bad++;
		} else {
			if (!tokens_kept(t, m->text.ptr, ot.ptr, bt.ptr,
			    tt.ptr) || !tokens_kept(t, m->text.ptr, tt.ptr,
			    bt.ptr, ot.ptr))
				bad++;
			for (markers = 0, p = m->text.ptr; (p = strstr(p,
			    "<<<<<<< ")) != NULL; p++)
				markers++;
			CHECK(t, markers == m->conflicts, "marker count");
			if (m->conflicts == 0 && !drops_applied(t,
			    m->text.ptr, bt.ptr, ot.ptr, tt.ptr))
				bad++;
			nconf += m->conflicts > 0;
			/* ours' comments survive field-level merges */
			if (deco && strcmp(m->text.ptr, tt.ptr) != 0) {
				ndeco++;
				nkept += strstr(m->text.ptr, "# header\n") &&
				    strstr(m->text.ptr, "# end\n");
			}
			resolve(&res, m->text.ptr, 0);
			CHECK(t, parses(res.ptr), "ours resolution parses");
			if (!parses(res.ptr))
				bad++;
			resolve(&res, m->text.ptr, 1);
			CHECK(t, parses(res.ptr), "theirs resolution parses");
			if (bad)
				fprintf(stderr, "--- base\n%s--- ours\n%s"
				    "--- theirs\n%s--- result\n%s", bt.ptr,
				    ot.ptr, tt.ptr, m->text.ptr);
			merge_result_free(m);
		}
		gdoc_free(&base);
		gdoc_free(&ours);
		gdoc_free(&theirs);
	}
	CHECK(t, nconf > 100 && nconf < 1900, "%d of 2000 cases conflicted",
	    nconf);
	printf("  generated: %d cases, %d with conflicts; ours' comments kept "
	    "in %d of %d\n", iter, nconf, nkept, ndeco);
	CHECK(t, nkept * 10 >= ndeco * 9, "comments kept in %d of %d", nkept,
	    ndeco);
	buf_dispose(&bt);
	buf_dispose(&ot);
	buf_dispose(&tt);
	buf_dispose(&res);
}

static const struct tcase tests[] = {
	TCASE(test_table),
	TCASE(test_errors),
	TCASE(test_labels),
	TCASE(test_lines),
	TCASE(test_generated),
};

HARNESS_MAIN(tests)
