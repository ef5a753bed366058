/*
 * reflog.h: the newest entry of a ref's reflog, and one entry appended,
 * without reading and rewriting the whole log.
 *
 * libgit2 1.5 only reads a reflog whole and writes it back whole (lock,
 * write, rename); a pull with nothing new adds one line per peer ("last
 * pulled"), so every pull would cost more than the one before.  git
 * itself appends (refs/files-backend.c, log_ref_write_fd); so does this,
 * in git's line format:
 *
 *     <old hex> SP <new hex> SP <name> SP '<' <email> '>' SP <time> SP <tz>
 *     TAB <message> LF
 */
#ifndef NS_REFLOG_H
#define NS_REFLOG_H

#include <stddef.h>

#include <git2.h>

#include "base/error.h"

/*
 * The newest entry of 'ref's reflog in 'repo': its new id and message
 * (truncated to msgsize - 1 bytes).  0 on success; -1 when there is no
 * log, or its last line is not a whole, well-formed entry (the caller
 * then uses libgit2, which will tell what is wrong).
 */
int reflog_newest(git_repository *repo, const char *ref, git_oid *id,
    char *msg, size_t msgsize);

/*
 * Append an entry old -> new with 'msg' (one line) to the existing log of
 * 'ref'.  NS_ERR_NOT_FOUND when there is no log or it does not end with a
 * newline (then nothing was written).
 */
const struct ns_error *reflog_append(git_repository *repo, const char *ref,
    const git_oid *old, const git_oid *new_id, const git_signature *sig,
    const char *msg);

#endif
