/*
 * schema_int.h: the compiled form of a schema, shared by schema_compile.c
 * (YAML tree -> structs, $ref linking), schema_validate.c (the checks and
 * their messages) and schema_format.c (format checks, ECMA-262 regexes).
 * Not part of the public interface.
 */
#ifndef NS_SCHEMA_INT_H
#define NS_SCHEMA_INT_H

#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "schema/schema.h"

/* JSON types as bits; "integer" is a subset of "number". */
#define ST_NULL		0x01u
#define ST_BOOL		0x02u
#define ST_INT		0x04u
#define ST_NUM		0x08u
#define ST_STR		0x10u
#define ST_ARR		0x20u
#define ST_OBJ		0x40u

enum sch_format {
	SF_NONE,
	SF_DATE,
	SF_DATETIME,
	SF_TIME,
	SF_EMAIL,
	SF_URI,
	SF_URIREF,
	SF_HOSTNAME,
	SF_IPV4,
	SF_IPV6,
	SF_UUID,
	SF_JSONPTR,
	SF_RELJSONPTR,
	SF_REGEX,
	SF_DURATION,
};

struct sch_doc;

struct sch_prop {			/* properties: name -> schema */
	const char		*name;
	size_t			 len;
	struct schema		*s;
};

struct sch_pattern {			/* patternProperties */
	const struct ytree_node	*src;
	pcre2_code		*re;
	struct schema		*s;
};

struct sch_required {			/* required, dependentRequired */
	const struct ytree_node	*name;	/* a string node */
	int			 prop;	/* index in props (< 64), or -1 */
};

struct sch_dep {			/* dependentRequired/-Schemas */
	const struct ytree_node	*name;
	struct sch_required	*req;
	size_t			 nreq;
	struct schema		*s;
};

struct sch_dyn {			/* a $dynamicAnchor of a resource */
	const char		*name;
	struct schema		*s;
	struct sch_dyn		*next;
};

struct sch_list {
	struct schema		**v;
	size_t			 n;
};

struct schema {
	const struct ytree_node	*node;	/* the schema's own node */
	struct sch_doc		*doc;
	const char		*file;	/* the document's name, for errors */
	const char		*base;	/* base URI in force here */
	int			 always;	/* -1 keywords; 0, 1 */
	unsigned		 types;		/* ST_* of "type"; 0: any */
	const char		*description;
	const struct ytree_node	*enum_, *const_;

	/* objects */
	struct sch_prop		*props;
	size_t			 nprops;
	struct sch_pattern	*pprops;
	size_t			 npprops;
	struct schema		*additional, *propnames;
	struct sch_required	*required;
	size_t			 nrequired;
	struct sch_dep		*depreq, *depsch;
	size_t			 ndepreq, ndepsch;
	const struct ytree_node	*min_props, *max_props;

	/* arrays */
	struct sch_list		 prefix;
	struct schema		*items, *contains;
	const struct ytree_node	*min_items, *max_items;
	const struct ytree_node	*min_contains, *max_contains;
	int			 unique;

	/* strings */
	const struct ytree_node	*min_len, *max_len;
	pcre2_code		*pattern;
	const struct ytree_node	*pattern_src;
	enum sch_format		 format;
	const char		*format_name;

	/* numbers */
	const struct ytree_node	*minimum, *maximum, *xminimum, *xmaximum;
	const struct ytree_node	*multiple;

	/* applicators */
	const struct ytree_node	*ref_node;	/* the $ref value */
	const char		*ref_uri;	/* absolute, with fragment */
	struct schema		*ref;		/* NULL until linked */
	struct sch_list		 allof, anyof, oneof;
	struct schema		*not_, *if_, *then_, *else_;
	struct schema		*uneval_props, *uneval_items;

	/* dynamic references */
	struct schema		*res_root;	/* root of this resource */
	struct sch_dyn		*dyn;	/* root: its $dynamicAnchors */
	const char		*dyn_anchor;	/* this schema's own */
	struct schema		*dynref;	/* its $dynamicRef, as a $ref */
	const char		*dyn_name;	/* in dynref: plain fragment */
};

/* --- the set (schema.c) and the compiler (schema_compile.c) -------------- */

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 used, cap;
	unsigned char		*mem;
};

struct sch_res {		/* one entry of the resource table */
	char			*uri;	/* resource URI, or resource#anchor */
	const struct ytree_node	*node;
	struct sch_doc		*doc;
	int			 anchor;
};

struct memo_ent {
	const struct ytree_node	*node;
	struct schema		*s;
};

struct sch_doc {
	char			*name;
	char			*uri;	/* retrieval URI */
	struct ytree		*tree;
	struct schema		*root;
	struct memo_ent		*memo;	/* open addressing, node -> schema */
	size_t			 memo_n, memo_cap;
	pcre2_code		**codes;
	size_t			 ncodes, capcodes;
};

struct schema_set {
	struct sch_doc		**docs;
	size_t			 ndocs, capdocs;
	struct sch_res		*res;
	size_t			 nres, capres;
	struct schema		**refs;	/* every schema with a $ref */
	size_t			 nrefs, caprefs;
	struct arena_chunk	*arena;
	uint64_t		 hash;
	char			 digest[17];
};

/* Grow the array *v of *cap elements of 'size' to hold n + 1; -1 no memory. */
int sch_grow(void *v, size_t *cap, size_t n, size_t size);

/* Compile document 'd' (its tree is parsed) into d->root. */
const struct ns_error *sch_doc_compile(struct schema_set *, struct sch_doc *);

/*
 * Link every unresolved $ref of the set.  Failures of refs at index >=
 * 'mark' (the document being added) are errors; older ones stay pending.
 */
const struct ns_error *sch_link_all(struct schema_set *, size_t mark);

/* The resource-table entry for 'uri', or NULL. */
struct sch_res *sch_res_find(const struct schema_set *, const char *uri);

/* The schema compiled from node 'n' of document 'd', or NULL. */
struct schema *sch_memo_get(const struct sch_doc *, const struct ytree_node *);

/* --- validation (schema_validate.c, schema_report.c) --------------------- */

#define SEG_INLINE		64
#define VALIDATE_DEPTH_MAX	400	/* schemas entered at once */

struct seg {
	const char	*key;	/* NULL: an index */
	size_t		 len;
	size_t		 index;
};

struct vctx {
	struct diag_list	*dl;
	const char		*file;
	int			 quiet;
	unsigned		 depth;
	const struct ns_error	*err;
	struct seg		 inl[SEG_INLINE];
	struct seg		*segs;
	size_t			 nsegs, capsegs;
	pcre2_match_data	*md;
	const char		*desc;	/* of the innermost schema here */
	const struct schema	*scope_inl[SEG_INLINE];	/* dynamic scope: */
	const struct schema	**scope;	/* resource roots entered */
	size_t			 nscope, capscope;
};

/*
 * The walk (schema_validate.c): 1 valid, 0 not, -1 error.  _quiet stops at
 * the first violation and reports nothing; _child validates the value of
 * key 'key' (or, with key NULL, item 'index') with its own path segment.
 */
int sch_v_quiet(struct vctx *, const struct schema *,
    const struct ytree_node *);
int sch_v_child(struct vctx *, const struct schema *,
    const struct ytree_node *, const struct ytree_node *key, size_t index);

/* 1 if the string node matches 're', 0 if not, -1 on a PCRE2 error. */
int sch_v_pattern(struct vctx *, const pcre2_code *re,
    const struct ytree_node *);

/* The value of 'key' (a string node) in 'map', or NULL. */
const struct ytree_node *sch_obj_get(const struct ytree_node *map,
    const struct ytree_node *key);

/* "unknown property "titel"; did you mean "title"?" at the key. */
int sch_report_unknown(struct vctx *, const struct schema *,
    const struct ytree_node *key);

/* The schema $dynamicRef holder 'd' names in the current dynamic scope. */
const struct schema *sch_dyn_target(const struct vctx *,
    const struct schema *d);

/* unevaluatedProperties / unevaluatedItems of 's' (schema_uneval.c). */
int sch_uneval_props(struct vctx *, const struct schema *,
    const struct ytree_node *);
int sch_uneval_items(struct vctx *, const struct schema *,
    const struct ytree_node *);

/* Keep the first error; -1. */
int sch_fail(struct vctx *, const struct ns_error *);

/* Push a path segment: a key (key, len) or, with key NULL, an index. */
int sch_seg_push(struct vctx *, const char *key, size_t len, size_t index);

/*
 * One violation at 'at' with the current path; 'desc' (may be NULL) is
 * appended after an em dash.  0, or -1 when even that failed.  Nothing is
 * made in quiet mode.
 */
int sch_report(struct vctx *, const struct ytree_node *at, const char *desc,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* "expected a string or an integer, got null" */
int sch_report_type(struct vctx *, const struct ytree_node *, unsigned types);

/* enum and const misses, with the allowed values. */
int sch_report_enum(struct vctx *, const struct schema *,
    const struct ytree_node *);
int sch_report_const(struct vctx *, const struct schema *,
    const struct ytree_node *);

/* uniqueItems: 'item' equals the one at index 'first'. */
int sch_report_dup(struct vctx *, const struct ytree_node *item,
    size_t first);

/* ST_* bits of a value; 1.0 is an integer. */
unsigned sch_inst_type(const struct ytree_node *);

/* Finite and without a fraction. */
int sch_is_integral(double);

/* Formats (schema_format.c). */
enum sch_format sch_format_lookup(const char *name);
int sch_format_check(enum sch_format, const char *s, size_t len);
const char *sch_format_hint(enum sch_format);

/*
 * Compile an ECMA-262 regular expression with PCRE2 (UTF, JIT when
 * available).  NULL on failure, with a message in 'msg'.
 */
pcre2_code *sch_regex_compile(const char *src, size_t len, char *msg,
    size_t msgsz, size_t *erroff);

/* 1 match, 0 no match, -1 error (PCRE2 limits).  'md' is reused. */
int sch_regex_match(const pcre2_code *, pcre2_match_data *md,
    const char *s, size_t len);

/* Number of single-character edits between a and b, capped at max + 1. */
size_t sch_edit_distance(const char *a, size_t alen, const char *b,
    size_t blen, size_t max);

/*
 * The edit distance from a (what was written) to b when b is a plausible
 * "did you mean": at most 2 edits and at most half of a.  Else 3.
 */
size_t sch_near(const char *a, size_t alen, const char *b, size_t blen);

#endif
