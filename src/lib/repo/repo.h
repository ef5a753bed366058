/*
 * repo.h: libgit2 for the whole process, and the one way netsync opens a
 * federation's repository.
 *
 * Every command that touches git goes through repo_open(), so "not a
 * repository" and "bare repository" read the same everywhere and the
 * search rules (upwards from DIR, as git does) are decided once.
 */
#ifndef NS_REPO_H
#define NS_REPO_H

#include <git2.h>

#include "base/error.h"

/*
 * Start libgit2 for this process: the CA bundle's parsing deferred to the
 * first TLS session (tlsdefer.h), mapped pack windows capped, and
 * GIT_SSL_CAINFO / GIT_SSL_CAPATH honoured as git honours them.  An error
 * when a named CA file or directory cannot be used; repo_lib_shutdown()
 * is to be called in either case.
 */
const struct ns_error *repo_lib_init(void);

/* Release what repo_lib_init() started. */
void repo_lib_shutdown(void);

/* repo_open()'s flags */
enum repo_open_flags {
	REPO_OPEN_WORKTREE = 0,		/* a work tree is required */
	REPO_OPEN_BARE_OK = 1 << 0,	/* a bare repository will do (overview) */
	REPO_OPEN_NO_SEARCH = 1 << 1,	/* DIR itself, not a directory above */
};

/*
 * Open the repository holding DIR (searching upwards, as git does, unless
 * REPO_OPEN_NO_SEARCH); it must
 * have a work tree unless REPO_OPEN_BARE_OK.  NS_ERR_NOT_REPO when there is
 * none or it is bare.  *out is the caller's (git_repository_free), NULL on
 * error.
 */
const struct ns_error *repo_open(git_repository **out, const char *dir,
    unsigned flags);

#endif
