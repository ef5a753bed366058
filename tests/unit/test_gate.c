/*
 * test_gate.c: the safety checks on fetched trees: entry names (pure) and
 * the walk over raw tree objects written straight into a scratch object
 * database (no git plumbing, no validation by libgit2 in the way).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "base/diag.h"
#include "sync/gate.h"
#include "harness.h"
#include "base/util.h"
#include "schema/schema.h"
#include "validate/vcheck.h"

static void
test_names(struct tctx *t)
{
	static const struct {
		const char	*name;
		size_t		 len;
		int		 bad;
	} cases[] = {
		{ "records", 7, 0 }, { "2014-11-06-natverksmote.yaml", 28, 0 },
		{ ".gitignore", 10, 0 }, { ".github", 7, 0 }, { "git", 3, 0 },
		{ "a.git", 5, 0 }, { ".gitx", 5, 0 }, { "git~x", 5, 0 },
		{ "\xc3\xa5r", 3, 0 }, { "..a", 3, 0 }, { ".a.", 3, 0 },
		{ "", 0, 1 }, { ".", 1, 1 }, { "..", 2, 1 }, { "...", 3, 1 },
		{ ". .", 3, 1 }, { "a/b", 3, 1 }, { "a\\b", 3, 1 },
		{ "a\0b", 3, 1 }, { "a\nb", 3, 1 }, { "\x7f", 1, 1 },
		{ ".git", 4, 1 }, { ".GIT", 4, 1 }, { ".Git", 4, 1 },
		{ ".git ", 5, 1 }, { ".git.", 5, 1 }, { ".git . .", 8, 1 },
		{ ".git::$INDEX_ALLOCATION", 23, 1 }, { ".git:x", 6, 1 },
		{ "git~1", 5, 1 }, { "GIT~1", 5, 1 }, { "git~12", 6, 1 },
		{ ".g\xe2\x80\x8cit", 7, 1 },		/* U+200C */
		{ "\xef\xbb\xbf.git", 7, 1 },		/* U+FEFF */
		{ ".gi\xe2\x81\xaat", 7, 1 },		/* U+206A */
		{ ".GI\xe2\x80\xaeT\xe2\x80\x8f", 10, 1 },
		{ ".g\xe2\x80\x8bit", 7, 0 },	/* U+200B: not ignorable */
	};
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		const char *r = gate_name_reason(cases[i].name, cases[i].len);

		CHECK(t, (r != NULL) == cases[i].bad, "case %zu (%.*s): %s", i,
		    (int)cases[i].len, cases[i].name, r ? r : "accepted");
	}
}

struct scratch {
	char		 dir[64];
	git_repository	*repo;
	git_odb		*odb;
};

static int
scratch_open(struct scratch *s)
{
	snprintf(s->dir, sizeof(s->dir), "/tmp/test_gate.XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		return -1;
	if (git_repository_init(&s->repo, s->dir, 1) != 0 ||
	    git_repository_odb(&s->odb, s->repo) != 0)
		return -1;
	return 0;
}

static void
scratch_close(struct scratch *s)
{
	git_odb_free(s->odb);
	git_repository_free(s->repo);
	harness_rmtree(s->dir);
}

static git_oid
blob(struct scratch *s, const char *text, size_t len)
{
	git_oid id;

	git_odb_write(&id, s->odb, text, len, GIT_OBJECT_BLOB);
	return id;
}

/* A raw tree: entries "mode name" with their ids, in the order given. */
static git_oid
tree(struct scratch *s, size_t n, const char *const *modes,
    const char *const *names, const size_t *namelens, const git_oid *ids)
{
	unsigned char data[4096];
	size_t i, len = 0;
	git_oid id;

	for (i = 0; i < n; i++) {
		len += (size_t)snprintf((char *)data + len, sizeof(data) - len,
		    "%s ", modes[i]);
		memcpy(data + len, names[i], namelens[i]);
		len += namelens[i];
		data[len++] = '\0';
		memcpy(data + len, ids[i].id, GIT_OID_RAWSZ);
		len += GIT_OID_RAWSZ;
	}
	git_odb_write(&id, s->odb, data, len, GIT_OBJECT_TREE);
	return id;
}

static git_oid
tree1(struct scratch *s, const char *mode, const char *name, git_oid id)
{
	size_t len = strlen(name);

	return tree(s, 1, &mode, &name, &len, &id);
}

/* Walk 'root' and expect exactly one finding containing 'want'. */
static void
expect(struct tctx *t, struct scratch *s, git_oid root,
    const struct gate_limits *lim, const char *want_file, const char *want)
{
	struct diag_list dl = DIAG_LIST_INIT;

	CHECK(t, gate_tree(&dl, NULL, s->repo, &root, lim, 1, NULL) == NULL,
	    "walk for %s", want);
	CHECK(t, dl.n == (want ? 1u : 0u), "%zu findings for %s (first: %s)",
	    dl.n, want ? want : "a clean tree",
	    dl.n ? dl.items[0].message : "none");
	if (want && dl.n > 0) {
		CHECK(t, strstr(dl.items[0].message, want) != NULL,
		    "message '%s' lacks '%s'", dl.items[0].message, want);
		if (want_file)
			CHECK_STR(t, dl.items[0].file, want_file);
	}
	diag_list_dispose(&dl);
}

static void
test_walk(struct tctx *t)
{
	struct gate_limits lim = GATE_LIMITS_DEFAULT;
	struct scratch s;
	git_oid b, big, sub, deep, root, ids[3];
	const char *modes[3] = { "100644", "100644", "040000" };
	const char *names[3] = { "a.yaml", "a.yaml", "records" };
	size_t lens[3] = { 6, 6, 7 }, i;
	char *large;

	if (scratch_open(&s) != 0) {
		CHECK(t, 0, "scratch repository");
		return;
	}
	b = blob(&s, "kind: meeting\n", 14);
	sub = tree1(&s, "100644", "x.yaml", b);

	expect(t, &s, tree1(&s, "040000", "records", sub), &lim, NULL, NULL);
	expect(t, &s, tree1(&s, "040000", "..", sub), &lim, "..",
	    "'.' or '..'");
	expect(t, &s, tree1(&s, "040000", ".GIT", sub), &lim, ".GIT",
	    "'.git'");
	expect(t, &s, tree1(&s, "040000", "records",
	    tree1(&s, "120000", "x.yaml", b)), &lim, "records/x.yaml",
	    "symbolic link");
	expect(t, &s, tree1(&s, "160000", "vendor", b), &lim, "vendor",
	    "submodule");
	expect(t, &s, tree1(&s, "100644", "f", sub), &lim, "f",
	    "entry marked as a file holds a tree");
	expect(t, &s, tree1(&s, "040000", "d", b), &lim, "d",
	    "entry marked as a directory holds a blob");
	git_oid_fromstr(&ids[0], "1111111111111111111111111111111111111111");
	expect(t, &s, tree1(&s, "100644", "gone", ids[0]), &lim, "gone",
	    "is missing");

	ids[0] = ids[1] = b;
	ids[2] = sub;
	expect(t, &s, tree(&s, 3, modes, names, lens, ids), &lim, "",
	    "two entries named 'a.yaml'");

	large = calloc(1, (1u << 20) + 1);
	big = blob(&s, large, (1u << 20) + 1);
	free(large);
	expect(t, &s, tree1(&s, "100644", "big.bin", big), &lim, "big.bin",
	    "file too large: 1048577 bytes");

	deep = sub;
	for (i = 0; i < 64; i++)
		deep = tree1(&s, "040000", "d", deep);
	/* 64 levels, then x.yaml */
	expect(t, &s, deep, &lim, NULL, NULL);
	deep = tree1(&s, "040000", "d", deep);
	expect(t, &s, deep, &lim, NULL, "nested too deep");

	/* a small tree naming one subtree many times: the entry budget */
	root = sub;
	for (i = 0; i < 30; i++) {
		ids[0] = ids[1] = root;
		names[0] = "a";
		names[1] = "b";
		modes[0] = modes[1] = "040000";
		lens[0] = lens[1] = 1;
		root = tree(&s, 2, modes, names, lens, ids);
	}
	lim.max_entries = 10000;
	expect(t, &s, root, &lim, "", "more than 10000 entries");
	scratch_close(&s);
}

/* Gate 'root' with a vcheck on 'cache'; *nread and the findings' files. */
static void
gate_checked(struct tctx *t, struct scratch *s, git_oid root,
    struct schema_lazy *schemas, const char *cache, size_t *nread,
    char *files, size_t size)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct vcheck *vc = NULL;
	size_t i, n, len = 0;

	files[0] = '\0';
	CHECK(t, vcheck_new(&vc, &dl, schemas, "umea-vannas", cache) == NULL,
	    "vcheck_new");
	CHECK(t, gate_tree(&dl, nread, s->repo, &root, NULL, 1, vc) == NULL,
	    "gate_tree");
	CHECK(t, vcheck_finish(vc, &n) == NULL, "vcheck_finish");
	CHECK(t, n == 3, "%zu records counted, want 3", n);
	for (i = 0; i < dl.n; i++)
		len += (size_t)snprintf(files + len, size - len, "%s ",
		    dl.items[i].file);
	vcheck_free(vc);
	diag_list_dispose(&dl);
}

/*
 * Records go through the cache after the walk; walk findings stay in
 * tree order among the records' findings; a cached record is not read.
 */
static void
test_records(struct tctx *t)
{
	static const char ok[] = "kind: federation\nid: umea-vannas\n"
	    "federation: umea-vannas\nname: U\n";
	static const char bad[] = "kind: meeting\nid: [\n";
	const char *modes[4] = { "100644", "120000", "100644", "100644" };
	const char *names[4] = { "a.yaml", "b.yaml", "c.yaml",
	    "umea-vannas.yaml" };
	size_t lens[4] = { 6, 6, 6, 16 }, nread = 0;
	struct schema_lazy schemas;
	struct scratch s;
	git_oid ids[4], root;
	char cache[128], files[512];

	schema_lazy_init(&schemas);
	if (scratch_open(&s) != 0) {
		CHECK(t, 0, "scratch repository, schemas");
		return;
	}
	snprintf(cache, sizeof(cache), "%s/cache", s.dir);
	ids[0] = blob(&s, bad, sizeof(bad) - 1);	/* a: does not parse */
	ids[1] = blob(&s, "x", 1);			/* b: a symlink */
	ids[2] = ids[0];				/* c: as a */
	ids[3] = blob(&s, ok, sizeof(ok) - 1);
	root = tree1(&s, "040000", "records",
	    tree(&s, 4, modes, names, lens, ids));
	gate_checked(t, &s, root, &schemas, cache, &nread, files,
	    sizeof(files));
	CHECK(t, nread == 3, "%zu records read cold, want 3", nread);
	CHECK_STR(t, files, "records/a.yaml records/b.yaml records/c.yaml ");
	gate_checked(t, &s, root, &schemas, cache, &nread, files,
	    sizeof(files));
	/* the valid one came from the cache; the bad ones are read again */
	CHECK(t, nread == 2, "%zu records read warm, want 2", nread);
	CHECK_STR(t, files, "records/a.yaml records/b.yaml records/c.yaml ");
	schema_lazy_dispose(&schemas);
	scratch_close(&s);
}

static void
setup(void)
{
	git_libgit2_init();
}

static const struct tcase cases[] = {
	TCASE(test_names),
	TCASE(test_walk),
	TCASE(test_records),
};

int
main(int argc, char *argv[])
{
	int rc;

	setup();
	rc = harness_main(argc, argv, cases, nitems(cases));
	git_libgit2_shutdown();
	return rc;
}
