/*
 * yemit.h: write a ytree as block-style YAML text.
 *
 * The output is deterministic: mapping keys keep their order, nesting is
 * indented by two spaces, sequences under a key are indented too, and
 * empty collections are written as {} and [].  Strings are written plain
 * when the YAML 1.2 core schema reads them back as the same string, single-
 * or double-quoted when they would resolve to null, a boolean or a number,
 * start with an indicator, contain ": " or " #", have leading or trailing
 * blanks or are empty; multi-line strings become literal block scalars
 * (|, |- or |+) unless they hold characters a block scalar cannot carry,
 * in which case they are double-quoted with escapes.  Null, boolean and
 * numeric scalars are written as their source text.
 *
 * The round-trip property holds: ytree_parse(yemit_document(t)) is equal to
 * t by ytree_equal().  Emitting is a pure function; the functions below only
 * fail when the buffer cannot grow (NS_ERR_NOMEM, or NS_ERR_LIMIT when the
 * buffer has a toobig cap).
 *
 * The lower-level functions let a caller (merge.c) write a document piece
 * by piece, for instance to put conflict markers around one entry.
 * 'indent' is the column (in spaces) of the entry; when 'inline_first' is
 * set the caller has already written the text before the entry on its first
 * line (a "- " sequence indicator) and no indentation is written for it.
 */
#ifndef NS_YEMIT_H
#define NS_YEMIT_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "yaml/ytree.h"

/*
 * Append the whole document rooted at 'root' to 'out', ending with a
 * newline.  'root' must not be NULL.
 */
const struct ns_error *yemit_document(struct buf *out,
    const struct ytree_node *root);

/*
 * Append one block mapping entry "key: value" (the key is 'keylen' bytes)
 * with its nested lines, ending with a newline.
 */
const struct ns_error *yemit_pair(struct buf *out, unsigned indent,
    int inline_first, const char *key, size_t keylen,
    const struct ytree_node *value);

/*
 * Append the key of a block mapping entry followed by ':' and no newline;
 * the caller writes the value (" {}\n", or "\n" and a nested block indented
 * by indent + 2).  Keys too long for a simple key use the explicit "? " form.
 */
const struct ns_error *yemit_key(struct buf *out, unsigned indent,
    int inline_first, const char *key, size_t keylen);

/* Append one block sequence entry "- value" with its nested lines. */
const struct ns_error *yemit_item(struct buf *out, unsigned indent,
    int inline_first, const struct ytree_node *value);

/*
 * Append 'indent' spaces.  A helper for callers that build their own
 * block structure.
 */
const struct ns_error *yemit_indent(struct buf *out, unsigned indent);

/*
 * Append 's' (of 'len' bytes) as a flow scalar that reads back as the
 * string 's': plain if possible, else quoted; never a block scalar, never
 * spanning lines.  Used for keys.
 */
const struct ns_error *yemit_flow_string(struct buf *out, const char *s,
    size_t len);

#endif
