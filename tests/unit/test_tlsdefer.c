/*
 * test_tlsdefer.c: libgit2 starts without parsing the CA bundle; the
 * bundle is parsed, once, when asked (as the first TLS session asks).
 */
#include <string.h>

#include <git2.h>

#include "harness.h"
#include "tlsdefer.h"

static void
test_deferred_then_loaded(struct tctx *t)
{
	int rc;

	CHECK(t, tlsdefer_libgit2_init() == 1, "first init");
	/* Debian's libgit2 is built on mbedTLS and loads a bundle at init */
	CHECK(t, tlsdefer_pending(), "the CA bundle waits");
	rc = tlsdefer_load();
	CHECK(t, rc >= 0, "the system bundle parses: %d", rc);
	CHECK(t, !tlsdefer_pending(), "nothing waits after loading");
	CHECK(t, tlsdefer_load() == 0, "a second load does nothing");
	git_libgit2_shutdown();
}

/* A named bundle waits in the system's place; an unreadable one is refused. */
static void
test_set_ca(struct tctx *t)
{
	const struct ns_error *err;

	CHECK(t, tlsdefer_libgit2_init() == 1, "first init");
	err = tlsdefer_set_ca("/nonexistent/ca.pem", NULL);
	CHECK(t, err != NULL && strstr(err->msg, "/nonexistent/ca.pem"),
	    "unreadable file: %s", err ? err->msg : "accepted");
	CHECK(t, tlsdefer_pending(), "still waiting after a refusal");
	CHECK(t, tlsdefer_set_ca(NULL, "/etc/ssl/certs") == NULL,
	    "a directory");
	CHECK(t, tlsdefer_pending(), "the directory waits too");
	CHECK(t, tlsdefer_load() >= 0, "and parses");
	git_libgit2_shutdown();
}

/* Shut down with the bundle still waiting: nothing leaks (LSan). */
static void
test_shutdown_while_pending(struct tctx *t)
{
	CHECK(t, tlsdefer_libgit2_init() == 1, "first init");
	git_libgit2_shutdown();
	CHECK(t, !tlsdefer_pending(), "the freed chain no longer waits");
}

static const struct tcase cases[] = {
	TCASE(test_deferred_then_loaded),
	TCASE(test_set_ca),
	TCASE(test_shutdown_while_pending),
};

HARNESS_MAIN(cases)
