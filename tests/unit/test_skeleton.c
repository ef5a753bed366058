/*
 * test_skeleton.c: slugs, YAML scalars that read back unchanged, record
 * skeletons that parse, item references, and the built-in hooks equal to
 * the files of hooks/ (run from the repository top, as tests/run.sh does).
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "harness.h"
#include "base/util.h"
#include "record/skeleton.h"
#include "repo/hooks_builtin.h"
#include "yaml/ytree.h"

static void
test_slugify(struct tctx *t)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "Nätverksmöte", "natverksmote" },
		{ "Umeå Vännäs", "umea-vannas" },
		{ "  Lycksele/Malå  ", "lycksele-mala" },
		{ "ÅÄÖ åäö", "aao-aao" },
		{ "Anna's möte", "annas-mote" },
		{ "Anna\xe2\x80\x99s möte", "annas-mote" },
		{ "Straße", "strasse" },
		{ "Æblegård Øst", "aeblegard-ost" },
		{ "Timrå\xe2\x80\x93Härnösand", "timra-harnosand" },
		{ "2014 års nätverksmöte", "2014-ars-natverksmote" },
		{ "Crème brûlée", "creme-brulee" },
		{ "a--b__c", "a-b-c" },
		{ "x × y", "x-y" },
		{ "Skellefteå-Norsjö", "skelleftea-norsjo" },
		{ "jamtland", "jamtland" },
	};
	static const char *const bad[] = {
		"", "!!!", " - ", "\xe6\x97\xa5\xe6\x9c\xac", "\xff", "'",
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		buf_reset(&b);
		CHECK(t, skeleton_slugify(&b, cases[i].in, 63) == NULL,
		    "slugify(\"%s\") failed", cases[i].in);
		CHECK_STR(t, b.ptr, cases[i].want);
		CHECK(t, slug_valid(b.ptr), "slug_valid(\"%s\")", b.ptr);
	}
	for (i = 0; i < nitems(bad); i++) {
		const struct ns_error *err;

		buf_reset(&b);
		err = skeleton_slugify(&b, bad[i], 63);
		CHECK(t, err && err->code == NS_ERR_INVALID,
		    "slugify(\"%s\") should fail", bad[i]);
		CHECK_INT(t, b.len, 0);
	}
	buf_dispose(&b);
}

static void
test_slugify_cut(struct tctx *t)
{
	static const struct {
		const char *in; size_t max; const char *want;
	} cases[] = {
		{ "aaaa bbbb cccc", 11, "aaaa-bbbb" },
		{ "aaaa bbbb cccc", 9, "aaaa-bbbb" },
		{ "aaaa bbbb cccc", 8, "aaaa" },
		{ "aaaaaaaaaa", 4, "aaaa" },
		{ "ää öö", 3, "aa" },
	};
	char longword[100];
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		buf_reset(&b);
		CHECK(t, skeleton_slugify(&b, cases[i].in, cases[i].max) ==
		    NULL, "slugify(\"%s\", %zu)", cases[i].in, cases[i].max);
		CHECK_STR(t, b.ptr, cases[i].want);
	}
	memset(longword, 'a', 99);
	longword[99] = '\0';
	buf_reset(&b);
	CHECK(t, skeleton_slugify(&b, longword, 63) == NULL, "long word");
	CHECK_INT(t, b.len, 63);
	CHECK(t, slug_valid(b.ptr), "63 a's are a slug");
	buf_reset(&b);
	CHECK(t, skeleton_default_id(&b, "2014-11-06", "Nätverksmöte för "
	    "Norrlands samordningsförbund i Östersund, dag ett och dag två") ==
	    NULL, "default id");
	CHECK(t, b.len <= 63 && slug_valid(b.ptr), "id '%s' is a slug",
	    b.ptr);
	CHECK(t, strncmp(b.ptr, "2014-11-06-natverksmote-for-", 28) == 0,
	    "id '%s' starts with the date and the words", b.ptr);
	buf_dispose(&b);
}

/* Write "k: <scalar>" and read it back with the YAML 1.2 parser. */
static void
roundtrip(struct tctx *t, const char *s, int want_plain)
{
	struct buf doc = BUF_INIT;
	struct ytree *y = NULL;
	const char *got;

	CHECK(t, buf_puts(&doc, "k: ") == NULL, "buf");
	CHECK(t, skeleton_put_scalar(&doc, s) == NULL, "put_scalar");
	if (want_plain >= 0)
		CHECK(t, (doc.ptr[3] != '"') == want_plain,
		    "\"%s\" written as %s", s, doc.ptr);
	CHECK(t, buf_putc(&doc, '\n') == NULL, "buf");
	CHECK(t, ytree_parse(&y, "t", (const unsigned char *)doc.ptr, doc.len,
	    NULL) == NULL, "parse %s", doc.ptr);
	got = y ? ytree_get_str(ytree_root(y), "k") : NULL;
	CHECK(t, got && strcmp(got, s) == 0, "\"%s\" read back as \"%s\" "
	    "from %s", s, got ? got : "(not a string)", doc.ptr);
	ytree_free(y);
	buf_dispose(&doc);
}

static void
test_put_scalar(struct tctx *t)
{
	static const char *const plain[] = {
		"Nätverksmöte", "Årsmöte 2015", "Anna's möte",
		"Ledarskap i samverkan, del 2 (av 3)",
		"Samordningsförbundet i Jämtlands län",
	};
	static const char *const quoted[] = {
		"yes", "No", "null", "True", "2014", "1.5", "Möte: planering",
		"a #b", "-x", "\"quoted\"", "back\\slash", "tab\there",
		"trailing ", " leading", "[x]", "{y}", "&anchor", "*alias",
		"!tag", "%x", "@x", "`x`", "x: ", ".inf", "~", "", "a\nb",
		"0x1F", "?", "- a", "on",
	};
	size_t i;

	for (i = 0; i < nitems(plain); i++)
		roundtrip(t, plain[i], 1);
	for (i = 0; i < nitems(quoted); i++)
		roundtrip(t, quoted[i], 0);
	roundtrip(t, "100%", -1);
}

/* "# " and then two spaces or a key and ':' (a commented-out field). */
static int
is_field_comment(const char *p)
{
	size_t n;

	if (strncmp(p, "# ", 2) != 0)
		return 0;
	if (strncmp(p + 2, "  ", 2) == 0)
		return 1;
	n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz_");
	return n > 0 && p[2 + n] == ':';
}

/* Parse 'text'; with 'uncomment', first strip "# " before field lines. */
static struct ytree *
parse_skeleton(struct tctx *t, const char *text, int uncomment)
{
	struct buf b = BUF_INIT;
	struct ytree *y = NULL;
	const char *p = text, *nl;
	const struct ns_error *err;

	while (*p) {
		nl = strchr(p, '\n');
		nl = nl ? nl + 1 : p + strlen(p);
		if (uncomment && is_field_comment(p))
			p += 2;
		CHECK(t, buf_add(&b, p, (size_t)(nl - p)) == NULL, "buf");
		p = nl;
	}
	err = ytree_parse(&y, "skeleton", (const unsigned char *)b.ptr, b.len,
	    NULL);
	CHECK(t, err == NULL, "skeleton%s does not parse: %s:%u:%u: %s\n%s",
	    uncomment ? " (uncommented)" : "", err ? err->file : "",
	    err ? err->line : 0, err ? err->col : 0, err ? err->msg : "",
	    b.ptr);
	buf_dispose(&b);
	return y;
}

static void
test_meeting(struct tctx *t)
{
	struct skeleton_meeting m = { "jamtland", "2015-11-05-konferens",
	    "Konferens: samverkan", "conference", "2015-11-05", "Östersund" };
	const struct ytree_node *r, *q;
	struct buf b = BUF_INIT;
	struct ytree *y;

	CHECK(t, skeleton_meeting(&b, &m) == NULL, "skeleton_meeting");
	y = parse_skeleton(t, b.ptr, 0);
	r = y ? ytree_root(y) : NULL;
	CHECK(t, r && r->type == YTREE_MAP && r->n == 8, "8 fields");
	CHECK_STR(t, r ? ytree_get_str(r, "title") : NULL,
	    "Konferens: samverkan");
	CHECK_STR(t, r ? ytree_get_str(r, "start") : NULL, "2015-11-05");
	CHECK_STR(t, r ? ytree_get_str(r, "status") : NULL, "planned");
	CHECK_STR(t, r ? ytree_get_str(r, "location") : NULL, "Östersund");
	ytree_free(y);
	y = parse_skeleton(t, b.ptr, 1);
	r = y ? ytree_root(y) : NULL;
	q = r ? ytree_get(r, "questions") : NULL;
	CHECK(t, q && q->type == YTREE_SEQ && q->n == 1, "one question");
	CHECK_STR(t, r ? ytree_get_str(ytree_get(r, "next_meeting"),
	    "start") : NULL, "2016-11-05");
	CHECK(t, r && ytree_get(r, "purpose") && ytree_get(r, "decisions") &&
	    ytree_get(r, "participants") && ytree_get(r, "program") &&
	    ytree_get(r, "summary") && ytree_get(r, "end") &&
	    ytree_get(r, "host"), "every optional field uncomments");
	ytree_free(y);
	buf_dispose(&b);
}

static void
test_followup(struct tctx *t)
{
	struct skeleton_followup f = { "umea-vannas", "2015-11-05-ledarskap",
	    "jamtland/2014-11-06-natverksmote#ledarskap", "2015-11-05",
	    "in-progress", NULL };
	const struct ytree_node *r;
	struct buf b = BUF_INIT;
	struct ytree *y;

	CHECK(t, skeleton_followup(&b, &f) == NULL, "skeleton_followup");
	y = parse_skeleton(t, b.ptr, 0);
	r = y ? ytree_root(y) : NULL;
	CHECK(t, r && r->n == 6 && ytree_get(r, "by") == NULL, "6 fields");
	CHECK_STR(t, r ? ytree_get_str(r, "refers_to") : NULL, f.refers_to);
	ytree_free(y);
	y = parse_skeleton(t, b.ptr, 1);
	r = y ? ytree_root(y) : NULL;
	CHECK(t, r && r->n == 8, "by and note uncomment");
	CHECK_STR(t, r ? ytree_get_str(r, "by") : NULL, "Förnamn Efternamn");
	ytree_free(y);
	f.by = "Mikael: Holmlund";
	buf_reset(&b);
	CHECK(t, skeleton_followup(&b, &f) == NULL, "skeleton_followup");
	y = parse_skeleton(t, b.ptr, 0);
	r = y ? ytree_root(y) : NULL;
	CHECK_STR(t, r ? ytree_get_str(r, "by") : NULL, "Mikael: Holmlund");
	ytree_free(y);
	buf_dispose(&b);
}

static void
test_config_profile(struct tctx *t)
{
	struct buf b = BUF_INIT;
	struct ytree *y;
	const struct ytree_node *r;

	CHECK(t, skeleton_config(&b, "jamtland", "yes") == NULL, "config");
	y = parse_skeleton(t, b.ptr, 0);
	r = y ? ytree_root(y) : NULL;
	CHECK_STR(t, r ? ytree_get_str(r, "name") : NULL, "yes");
	CHECK(t, r && ytree_get(r, "peers") &&
	    ytree_get(r, "peers")->type == YTREE_SEQ, "peers: []");
	CHECK(t, r && ytree_get(r, "network") == NULL, "no network");
	ytree_free(y);
	buf_reset(&b);
	CHECK(t, skeleton_profile(&b, "jamtland", "Samordningsförbundet i "
	    "Jämtlands län") == NULL, "profile");
	y = parse_skeleton(t, b.ptr, 1);
	r = y ? ytree_root(y) : NULL;
	CHECK_STR(t, r ? ytree_get_str(r, "kind") : NULL, "federation");
	CHECK(t, r && ytree_get(r, "contacts") && ytree_get(r, "members"),
	    "optional fields uncomment");
	ytree_free(y);
	buf_dispose(&b);
}

static void
test_checks(struct tctx *t)
{
	static const struct { const char *in; int want; } refs[] = {
		{ "jamtland/2014-11-06-natverksmote#ledarskap", 1 },
		{ "a/b#c", 1 }, { "a/b", 0 }, { "a#c", 0 }, { "/b#c", 0 },
		{ "a/#c", 0 }, { "a/b#", 0 }, { "A/b#c", 0 }, { "a/b/c#d", 0 },
		{ "a/b#c#d", 0 },
	};
	size_t i;

	for (i = 0; i < nitems(refs); i++)
		CHECK(t, skeleton_item_ref_valid(refs[i].in) == refs[i].want,
		    "item_ref_valid(\"%s\")", refs[i].in);
	CHECK(t, skeleton_meeting_type_valid("board-meeting"), "type");
	CHECK(t, !skeleton_meeting_type_valid("party"), "type");
	CHECK(t, skeleton_question_status_valid("in-progress"), "status");
	CHECK(t, !skeleton_question_status_valid("closed"), "status");
}

/* Every built-in hook equals hooks/<name>, and every hooks/ file is in. */
static void
test_hooks_builtin(struct tctx *t)
{
	const struct hook_builtin *h;
	struct buf b = BUF_INIT, path = BUF_INIT;
	struct dirent *de;
	size_t nfiles = 0;
	DIR *d;

	for (h = hook_builtins; h->name; h++) {
		buf_reset(&b);
		buf_reset(&path);
		CHECK(t, buf_printf(&path, "hooks/%s", h->name) == NULL, "buf");
		CHECK(t, buf_load_path(&b, path.ptr, 1 << 20) == NULL,
		    "read %s", path.ptr);
		CHECK(t, b.len == h->len && memcmp(b.ptr, h->data, h->len) ==
		    0, "built-in %s differs from hooks/%s (make rebuilds it)",
		    h->name, h->name);
	}
	CHECK(t, hook_builtins_count >= 1 &&
	    strcmp(hook_builtins[0].name, "pre-commit") <= 0, "pre-commit");
	d = opendir("hooks");
	CHECK(t, d != NULL, "opendir hooks (run from the repository top)");
	while (d && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.' ||
		    (n > 3 && strcmp(de->d_name + n - 3, ".md") == 0))
			continue;
		nfiles++;
	}
	if (d)
		closedir(d);
	CHECK_INT(t, nfiles, hook_builtins_count);
	buf_dispose(&b);
	buf_dispose(&path);
}

static const struct tcase tests[] = {
	TCASE(test_slugify),
	TCASE(test_slugify_cut),
	TCASE(test_put_scalar),
	TCASE(test_meeting),
	TCASE(test_followup),
	TCASE(test_config_profile),
	TCASE(test_checks),
	TCASE(test_hooks_builtin),
};

HARNESS_MAIN(tests)
