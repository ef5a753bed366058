/*
 * test_peer.c: peer URL resolution and ref names (the fetch itself is
 * tested end to end in tests/cmd/pull.sh).
 */
#include <string.h>

#include "base/buf.h"
#include "harness.h"
#include "base/util.h"
#include "sync/peer.h"

static void
test_resolve_url(struct tctx *t)
{
	static const struct { const char *url, *want; } cases[] = {
		{ "../umea-vannas.git", "/srv/jamtland/../umea-vannas.git" },
		{ "peers/x.git", "/srv/jamtland/peers/x.git" },
		{ "/srv/git/x.git", "/srv/git/x.git" },
		{ "file:///srv/git/x.git", "file:///srv/git/x.git" },
		{ "git://127.0.0.1:9418/x.git", "git://127.0.0.1:9418/x.git" },
		{ "https://git.example.org/x.git",
		  "https://git.example.org/x.git" },
		{ "ssh://git@example.org/x.git",
		  "ssh://git@example.org/x.git" },
		{ "git@example.org:fed/x.git", "git@example.org:fed/x.git" },
		{ "git+ssh://h/x", "git+ssh://h/x" },
		{ "dir/a:b.git", "/srv/jamtland/dir/a:b.git" },
		{ "://x", "/srv/jamtland/://x" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		buf_reset(&b);
		CHECK(t, peer_resolve_url(&b, "/srv/jamtland", cases[i].url) ==
		    NULL, "resolve %s", cases[i].url);
		CHECK(t, b.ptr && strcmp(b.ptr, cases[i].want) == 0,
		    "%s: got %s, want %s", cases[i].url, b.ptr ? b.ptr : "",
		    cases[i].want);
	}
	buf_dispose(&b);
}

static void
test_ref_names(struct tctx *t)
{
	struct buf b = BUF_INIT;

	CHECK(t, peer_ref(&b, "peers", "umea-vannas") == NULL, "peer_ref");
	CHECK_STR(t, b.ptr, "refs/netsync/peers/umea-vannas");
	buf_dispose(&b);
}

static const struct tcase cases[] = {
	TCASE(test_resolve_url),
	TCASE(test_ref_names),
};

HARNESS_MAIN(cases)
