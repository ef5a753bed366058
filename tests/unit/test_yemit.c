/*
 * test_yemit.c: the YAML emitter.  Exact output for the common shapes,
 * then the round-trip property parse(emit(t)) == t (and emit is
 * idempotent) over a table of documents and over generated strings built
 * from the characters that make quoting hard.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "harness.h"
#include "base/util.h"
#include "yaml/yemit.h"
#include "yaml/ytree.h"

static struct ytree *
parse(const char *text, size_t len)
{
	struct ytree *t = NULL;

	if (ytree_parse(&t, "test.yaml", (const unsigned char *)text, len,
	    NULL))
		return NULL;
	return t;
}

/*
 * Parse 'in', emit it, parse the output; check equality and that emitting
 * again gives the same bytes.  Returns the emitted text (caller frees) or
 * NULL after reporting a failure.
 */
static char *
round_trip(struct tctx *t, const char *in, size_t inlen)
{
	struct ytree *a = NULL, *b = NULL;
	struct buf out = BUF_INIT, again = BUF_INIT;
	char *ret = NULL;

	a = parse(in, inlen);
	CHECK(t, a != NULL, "input parses: %s", in);
	if (a == NULL)
		goto done;
	CHECK(t, yemit_document(&out, ytree_root(a)) == NULL, "emit");
	b = parse(out.ptr, out.len);
	CHECK(t, b != NULL, "output parses:\n%s", out.ptr);
	if (b == NULL)
		goto done;
	CHECK(t, ytree_equal(ytree_root(a), ytree_root(b)),
	    "round trip equal:\n--- in\n%s\n--- out\n%s", in, out.ptr);
	CHECK(t, yemit_document(&again, ytree_root(b)) == NULL, "emit again");
	CHECK(t, again.len == out.len && memcmp(again.ptr, out.ptr,
	    out.len) == 0, "idempotent:\n%s\n---\n%s", out.ptr, again.ptr);
	ret = buf_detach(&out);
done:
	ytree_free(a);
	ytree_free(b);
	buf_dispose(&out);
	buf_dispose(&again);
	return ret;
}

static void
test_exact(struct tctx *t)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "a: 1\nb: x\n", "a: 1\nb: x\n" },
		{ "{b: 1, a: 2}", "b: 1\na: 2\n" },
		{ "a: {x: [1, 2], y: {}}\nb: []\n",
		  "a:\n  x:\n    - 1\n    - 2\n  y: {}\nb: []\n" },
		{ "q: [{id: a, t: x}, {id: b}]",
		  "q:\n  - id: a\n    t: x\n  - id: b\n" },
		{ "- - a\n  - b\n- c\n", "- - a\n  - b\n- c\n" },
		{ "s: '1'\nn: 1\nb: 'true'\nz: ''\nq: \"null\"\n",
		  "s: \"1\"\nn: 1\nb: \"true\"\nz: \"\"\nq: \"null\"\n" },
		{ "d: 2014-11-06\nt: 'Östersund'\nno: no\n",
		  "d: 2014-11-06\nt: Östersund\n\"no\": \"no\"\n" },
		{ "a: 'x: y'\nb: 'x #y'\nc: ' lead'\nd: 'trail '\n",
		  "a: \"x: y\"\nb: \"x #y\"\nc: \" lead\"\nd: \"trail \"\n" },
		{ "a: '- x'\nb: '#x'\nc: '*x'\nd: 'x:'\ne: a:b#c\n",
		  "a: \"- x\"\nb: \"#x\"\nc: \"*x\"\nd: \"x:\"\ne: a:b#c\n" },
		{ "a: \"say \\\"hi\\\"\"\nb: 'it''s'\nc: '\"x'\nd: \"'\\\\\"\n",
		  "a: say \"hi\"\nb: it's\nc: '\"x'\nd: \"'\\\\\"\n" },
		{ "a: \"one\\ntwo\\n\"\n", "a: |\n  one\n  two\n" },
		{ "a: \"one\\ntwo\"\n", "a: |-\n  one\n  two\n" },
		{ "a: \"one\\n\\ntwo\\n\\n\"\n",
		  "a: |+\n  one\n\n  two\n\n" },
		{ "- \"x\\ny\"\n", "- |-\n  x\n  y\n" },
		{ "a: \" x\\ny\"\n", "a: \" x\\ny\"\n" },
		{ "a: \"x\\r\\ny\"\n", "a: \"x\\r\\ny\"\n" },
		{ "a: \"tab\\there\"\n", "a: \"tab\\there\"\n" },
		{ "a: \"\\x01\\x7f\\u00a0\\u2028\"\n",
		  "a: \"\\x01\\x7f\u00a0\\L\"\n" },
		{ "a:\nb: ~\n", "a:\nb: ~\n" },
		{ "x", "x\n" },
		{ "'1'", "\"1\"\n" },
		{ "[]", "[]\n" },
		{ "{}", "{}\n" },
		{ "\"a\\nb\"", "|-\n  a\n  b\n" },
		{ "'<<': 1\n", "\"<<\": 1\n" },
		{ "<<<<<<< x: =======\n", "\"<<<<<<< x\": \"=======\"\n" },
		{ "'a b': 1\n'': 2\n'1': 3\n", "a b: 1\n\"\": 2\n\"1\": 3\n" },
	};
	struct ytree *tr;
	struct buf out = BUF_INIT;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		tr = parse(cases[i].in, strlen(cases[i].in));
		CHECK(t, tr != NULL, "parse %s", cases[i].in);
		if (tr == NULL)
			continue;
		buf_reset(&out);
		CHECK(t, yemit_document(&out, ytree_root(tr)) == NULL, "emit");
		CHECK_STR(t, out.ptr, cases[i].want);
		ytree_free(tr);
		free(round_trip(t, cases[i].in, strlen(cases[i].in)));
	}
	buf_dispose(&out);
}

static void
test_documents(struct tctx *t)
{
	static const char *const docs[] = {
		"kind: meeting\nid: 2014-11-06-natverksmote\n"
		"federation: jamtland\ntitle: Nätverksmöte för Norrlands "
		"samordningsförbund\nstart: 2014-11-06\nattendance: 50\n"
		"questions:\n  - id: ledarskap-i-samverkan\n"
		"    title: Ledarskap i samverkan\n"
		"    owner: {name: Mikael Holmlund, federation: umea-vannas}\n"
		"    focus: true\n    due: 2015-11-05\n    status: open\n"
		"    description: |\n      Hur leder vi samverkan?\n\n"
		"      Andra stycket.\n"
		"tags: [samverkan, ledarskap]\n",
		"a: [[], {}, [[]], [{}], {a: []}]\n",
		"a: [1, 1.5, -2, 0x1F, 0o17, .inf, -.inf, 1e3, +1, ~, null, "
		"true, False]\n",
		"a: ['1', '1.5', '-2', '0x1F', '0o17', '.inf', '-.Inf', '1e3',"
		" '+1', '~', 'null', 'true', 'False', 'yes', 'on', '.5', '5.',"
		" '1_000', 'nan', 'infinity', '0b1', '2014-11-06']\n",
		"a: ['---', '...', '--- x', '... x', '-', '?', ':', '? x', "
		"'-x', '|', '>', '@x', '`x', '%x', '!x', '&x', '[x', ']x', "
		"'{x', '}x', ',x', 'x,y', 'x[y]', 'a #b', 'a# b', 'a:', "
		"'a: b', 'a:b']\n",
		"\"a\\nb\": 1\n\"\\t\": 2\n\"x y \": 3\n",
		"a:\n  b:\n    c:\n      d:\n        - e: \"1\\n2\\n\"\n"
		"          f: |\n            x\n             y\n",
		"- \"\\x85\\u2029\\ufeff\\uffff\\U0001F600\"\n",
		"- \"a\\n   \"\n- \"a\\n\\n\"\n- \"a\\n \\nb\"\n"
		"- \"\\u00e5\\n\\u00e4\"\n- \"x\\n\\ty\"\n",
	};
	size_t i;

	for (i = 0; i < nitems(docs); i++)
		free(round_trip(t, docs[i], strlen(docs[i])));
}

static void
test_long_key(struct tctx *t)
{
	struct buf in = BUF_INIT;
	char *out;
	int i;

	buf_puts(&in, "? ");
	for (i = 0; i < 1200; i++)
		buf_putc(&in, (char)('a' + i % 26));
	buf_puts(&in, "\n: [1, {x: 2}]\n");
	out = round_trip(t, in.ptr, in.len);
	CHECK(t, out && strncmp(out, "? ", 2) == 0, "explicit key: %.20s",
	    out ? out : "(null)");
	free(out);
	buf_dispose(&in);
}

/* Append s as a double-quoted YAML scalar with every byte escaped. */
static void
quote_all(struct buf *b, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n;
	unsigned long c;

	buf_putc(b, '"');
	for (i = 0; i < len; i += n) {
		n = 1;
		c = u[i];
		if (c >= 0xf0) {
			n = 4;
			c = ((c & 7) << 18) | ((u[i + 1] & 0x3fUL) << 12) |
			    ((u[i + 2] & 0x3fUL) << 6) | (u[i + 3] & 0x3fUL);
		} else if (c >= 0xe0) {
			n = 3;
			c = ((c & 15) << 12) | ((u[i + 1] & 0x3fUL) << 6) |
			    (u[i + 2] & 0x3fUL);
		} else if (c >= 0xc0) {
			n = 2;
			c = ((c & 31) << 6) | (u[i + 1] & 0x3fUL);
		}
		buf_printf(b, "\\U%08lx", c);
	}
	buf_putc(b, '"');
}

/*
 * Generated strings: random concatenations of pieces that matter to the
 * choice of style, each used as a value, as a sequence item and as a key.
 */
static void
test_generated_strings(struct tctx *t)
{
	static const char *const pieces[] = {
		" ", "\n", "\t", ":", "#", "-", "'", "\"", "\\", "a", "1",
		".", "\xc3\xa5", "\xe2\x80\xa8", "\xc2\x85", "|", "~", "\r",
		"\xef\xbb\xbf", "e", "0x", "?", ",", "[", "{", "&", "*", "!",
		"%", "@", "`", "null", "true", "---", "...", "\x01", "\x7f",
		"\xf0\x9f\x98\x80", "<<", "yes", " #", ": ",
	};
	struct buf s = BUF_INIT, doc = BUF_INIT;
	unsigned long seed = 12345;
	int iter, k, npieces, fails = 0;
	char *out;

	for (iter = 0; iter < 3000 && fails < 5; iter++) {
		buf_reset(&s);
		npieces = iter % 7;
		for (k = 0; k < npieces; k++) {
			seed = seed * 6364136223846793005UL +
			    1442695040888963407UL;
			buf_puts(&s, pieces[(seed >> 33) % nitems(pieces)]);
		}
		if (s.ptr == NULL)
			buf_puts(&s, "");
		buf_reset(&doc);
		buf_puts(&doc, "v: ");
		quote_all(&doc, s.ptr, s.len);
		buf_puts(&doc, "\nl:\n  - ");
		quote_all(&doc, s.ptr, s.len);
		buf_puts(&doc, "\n  - x\n");
		quote_all(&doc, s.ptr, s.len);
		buf_puts(&doc, ": [x, ");
		quote_all(&doc, s.ptr, s.len);
		buf_puts(&doc, "]\n");
		out = round_trip(t, doc.ptr, doc.len);
		if (out == NULL)
			fails++;
		free(out);
		/* the string as the whole document */
		buf_reset(&doc);
		quote_all(&doc, s.ptr, s.len);
		out = round_trip(t, doc.ptr, doc.len);
		if (out == NULL)
			fails++;
		free(out);
	}
	CHECK_INT(t, fails, 0);
	buf_dispose(&s);
	buf_dispose(&doc);
}

static void
test_pieces(struct tctx *t)
{
	struct ytree *tr;
	struct buf out = BUF_INIT;

	tr = parse("a: [x, {b: 1}]\n", 15);
	CHECK(t, tr != NULL, "parse");
	if (tr == NULL)
		return;
	CHECK(t, yemit_pair(&out, 4, 0, "key", 3,
	    ytree_get(ytree_root(tr), "a")) == NULL, "pair");
	CHECK(t, yemit_item(&out, 2, 0, ytree_get(ytree_root(tr), "a")) ==
	    NULL, "item");
	CHECK(t, yemit_key(&out, 2, 1, "a: b", 4) == NULL, "key");
	CHECK_STR(t, out.ptr, "    key:\n      - x\n      - b: 1\n"
	    "  - - x\n    - b: 1\n\"a: b\":");
	buf_dispose(&out);
	ytree_free(tr);
}

static const struct tcase tests[] = {
	TCASE(test_exact),
	TCASE(test_documents),
	TCASE(test_long_key),
	TCASE(test_generated_strings),
	TCASE(test_pieces),
};

HARNESS_MAIN(tests)
