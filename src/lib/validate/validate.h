/*
 * validate.h: `netsync validate` as a library call: which records to read
 * (work tree, index, a tree, given paths), checked with a recset.
 */
#ifndef NS_VALIDATE_H
#define NS_VALIDATE_H

#include <stddef.h>

#include <git2.h>

#include "base/diag.h"
#include "base/error.h"

struct schema_lazy;
struct workspace;

enum validate_source {
	VALIDATE_WORKTREE,	/* the files on disk */
	VALIDATE_STAGED,	/* the index: what the next commit holds */
	VALIDATE_HEAD,		/* the tree of HEAD: what is committed */
};

/* What a run did with work-tree files (for tests and NETSYNC_TRACE). */
struct validate_counts {
	size_t			  read;		/* files read */
	size_t			  hashed;	/* blob ids computed, not indexed */
};

struct validate_opts {
	enum validate_source	  source;
	int			  network;	/* also accepted peer tips */
	char			**paths;	/* relative to the top; may be empty */
	size_t			  npaths;
	struct validate_counts	 *counts;	/* filled when not NULL */
};

/* Record size limit: a record is a few kilobytes; 1 MiB is generous. */
#define VALIDATE_MAX_RECORD	(1u << 20)

/*
 * Check the records 'opts' selects (all of them, or those under 'paths')
 * and netsync.yaml (unless paths are given).  Findings go into 'dl',
 * *nrecords counts the record files read.  An error means checking could
 * not be done (unreadable file, libgit2 failure, no memory).
 */
const struct ns_error *validate_run(struct diag_list *dl, size_t *nrecords,
    struct workspace *ws, struct schema_lazy *schemas,
    const struct validate_opts *opts);

/*
 * Check every record of 'tree' as federation 'owner's; each diagnostic's
 * file is prefixed with 'prefix' (e.g. "umea-vannas:") when not NULL.
 */
const struct ns_error *validate_tree(struct diag_list *dl, size_t *nrecords,
    git_repository *repo, const git_tree *tree, const char *owner,
    struct schema_lazy *schemas, const char *prefix);

#endif
