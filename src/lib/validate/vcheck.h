/*
 * vcheck.h: checking many record files fast: a front end to a recset
 * (check.h) that skips records the validation cache (vcache.h) knows to be
 * valid and checks the others on worker threads, one recset shard each.
 *
 * The result is exactly what one recset fed the same files in the same
 * order gives: findings are appended to the caller's list in the order the
 * records were added, whichever thread checked them, and the cross-record
 * checks (unique ids) run once over every shard at the end.  Memory
 * follows the number of records in flight (a small bounded queue), not the
 * repository.
 */
#ifndef NS_VCHECK_H
#define NS_VCHECK_H

#include <sys/stat.h>

#include <stddef.h>

#include <git2.h>

#include "base/diag.h"
#include "base/error.h"

struct schema_lazy;
struct schema_set;
struct vcache;
struct vcheck;

/*
 * A checker for records owned by 'owner', with findings going to 'dl'
 * (borrowed, like 'schemas', until vcheck_free()).  The schemas are
 * compiled at the first record the cache does not know, never before.
 * 'cache_path' is the validation cache file, or NULL for none.  Worker
 * threads: one per CPU this process may run on (at most 8); none on a
 * single CPU.  Free with vcheck_free().  NS_ERR_NOMEM.
 */
const struct ns_error *vcheck_new(struct vcheck **out, struct diag_list *dl,
    struct schema_lazy *schemas, const char *owner, const char *cache_path);

/*
 * Like vcheck_new(), with the open validation cache 'cache' (borrowed; may
 * be NULL) instead of a file: for a caller checking records of several
 * owners in one run (the pull gate), which opens the cache once and saves
 * it once (vcache_save()) after the last vcheck_finish().  vcheck_finish()
 * does not save it, vcheck_free() does not free it.  NS_ERR_NOMEM.
 */
const struct ns_error *vcheck_new_cache(struct vcheck **out,
    struct diag_list *dl, const struct schema_set *schemas,
    const char *owner, struct vcache *cache);

/* The schemas, compiled if they were not yet. */
const struct ns_error *vcheck_schemas(struct vcheck *vc,
    const struct schema_set **out);

/*
 * For a file that is not a record (netsync.yaml): *hit is 1 if the cache
 * knows 'path' as valid by its lstat() data 'st' or its content 'blob'
 * (either may be NULL; found by content, it is remembered by 'st' too).
 * vcheck_cache_put() says it is valid, by both.  Neither counts it as a
 * record.  NS_ERR_NOMEM.
 */
const struct ns_error *vcheck_cache_has(struct vcheck *vc, int *hit,
    const char *path, const git_oid *blob, const struct stat *st);
const struct ns_error *vcheck_cache_put(struct vcheck *vc, const char *path,
    const git_oid *blob, const struct stat *st);

/*
 * Name the files of findings 'prefix' + path (e.g. "umea-vannas:records/
 * x.yaml") while cache keys and the record checks use the path as given,
 * so the same peer record is one cache entry for pull and for validate
 * --network.  Every finding 'dl' gets from now to vcheck_finish() is
 * named so, the caller's own included.  'prefix' is copied.
 * NS_ERR_NOMEM.
 */
const struct ns_error *vcheck_set_prefix(struct vcheck *vc,
    const char *prefix);

/*
 * If the work-tree record 'path' (also its name in findings) with lstat()
 * data 'st' is known valid, count it as checked and set *hit to 1: it need
 * not be read.  Else *hit is 0.
 */
const struct ns_error *vcheck_cached_stat(struct vcheck *, int *hit,
    const char *path, const struct stat *st);

/*
 * Likewise by content: the record's blob id.  'st' (may be NULL) is its
 * lstat() data when it is a work-tree file, remembered on a hit so that
 * vcheck_cached_stat() finds it next time.  On a miss the caller passes
 * the record to vcheck_add().
 */
const struct ns_error *vcheck_cached(struct vcheck *, int *hit,
    const char *path, const git_oid *blob, const struct stat *st);

/*
 * Check one record file.  'data' is borrowed for the call (copied when
 * queued).  'blob' is its blob id, or NULL to compute it; 'st' as for
 * vcheck_cached().
 */
const struct ns_error *vcheck_add(struct vcheck *, const char *path,
    const git_oid *blob, const struct stat *st, const unsigned char *data,
    size_t len);

/*
 * Wait for every record added so far and append its findings, so that
 * the caller may add a finding of its own in order.
 */
const struct ns_error *vcheck_flush(struct vcheck *);

/*
 * Wait for the rest, run the cross-record checks, save the cache opened by
 * vcheck_new() (a cache that cannot be written is not an error) and set
 * *nrecords to the number of records checked.  Call once.
 */
const struct ns_error *vcheck_finish(struct vcheck *, size_t *nrecords);

/* Stop the workers and free everything.  Accepts NULL.  Can't fail. */
void vcheck_free(struct vcheck *);

#endif
