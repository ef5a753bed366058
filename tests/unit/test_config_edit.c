/*
 * test_config_edit.c: adding and removing peers in netsync.yaml text,
 * keeping comments and order.
 */
#include <string.h>

#include "record/config.h"
#include "harness.h"
#include "base/util.h"

static const char cfg[] =
    "# our federation\n"
    "federation: jamtland\n"
    "# the peers\n"
    "peers:\n"
    "  # the first one\n"
    "  - id: umea-vannas\n"
    "    url: ../umea-vannas.git   # local\n"
    "\n"
    "  # lycksele comes next\n"
    "  - id: lycksele-mala\n"
    "    url: https://git.example.org/lm.git\n"
    "    branch: trunk\n"
    "\n"
    "# signing\n"
    "signing_key: \"ssh-ed25519 AAAA jamtland\"\n";

static void
test_add_to_list(struct tctx *t)
{
	struct config_peer p = { 0 };
	struct buf out = BUF_INIT;
	char k0[] = "ssh-ed25519 BBBB gavle", id[] = "gavleborg";
	char url[] = "/srv/git/gavle.git", branch[] = "1.0";
	char *keys[] = { k0 };
	const char *want =
	    "# our federation\n"
	    "federation: jamtland\n"
	    "# the peers\n"
	    "peers:\n"
	    "  # the first one\n"
	    "  - id: umea-vannas\n"
	    "    url: ../umea-vannas.git   # local\n"
	    "\n"
	    "  # lycksele comes next\n"
	    "  - id: lycksele-mala\n"
	    "    url: https://git.example.org/lm.git\n"
	    "    branch: trunk\n"
	    "  - id: gavleborg\n"
	    "    url: /srv/git/gavle.git\n"
	    "    branch: \"1.0\"\n"
	    "    signing_key: \"ssh-ed25519 BBBB gavle\"\n"
	    "\n"
	    "# signing\n"
	    "signing_key: \"ssh-ed25519 AAAA jamtland\"\n";

	p.id = id;
	p.url = url;
	p.branch = branch;
	p.keys = keys;
	p.nkeys = 1;
	CHECK(t, config_edit_peer_add(&out, cfg, strlen(cfg), &p) == NULL,
	    "add");
	CHECK_STR(t, out.ptr, want);
	buf_dispose(&out);
}

static void
test_add_new_list(struct tctx *t)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "federation: a\n",
		  "federation: a\npeers:\n  - id: b\n    url: ../b.git\n" },
		{ "federation: a",
		  "federation: a\npeers:\n  - id: b\n    url: ../b.git\n" },
		{ "federation: a\npeers: []\n# end\n",
		  "federation: a\npeers:\n  - id: b\n    url: ../b.git\n"
		  "# end\n" },
		{ "peers:\nfederation: a\n",
		  "peers:\n  - id: b\n    url: ../b.git\nfederation: a\n" },
		{ "federation: a\npeers:\n- id: c\n  url: x\n",
		  "federation: a\npeers:\n- id: c\n  url: x\n"
		  "- id: b\n  url: ../b.git\n" },
	};
	struct config_peer p = { 0 };
	struct buf out = BUF_INIT;
	char id[] = "b", url[] = "../b.git";
	size_t i;

	p.id = id;
	p.url = url;
	for (i = 0; i < nitems(cases); i++) {
		CHECK(t, config_edit_peer_add(&out, cases[i].in,
		    strlen(cases[i].in), &p) == NULL, "case %zu", i);
		CHECK(t, out.ptr && strcmp(out.ptr, cases[i].want) == 0,
		    "case %zu: got\n%s", i, out.ptr ? out.ptr : "(null)");
	}
	buf_dispose(&out);
}

static void
test_add_errors(struct tctx *t)
{
	static const struct { const char *in; const char *id, *url;
	    enum ns_errcode code; } cases[] = {
		{ cfg, "umea-vannas", "x", NS_ERR_INVALID },	/* twice */
		{ cfg, "jamtland", "x", NS_ERR_INVALID },	/* own id */
		{ cfg, "Bad_Id", "x", NS_ERR_INVALID },
		{ "federation: a\npeers: [{id: c, url: x}]\n", "b", "y",
		    NS_ERR_INVALID },				/* flow */
		{ "federation: a\npeers: 3\n", "b", "y", NS_ERR_INVALID },
		{ "federation: a\n  bad: [\n", "b", "y", NS_ERR_YAML },
	};
	struct config_peer p = { 0 };
	struct buf out = BUF_INIT;
	const struct ns_error *err;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		p.id = (char *)cases[i].id;
		p.url = (char *)cases[i].url;
		err = config_edit_peer_add(&out, cases[i].in,
		    strlen(cases[i].in), &p);
		CHECK(t, err && err->code == cases[i].code, "case %zu: %s", i,
		    err ? err->msg : "no error");
	}
	buf_dispose(&out);
}

static void
test_url_quoting(struct tctx *t)
{
	struct config_peer p = { 0 };
	struct buf out = BUF_INIT;
	struct config *c = NULL;
	static const char *const urls[] = {
		"git@example.org:fed/moten.git", "ssh://h/x # not a comment",
		"true", "x: y", "\"quoted\\\"", "-dash", "a\tb",
	};
	char id[] = "b";
	size_t i;

	p.id = id;
	for (i = 0; i < nitems(urls); i++) {
		p.url = (char *)urls[i];
		CHECK(t, config_edit_peer_add(&out, "federation: a\n", 14,
		    &p) == NULL, "add %s", urls[i]);
		CHECK(t, config_parse(&c, "n", (const unsigned char *)out.ptr,
		    out.len) == NULL && strcmp(c->peers[0].url, urls[i]) == 0,
		    "round trip of %s: %s", urls[i], out.ptr);
		config_free(c);
		c = NULL;
	}
	buf_dispose(&out);
}

static void
test_remove(struct tctx *t)
{
	struct buf out = BUF_INIT;
	const char *want_first =
	    "# our federation\n"
	    "federation: jamtland\n"
	    "# the peers\n"
	    "peers:\n"
	    "\n"
	    "  # lycksele comes next\n"
	    "  - id: lycksele-mala\n"
	    "    url: https://git.example.org/lm.git\n"
	    "    branch: trunk\n"
	    "\n"
	    "# signing\n"
	    "signing_key: \"ssh-ed25519 AAAA jamtland\"\n";
	const char *want_last =
	    "# our federation\n"
	    "federation: jamtland\n"
	    "# the peers\n"
	    "peers:\n"
	    "  # the first one\n"
	    "  - id: umea-vannas\n"
	    "    url: ../umea-vannas.git   # local\n"
	    "\n"
	    "\n"
	    "# signing\n"
	    "signing_key: \"ssh-ed25519 AAAA jamtland\"\n";
	const char *only = "federation: a\npeers:\n  - id: b\n    url: x\n"
	    "# tail\n";
	const struct ns_error *err;

	CHECK(t, config_edit_peer_remove(&out, cfg, strlen(cfg),
	    "umea-vannas") == NULL, "remove first");
	CHECK_STR(t, out.ptr, want_first);
	CHECK(t, config_edit_peer_remove(&out, cfg, strlen(cfg),
	    "lycksele-mala") == NULL, "remove last");
	CHECK_STR(t, out.ptr, want_last);
	err = config_edit_peer_remove(&out, cfg, strlen(cfg), "nope");
	CHECK(t, err && err->code == NS_ERR_NOT_FOUND, "absent");
	CHECK(t, config_edit_peer_remove(&out, only, strlen(only), "b") ==
	    NULL, "remove only");
	CHECK_STR(t, out.ptr, "federation: a\npeers: []\n# tail\n");
	buf_dispose(&out);
}

/* signing_key: one key a string, several a list, in place of the old. */
static void
test_signing_keys(struct tctx *t)
{
	struct buf out = BUF_INIT;
	char k0[] = "ssh-ed25519 NEW jamtland";
	char k1[] = "ssh-ed25519 AAAA jamtland";
	char *keys[] = { k0, k1 };
	const char *in = "federation: jamtland\n"
	    "signing_key: \"ssh-ed25519 AAAA jamtland\"   # old\n"
	    "# the peers\n"
	    "peers: []\n";

	CHECK(t, config_edit_signing_keys(&out, in, strlen(in), keys, 2) ==
	    NULL, "two keys");
	CHECK_STR(t, out.ptr, "federation: jamtland\n"
	    "signing_key: [\n"
	    "    \"ssh-ed25519 NEW jamtland\",\n"
	    "    \"ssh-ed25519 AAAA jamtland\"\n"
	    "  ]\n"
	    "# the peers\n"
	    "peers: []\n");
	CHECK(t, config_edit_signing_keys(&out, "federation: a\n", 14, keys,
	    1) == NULL, "one key");
	CHECK_STR(t, out.ptr, "federation: a\n"
	    "signing_key: \"ssh-ed25519 NEW jamtland\"\n");
	CHECK(t, config_edit_signing_keys(&out, "federation: a\n", 14, keys,
	    0) == NULL, "none");
	CHECK_STR(t, out.ptr, "federation: a\nsigning_key: []\n");
	/* an edit that would not parse is refused, not written */
	CHECK(t, config_edit_signing_keys(&out, "federation: A B\n", 16, keys,
	    1) != NULL, "unparseable result refused");
	buf_dispose(&out);
}

static const struct tcase cases[] = {
	TCASE(test_add_to_list),
	TCASE(test_add_new_list),
	TCASE(test_add_errors),
	TCASE(test_url_quoting),
	TCASE(test_remove),
	TCASE(test_signing_keys),
};

HARNESS_MAIN(cases)
