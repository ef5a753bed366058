/*
 * ytree.h: one YAML document as a tree whose every node knows its position.
 *
 * Built on libyaml's event parser, with the defences peer data needs: a file
 * size limit checked before parsing, a nesting limit enforced inside the
 * event loop (libyaml is quadratic on deep flow nesting), an alias budget
 * counted in expanded nodes (billion laughs), a node budget, and clear
 * errors for invalid UTF-8, NUL bytes, duplicate keys, non-scalar keys,
 * explicit tags, merge keys (<<), several documents and empty input, and
 * (unless allowed) U+0000 written as an escape, which would cut the text
 * short wherever it is later used as a C string.
 *
 * Plain scalars resolve per the YAML 1.2 core schema: null, true/false,
 * integers, floats; everything else, `no`, `on`, `yes` and unquoted dates
 * included, is a string.  Quoted and block scalars are always strings.
 *
 * The tree owns all its memory (one arena); nodes are borrowed from it and
 * stay valid until ytree_free().  Parsing is a pure function of its input:
 * no I/O, so it can be fuzzed and sandboxed.
 */
#ifndef NS_YTREE_H
#define NS_YTREE_H

#include <stddef.h>

#include "base/error.h"

enum ytree_type {
	YTREE_NULL,
	YTREE_BOOL,
	YTREE_INT,
	YTREE_FLOAT,
	YTREE_STR,
	YTREE_SEQ,
	YTREE_MAP,
};

struct ytree_node;

struct ytree_pair {
	struct ytree_node	*key;	/* always YTREE_STR (the key's text) */
	struct ytree_node	*value;
};

struct ytree_node {
	enum ytree_type	 type;
	unsigned	 line;	/* 1-based position of the node's first character */
	unsigned	 col;	/* 1-based, in characters */
	/*
	 * Scalars: the text, NUL-terminated, 'len' bytes (a string may hold
	 * NUL bytes from escapes such as "\0").  For YTREE_STR the decoded
	 * value; for null/bool/int/float the source text.  NULL for SEQ/MAP.
	 */
	const char	*str;
	size_t		 len;
	int		 boolean;	/* YTREE_BOOL */
	double		 number;	/* YTREE_INT and YTREE_FLOAT */
	int		 quoted;	/* scalar was quoted or a block scalar */
	size_t		 n;		/* SEQ: items; MAP: pairs */
	struct ytree_node **items;	/* SEQ */
	struct ytree_pair *pairs;	/* MAP, in document order */
};

struct ytree_limits {
	size_t		max_size;	/* bytes of input */
	unsigned	max_depth;	/* nesting of sequences and mappings */
	size_t		max_nodes;	/* nodes, aliases counted expanded */
	size_t		max_aliases;	/* alias events */
	int		allow_nul;	/* a "\0" escape may put U+0000 in a
					 * string (JSON data); records: 0 */
};

/* 1 MiB, depth 64, 200,000 nodes, 256 aliases: ample for any record. */
#define YTREE_LIMITS_DEFAULT { 1u << 20, 64, 200000, 256, 0 }

struct ytree;

/*
 * Parse one YAML document from 'data' (of length 'len'; it need not be
 * NUL-terminated).  'name' appears in errors only.  'lim' may be NULL for
 * the defaults.
 *
 * On success the caller owns *out and frees it with ytree_free().
 * On error *out is NULL and the error is NS_ERR_YAML (with file, line and
 * column), NS_ERR_LIMIT (likewise, where a position is known) or
 * NS_ERR_NOMEM.
 */
const struct ns_error *ytree_parse(struct ytree **out, const char *name,
    const unsigned char *data, size_t len, const struct ytree_limits *lim);

/*
 * Read and parse the file at 'path'; its size is checked with fstat()
 * before it is read.  Errors as ytree_parse(), plus NS_ERR_ERRNO.
 */
const struct ns_error *ytree_load_file(struct ytree **out, const char *path,
    const struct ytree_limits *lim);

/* Free a tree and everything it holds.  Accepts NULL.  Can't fail. */
void ytree_free(struct ytree *);

/* The document's root node (borrowed); never NULL for a parsed tree. */
const struct ytree_node *ytree_root(const struct ytree *);

/* The name given to ytree_parse() (borrowed). */
const char *ytree_name(const struct ytree *);

/* The value of key 'key' in mapping 'map', or NULL (also if not a map). */
const struct ytree_node *ytree_get(const struct ytree_node *map,
    const char *key);

/* The string value of 'key' in 'map', or NULL when absent or not a string. */
const char *ytree_get_str(const struct ytree_node *map, const char *key);

/*
 * JSON equality: numbers by value (1 equals 1.0; NaN equals NaN), strings
 * by bytes, sequences in order, mappings regardless of order.
 */
int ytree_equal(const struct ytree_node *a, const struct ytree_node *b);

/* "null", "boolean", "integer", "number", "string", "array", "object". */
const char *ytree_type_name(enum ytree_type);

#endif
