/*
 * test_util.c: slugs, dates, UTF-8, buffers and diagnostics.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "harness.h"
#include "base/util.h"

static void
test_slug_valid(struct tctx *t)
{
	static const struct { const char *in; int want; } cases[] = {
		{ "jamtland", 1 }, { "umea-vannas", 1 }, { "a", 1 },
		{ "2014-11-06-natverksmote", 1 }, { "", 0 }, { "-x", 0 },
		{ "Jamtland", 0 }, { "\xc3\xa5re", 0 }, { "a_b", 0 },
		{ "a.b", 0 },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1 },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0 },
	};
	size_t i;

	for (i = 0; i < nitems(cases); i++)
		CHECK(t, slug_valid(cases[i].in) == cases[i].want,
		    "slug_valid(\"%s\")", cases[i].in);
	CHECK(t, !slug_valid(NULL), "slug_valid(NULL)");
}

static void
test_dates(struct tctx *t)
{
	static const struct { const char *in; int date, dt; } cases[] = {
		{ "2014-11-06", 1, 0 }, { "2016-02-29", 1, 0 },
		{ "2015-02-29", 0, 0 }, { "2000-02-29", 1, 0 },
		{ "1900-02-29", 0, 0 }, { "2014-13-01", 0, 0 },
		{ "2014-11-31", 0, 0 }, { "2014-1-06", 0, 0 },
		{ "2014-11-06T09:00:00Z", 0, 1 },
		{ "2014-11-06T09:00:00+01:00", 0, 1 },
		{ "2014-11-06t09:00:00.5z", 0, 1 },
		{ "2014-11-06T24:00:00Z", 0, 0 },
		{ "2014-11-06T09:00:00", 0, 0 },
		{ "2014-11-06 09:00:00Z", 0, 0 },
	};
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		size_t n = strlen(cases[i].in);

		CHECK(t, date_valid(cases[i].in, n) == cases[i].date,
		    "date_valid(\"%s\")", cases[i].in);
		CHECK(t, datetime_valid(cases[i].in, n) == cases[i].dt,
		    "datetime_valid(\"%s\")", cases[i].in);
	}
}

static void
test_utf8(struct tctx *t)
{
	static const struct { const char *in; int want; size_t cps; } cases[] = {
		{ "abc", 1, 3 }, { "\xc3\xa5re", 1, 3 },
		{ "\xe2\x82\xac", 1, 1 }, { "\xf0\x9f\x98\x80", 1, 1 },
		{ "\xc3", 0, 0 }, { "\xc0\xaf", 0, 0 },
		{ "\xed\xa0\x80", 0, 0 }, { "\xf4\x90\x80\x80", 0, 0 },
		{ "\xe0\x80\xaf", 0, 0 }, { "\xff", 0, 0 },
	};
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		size_t n = strlen(cases[i].in);

		CHECK(t, utf8_valid(cases[i].in, n) == cases[i].want,
		    "utf8_valid case %zu", i);
		if (cases[i].want)
			CHECK_INT(t, utf8_length(cases[i].in, n), cases[i].cps);
	}
}

static void
test_buf_limit(struct tctx *t)
{
	struct buf b = BUF_INIT;
	const struct ns_error *err;

	b.toobig = 8;
	CHECK(t, buf_puts(&b, "1234567") == NULL, "7 bytes fit");
	err = buf_puts(&b, "8");
	CHECK(t, err && err->code == NS_ERR_LIMIT, "8th byte is over");
	CHECK_STR(t, b.ptr, "1234567");
	CHECK(t, buf_printf(&b, "%s", "") == NULL, "empty printf");
	buf_dispose(&b);
	CHECK(t, b.ptr == NULL, "disposed");
}

/* Whole files, in one read when their size holds; limits before reading. */
static void
test_buf_load(struct tctx *t)
{
	char dir[] = "/tmp/test_util.XXXXXX", path[64];
	const struct ns_error *err;
	struct buf b = BUF_INIT;
	size_t i;
	FILE *f;

	CHECK(t, mkdtemp(dir) != NULL, "mkdtemp");
	snprintf(path, sizeof(path), "%s/f", dir);
	f = fopen(path, "w");
	for (i = 0; i < 100000; i++)
		fputc('a' + (int)(i % 26), f);
	fclose(f);
	CHECK(t, buf_puts(&b, "kept:") == NULL, "prefix");
	err = buf_load_path(&b, path, 100000);
	CHECK(t, err == NULL, "load: %s", err ? err->msg : "");
	CHECK_INT(t, b.len, 100005);
	CHECK(t, b.ptr[5] == 'a' && b.ptr[100004] == 'a' + 99999 % 26 &&
	    b.ptr[100005] == '\0', "content and terminator");
	buf_reset(&b);
	err = buf_load_path(&b, path, 99999);
	CHECK(t, err && err->code == NS_ERR_LIMIT && strstr(err->msg,
	    "100000 bytes"), "limit: %s", err ? err->msg : "none");
	CHECK(t, b.len == 0, "nothing read past the limit");
	err = buf_load_path(&b, dir, 100);
	CHECK(t, err && strstr(err->msg, "not a regular file"), "directory");
	f = fopen(path, "w");
	fclose(f);
	buf_reset(&b);
	CHECK(t, buf_load_path(&b, path, 10) == NULL && b.len == 0 &&
	    b.ptr && b.ptr[0] == '\0', "empty file");
	remove(path);
	err = buf_load_path(&b, path, 10);
	CHECK(t, err && err->code == NS_ERR_ERRNO, "missing file");
	rmdir(dir);
	buf_dispose(&b);
}

static void
test_diag_print(struct tctx *t)
{
	struct diag_list dl = DIAG_LIST_INIT;
	char out[512];
	FILE *f;

	diag_add(&dl, DIAG_ERROR, "r/b.yaml", 3, 5, "x", "second");
	diag_add(&dl, DIAG_ERROR, "r/a.yaml", 23, 9, "questions[0].owner",
	    "missing required property \"name\"");
	diag_add(&dl, DIAG_WARNING, NULL, 0, 0, NULL, "quote \" and\nline");
	diag_sort(&dl);
	CHECK_INT(t, diag_count_errors(&dl), 2);
	f = fmemopen(out, sizeof(out), "w");
	diag_print_text(f, &dl);
	fclose(f);
	CHECK_STR(t, out, "netsync: warning: quote \" and\nline\n"
	    "r/a.yaml:23:9: error: questions[0].owner: missing required "
	    "property \"name\"\n"
	    "r/b.yaml:3:5: error: x: second\n");
	f = fmemopen(out, sizeof(out), "w");
	diag_print_json(f, &dl);
	fclose(f);
	CHECK(t, strstr(out, "{\"file\":null,\"line\":0,\"column\":0,"
	    "\"severity\":\"warning\",\"path\":null,\"message\":\"quote \\\" "
	    "and\\nline\"}") != NULL, "json: %s", out);
	diag_list_dispose(&dl);
}

static const struct tcase cases[] = {
	TCASE(test_slug_valid),
	TCASE(test_dates),
	TCASE(test_utf8),
	TCASE(test_buf_limit),
	TCASE(test_buf_load),
	TCASE(test_diag_print),
};

HARNESS_MAIN(cases)
