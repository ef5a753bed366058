/*
 * gate.h: is a git tree fetched from a peer safe and acceptable?
 *
 * The gate reads a tree from git's object store only; nothing of a peer's
 * data is ever checked out.  It walks the whole tree and reports, as
 * diagnostics naming the path inside the tree (line 0), every entry that
 * could hurt a user who later checks the tree out or that netsync cannot
 * vouch for:
 *
 *   - a symbolic link (120000) or a submodule (gitlink, 160000), or an
 *     entry whose object is not of the type its mode says;
 *   - an empty name, a name with '/', '\\' or NUL, "." or "..";
 *   - ".git" in any disguise: any case (.GIT), trailing spaces or dots
 *     (".git ", ".git."), an NTFS stream (".git::$INDEX_ALLOCATION"), the
 *     NTFS short name GIT~1 (any digit), and HFS+ ignorable code points
 *     (".g\u200cit");
 *   - two entries with the same name in one tree;
 *   - a tree nested deeper than the depth limit, more entries than the
 *     entry limit, a blob or tree object over the size limit (the size is
 *     read from the object header before the object is read);
 *   - under records/, a .yaml that is not a regular 100644 file.
 *
 * Every record (a 100644 blob under records/ whose name ends in .yaml) is
 * then passed to a vcheck (vcheck.h), which parses and checks it (check.h)
 * unless the validation cache knows it valid; then it is not even read.
 * No record is read before the walk over the whole tree is done.
 */
#ifndef NS_GATE_H
#define NS_GATE_H

#include <stddef.h>

#include <git2.h>

#include "base/diag.h"
#include "base/error.h"

struct vcheck;

struct gate_limits {
	size_t		max_blob;	/* bytes of any blob */
	size_t		max_tree;	/* bytes of any tree object */
	unsigned	max_depth;	/* nesting of trees below the root */
	size_t		max_entries;	/* entries visited in all */
};

/* 1 MiB blobs, 4 MiB tree objects, depth 64, 200,000 entries. */
#define GATE_LIMITS_DEFAULT { 1u << 20, 4u << 20, 64, 200000 }

/*
 * Why the tree entry name 'name' ('len' bytes, which may hold NUL) is not
 * acceptable in a fetched tree, or NULL when it is.  A static string.
 * This function is pure and can't fail.
 */
const char *gate_name_reason(const char *name, size_t len);

/*
 * Walk tree 'tree_id' of 'repo' and append a finding (DIAG_ERROR, file =
 * the entry's path in the tree) to 'dl' for every unsafe entry as listed
 * above; then, when 'vc' is not NULL, pass every record that passed to
 * 'vc' (vcheck_cached(), else the blob is read and given to vcheck_add()),
 * in the walk's order, its findings and the walk's interleaved as one pass
 * would give them.  The caller calls vcheck_finish() afterwards.  'vc' must
 * report to 'dl'.  *nread (when 'nread' is not NULL) is the number of
 * record blobs read, i.e. not known valid by the cache.  'lim' may be NULL
 * for GATE_LIMITS_DEFAULT.  With 'strict' 0 only records are collected
 * (for this repository's own trees); oversize records are still reported.
 *
 * Returns an error only when the walk could not be carried out
 * (NS_ERR_GIT for a missing object, NS_ERR_NOMEM); an unsafe tree is
 * findings, not an error.
 */
const struct ns_error *gate_tree(struct diag_list *dl, size_t *nread,
    git_repository *repo, const git_oid *tree_id,
    const struct gate_limits *lim, int strict, struct vcheck *vc);

#endif
