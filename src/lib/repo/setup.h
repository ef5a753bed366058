/*
 * setup.h: making a directory a federation repository (`netsync init`) and
 * equipping a repository or a fresh clone (`netsync hooks install`): git
 * init, netsync.yaml and the federation profile, the git hooks compiled
 * into netsync (hooks_builtin.h), the merge driver for records and the
 * reflog setting the overview relies on.
 *
 * Nothing here prints: each step that changes something, or finds it
 * already done, is described in one line passed to a setup_log_cb.
 */
#ifndef NS_SETUP_H
#define NS_SETUP_H

#include <stddef.h>

#include <git2.h>

#include "base/buf.h"
#include "base/error.h"

/* Called with one line (no newline) per step; 'line' is borrowed. */
typedef void (*setup_log_cb)(void *arg, const char *line);

/* The .gitattributes line that routes records to the merge driver. */
#define SETUP_ATTR_LINE		"records/**/*.yaml merge=netsync"
#define SETUP_DRIVER_NAME	"netsync field-level merge of records"
#define SETUP_DRIVER_CMD	"netsync merge-driver %O %A %B %P"

struct setup_init_opts {
	const char	*dir;		/* made when missing */
	const char	*federation;	/* a valid slug */
	const char	*name;		/* one line, not empty */
};

/*
 * Append to 'out' the default federation id for 'dir': its base name
 * (of the resolved path for "." and the like) as a slug.  NS_ERR_INVALID
 * when no slug can be made of it (the message says to pass --federation).
 */
const struct ns_error *setup_default_federation(struct buf *out,
    const char *dir);

/*
 * Make opts->dir a federation repository: git init (branch main) unless
 * it is the top of a work tree already, netsync.yaml, records/ with the
 * profile records/<federation>.yaml (an existing profile is kept), the
 * hooks (a user's different hook is kept and counted in *nkept), the merge
 * driver and core.logAllRefUpdates=always.
 *
 * Refuses with NS_ERR_USAGE, having changed nothing, when dir/netsync.yaml
 * exists, when dir is a bare repository, or when dir lies inside another
 * repository's work tree without being its top.  Other errors
 * (NS_ERR_ERRNO, NS_ERR_GIT) can leave the steps before them done;
 * running init again then refuses, and `netsync hooks install` completes
 * the hooks and the configuration.
 */
const struct ns_error *setup_init(const struct setup_init_opts *,
    unsigned *nkept, setup_log_cb log, void *arg);

/*
 * Install every built-in hook into the repository's hooks directory
 * (core.hooksPath when set, else .git/hooks).  An identical hook is left
 * as it is (made executable); a missing one is written (mode 0755).  A
 * different existing hook is kept and counted in *nkept unless 'force',
 * in which case it is first renamed to <hook>.netsync-backup (or
 * .netsync-backup.N when that exists).  NS_ERR_ERRNO, NS_ERR_GIT.
 */
const struct ns_error *setup_hooks_install(git_repository *, int force,
    unsigned *nkept, setup_log_cb log, void *arg);

/*
 * Route records to netsync's merge driver (the SETUP_ATTR_LINE line in
 * .gitattributes at the work tree top, added when missing;
 * merge.netsync.name and merge.netsync.driver in the repository's
 * config) and set core.logAllRefUpdates=always so the reflogs of
 * refs/netsync/peers/ (one per peer) record when each peer was pulled.
 * Idempotent.
 */
const struct ns_error *setup_configure(git_repository *, setup_log_cb log,
    void *arg);

/*
 * Write 'len' bytes to 'path', making missing parent directories (0777
 * before the umask).  Without 'replace' an existing file is never
 * touched: NS_ERR_USAGE "<path> exists" (the only NS_ERR_USAGE here;
 * an overlong path is NS_ERR_LIMIT).  With 'replace' it is replaced
 * atomically.  'mode' is the new file's permission bits before
 * the umask.
 */
const struct ns_error *setup_write_file(const char *path, const void *data,
    size_t len, int replace, unsigned mode);

/* mkdir -p 'path' (0777 before the umask).  NS_ERR_ERRNO, NS_ERR_LIMIT. */
const struct ns_error *setup_mkdirs(const char *path);

#endif
