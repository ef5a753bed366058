/*
 * test_escape.c: the five escapers and ICS folding, table-driven.
 */
#include <string.h>

#include "base/buf.h"
#include "base/escape.h"
#include "harness.h"
#include "base/util.h"

struct ecase {
	const char	*in;
	size_t		 len;	/* 0: strlen(in) */
	const char	*want;
};

typedef const struct ns_error *(*esc_fn)(struct buf *, const char *, size_t);

static void
run(struct tctx *t, esc_fn fn, const struct ecase *c, size_t n,
    const char *name)
{
	struct buf b = BUF_INIT;
	size_t i, len;

	for (i = 0; i < n; i++) {
		buf_reset(&b);
		len = c[i].len ? c[i].len : strlen(c[i].in);
		CHECK(t, fn(&b, c[i].in, len) == NULL, "%s #%zu failed",
		    name, i);
		CHECK(t, b.len == strlen(c[i].want) &&
		    memcmp(b.ptr ? b.ptr : "", c[i].want, b.len) == 0,
		    "%s #%zu: got [%s], want [%s]", name, i,
		    b.ptr ? b.ptr : "", c[i].want);
	}
	buf_dispose(&b);
}

static void
test_html(struct tctx *t)
{
	static const struct ecase c[] = {
		{ "plain text", 0, "plain text" },
		{ "", 0, "" },
		{ "<script>alert(\"x\")</script>", 0,
		    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" },
		{ "a & b 'c'", 0, "a &amp; b &#39;c&#39;" },
		{ "Jämtland Östersund", 0, "Jämtland Östersund" },
		{ "a\0b", 3, "a\xef\xbf\xbd" "b" },
		{ "x\x1by\x7f", 0, "x\xef\xbf\xbdy\xef\xbf\xbd" },
		{ "tab\tnl\ncr\r", 0, "tab\tnl\ncr\r" },
		{ "&amp;", 0, "&amp;amp;" },
	};

	run(t, escape_html, c, nitems(c), "html");
}

static void
test_json(struct tctx *t)
{
	static const struct ecase c[] = {
		{ "abc", 0, "\"abc\"" },
		{ "", 0, "\"\"" },
		{ "a\"b\\c", 0, "\"a\\\"b\\\\c\"" },
		{ "l1\nl2\r\t", 0, "\"l1\\nl2\\r\\t\"" },
		{ "\b\f\x01\x1f", 0, "\"\\b\\f\\u0001\\u001f\"" },
		{ "a\0b", 3, "\"a\\u0000b\"" },
		{ "</script>", 0, "\"<\\/script>\"" },
		{ "a/b", 0, "\"a/b\"" },
		{ "Umeå–Vännäs", 0, "\"Umeå–Vännäs\"" },
		{ "x\xe2\x80\xa8y\xe2\x80\xa9", 0, "\"x\\u2028y\\u2029\"" },
		{ "\x7f", 0, "\"\\u007f\"" },
	};

	run(t, escape_json, c, nitems(c), "json");
}

static void
test_csv(struct tctx *t)
{
	static const struct ecase c[] = {
		{ "plain", 0, "plain" },
		{ "", 0, "" },
		{ "a,b", 0, "\"a,b\"" },
		{ "say \"hi\"", 0, "\"say \"\"hi\"\"\"" },
		{ "l1\nl2", 0, "\"l1\r\nl2\"" },
		{ "l1\r\nl2", 0, "\"l1\r\nl2\"" },
		{ "l1\rl2", 0, "\"l1\r\nl2\"" },
		{ "=cmd|' /C calc'!A0", 0, "'=cmd|' /C calc'!A0" },
		{ "+1", 0, "'+1" },
		{ "-2+3", 0, "'-2+3" },
		{ "@SUM(A1)", 0, "'@SUM(A1)" },
		{ "\t=x", 0, "'\t=x" },
		{ "=a,b", 0, "\"'=a,b\"" },
		{ " lead", 0, "\" lead\"" },
		{ "a=b", 0, "a=b" },
		{ "x\x01y", 0, "xy" },
		{ "Åre", 0, "Åre" },
	};

	run(t, escape_csv, c, nitems(c), "csv");
}

static void
test_ics(struct tctx *t)
{
	static const struct ecase c[] = {
		{ "plain", 0, "plain" },
		{ "a;b,c\\d", 0, "a\\;b\\,c\\\\d" },
		{ "l1\nl2", 0, "l1\\nl2" },
		{ "l1\r\nl2\rl3", 0, "l1\\nl2\\nl3" },
		{ "x\x01y\tz", 0, "xy\tz" },
		{ "Lycksele–Malå", 0, "Lycksele–Malå" },
		{ "a:b", 0, "a:b" },
	};

	run(t, escape_ics, c, nitems(c), "ics");
}

static const struct ns_error *
md_inline(struct buf *b, const char *s, size_t len)
{
	return escape_md(b, s, len, 0);
}

static const struct ns_error *
md_block(struct buf *b, const char *s, size_t len)
{
	return escape_md(b, s, len, 1);
}

static void
test_md(struct tctx *t)
{
	static const struct ecase in[] = {
		{ "plain text", 0, "plain text" },
		{ "*bold* _it_ `code`", 0, "\\*bold\\* \\_it\\_ \\`code\\`" },
		{ "[link](x) <b> a|b ~s~ &amp;", 0,
		    "\\[link\\](x) \\<b\\> a\\|b \\~s\\~ \\&amp;" },
		{ "# head", 0, "\\# head" },
		{ "- item", 0, "\\- item" },
		{ "+ item", 0, "\\+ item" },
		{ "1. item", 0, "1\\. item" },
		{ "12) item", 0, "12\\) item" },
		{ "a - b. c", 0, "a - b. c" },
		{ "l1\nl2", 0, "l1 l2" },
		{ "l1\n# h", 0, "l1 # h" },
		{ "back\\slash", 0, "back\\\\slash" },
		{ "trail\n", 0, "trail" },
		{ "Östersund 2015", 0, "Östersund 2015" },
	};
	static const struct ecase blk[] = {
		{ "l1\nl2", 0, "l1\\\nl2" },
		{ "p1\n\np2", 0, "p1\n\np2" },
		{ "l1\n# not a heading", 0, "l1\\\n\\# not a heading" },
		{ "l1\n2. x", 0, "l1\\\n2\\. x" },
		{ "text\n", 0, "text" },
	};

	run(t, md_inline, in, nitems(in), "md inline");
	run(t, md_block, blk, nitems(blk), "md block");
}

/* Every physical line of 'b' is at most 75 octets, ends in CRLF, and no
 * line starts with a UTF-8 continuation byte (after the fold space). */
static int
folded_ok(const struct buf *b)
{
	size_t i, start = 0;

	for (i = 0; i + 1 < b->len; i++) {
		if (b->ptr[i] != '\r' || b->ptr[i + 1] != '\n')
			continue;
		if (i - start > 75)
			return 0;
		if (start > 0 && (b->ptr[start] != ' ' ||
		    ((unsigned char)b->ptr[start + 1] & 0xc0) == 0x80))
			return 0;
		start = i + 2;
	}
	return start == b->len;
}

/* Unfold (RFC 5545 3.1): remove every CRLF followed by a space. */
static void
unfold(struct buf *out, const struct buf *in)
{
	size_t i;

	for (i = 0; i < in->len; i++) {
		if (i + 2 < in->len && in->ptr[i] == '\r' &&
		    in->ptr[i + 1] == '\n' && in->ptr[i + 2] == ' ') {
			i += 2;
			continue;
		}
		buf_putc(out, in->ptr[i]);
	}
}

static void
test_ics_fold(struct tctx *t)
{
	struct buf line = BUF_INIT, b = BUF_INIT, u = BUF_INIT;
	size_t n, i;

	CHECK(t, escape_ics_fold(&b, "SHORT:x", 7) == NULL, "fold");
	CHECK_STR(t, b.ptr, "SHORT:x\r\n");
	/* lengths around the limit, ASCII and two- and three-byte text */
	for (n = 60; n < 260; n += 7) {
		for (i = 0; i < 3; i++) {
			buf_reset(&line);
			buf_reset(&b);
			buf_reset(&u);
			buf_puts(&line, "SUMMARY:");
			while (line.len < n)
				buf_puts(&line, i == 0 ? "a" : i == 1 ?
				    "\xc3\xa5" : "\xe2\x80\x93");
			CHECK(t, escape_ics_fold(&b, line.ptr, line.len) ==
			    NULL, "fold %zu", n);
			CHECK(t, folded_ok(&b), "fold %zu/%zu: bad lines: %s",
			    n, i, b.ptr);
			unfold(&u, &b);
			CHECK(t, u.len == line.len + 2 &&
			    memcmp(u.ptr, line.ptr, line.len) == 0,
			    "fold %zu/%zu does not round-trip", n, i);
		}
	}
	buf_dispose(&line);
	buf_dispose(&b);
	buf_dispose(&u);
}

static void
test_limit(struct tctx *t)
{
	struct buf b = BUF_INIT;

	b.toobig = 8;
	CHECK(t, escape_html(&b, "<<<<<<<<", 8) != NULL,
	    "a buffer limit is an error");
	buf_dispose(&b);
}

static const struct tcase tests[] = {
	TCASE(test_html),
	TCASE(test_json),
	TCASE(test_csv),
	TCASE(test_ics),
	TCASE(test_md),
	TCASE(test_ics_fold),
	TCASE(test_limit),
};

HARNESS_MAIN(tests)
