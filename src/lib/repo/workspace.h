/*
 * workspace.h: this federation's repository: the git repository, its top
 * directory and its netsync.yaml, and the three places records are read
 * from: the work tree, the index (what is staged) and a commit's tree.
 */
#ifndef NS_WORKSPACE_H
#define NS_WORKSPACE_H

#include <sys/stat.h>

#include <stddef.h>

#include <git2.h>

#include "base/buf.h"
#include "base/error.h"

struct config;

struct workspace {
	git_repository	*repo;
	char		*top;		/* work tree top, no trailing slash */
	struct config	*config;	/* netsync.yaml of the work tree */
};

/*
 * Open the repository containing 'dir' (searching upwards) and load its
 * netsync.yaml.  NS_ERR_NOT_REPO when there is no git work tree or no
 * netsync.yaml at its top; config errors (NS_ERR_YAML, NS_ERR_INVALID)
 * pass up with their position.  Free with workspace_free().
 */
const struct ns_error *workspace_open(struct workspace **out,
    const char *dir);

/* Like workspace_open() but without reading netsync.yaml (config NULL). */
const struct ns_error *workspace_open_bare(struct workspace **out,
    const char *dir);

void workspace_free(struct workspace *);

/*
 * Read the index from 'path' instead of .git/index: git gives hooks a
 * temporary index (GIT_INDEX_FILE) for `git commit -a` and `git commit
 * PATH`, and that is what the commit will hold.
 */
const struct ns_error *workspace_use_index(struct workspace *,
    const char *path);

/*
 * Called once per record file with its path relative to the top
 * (records/...yaml) and its content (borrowed for the call).  Return an
 * error to stop the walk.
 */
typedef const struct ns_error *(*record_cb)(void *arg, const char *path,
    const unsigned char *data, size_t len);

/*
 * Every record file of the work tree, in path order.  Files larger than
 * 'max_size' are passed with data NULL and len the size, so the callback
 * can report them without reading them.  Symbolic links and other
 * non-regular files under records/ are passed likewise with len 0 and
 * data NULL, so they can be reported.
 */
const struct ns_error *workspace_each_worktree_record(struct workspace *,
    size_t max_size, record_cb cb, void *arg);

/*
 * Called before a regular work-tree record file within the size limit is
 * read, with its lstat() data: set *skip to 1 and it is not read (nor
 * passed to the record callback).  Return an error to stop the walk.
 */
typedef const struct ns_error *(*record_stat_cb)(void *arg, const char *path,
    const struct stat *st, int *skip);

/* workspace_each_worktree_record() asking 'pre' (if not NULL) first. */
const struct ns_error *workspace_each_worktree_record_stat(
    struct workspace *, size_t max_size, record_stat_cb pre, record_cb cb,
    void *arg);

/* Every record staged in the index (stage 0), in path order. */
const struct ns_error *workspace_each_index_record(struct workspace *,
    size_t max_size, record_cb cb, void *arg);

/*
 * Every record blob of 'tree' (regular files only), in path order.
 * Blobs over 'max_size' are passed with data NULL, len their size.
 */
const struct ns_error *repo_each_tree_record(git_repository *,
    const git_tree *tree, size_t max_size, record_cb cb, void *arg);

/*
 * Read the blob at 'path' in 'tree' into 'out' (NUL-terminated copy);
 * NS_ERR_NOT_FOUND when absent.
 */
const struct ns_error *repo_read_tree_file(struct buf *out,
    git_repository *, const git_tree *tree, const char *path,
    size_t max_size);

/*
 * Turn a path given on the command line (relative to the current
 * directory) into a path relative to the work tree top.
 */
const struct ns_error *workspace_relpath(struct buf *out,
    const struct workspace *, const char *path);

#endif
