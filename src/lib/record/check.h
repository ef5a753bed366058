/*
 * check.h: is a set of record files acceptable?  Parsing, the schema of
 * each record's kind, and the checks a schema cannot express:
 *
 *   - id equals the file name without .yaml;
 *   - federation equals the repository's owner;
 *   - a federation profile lives at records/<federation>.yaml;
 *   - end is not before start (meetings, next_meeting);
 *   - item ids (questions, decisions) are unique within a record;
 *   - record ids are unique in the repository;
 *
 * Records are checked one at a time and only their ids are kept, so memory
 * follows the largest record, not the repository.
 */
#ifndef NS_CHECK_H
#define NS_CHECK_H

#include <stddef.h>

#include "base/diag.h"
#include "base/error.h"

struct schema_set;
struct recset;

/*
 * A new, empty set of records owned by 'federation'.  'schemas' is
 * borrowed and must outlive the set.  Free with recset_free().
 */
const struct ns_error *recset_new(struct recset **out,
    const struct schema_set *schemas, const char *federation);

/* Give a set made with NULL schemas its schemas, before recset_add(). */
void recset_set_schemas(struct recset *, const struct schema_set *);

/*
 * Parse and check one record file; 'path' is relative to the repository
 * top (records/meetings/2014/x.yaml) and is what diagnostics name.  Every
 * finding goes into 'dl'; an error means the check could not be carried
 * out (NS_ERR_NOMEM).
 */
const struct ns_error *recset_add(struct recset *, struct diag_list *dl,
    const char *path, const unsigned char *data, size_t len);

/* Checks across records (unique ids); call once after the last add. */
const struct ns_error *recset_finish(struct recset *, struct diag_list *dl);

/* Number of records added (parsed or not). */
size_t recset_count(const struct recset *);

void recset_free(struct recset *);

/*
 * For the validation cache and parallel checking (vcheck.c):
 * recset_ids() is the number of record ids remembered so far, and
 * recset_id_pos() the position of the i-th (0-based, in the order
 * remembered; valid until recset_finish()).  recset_add_valid() counts a
 * record known to be valid without reading it, remembering 'id' at
 * line:col of 'path' for the unique-id check.  recset_merge() moves every
 * id and the count of 'src' (a shard checked on another thread) into
 * 'dst'; 'src' is left empty.  NS_ERR_NOMEM.
 */
size_t recset_ids(const struct recset *);
void recset_id_pos(const struct recset *, size_t i, unsigned *line,
    unsigned *col);
const struct ns_error *recset_add_valid(struct recset *, const char *path,
    const char *id, unsigned line, unsigned col);
const struct ns_error *recset_merge(struct recset *dst, struct recset *src);

/*
 * Check the text of a netsync.yaml against the "netsync" schema and the
 * config rules; findings into 'dl' naming 'path'.
 */
const struct ns_error *check_config(struct diag_list *dl,
    const struct schema_set *schemas, const char *path,
    const unsigned char *data, size_t len);

/*
 * The id a record at 'path' must have: its file name without directories
 * and without .yaml, truncated to fit 'size' bytes.  Can't fail.
 */
void check_id_from_path(char *out, size_t size, const char *path);

/* 1 if 'path' names a record file: under records/, ending in .yaml. */
int check_is_record_path(const char *path);

#endif
