/*
 * tlsdefer.c: the CA bundle parsed at the first TLS session, not at
 * start-up (see tlsdefer.h for why).
 *
 * The functions named mbedtls_* here take the place of mbedTLS's own for
 * libgit2 (the executable's definitions come first in the dynamic
 * linker's lookup) and reach the real ones with dlsym(RTLD_NEXT).  Only
 * pointers pass through, so no mbedTLS header is needed; their types are
 * mbedTLS 2.28's.
 */
#define _GNU_SOURCE	/* RTLD_NEXT */
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <git2.h>

#include "repo/tlsdefer.h"

int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_path(void *chain, const char *path);
void mbedtls_x509_crt_free(void *chain);
int mbedtls_ssl_setup(void *ssl, const void *conf);
int mbedtls_ctr_drbg_random(void *ctx, unsigned char *out, size_t len);

typedef int (*parse_fn)(void *, const char *);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int deferring;
static void *pending_chain;	/* libgit2's chain, empty until loaded */
static char *pending_path;
/* mbedTLS's own functions, looked up once (the DRBG's on every draw) */
enum real_fn {
	PARSE_FILE, PARSE_PATH, CRT_FREE, SSL_SETUP, DRBG_RESEED, DRBG_RANDOM,
	NREAL
};
static const char *const real_names[NREAL] = {
	"mbedtls_x509_crt_parse_file", "mbedtls_x509_crt_parse_path",
	"mbedtls_x509_crt_free", "mbedtls_ssl_setup",
	"mbedtls_ctr_drbg_reseed", "mbedtls_ctr_drbg_random",
};
static void *real_fns[NREAL];
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static enum real_fn pending_how;	/* PARSE_FILE or PARSE_PATH */

static void
resolve_real(void)
{
	int i;

	for (i = 0; i < NREAL; i++)
		real_fns[i] = dlsym(RTLD_NEXT, real_names[i]);
}

static void *
real(enum real_fn which)
{
	pthread_once(&real_once, resolve_real);
	return real_fns[which];
}

static int
parse_real(enum real_fn how, void *chain, const char *path)
{
	parse_fn fn;

	*(void **)&fn = real(how);
	return fn ? fn(chain, path) : -1;
}

/* Note the bundle while starting up; parse it at once any other time. */
static int
parse_or_defer(enum real_fn how, void *chain, const char *path)
{
	int deferred = 0;

	pthread_mutex_lock(&lock);
	if (deferring && pending_chain == NULL && path != NULL &&
	    (pending_path = strdup(path)) != NULL) {
		pending_chain = chain;
		pending_how = how;
		deferred = 1;
	}
	pthread_mutex_unlock(&lock);
	return deferred ? 0 : parse_real(how, chain, path);
}

int
mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	return parse_or_defer(PARSE_FILE, chain, path);
}

int
mbedtls_x509_crt_parse_path(void *chain, const char *path)
{
	return parse_or_defer(PARSE_PATH, chain, path);
}

/* A chain freed before any TLS session (shutdown) is no longer waiting. */
void
mbedtls_x509_crt_free(void *chain)
{
	void (*fn)(void *);

	pthread_mutex_lock(&lock);
	if (chain != NULL && chain == pending_chain) {
		pending_chain = NULL;
		free(pending_path);
		pending_path = NULL;
	}
	pthread_mutex_unlock(&lock);
	*(void **)&fn = real(CRT_FREE);
	if (fn)
		fn(chain);
}

int
mbedtls_ssl_setup(void *ssl, const void *conf)
{
	int (*fn)(void *, const void *);

	(void)tlsdefer_load();	/* a failure leaves the chain empty: no trust */
	*(void **)&fn = real(SSL_SETUP);
	return fn ? fn(ssl, conf) : -1;
}

/*
 * Sessions wait on 'load_lock' while the bundle is parsed; 'lock' is not
 * held then, because mbedTLS parses a directory through
 * mbedtls_x509_crt_parse_file(), which is ours.
 */
/*
 * libgit2 seeds its one random generator (mbedTLS CTR-DRBG) in
 * git_libgit2_init(), and pull fetches in forked processes: without this,
 * every child would draw the same "random" bytes for its TLS handshakes
 * (client random, ephemeral keys).  So the first draw in each process
 * reseeds the generator from the entropy source, with the pid mixed in;
 * if reseeding fails, so does the draw, and the handshake with it.
 */
int
mbedtls_ctr_drbg_random(void *ctx, unsigned char *out, size_t len)
{
	static pid_t reseeded_in;
	static void *reseeded_ctx;
	int (*reseed)(void *, const unsigned char *, size_t);
	int (*fn)(void *, unsigned char *, size_t);
	pid_t pid = getpid();
	int rc = 0;

	pthread_mutex_lock(&lock);
	if (pid != reseeded_in || ctx != reseeded_ctx) {
		*(void **)&reseed = real(DRBG_RESEED);
		rc = reseed ? reseed(ctx, (const unsigned char *)&pid,
		    sizeof(pid)) : -1;
		if (rc == 0) {
			reseeded_in = pid;
			reseeded_ctx = ctx;
		}
	}
	pthread_mutex_unlock(&lock);
	if (rc != 0)
		return rc;
	*(void **)&fn = real(DRBG_RANDOM);
	return fn ? fn(ctx, out, len) : -1;
}

int
tlsdefer_load(void)
{
	static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
	enum real_fn how;
	void *chain;
	char *path;
	int rc = 0;

	pthread_mutex_lock(&load_lock);
	pthread_mutex_lock(&lock);
	chain = pending_chain;
	path = pending_path;
	how = pending_how;
	pending_chain = NULL;
	pending_path = NULL;
	pthread_mutex_unlock(&lock);
	if (chain != NULL)
		rc = parse_real(how, chain, path);
	free(path);
	pthread_mutex_unlock(&load_lock);
	return rc;
}

int
tlsdefer_pending(void)
{
	int pending;

	pthread_mutex_lock(&lock);
	pending = pending_chain != NULL;
	pthread_mutex_unlock(&lock);
	return pending;
}

const struct ns_error *
tlsdefer_set_ca(const char *file, const char *dir)
{
	const char *path = file ? file : dir;	/* libgit2's precedence */
	char *copy = NULL;

	if (path == NULL)
		return NULL;
	if (access(path, R_OK) == -1)
		return ns_error_from_errno2("certificates", path);
	/* a bundle still waits: the named one waits in its place */
	pthread_mutex_lock(&lock);
	if (pending_chain != NULL && (copy = strdup(path)) != NULL) {
		free(pending_path);
		pending_path = copy;
		pending_how = file ? PARSE_FILE : PARSE_PATH;
	}
	pthread_mutex_unlock(&lock);
	if (copy == NULL && git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS,
	    file, file ? NULL : dir) < 0)
		return ns_error_from_git(path);
	return NULL;
}

int
tlsdefer_libgit2_init(void)
{
	int rc;

	pthread_mutex_lock(&lock);
	deferring = 1;
	pthread_mutex_unlock(&lock);
	rc = git_libgit2_init();
	pthread_mutex_lock(&lock);
	deferring = 0;
	pthread_mutex_unlock(&lock);
	return rc;
}
