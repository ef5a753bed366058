/*
 * tlsdefer.h: start libgit2 without paying for TLS until TLS is used.
 *
 * Debian's libgit2 is built with mbedTLS and parses the whole system CA
 * bundle (/etc/ssl/certs/ca-certificates.crt, ~150 certificates) inside
 * git_libgit2_init(): about 4 ms, 40% of a `netsync validate` that finds
 * nothing to do, and spent again by every pre-commit hook, though only an
 * https:// peer ever needs it.  tlsdefer defines the two mbedTLS functions
 * libgit2 loads certificates with, so that during start-up they only note
 * where the bundle is, and the first TLS session set-up
 * (mbedtls_ssl_setup) parses it into the same chain libgit2 configured.
 * Verification is never skipped: until the bundle is parsed the chain is
 * empty, and an empty chain trusts nobody.  With a libgit2 built on
 * OpenSSL these functions are simply never called.
 *
 * For the same library, tlsdefer also reseeds libgit2's random generator
 * in each process that draws from it: pull's fetch workers are forked
 * after git_libgit2_init() seeded it, and would otherwise share its state
 * (tlsdefer.c, mbedtls_ctr_drbg_random).
 */
#ifndef NS_TLSDEFER_H
#define NS_TLSDEFER_H

#include "base/error.h"

/* git_libgit2_init() with the CA bundle's parsing deferred; its result. */
int tlsdefer_libgit2_init(void);

/*
 * Trust the certificates in 'file' or else directory 'dir' (PEM) in place
 * of the system's bundle, as git's GIT_SSL_CAINFO and GIT_SSL_CAPATH do.
 * An error when it cannot be read; parsed at the first TLS session like
 * the system's (a bundle that does not parse trusts nobody).
 */
const struct ns_error *tlsdefer_set_ca(const char *file, const char *dir);

/* 1 while a CA bundle waits to be parsed (for tests). */
int tlsdefer_pending(void);

/*
 * Parse the waiting CA bundle now, as the first TLS session set-up does:
 * mbedTLS's result (0 or the number of certificates it skipped), 0 when
 * nothing was waiting, negative on failure.
 */
int tlsdefer_load(void);

#endif
