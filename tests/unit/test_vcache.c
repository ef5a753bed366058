/*
 * test_vcache.c: the validation cache: git-compatible blob ids, keys that
 * depend on every part, a save/load round trip, and that every kind of
 * damaged file is ignored rather than trusted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "harness.h"
#include "validate/vcache.h"

static char dir[] = "/tmp/test_vcache.XXXXXX";
static char path[256];

static void
setup(void)
{
	if (path[0] == '\0') {
		if (mkdtemp(dir) == NULL)
			abort();
		snprintf(path, sizeof(path), "%s/netsync/cache", dir);
	}
	unlink(path);
}

static void
key_of(struct vcache_key *k, const char *path_in_repo, const char *text)
{
	git_oid oid;

	vcache_blob_id(&oid, text, strlen(text));
	vcache_key(k, "0123456789abcdef", "jamtland", path_in_repo, &oid);
}

static void
test_blob_id(struct tctx *t)
{
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];

	/* `printf 'hello\n' | git hash-object --stdin` */
	vcache_blob_id(&oid, "hello\n", 6);
	git_oid_tostr(hex, sizeof(hex), &oid);
	CHECK_STR(t, hex, "ce013625030ba8dba906f756967f9e9ca394464a");
	/* the empty blob */
	vcache_blob_id(&oid, "", 0);
	git_oid_tostr(hex, sizeof(hex), &oid);
	CHECK_STR(t, hex, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}

static void
test_key_parts(struct tctx *t)
{
	struct vcache_key a, b;
	git_oid oid;

	vcache_blob_id(&oid, "x", 1);
	vcache_key(&a, "d1", "jamtland", "records/a.yaml", &oid);
	vcache_key(&b, "d1", "jamtland", "records/a.yaml", &oid);
	CHECK(t, memcmp(&a, &b, sizeof(a)) == 0, "same parts, same key");
	vcache_key(&b, "d2", "jamtland", "records/a.yaml", &oid);
	CHECK(t, memcmp(&a, &b, sizeof(a)) != 0, "schema digest in the key");
	vcache_key(&b, "d1", "umea-vannas", "records/a.yaml", &oid);
	CHECK(t, memcmp(&a, &b, sizeof(a)) != 0, "owner in the key");
	vcache_key(&b, "d1", "jamtland", "records/b.yaml", &oid);
	CHECK(t, memcmp(&a, &b, sizeof(a)) != 0, "path in the key");
	/* parts are separated: ("ab", "c") is not ("a", "bc") */
	vcache_key(&a, "d1", "jamtlan", "drecords/a.yaml", &oid);
	vcache_key(&b, "d1", "jamtland", "records/a.yaml", &oid);
	CHECK(t, memcmp(&a, &b, sizeof(a)) != 0, "parts separated");
}

/* A stat key from a seed of its own. */
static void
vcache_stat_key(struct vcache_key *out, const char *digest,
    const char *owner, const char *file, const struct stat *st)
{
	struct vcache_seed seed;

	vcache_stat_seed(&seed, digest, owner);
	vcache_stat_key_seeded(out, &seed, file, st);
}

static void
test_stat_key(struct tctx *t)
{
	struct vcache_seed seed;
	struct vcache_key a, b;
	struct stat st, st2;

	memset(&st, 0, sizeof(st));
	st.st_ino = 42;
	st.st_size = 100;
	st.st_mtim.tv_sec = 1000;
	st2 = st;
	vcache_stat_key(&a, "d", "o", "records/a.yaml", &st);
	vcache_stat_key(&b, "d", "o", "records/a.yaml", &st2);
	CHECK(t, memcmp(&a, &b, sizeof(a)) == 0, "same stat, same key");
	st2.st_mtim.tv_nsec = 1;
	vcache_stat_key(&b, "d", "o", "records/a.yaml", &st2);
	CHECK(t, memcmp(&a, &b, sizeof(a)) != 0, "mtime ns in the key");
	st2 = st;
	st2.st_ctim.tv_sec = 1;
	vcache_stat_key(&b, "d", "o", "records/a.yaml", &st2);
	CHECK(t, memcmp(&a, &b, sizeof(a)) != 0, "ctime in the key");
	st2 = st;
	st2.st_ino = 43;
	vcache_stat_key(&b, "d", "o", "records/a.yaml", &st2);
	CHECK(t, memcmp(&a, &b, sizeof(a)) != 0, "inode in the key");
	st2 = st;
	st2.st_size = 101;
	vcache_stat_key(&b, "d", "o", "records/a.yaml", &st2);
	CHECK(t, memcmp(&a, &b, sizeof(a)) != 0, "size in the key");
	vcache_stat_key(&b, "d", "p", "records/a.yaml", &st);
	CHECK(t, memcmp(&a, &b, sizeof(a)) != 0, "owner in the key");
	vcache_stat_key(&b, "e", "o", "records/a.yaml", &st);
	CHECK(t, memcmp(&a, &b, sizeof(a)) != 0, "digest in the key");
	vcache_stat_key(&b, "d", "o", "records/b.yaml", &st);
	CHECK(t, memcmp(&a, &b, sizeof(a)) != 0, "path in the key");
	/* one seed for many keys gives each the key of its own seed */
	vcache_stat_seed(&seed, "d", "o");
	vcache_stat_key_seeded(&b, &seed, "records/b.yaml", &st);
	vcache_stat_key_seeded(&b, &seed, "records/a.yaml", &st);
	CHECK(t, memcmp(&a, &b, sizeof(a)) == 0, "seeded: the same key");
}

static void
test_long_path_never_cached(struct tctx *t)
{
	struct vcache *vc = NULL;
	struct vcache_key k;
	char longpath[2000];
	unsigned line, col;
	git_oid oid;

	setup();
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	vcache_blob_id(&oid, "x", 1);
	vcache_key(&k, "d", "o", longpath, &oid);
	CHECK(t, vcache_open(&vc, path) == NULL, "open");
	CHECK(t, vcache_add(vc, &k, 1, 1) == NULL, "add");
	CHECK_INT(t, vcache_count(vc), 0);
	CHECK_INT(t, vcache_lookup(vc, &k, &line, &col), 0);
	vcache_free(vc);
}

/* A cache file holding keys a.yaml (2:5) and b.yaml (3:7). */
static void
write_two(struct tctx *t)
{
	struct vcache *vc = NULL;
	struct vcache_key k;

	CHECK(t, vcache_open(&vc, path) == NULL, "open missing file");
	CHECK_INT(t, vcache_count(vc), 0);
	key_of(&k, "records/a.yaml", "A");
	CHECK(t, vcache_add(vc, &k, 2, 5) == NULL, "add a");
	key_of(&k, "records/b.yaml", "B");
	CHECK(t, vcache_add(vc, &k, 3, 7) == NULL, "add b");
	CHECK(t, vcache_save(vc) == NULL, "save");
	vcache_free(vc);
}

static int
lookup(const char *p, const char *text, unsigned *line, unsigned *col)
{
	struct vcache *vc = NULL;
	struct vcache_key k;
	int hit;

	if (vcache_open(&vc, path) != NULL)
		return -1;
	key_of(&k, p, text);
	hit = vcache_lookup(vc, &k, line, col);
	vcache_free(vc);
	return hit;
}

static void
test_round_trip(struct tctx *t)
{
	unsigned line = 0, col = 0;

	setup();
	write_two(t);
	CHECK_INT(t, lookup("records/a.yaml", "A", &line, &col), 1);
	CHECK_INT(t, line, 2);
	CHECK_INT(t, col, 5);
	CHECK_INT(t, lookup("records/b.yaml", "B", &line, &col), 1);
	CHECK_INT(t, line, 3);
	CHECK_INT(t, col, 7);
	CHECK_INT(t, lookup("records/b.yaml", "A", &line, &col), 0);
	CHECK_INT(t, lookup("records/c.yaml", "C", &line, &col), 0);
}

static void
test_no_change_no_write(struct tctx *t)
{
	struct vcache *vc = NULL;
	struct vcache_key k;
	unsigned line, col;

	setup();
	CHECK(t, vcache_open(&vc, path) == NULL, "open");
	key_of(&k, "records/a.yaml", "A");
	CHECK_INT(t, vcache_lookup(vc, &k, &line, &col), 0);
	CHECK(t, vcache_save(vc) == NULL, "save");
	vcache_free(vc);
	CHECK(t, access(path, F_OK) == -1, "nothing added: no file written");
}

/* Damage the file with 'how', then nothing in it may be found. */
static void
damaged(struct tctx *t, const char *what, void (*how)(struct buf *))
{
	struct buf b = BUF_INIT;
	unsigned line, col;

	setup();
	write_two(t);
	CHECK(t, buf_load_path(&b, path, 1 << 20) == NULL, "read %s", what);
	how(&b);
	CHECK(t, buf_write_atomic(path, b.ptr, b.len, 0644) == NULL,
	    "write %s", what);
	CHECK_INT(t, lookup("records/a.yaml", "A", &line, &col), 0);
	CHECK_INT(t, lookup("records/b.yaml", "B", &line, &col), 0);
	buf_dispose(&b);
	/* and a fresh save replaces it */
	unlink(path);
}

static void flip_entry(struct buf *b) { b->ptr[30] ^= 1; }
static void flip_sum(struct buf *b) { b->ptr[b->len - 1] ^= 1; }
static void truncate1(struct buf *b) { b->len -= 1; }
static void empty(struct buf *b) { b->len = 0; }
static void magic(struct buf *b) { b->ptr[0] = 'X'; }
static void count(struct buf *b) { b->ptr[18] = 3; }
static void builder(struct buf *b) { b->ptr[12] ^= 1; }

static void
test_damaged_files(struct tctx *t)
{
	damaged(t, "flipped entry bit", flip_entry);
	damaged(t, "flipped checksum bit", flip_sum);
	damaged(t, "truncated", truncate1);
	damaged(t, "empty", empty);
	damaged(t, "foreign magic", magic);
	damaged(t, "wrong count", count);
	damaged(t, "written by another netsync", builder);
}

/*
 * Many keys: every one found again through the radix index, with its own
 * position, and none that was never added (a lookup that misses only
 * costs a check, so no verdict test would see a broken index).
 */
static void
test_many_keys(struct tctx *t)
{
	struct vcache *vc = NULL;
	struct vcache_key k;
	char p[64], text[32];
	unsigned i, line, col, found = 0, wrong = 0, false_hits = 0;

	setup();
	CHECK(t, vcache_open(&vc, path) == NULL, "open");
	for (i = 0; i < 5000; i++) {
		snprintf(p, sizeof(p), "records/m-%05u.yaml", i);
		snprintf(text, sizeof(text), "%u", i);
		key_of(&k, p, text);
		CHECK(t, vcache_add(vc, &k, i + 1, 1) == NULL, "add %u", i);
	}
	CHECK(t, vcache_save(vc) == NULL, "save");
	vcache_free(vc);
	CHECK(t, vcache_open(&vc, path) == NULL, "reopen");
	for (i = 0; i < 5000 && vc; i++) {
		snprintf(p, sizeof(p), "records/m-%05u.yaml", i);
		snprintf(text, sizeof(text), "%u", i);
		key_of(&k, p, text);
		if (vcache_lookup(vc, &k, &line, &col)) {
			found++;
			wrong += line != i + 1;
		}
		snprintf(text, sizeof(text), "%u changed", i);
		key_of(&k, p, text);
		false_hits += (unsigned)vcache_lookup(vc, &k, &line, &col);
	}
	CHECK_INT(t, found, 5000);
	CHECK_INT(t, wrong, 0);
	CHECK_INT(t, false_hits, 0);
	vcache_free(vc);
	unlink(path);
}

static void
test_merge_keeps_old(struct tctx *t)
{
	struct vcache *vc = NULL;
	struct vcache_key k;
	unsigned line = 0, col = 0;

	setup();
	write_two(t);
	CHECK(t, vcache_open(&vc, path) == NULL, "open");
	CHECK_INT(t, vcache_count(vc), 2);
	key_of(&k, "records/c.yaml", "C");
	CHECK(t, vcache_add(vc, &k, 9, 1) == NULL, "add c");
	key_of(&k, "records/a.yaml", "A");	/* again: deduplicated */
	CHECK(t, vcache_add(vc, &k, 2, 5) == NULL, "add a again");
	CHECK(t, vcache_save(vc) == NULL, "save");
	vcache_free(vc);
	CHECK(t, vcache_open(&vc, path) == NULL, "reopen");
	CHECK_INT(t, vcache_count(vc), 3);
	vcache_free(vc);
	CHECK_INT(t, lookup("records/a.yaml", "A", &line, &col), 1);
	CHECK_INT(t, lookup("records/c.yaml", "C", &line, &col), 1);
	CHECK_INT(t, line, 9);
	unlink(path);
	snprintf(path, sizeof(path), "%s/netsync", dir);
	rmdir(path);
	rmdir(dir);
}

static const struct tcase cases[] = {
	TCASE(test_blob_id),
	TCASE(test_key_parts),
	TCASE(test_stat_key),
	TCASE(test_long_path_never_cached),
	TCASE(test_round_trip),
	TCASE(test_no_change_no_write),
	TCASE(test_damaged_files),
	TCASE(test_many_keys),
	TCASE(test_merge_keeps_old),
};

HARNESS_MAIN(cases)
