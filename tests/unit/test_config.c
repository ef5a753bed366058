/*
 * test_config.c: netsync.yaml parsing and comment-preserving edits.
 */
#include <string.h>

#include "record/config.h"
#include "harness.h"
#include "base/util.h"

static const char cfg[] =
    "# our federation\n"
    "federation: jamtland\n"
    "name: Samordningsförbundet i Jämtlands län\n"
    "signing_key: \"ssh-ed25519 AAAA jamtland\"\n"
    "# the peers\n"
    "peers:\n"
    "  - id: umea-vannas\n"
    "    url: ../umea-vannas.git   # local\n"
    "    signing_key:\n"
    "      - ssh-ed25519 BBBB old\n"
    "      - ssh-ed25519 CCCC new\n"
    "  - id: lycksele-mala\n"
    "    url: https://git.example.org/lm.git\n"
    "    branch: trunk\n";

static void
test_parse(struct tctx *t)
{
	struct config *c;
	const struct config_peer *p;

	CHECK(t, config_parse(&c, "netsync.yaml", (const unsigned char *)cfg,
	    strlen(cfg)) == NULL, "parse");
	CHECK_STR(t, c->federation, "jamtland");
	CHECK_INT(t, c->nkeys, 1);
	CHECK_INT(t, c->npeers, 2);
	p = config_peer(c, "umea-vannas");
	CHECK(t, p != NULL, "peer");
	CHECK_STR(t, p->branch, "main");
	CHECK_INT(t, p->nkeys, 2);
	CHECK_STR(t, p->keys[1], "ssh-ed25519 CCCC new");
	CHECK_STR(t, config_peer(c, "lycksele-mala")->branch, "trunk");
	CHECK(t, config_peer(c, "nope") == NULL, "absent");
	config_free(c);
}

static void
test_parse_errors(struct tctx *t)
{
	static const struct { const char *in; unsigned line; const char *msg; } cases[] = {
		{ "name: x\n", 1, "federation: must be" },
		{ "federation: Jämtland\n", 1, "federation: must be" },
		{ "federation: a\npeers:\n  - id: b\n", 3, "has no url" },
		{ "federation: a\npeers:\n  - {id: b, url: x}\n  - {id: b, url: y}\n",
		    4, "listed twice" },
		{ "federation: a\npeers:\n  - {id: a, url: x}\n", 3, "own federation" },
	};
	const struct ns_error *err;
	struct config *c;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		err = config_parse(&c, "netsync.yaml", (const unsigned char *)
		    cases[i].in, strlen(cases[i].in));
		CHECK(t, err && c == NULL, "case %zu fails", i);
		if (err == NULL) {
			config_free(c);
			continue;
		}
		CHECK(t, err->line == cases[i].line && strstr(err->msg,
		    cases[i].msg), "case %zu: %u: %s", i, err->line, err->msg);
	}
}

static void
test_edit_set(struct tctx *t)
{
	struct buf out = BUF_INIT;
	const char *want;

	CHECK(t, config_edit_set(&out, cfg, strlen(cfg), "signing_key",
	    "\"ssh-ed25519 ZZZZ jamtland\"") == NULL, "replace");
	want = "# our federation\nfederation: jamtland\n"
	    "name: Samordningsförbundet i Jämtlands län\n"
	    "signing_key: \"ssh-ed25519 ZZZZ jamtland\"\n# the peers\n";
	CHECK(t, strncmp(out.ptr, want, strlen(want)) == 0, "got:\n%s",
	    out.ptr);
	CHECK(t, strstr(out.ptr, "branch: trunk\n") != NULL, "rest kept");

	CHECK(t, config_edit_set(&out, cfg, strlen(cfg), "network",
	    "norrland") == NULL, "insert before peers");
	CHECK(t, strstr(out.ptr, "\"ssh-ed25519 AAAA jamtland\"\nnetwork: norrland\n"
	    "# the peers\npeers:\n") != NULL, "got:\n%s", out.ptr);
	CHECK(t, config_edit_set(&out, "federation: a", 13, "network",
	    "norrland") == NULL, "append");
	CHECK_STR(t, out.ptr, "federation: a\nnetwork: norrland\n");

	CHECK(t, config_edit_set(&out, cfg, strlen(cfg), "peers", "[]") ==
	    NULL, "replace a block list");
	CHECK(t, strstr(out.ptr, "# the peers\npeers: []\n") != NULL &&
	    strstr(out.ptr, "umea") == NULL, "got:\n%s", out.ptr);
	buf_dispose(&out);
}

static const struct tcase cases[] = {
	TCASE(test_parse),
	TCASE(test_parse_errors),
	TCASE(test_edit_set),
};

HARNESS_MAIN(cases)
