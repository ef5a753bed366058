/*
 * fuzz_merge.c: libFuzzer target for merge_records() and yemit.
 *
 * The input is split at its first two NUL bytes into base, ours and
 * theirs (a missing part is empty; an empty base means "added on both
 * sides").  Checked properties, which abort() when broken:
 *  - merge_records() either fails with a YAML/limit error (the line merge
 *    then runs, as in the driver) or returns a result whose conflict count
 *    matches its paths and its marker blocks;
 *  - a clean result parses; a conflicted one parses once every marker
 *    block is resolved to ours' side, and again to theirs' side;
 *  - for each side that parses, emit -> parse gives an equal tree, and
 *    emitting that again gives the same bytes.
 *
 * `make fuzz` builds and runs it; tests/suites/fuzz_replay.sh replays
 * tests/fuzz/corpus/merge/ in `make check`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "base/buf.h"
#include "merge/merge.h"
#include "yaml/yemit.h"
#include "yaml/ytree.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Keep libgit2 initialised: merge_lines() would otherwise set it up and
 * tear it down on every input. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	git_libgit2_init();
	return 0;
}

static void
fuzz_resolve(struct buf *out, const char *s, size_t len, int which)
{
	const char *nl, *end = s + len;
	int state = 0;

	buf_reset(out);
	for (; s < end; s = nl) {
		nl = memchr(s, '\n', (size_t)(end - s));
		nl = nl ? nl + 1 : end;
		if ((size_t)(end - s) >= 8 && memcmp(s, "<<<<<<< ", 8) == 0)
			state = 1;
		else if (state == 1 && (size_t)(end - s) >= 8 &&
		    memcmp(s, "=======\n", 8) == 0)
			state = 2;
		else if (state == 2 && (size_t)(end - s) >= 8 &&
		    memcmp(s, ">>>>>>> ", 8) == 0)
			state = 0;
		else if (state == 0 || state == which + 1)
			(void)buf_add(out, s, (size_t)(nl - s));
	}
}

static int
fuzz_parses(const char *s, size_t len)
{
	struct ytree *t = NULL;

	if (ytree_parse(&t, "fuzz", (const unsigned char *)s, len, NULL))
		return 0;
	ytree_free(t);
	return 1;
}

static size_t
fuzz_count_markers(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i + 8 <= len; i++)
		if ((i == 0 || s[i - 1] == '\n') &&
		    memcmp(s + i, "<<<<<<< ", 8) == 0)
			n++;
	return n;
}

static void
fuzz_check_result(const struct merge_result *r)
{
	struct buf res = BUF_INIT;

	if (r->conflicts < 0 || (size_t)r->conflicts != r->nconflict_paths)
		abort();
	if (r->conflicts == 0) {
		if (!fuzz_parses(r->text.ptr, r->text.len))
			abort();
		return;
	}
	/* a root conflict holds both documents whole: nothing to check */
	if (strcmp(r->conflict_paths[0], "(document)") == 0)
		return;
	if (fuzz_count_markers(r->text.ptr, r->text.len) !=
	    (size_t)r->conflicts)
		abort();
	fuzz_resolve(&res, r->text.ptr, r->text.len, 0);
	if (!fuzz_parses(res.ptr, res.len))
		abort();
	fuzz_resolve(&res, r->text.ptr, r->text.len, 1);
	if (!fuzz_parses(res.ptr, res.len))
		abort();
	buf_dispose(&res);
}

static void
fuzz_round_trip(const uint8_t *data, size_t len)
{
	struct ytree *a = NULL, *b = NULL;
	struct buf one = BUF_INIT, two = BUF_INIT;

	if (ytree_parse(&a, "fuzz", data, len, NULL))
		return;
	if (yemit_document(&one, ytree_root(a)))
		abort();
	if (ytree_parse(&b, "fuzz", (const unsigned char *)one.ptr, one.len,
	    NULL))
		abort();
	if (!ytree_equal(ytree_root(a), ytree_root(b)))
		abort();
	if (yemit_document(&two, ytree_root(b)) || two.len != one.len ||
	    memcmp(one.ptr, two.ptr, one.len) != 0)
		abort();
	ytree_free(a);
	ytree_free(b);
	buf_dispose(&one);
	buf_dispose(&two);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[3] = { NULL, NULL, NULL }, *end = data + size;
	size_t len[3] = { 0, 0, 0 };
	const uint8_t *p = data, *z;
	const struct ns_error *err;
	struct merge_result *r = NULL;
	int i;

	for (i = 0; i < 3; i++) {
		z = i < 2 ? memchr(p, '\0', (size_t)(end - p)) : NULL;
		part[i] = p;
		len[i] = z ? (size_t)(z - p) : (size_t)(end - p);
		p = z ? z + 1 : end;
	}
	err = merge_records(&r, "fuzz.yaml", len[0] ? part[0] : NULL, len[0],
	    part[1], len[1], part[2], len[2], NULL, NULL);
	if (err && err->code != NS_ERR_YAML && err->code != NS_ERR_LIMIT)
		abort();
	if (err)
		err = merge_lines(&r, len[0] ? part[0] : NULL, len[0],
		    part[1], len[1], part[2], len[2], NULL, NULL);
	else
		fuzz_check_result(r);
	if (err)
		abort();
	merge_result_free(r);
	for (i = 0; i < 3; i++)
		fuzz_round_trip(part[i], len[i]);
	return 0;
}
