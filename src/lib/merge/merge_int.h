/*
 * merge_int.h: the merged tree shared by merge.c (which builds it) and
 * merge_emit.c (which writes it).  Not for use outside the merge module.
 */
#ifndef NS_MERGE_INT_H
#define NS_MERGE_INT_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "yaml/ytree.h"

enum mkind {
	MK_TAKE,	/* 'node' taken whole from one side */
	MK_MAP,		/* entries merged key by key */
	MK_SEQ,		/* entries merged element by element */
	MK_CONFLICT,	/* 'ours' against 'theirs'; NULL means deleted */
};

struct mnode;

struct mentry {
	/* MK_MAP: the key; MK_SEQ: the identity */
	const struct ytree_node	*key;
	struct mnode		*value;
	/* the index in ours and in theirs, or (size_t)-1 */
	size_t			 oidx;
	size_t			 tidx;
};

struct mnode {
	enum mkind		 kind;
	const struct ytree_node	*node;		/* MK_TAKE */
	/* MK_CONFLICT: the two versions; MK_MAP, MK_SEQ: the two merged */
	const struct ytree_node	*ours;
	const struct ytree_node	*theirs;
	struct mentry		*entries;	/* MK_MAP, MK_SEQ */
	size_t			 n;
};

/* Everything one merge allocates, freed at once by mctx_dispose(). */
struct mctx {
	void		**allocs;
	size_t		  nallocs;
	size_t		  allocs_cap;
	char		**paths;	/* conflict paths, in order */
	size_t		  npaths;
	size_t		  paths_cap;
	struct buf	  path;		/* the path being merged */
};

#define MCTX_INIT { NULL, 0, 0, NULL, 0, 0, BUF_INIT }

/* Zeroed memory owned by 'c'; NULL when out of memory. */
void *mctx_alloc(struct mctx *c, size_t size);

/* Free all 'c' holds; it is MCTX_INIT again.  Can't fail. */
void mctx_dispose(struct mctx *c);

/*
 * Merge the documents b (may be NULL), o and t into *out (NULL when the
 * result is empty, which cannot happen for two present documents).  Each
 * conflict appends its path to c->paths.  Nodes are borrowed from the
 * three trees.  Errors: NS_ERR_NOMEM.
 */
const struct ns_error *merge_tree(struct mctx *c, struct mnode **out,
    const struct ytree_node *b, const struct ytree_node *o,
    const struct ytree_node *t);

/*
 * Append the merged document 'root' to 'out', with conflict markers
 * ("<<<<<<< label_ours", "=======", ">>>>>>> label_theirs", at column 0)
 * around each conflicting entry.  A conflict at the root is the caller's
 * to write.  Errors: NS_ERR_NOMEM, NS_ERR_LIMIT.
 */
const struct ns_error *merge_emit(struct buf *out, const struct mnode *root,
    const char *label_ours, const char *label_theirs);

/*
 * Append one merged entry: a mapping entry when 'key' is set, else a
 * sequence item, at 'indent' (see yemit.h for 'inline_first'); a conflict
 * is written with its markers.  Errors as merge_emit().
 */
const struct ns_error *merge_emit_entry(struct buf *out, unsigned indent,
    int inline_first, const struct ytree_node *key, const struct mnode *v,
    const char *label_ours, const char *label_theirs);

/* A side's text as merge_splice() needs it. */
struct splice_text {
	const unsigned char	*text;
	size_t			 len;
};

/*
 * Write the merged document 'root' like merge_emit(), but copy ours' own
 * lines wherever ours has an entry unchanged, and theirs' lines for an
 * entry taken from theirs where the two lay out alike, so that comments
 * and layout survive.  'ours' is ours' tree.  Sets *ok to 0 (and leaves
 * 'out' as it was) when ours' layout is not one it can follow; the caller
 * checks the result against merge_emit()'s.
 */
const struct ns_error *merge_splice(struct buf *out, const struct mnode *root,
    const struct ytree_node *ours, const struct splice_text *ot,
    const struct splice_text *tt, const char *label_ours,
    const char *label_theirs, int *ok);

#endif
