/*
 * sync.h: `netsync pull`: integrate origin into the current branch, then
 * fetch every peer, gate what came, and record the accepted tips.
 *
 * Refs under refs/netsync/ (every update atomic: a lock file and a
 * rename, by libgit2; a pull killed at any moment leaves each ref old or
 * new):
 *
 *   peers/<id>          the accepted tip of peer <id> (its reflog, forced
 *                       on with core.logAllRefUpdates=always, has one entry
 *                       per pull, changed or not: "when last pulled")
 *   rejected/<id>       the last rejected tip of <id> (removed once a later
 *                       tip is accepted)
 *   previous/<id>       the accepted tip replaced by an accepted rewrite
 *   incoming/<id>       transient: the fetched tip while it is gated
 *   incoming-sig/<id>   transient: the fetched signature tag
 *
 * A peer's tip is accepted when its tree is safe (gate.h), every record in
 * it is valid and owned by the peer (check.h), it is signed by one of the
 * peer's keys when keys are configured, and it descends from the accepted
 * tip (or --accept-rewrite).  Findings name "<peer>:<path in its tree>".
 */
#ifndef NS_SYNC_H
#define NS_SYNC_H

#include <stddef.h>

#include <git2.h>

#include "base/diag.h"
#include "base/error.h"

struct config;
struct schema_set;

struct sync_opts {
	char		**only;		/* --peer ids; NULL/0: every peer */
	size_t		  nonly;
	int		  accept_rewrite;
	unsigned	  timeout_ms;	/* per fetch */
	unsigned	  parallel;	/* fetches at a time */
};

enum sync_verdict {
	SYNC_ACCEPTED,		/* a new tip accepted */
	SYNC_UNCHANGED,		/* the accepted tip is still the peer's tip */
	SYNC_REJECTED,		/* see the findings; the old tip stays */
	SYNC_UNREACHABLE,	/* fetch failed or timed out; see reason */
};

struct sync_peer_result {
	char		*id;
	enum sync_verdict verdict;
	int		 have_tip;	/* 'tip' is the fetched tip */
	git_oid		 tip;
	int		 had_accepted;	/* 'accepted' is the tip before */
	git_oid		 accepted;
	int		 rewrite;	/* an accepted rewrite (previous/<id>) */
	size_t		 added, changed, removed;	/* records */
	size_t		 records;	/* records in the tip */
	size_t		 checked;	/* of which read and checked (the
					   others were known valid) */
	char		 reason[512];	/* one line when not accepted */
	struct diag_list diags;		/* findings, file "<id>:<path>" */
	double		 seconds;	/* fetch time */
};

struct sync_report {
	struct sync_peer_result	*peers;	/* in netsync.yaml order */
	size_t			 n;
};

/*
 * Fetch and gate the peers of 'cfg' (all, or opts->only) for the
 * repository 'repo' whose work tree top is 'top'; the caller holds the
 * pull lock (sync_lock()).  'schemas' is borrowed; when it is NULL the
 * built-in set (schema_set_builtin()) is compiled for the first tip that
 * needs checking, so a pull with nothing new compiles no schema.
 * Each peer's outcome is in *out (free with sync_report_free()); a bad or
 * unreachable peer is an outcome, not an error.  Errors: NS_ERR_USAGE for
 * an --peer id that is not configured, NS_ERR_GIT, NS_ERR_NOMEM.
 */
const struct ns_error *sync_pull_peers(struct sync_report **out,
    git_repository *repo, const char *top, const struct config *cfg,
    const struct schema_set *schemas, const struct sync_opts *opts);

void sync_report_free(struct sync_report *);

enum sync_origin_outcome {
	ORIGIN_NONE,		/* the branch does not track origin */
	ORIGIN_UP_TO_DATE,
	ORIGIN_FAST_FORWARD,
	ORIGIN_MERGED,		/* a merge commit was made */
	ORIGIN_CONFLICT,	/* merge state left; see conflicts */
	ORIGIN_DIRTY,		/* refused: local changes; see paths */
	ORIGIN_UNREACHABLE,	/* see reason */
};

struct sync_origin_result {
	enum sync_origin_outcome outcome;
	char		 branch[256];	/* the current branch (short name) */
	git_oid		 old, new;
	char		**paths;	/* conflicts ("path: field") or dirty */
	size_t		 npaths;
	char		 reason[512];
};

/*
 * Integrate origin into the current branch when it tracks origin
 * (branch.<b>.remote = origin): fetch within opts->timeout_ms, then
 * fast-forward, or merge three ways with record files merged field by
 * field (merge.h).  A clean merge is committed ("netsync: merge
 * origin/<b>"), checked out and the branch moved; a conflict leaves git's
 * merge state (MERGE_HEAD, conflict stages in the index, markers in the
 * files) and names each conflict.  Local changes to a path the
 * integration would touch refuse it (ORIGIN_DIRTY) before anything is
 * changed.  The outcome is in *out; free its paths with
 * sync_origin_dispose().  Errors: NS_ERR_GIT, NS_ERR_NOMEM, NS_ERR_USAGE
 * (a merge already in progress).
 */
const struct ns_error *sync_origin(struct sync_origin_result *out,
    git_repository *repo, const char *top, const struct sync_opts *opts);

void sync_origin_dispose(struct sync_origin_result *);

struct sync_push_opts {
	int		 dry_run;	/* sign, but do not push */
	unsigned	 timeout_ms;	/* push progress deadline */
};

struct sync_push_result {
	char		 branch[256];	/* the current branch */
	char		 upstream[256];	/* the branch pushed to on origin */
	git_oid		 head;
	int		 have_tag;	/* a signed tag was made */
	git_oid		 tag;
	char		 tag_ref[300];	/* refs/tags/netsync/tip-<branch> */
	int		 pushed;
};

/*
 * Sign and push the current branch (`netsync push`; validating it is the
 * caller's, before).  When netsync.yaml has signing_key, load this
 * federation's private key (sign_key_locate(); passphrase from
 * $NETSYNC_PASSPHRASE, never prompted), check it is one of the listed
 * keys, and make the signed tag refs/tags/netsync/tip-<branch> for HEAD.
 * Unless opts->dry_run, push the branch (to its upstream branch on origin,
 * else the same name) and, forced, the tag to origin.  'top' is the work
 * tree.  Errors: NS_ERR_USAGE (no branch, no origin), NS_ERR_INVALID (the
 * key is not one of signing_key), NS_ERR_NETWORK (origin refused or
 * unreachable; the message says why), the key loader's errors, NS_ERR_GIT.
 */
const struct ns_error *sync_push(struct sync_push_result *out,
    git_repository *repo, const char *top, const struct config *cfg,
    const struct sync_push_opts *opts);

struct sync_tip_info {
	int		 exists;
	git_oid		 id;		/* the commit the ref names */
	long long	 commit_time;	/* its committer time (epoch) */
	int		 commit_offset;	/* its time zone, minutes */
	int		 logged;	/* the ref has a reflog */
	long long	 logged_time;	/* its newest entry (last pulled) */
};

/*
 * What ref 'name' (e.g. refs/netsync/peers/umea-vannas) points at, when it
 * was committed and when the ref was last written (its newest reflog
 * entry).  An absent ref is exists 0, not an error.  NS_ERR_GIT.
 */
const struct ns_error *sync_tip_info(struct sync_tip_info *out,
    git_repository *repo, const char *name);

struct sync_change {
	char		 code[3];	/* git status --short: "M ", "??" ... */
	char		*path;
};

/*
 * The uncommitted changes (index or work tree against HEAD, untracked
 * files included) to netsync.yaml and to record files, in path order.
 * Free with sync_changes_free().  NS_ERR_GIT, NS_ERR_NOMEM.
 */
const struct ns_error *sync_local_changes(struct sync_change **out,
    size_t *n, git_repository *repo);

void sync_changes_free(struct sync_change *, size_t n);

/*
 * Take the pull lock of 'repo' (<gitdir>/netsync-pull.lock, an fcntl
 * lock the system drops when the process dies, however it dies), then
 * remove the lock files a killed pull may have left on the refs (and
 * reflogs) under refs/netsync/ of the peers of 'cfg': only netsync writes
 * there, and no other netsync holds the pull lock.  *fd_out is for
 * sync_unlock().  NS_ERR_USAGE when another pull holds the lock,
 * NS_ERR_ERRNO.
 */
const struct ns_error *sync_lock(int *fd_out, git_repository *repo,
    const struct config *cfg);

/* Release the pull lock.  Accepts -1.  This function can't fail. */
void sync_unlock(int fd);

/*
 * Set core.logAllRefUpdates=always in the repository's own config unless
 * it is set there already, so refs/netsync/ keep reflogs.
 */
const struct ns_error *sync_enable_reflogs(git_repository *repo);

#endif
