/*
 * schema.h: JSON Schema (draft 2020-12) over ytree, written in YAML.
 *
 * A schema_set holds compiled schemas, each found by the name it was added
 * under or by its $id.  Compiling turns every keyword into fields of a
 * struct once, so validation does no keyword lookups, no regex compiling
 * and no allocation on the success path.  $ref is resolved across the
 * whole set (local JSON pointers, $anchor, $id-relative and absolute URIs).
 *
 * Validation appends findings to a diag_list (diag.h), worded for people
 * who edit YAML by hand:
 *
 *   file:line:col: error: questions[0].owner: missing required property "name"
 *
 * 'format' is an assertion in netsync (date, date-time, time, email, uri,
 * uri-reference, hostname, ipv4, ipv6, uuid, json-pointer, regex).
 * See docs/notes/validator.md for the dialect and what is left out.
 */
#ifndef NS_SCHEMA_H
#define NS_SCHEMA_H

#include <stddef.h>

#include "base/diag.h"
#include "base/error.h"
#include "yaml/ytree.h"

struct schema_set;	/* a set of compiled schemas, found by name or $id */
struct schema;		/* one compiled schema, borrowed from its set */

/*
 * A new empty set.  The caller frees it with schema_set_free().
 * Fails only with NS_ERR_NOMEM.
 */
const struct ns_error *schema_set_new(struct schema_set **out);

/*
 * Compile the YAML text of a schema ('len' bytes) and add it under 'name'
 * and, when it has one, under its $id.  'name' is the file name in errors
 * and the schema's retrieval URI: an absolute URI ("https://...") is used
 * as is, any other name N becomes "netsync:N.yaml" (".yaml" is not added
 * twice), so `$ref: common.yaml#/$defs/person` in a schema without $id
 * finds the schema added as "common".
 *
 * An invalid schema is NS_ERR_INVALID with file (the name), line and
 * column; malformed YAML is NS_ERR_YAML; a name or $id already in the set
 * is NS_ERR_INVALID.  On error the set is unchanged.  A $ref to a schema
 * not yet added is not an error here: it is resolved when that schema is
 * added (see schema_set_check()).  The set keeps its own copy.
 */
const struct ns_error *schema_set_add(struct schema_set *, const char *name,
    const unsigned char *yaml, size_t len);

/*
 * NS_ERR_INVALID (with the position of the $ref) if a $ref of any schema
 * in the set does not resolve, else NULL.  Call it after adding the last
 * schema; schema_validate() fails the same way on such a $ref.
 */
const struct ns_error *schema_set_check(const struct schema_set *);

/*
 * A set holding every compiled-in schema of schema_builtin.h, each under
 * its name ("meeting", "followup", "federation", "netsync", ...), checked
 * with schema_set_check().  The caller owns *out (schema_set_free()) and
 * may cache it.  An error here is a bug in a compiled-in schema.
 */
const struct ns_error *schema_set_builtin(struct schema_set **out);

/*
 * The built-in set, compiled when first asked for: a run that finds every
 * record in the validation cache needs only its digest, and compiling is
 * a third of such a run.  Not thread-safe: ask before sharing it.
 */
struct schema_lazy {
	struct schema_set	*set;		/* NULL until compiled */
	char			 digest[17];	/* schema_set_digest() of it */
};

/* Name the built-in set, without compiling it.  Can't fail. */
void schema_lazy_init(struct schema_lazy *);

/* The compiled set (borrowed from 'lazy'); errors of schema_set_builtin. */
const struct ns_error *schema_lazy_get(struct schema_lazy *lazy,
    const struct schema_set **out);

/* Free the set, if it was compiled.  Accepts NULL. */
void schema_lazy_dispose(struct schema_lazy *);

/*
 * The schema added as 'name' (e.g. "meeting"), or the one whose $id (or
 * retrieval URI) is 'name'; NULL when there is none.  Borrowed from the
 * set.
 */
const struct schema *schema_set_get(const struct schema_set *,
    const char *name);

/*
 * A short stable hex digest (16 characters) of every schema name and text
 * in the set, in the order added: the schema version for a validation
 * cache.  Borrowed; valid until the next schema_set_add().
 */
const char *schema_set_digest(const struct schema_set *);

/*
 * Validate 'node' against 'schema'.  Each violation appends one diagnostic
 * (DIAG_ERROR) to 'dl' with 'file', a line and column, and a data path such
 * as questions[0].owner.name (NULL at the root; keys that are not
 * identifiers are written ["odd key"]).  Missing required properties point
 * at the mapping, unknown properties at the key, everything else at the
 * value.
 *
 * Invalid data is NOT an error.  An error means validation could not be
 * done: NS_ERR_NOMEM, NS_ERR_LIMIT (a $ref cycle that never reaches the
 * data), NS_ERR_INVALID (a $ref that does not resolve).  'file' may be NULL.
 */
const struct ns_error *schema_validate(struct diag_list *dl,
    const struct schema *schema, const struct ytree_node *node,
    const char *file);

/*
 * 1 if 'node' is valid against 'schema', 0 if not, -1 on an error as for
 * schema_validate() (then *err is set when 'err' is not NULL).  Stops at
 * the first violation and never allocates: the fast path for caches.
 */
int schema_valid(const struct schema *schema, const struct ytree_node *node,
    const struct ns_error **err);

/* Free the set and every schema in it.  Accepts NULL.  Can't fail. */
void schema_set_free(struct schema_set *);

#endif
