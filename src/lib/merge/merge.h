/*
 * merge.h: field-level three-way merge of record files.
 *
 * Two edits of the same record from two clones merge field by field; only
 * the same field changed both ways is a conflict, left as git leaves
 * conflicts: markers in the file around the two versions of that field.
 *
 * Mappings merge key by key, recursively.  Sequences of mappings with an
 * identity merge element by element (questions and decisions by id,
 * participants, organizers and contacts by name, program by title,
 * contributions by text, any other list whose elements all have a unique
 * id by id); lists of scalars merge as sets; any other sequence merges as
 * one value.  Keys and elements added by theirs are placed after their
 * predecessor in theirs; otherwise ours' order is kept.  Nothing is lost:
 * every value of ours or theirs is in the result unless the other side
 * deleted it, or it is inside a conflict block.
 */
#ifndef NS_MERGE_H
#define NS_MERGE_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"

struct merge_result {
	int		  conflicts;	/* conflicting fields */
	struct buf	  text;		/* merged file content */
	char		**conflict_paths; /* e.g. questions[x].status */
	size_t		  nconflict_paths;
};

/*
 * Three-way merge of one record file.  'base' may be NULL (with length 0)
 * when both sides added the file.  'path' is used in error messages.
 * 'label_ours' and 'label_theirs' follow the conflict markers; NULL gives
 * "ours" and "theirs".
 *
 * On success the caller owns *out (free it with merge_result_free()):
 * (*out)->text is the merged file, with git-style markers at column 0
 * around each conflicting field, and (*out)->conflicts counts them; each
 * is named in conflict_paths ("(document)" when the documents cannot be
 * merged at all).  When nothing conflicts and the result equals ours or
 * theirs, that side's text is returned byte for byte (its comments and
 * layout kept); otherwise the result is written by yemit, after ours'
 * leading comment lines.
 *
 * Errors: NS_ERR_YAML (or NS_ERR_LIMIT) when a side does not parse, with
 * the position; the caller then falls back to merge_lines().
 * NS_ERR_NOMEM.  On error *out is NULL.
 */
const struct ns_error *merge_records(struct merge_result **out,
    const char *path, const unsigned char *base, size_t base_len,
    const unsigned char *ours, size_t ours_len,
    const unsigned char *theirs, size_t theirs_len,
    const char *label_ours, const char *label_theirs);

/*
 * Line-based three-way merge of any text with libgit2's git_merge_file()
 * (default options; the labels as above).  Conflicting hunks get git's
 * markers; conflict_paths names each by its line ("line 12").  'base' may
 * be NULL.  Errors: NS_ERR_GIT, NS_ERR_NOMEM; *out is then NULL.
 */
const struct ns_error *merge_lines(struct merge_result **out,
    const unsigned char *base, size_t base_len,
    const unsigned char *ours, size_t ours_len,
    const unsigned char *theirs, size_t theirs_len,
    const char *label_ours, const char *label_theirs);

/* Free a result and all it holds.  Accepts NULL.  Can't fail. */
void merge_result_free(struct merge_result *);

#endif
