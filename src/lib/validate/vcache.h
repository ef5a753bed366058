/*
 * vcache.h: the validation cache.  It remembers one fact per record: "the
 * blob with this id, at this path, was valid for this owner under this
 * schema set", plus where its id stands (for the repository-wide unique-id
 * check), so that `netsync validate` and the pull gate parse and check only
 * what changed.
 *
 * A key is the SHA-1 of (checking code, schema digest, owner, path, blob
 * id), or, for a work-tree file, a fast hash of (checking code, schema
 * digest, owner, path, lstat() data); "checking code" is a checksum of the
 * library's sources, so a netsync with other rules trusts nothing an older
 * one cached.  Nothing in the cache is trusted for more than that fact.  The file
 * (.git/netsync/cache) is a sorted array of fixed-size entries with a
 * checksum; it is written atomically, holds at most VCACHE_MAX
 * entries, and a missing, truncated, corrupted or foreign file is ignored
 * (and replaced at the next save): the cache can only make netsync faster,
 * never change a verdict.
 */
#ifndef NS_VCACHE_H
#define NS_VCACHE_H

#include <sys/stat.h>

#include <stddef.h>
#include <stdint.h>

#include <git2.h>

#include "base/error.h"

/* At most this many entries are kept (28 bytes each on disk). */
#define VCACHE_MAX	(1u << 20)

struct vcache_key {
	unsigned char	b[20];
};

struct vcache;

/*
 * Load the cache file at 'path' (it need not exist).  Unreadable or bad
 * content gives an empty cache, not an error.  The caller owns *out and
 * frees it with vcache_free().  Fails only with NS_ERR_NOMEM.
 */
const struct ns_error *vcache_open(struct vcache **out, const char *path);

/*
 * The git blob id of 'len' bytes of 'data' (SHA-1 of "blob LEN\0DATA",
 * as `git hash-object` computes it).  Can't fail.
 */
void vcache_blob_id(git_oid *out, const void *data, size_t len);

/* The key of a record.  'digest' is schema_set_digest().  Can't fail. */
void vcache_key(struct vcache_key *out, const char *digest,
    const char *owner, const char *path, const git_oid *blob);

/*
 * The key of a work-tree record by its lstat() data instead of its
 * content: device, inode, mode, size, owner, and the modification and
 * change times to the nanosecond (as git's index compares them), so an
 * unchanged file is found without reading it.  Add such a key only for a
 * file last changed before the run began (see vcheck.c), else a change
 * within the same clock tick could go unseen.  In two steps, for the
 * many files of one owner: what every key of 'digest' and 'owner' shares
 * is hashed once into 'seed' (vcache_stat_seed()), then each file's key
 * from it (vcache_stat_key_seeded()).  Can't fail.
 */
struct vcache_seed {
	uint64_t		h[3];
	int			ok;
};
void vcache_stat_seed(struct vcache_seed *seed, const char *digest,
    const char *owner);
void vcache_stat_key_seeded(struct vcache_key *out,
    const struct vcache_seed *seed, const char *path, const struct stat *st);

/*
 * 1 if 'key' is known valid, with the line and column of the record's id
 * in *line and *col; 0 if not.  Not thread-safe: one thread looks up and
 * adds.
 */
int vcache_lookup(struct vcache *, const struct vcache_key *key,
    unsigned *line, unsigned *col);

/* Remember 'key' as valid, its id at line:col.  NS_ERR_NOMEM. */
const struct ns_error *vcache_add(struct vcache *, const struct vcache_key *,
    unsigned line, unsigned col);

/*
 * Write the cache back if anything was added (atomically; the directory
 * is made if missing).  Over VCACHE_MAX entries, those not used in this
 * run are dropped first.  An error (NS_ERR_ERRNO) means only that the
 * cache could not be saved.
 */
const struct ns_error *vcache_save(struct vcache *);

/* Number of entries known (loaded and added). */
size_t vcache_count(const struct vcache *);

/* Free the cache without saving.  Accepts NULL.  Can't fail. */
void vcache_free(struct vcache *);

#endif
