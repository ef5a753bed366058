/*
 * test_tlsdefer.c: libgit2 starts without parsing the CA bundle; the
 * bundle is parsed, once, when asked (as the first TLS session asks).
 */
#define _GNU_SOURCE	/* RTLD_NEXT, RTLD_DEFAULT */
#include <dlfcn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>

#include "harness.h"
#include "repo/tlsdefer.h"

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

int mbedtls_ctr_drbg_random(void *ctx, unsigned char *out, size_t len);

/*
 * 32 bytes drawn from 'ctx' by 'draw' in a forked child and in this
 * process; 1 if they are the same.
 */
static int
same_after_fork(struct tctx *t, void *ctx,
    int (*draw)(void *, unsigned char *, size_t))
{
	unsigned char mine[32], theirs[32];
	int fds[2], status;
	pid_t pid;

	CHECK(t, pipe(fds) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		if (draw(ctx, theirs, sizeof(theirs)) != 0 ||
		    write(fds[1], theirs, sizeof(theirs)) != sizeof(theirs))
			_exit(1);
		_exit(0);
	}
	CHECK(t, draw(ctx, mine, sizeof(mine)) == 0, "draw here");
	CHECK(t, read(fds[0], theirs, sizeof(theirs)) == sizeof(theirs),
	    "draw in the child");
	waitpid(pid, &status, 0);
	close(fds[0]);
	close(fds[1]);
	return memcmp(mine, theirs, sizeof(mine)) == 0;
}

/*
 * A generator seeded before fork() gives parent and child the same bytes
 * (mbedTLS's own function shows it); netsync's reseeds in each process.
 */
static void
test_random_after_fork(struct tctx *t)
{
	/* mbedTLS's sizes are not known here: room for any of its builds */
	static _Alignas(64) unsigned char drbg[65536], entropy[262144];
	void (*init)(void *);
	int (*seed)(void *, int (*)(void *, unsigned char *, size_t), void *,
	    const unsigned char *, size_t);
	int (*source)(void *, unsigned char *, size_t);
	int (*raw)(void *, unsigned char *, size_t);
	void (*done)(void *);

	*(void **)&init = dlsym(RTLD_DEFAULT, "mbedtls_entropy_init");
	*(void **)&source = dlsym(RTLD_DEFAULT, "mbedtls_entropy_func");
	CHECK(t, init && source, "mbedTLS is loaded (through libgit2)");
	if (!init || !source)
		return;
	init(entropy);
	*(void **)&init = dlsym(RTLD_DEFAULT, "mbedtls_ctr_drbg_init");
	*(void **)&seed = dlsym(RTLD_DEFAULT, "mbedtls_ctr_drbg_seed");
	*(void **)&raw = dlsym(RTLD_NEXT, "mbedtls_ctr_drbg_random");
	init(drbg);
	CHECK(t, seed(drbg, source, entropy, (const unsigned char *)"t", 1)
	    == 0, "seeded");
	CHECK(t, same_after_fork(t, drbg, raw),
	    "mbedTLS alone: the child repeats the parent's bytes");
	CHECK(t, !same_after_fork(t, drbg, mbedtls_ctr_drbg_random),
	    "reseeded per process: different bytes");
	*(void **)&done = dlsym(RTLD_DEFAULT, "mbedtls_ctr_drbg_free");
	done(drbg);
	*(void **)&done = dlsym(RTLD_DEFAULT, "mbedtls_entropy_free");
	done(entropy);
}

static const struct tcase cases[] = {
	TCASE(test_deferred_then_loaded),
	TCASE(test_set_ca),
	TCASE(test_random_after_fork),
	TCASE(test_shutdown_while_pending),
};

HARNESS_MAIN(cases)
