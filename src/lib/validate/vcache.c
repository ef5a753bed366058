/*
 * vcache.c: the validation cache (see vcache.h).
 *
 * On disk: "NSVCACHE3\n", 8 bytes naming the netsync that wrote it (a hash
 * of VCACHE_CODE_ID), a little-endian u32 count, 'count' entries of 28
 * bytes (20-byte key, u32 line, u32 col) sorted by key without
 * duplicates, then a 16-byte checksum (fasthash) of everything before
 * it.  Loading checks all of that and keeps nothing from a file that
 * fails any check, or that another build of netsync wrote.  Lookups go
 * through a radix index into the loaded array; entries added during a run
 * are appended to a second array and merged in at save time.
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "base/buf.h"
#include "validate/vcache.h"

/*
 * The checking code is part of every key: a schema digest alone would let
 * a netsync with new rules (check.c, ytree.c, ...) trust what an older one
 * found valid.  The Makefile passes a checksum of every library source and
 * schema, and rebuilds this file when any of them changes.
 */
#ifndef VCACHE_CODE_ID
#define VCACHE_CODE_ID	"unknown"
#endif

#define MAGIC		"NSVCACHE3\n"
#define MAGIC_LEN	10
#define CODE_LEN	8	/* fasthash of VCACHE_CODE_ID */
#define HEAD_LEN	(MAGIC_LEN + CODE_LEN + 4)
#define ENTRY_LEN	28
#define SUM_LEN		16

struct entry {
	struct vcache_key	key;
	uint32_t		line;
	uint32_t		col;
	int			used;	/* looked up or added in this run */
};

struct vcache {
	char		*path;
	struct entry	*v;	/* loaded (sorted) then added (unsorted) */
	size_t		 nloaded;
	size_t		 n;
	size_t		 cap;
	/*
	 * Keys are hashes, so evenly spread: the loaded entries whose key
	 * starts with the 'bits'-bit number b are v[radix[b], radix[b + 1]),
	 * about one each, and a lookup compares one or two keys instead of
	 * log2(n).
	 */
	uint32_t	*radix;
	unsigned	 bits;
};

static pthread_once_t sha1_once = PTHREAD_ONCE_INIT;
static EVP_MD *sha1_md;

/* Fetched once: EVP_sha1() would look the provider up on every init. */
static void
sha1_fetch(void)
{
	sha1_md = EVP_MD_fetch(NULL, "SHA1", NULL);
}

static void
sha1(unsigned char out[20], const void *a, size_t alen, const void *b,
    size_t blen)
{
	EVP_MD_CTX *ctx;

	pthread_once(&sha1_once, sha1_fetch);
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL || sha1_md == NULL ||
	    EVP_DigestInit_ex(ctx, sha1_md, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, a, alen) != 1 ||
	    (blen && EVP_DigestUpdate(ctx, b, blen) != 1) ||
	    EVP_DigestFinal_ex(ctx, out, NULL) != 1)
		memset(out, 0, 20);	/* a key that matches nothing useful */
	EVP_MD_CTX_free(ctx);
}

void
vcache_blob_id(git_oid *out, const void *data, size_t len)
{
	char hdr[32];
	int n;

	n = snprintf(hdr, sizeof(hdr), "blob %zu", len);
	/* the header includes its terminating NUL, as git hashes it */
	sha1(out->id, hdr, (size_t)n + 1, data, len);
}

/*
 * A fast 64-bit hash (murmur3's finalizer over 8-byte words) for what
 * needs no cryptographic strength: the file checksum (against damage, not
 * an attacker: whoever can write .git can do anything) and stat keys (no
 * peer chooses inode numbers and change times).  Content keys, which
 * peers' data feed, use SHA-1.
 */
static uint64_t
fmix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ull;
	k ^= k >> 33;
	return k;
}

/*
 * Three 64-bit lanes of such a hash in one pass over 'p', from and into
 * h[0..2] (so a common prefix is hashed once, see vcache_stat_seed()).
 * Each word is folded into every lane with the lane's own multiplier, and
 * each lane gets the full finalizer at the end.
 */
static void
fasthash3(uint64_t h[3], const unsigned char *p, size_t len)
{
	static const uint64_t mul[3] = { 0x9e3779b97f4a7c15ull,
	    0xc2b2ae3d27d4eb4full, 0x165667b19e3779f9ull };
	uint64_t w;
	size_t i, k;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		for (k = 0; k < 3; k++) {
			h[k] = (h[k] ^ w) * mul[k];
			h[k] ^= h[k] >> 32;
		}
	}
	w = 0;
	memcpy(&w, p + i, len - i);
	w = fmix(w ^ 0x5bd1e995ull ^ (uint64_t)len << 56);
	for (k = 0; k < 3; k++)
		h[k] = fmix(h[k] ^ w) + k;
}

/* 'n' bytes (at most 24) of the three lanes over p, from fixed seeds. */
static void
fasthash_n(unsigned char *out, size_t n, const unsigned char *p, size_t len)
{
	uint64_t h[3] = { 1, 2, 3 };

	fasthash3(h, p, len);
	memcpy(out, h, n);
}

/* Which netsync wrote the file: entries of any other are dead weight. */
static void
code_hash(unsigned char out[CODE_LEN])
{
	fasthash_n(out, CODE_LEN, (const unsigned char *)VCACHE_CODE_ID,
	    strlen(VCACHE_CODE_ID));
}

/* Append s with its NUL to p, if it fits before end; NULL if not. */
static unsigned char *
put_str(unsigned char *p, const unsigned char *end, const char *s)
{
	size_t n = strlen(s) + 1;

	if (p == NULL || n > (size_t)(end - p))
		return NULL;
	memcpy(p, s, n);
	return p + n;
}

void
vcache_key(struct vcache_key *out, const char *digest, const char *owner,
    const char *path, const git_oid *blob)
{
	unsigned char buf[1024], *p = buf, *end = buf + sizeof(buf);

	p = put_str(p, end, "netsync-vcache-1");
	p = put_str(p, end, VCACHE_CODE_ID);
	p = put_str(p, end, digest);
	p = put_str(p, end, owner);
	p = put_str(p, end, path);
	if (p == NULL || 20 > end - p) {
		/* a path this long is never cached: an all-zero key */
		memset(out->b, 0, sizeof(out->b));
		return;
	}
	memcpy(p, blob->id, 20);
	sha1(out->b, buf, (size_t)(p - buf) + 20, NULL, 0);
}

void
vcache_stat_seed(struct vcache_seed *out, const char *digest,
    const char *owner)
{
	unsigned char buf[1024], *p = buf, *end = buf + sizeof(buf);

	p = put_str(p, end, "netsync-vcache-stat-2");
	p = put_str(p, end, VCACHE_CODE_ID);
	p = put_str(p, end, digest);
	p = put_str(p, end, owner);
	out->h[0] = 1;
	out->h[1] = 2;
	out->h[2] = 3;
	out->ok = p != NULL;
	if (p)
		fasthash3(out->h, buf, (size_t)(p - buf));
}

void
vcache_stat_key_seeded(struct vcache_key *out, const struct vcache_seed *seed,
    const char *path, const struct stat *st)
{
	unsigned char buf[1024], *p = buf, *end = buf + sizeof(buf);
	uint64_t v[9], h[3];

	p = put_str(p, end, path);
	if (!seed->ok || p == NULL || sizeof(v) > (size_t)(end - p)) {
		/* a path this long is never cached: an all-zero key */
		memset(out->b, 0, sizeof(out->b));
		return;
	}
	/* what git's index compares, ctime included: a replaced file differs */
	v[0] = (uint64_t)st->st_dev;
	v[1] = (uint64_t)st->st_ino;
	v[2] = (uint64_t)st->st_mode;
	v[3] = (uint64_t)st->st_size;
	v[4] = (uint64_t)st->st_mtim.tv_sec;
	v[5] = (uint64_t)st->st_mtim.tv_nsec;
	v[6] = (uint64_t)st->st_ctim.tv_sec;
	v[7] = (uint64_t)st->st_ctim.tv_nsec;
	v[8] = (uint64_t)st->st_uid;
	memcpy(p, v, sizeof(v));
	memcpy(h, seed->h, sizeof(h));
	fasthash3(h, buf, (size_t)(p - buf) + sizeof(v));
	memcpy(out->b, h, sizeof(out->b));
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* The first 'bits' bits of a key, as a number. */
static uint32_t
key_top(const struct vcache_key *key, unsigned bits)
{
	uint32_t top = (uint32_t)key->b[0] << 24 | (uint32_t)key->b[1] << 16 |
	    (uint32_t)key->b[2] << 8 | key->b[3];

	return bits ? top >> (32 - bits) : 0;
}

static const struct ns_error *
radix_build(struct vcache *vc)
{
	size_t i, b, nb;

	vc->bits = 0;
	while (vc->bits < 20 && ((size_t)1 << (vc->bits + 1)) <= vc->nloaded)
		vc->bits++;
	nb = (size_t)1 << vc->bits;
	vc->radix = malloc((nb + 1) * sizeof(*vc->radix));
	if (vc->radix == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0, b = 0; b < nb; b++) {
		while (i < vc->nloaded && key_top(&vc->v[i].key, vc->bits) < b)
			i++;
		vc->radix[b] = (uint32_t)i;
	}
	vc->radix[nb] = (uint32_t)vc->nloaded;
	return NULL;
}

/* Entries from a file's bytes, or none if anything is off. */
static const struct ns_error *
parse(struct vcache *vc, const unsigned char *p, size_t len)
{
	unsigned char sum[SUM_LEN];
	const unsigned char *e;
	size_t count, i;

	unsigned char code[CODE_LEN];

	if (len < HEAD_LEN + SUM_LEN || memcmp(p, MAGIC, MAGIC_LEN) != 0)
		return NULL;
	/* another netsync's entries can never match: not worth loading */
	code_hash(code);
	if (memcmp(p + MAGIC_LEN, code, CODE_LEN) != 0)
		return NULL;
	count = get32(p + MAGIC_LEN + CODE_LEN);
	if (count > VCACHE_MAX ||
	    len != HEAD_LEN + count * ENTRY_LEN + SUM_LEN)
		return NULL;
	fasthash_n(sum, SUM_LEN, p, len - SUM_LEN);
	if (memcmp(sum, p + len - SUM_LEN, SUM_LEN) != 0)
		return NULL;
	vc->v = calloc(count ? count : 1, sizeof(*vc->v));
	if (vc->v == NULL)
		return ns_error(NS_ERR_NOMEM);
	vc->cap = count ? count : 1;
	for (i = 0; i < count; i++) {
		e = p + HEAD_LEN + i * ENTRY_LEN;
		/* strictly sorted, or the binary search could lie */
		if (i > 0 && memcmp(e - ENTRY_LEN, e, 20) >= 0) {
			vc->n = 0;
			return NULL;
		}
		memcpy(vc->v[i].key.b, e, 20);
		vc->v[i].line = get32(e + 20);
		vc->v[i].col = get32(e + 24);
		vc->n++;
	}
	vc->nloaded = vc->n;
	return radix_build(vc);
}

const struct ns_error *
vcache_open(struct vcache **out, const char *path)
{
	const struct ns_error *err;
	struct buf data = BUF_INIT;
	struct vcache *vc;

	*out = NULL;
	vc = calloc(1, sizeof(*vc));
	if (vc == NULL)
		return ns_error(NS_ERR_NOMEM);
	vc->path = strdup(path);
	if (vc->path == NULL) {
		free(vc);
		return ns_error(NS_ERR_NOMEM);
	}
	/* an unreadable or oversized file is the same as none */
	err = buf_load_path(&data, path, HEAD_LEN +
	    (size_t)VCACHE_MAX * ENTRY_LEN + SUM_LEN + 1);
	if (err == NULL)
		err = parse(vc, (const unsigned char *)data.ptr, data.len);
	else
		err = err->code == NS_ERR_NOMEM ? err : NULL;
	buf_dispose(&data);
	if (err) {
		vcache_free(vc);
		return err;
	}
	*out = vc;
	return NULL;
}

/* The all-zero key stands for "could not be computed": never cached. */
static int
key_null(const struct vcache_key *key)
{
	static const struct vcache_key zero;

	return memcmp(key->b, zero.b, sizeof(zero.b)) == 0;
}

int
vcache_lookup(struct vcache *vc, const struct vcache_key *key,
    unsigned *line, unsigned *col)
{
	size_t lo, hi, mid;
	uint32_t b;
	int c;

	if (key_null(key) || vc->radix == NULL)
		return 0;
	b = key_top(key, vc->bits);
	lo = vc->radix[b];
	hi = vc->radix[b + 1];
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = memcmp(vc->v[mid].key.b, key->b, sizeof(key->b));
		if (c == 0) {
			vc->v[mid].used = 1;
			*line = vc->v[mid].line;
			*col = vc->v[mid].col;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

const struct ns_error *
vcache_add(struct vcache *vc, const struct vcache_key *key, unsigned line,
    unsigned col)
{
	struct entry *v;
	size_t cap;

	if (key_null(key))
		return NULL;
	if (vc->n == vc->cap) {
		cap = vc->cap ? vc->cap * 2 : 256;
		v = realloc(vc->v, cap * sizeof(*v));
		if (v == NULL)
			return ns_error(NS_ERR_NOMEM);
		vc->v = v;
		vc->cap = cap;
	}
	v = &vc->v[vc->n++];
	v->key = *key;
	v->line = line;
	v->col = col;
	v->used = 1;
	return NULL;
}

size_t
vcache_count(const struct vcache *vc)
{
	return vc->n;
}

static int
cmp_entries(const void *a, const void *b)
{
	const struct entry *ea = a, *eb = b;
	int c = memcmp(ea->key.b, eb->key.b, sizeof(ea->key.b));

	/* equal keys: the used one first, so deduplication keeps it */
	return c ? c : eb->used - ea->used;
}

/* Sort, drop duplicates and, over the limit, unused entries. */
static const struct ns_error *
compact(struct vcache *vc)
{
	size_t i, n = 0, unused = 0;

	qsort(vc->v, vc->n, sizeof(*vc->v), cmp_entries);
	for (i = 0; i < vc->n; i++) {
		if (n > 0 && memcmp(vc->v[n - 1].key.b, vc->v[i].key.b,
		    sizeof(vc->v[i].key.b)) == 0)
			continue;
		vc->v[n++] = vc->v[i];
		unused += !vc->v[i].used;
	}
	vc->n = n;
	if (n > VCACHE_MAX && unused > 0) {
		/* over the limit: forget what this run did not need */
		for (i = 0, n = 0; i < vc->n; i++)
			if (vc->v[i].used)
				vc->v[n++] = vc->v[i];
		vc->n = n;
	}
	if (vc->n > VCACHE_MAX)
		vc->n = VCACHE_MAX;
	vc->nloaded = vc->n;
	free(vc->radix);
	vc->radix = NULL;
	return radix_build(vc);
}

static const struct ns_error *
make_parent(const char *path)
{
	char *dir = strdup(path), *slash;
	int rc = 0;

	if (dir == NULL)
		return ns_error(NS_ERR_NOMEM);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		rc = mkdir(dir, 0777) == -1 && errno != EEXIST ? -1 : 0;
	}
	free(dir);
	return rc == -1 ? ns_error_from_errno2("mkdir", path) : NULL;
}

const struct ns_error *
vcache_save(struct vcache *vc)
{
	const struct ns_error *err;
	unsigned char *p, *e;
	size_t len, i;

	if (vc->n == vc->nloaded)
		return NULL;	/* nothing new */
	if ((err = compact(vc)))
		return err;
	len = HEAD_LEN + vc->n * ENTRY_LEN + SUM_LEN;
	p = malloc(len);
	if (p == NULL)
		return ns_error(NS_ERR_NOMEM);
	memcpy(p, MAGIC, MAGIC_LEN);
	code_hash(p + MAGIC_LEN);
	put32(p + MAGIC_LEN + CODE_LEN, (uint32_t)vc->n);
	for (i = 0; i < vc->n; i++) {
		e = p + HEAD_LEN + i * ENTRY_LEN;
		memcpy(e, vc->v[i].key.b, 20);
		put32(e + 20, vc->v[i].line);
		put32(e + 24, vc->v[i].col);
	}
	fasthash_n(p + len - SUM_LEN, SUM_LEN, p, len - SUM_LEN);
	err = make_parent(vc->path);
	if (err == NULL)
		err = buf_write_atomic(vc->path, p, len, 0644);
	free(p);
	return err;
}

void
vcache_free(struct vcache *vc)
{
	if (vc == NULL)
		return;
	free(vc->v);
	free(vc->radix);
	free(vc->path);
	free(vc);
}
