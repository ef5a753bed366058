/*
 * peer.h: fetching peers' branches with a deadline and without prompts.
 *
 * libgit2 1.5 has no network timeout (GIT_OPT_SET_SERVER_TIMEOUT came in
 * 1.7), and a server that accepts the connection and then says nothing
 * blocks a fetch in recv() for ever.  So peers are fetched in child
 * processes (fork): a few workers, each running one fetch after another
 * as the parent hands them out; the parent kills (SIGKILL) a worker whose
 * current fetch is past its deadline, and a new worker takes the fetches
 * left.  Inside the worker the transfer callbacks also give up at the
 * deadline and an alarm() per fetch is a last backstop should the parent
 * itself be killed.  A killed worker can leave only temporary pack files
 * (git gc removes them) and, at worst, a lock file on a
 * refs/netsync/incoming/<id>, which the next pull removes (sync_lock()).
 *
 * Pushes (netsync push) run the same way, as a job with push_specs.
 *
 * Credentials are never prompted for: ssh:// URLs get the user name of the
 * URL (or "git") and keys from ssh-agent; anything else asking for
 * credentials fails, and a second request of the same kind (the agent's
 * keys were refused) fails instead of looping.
 */
#ifndef NS_PEER_H
#define NS_PEER_H

#include <stddef.h>
#include <sys/types.h>

#include <git2.h>

#include "base/buf.h"
#include "base/error.h"

enum peer_fetch_status {
	PEER_FETCH_OK,
	PEER_FETCH_FAILED,	/* msg says why (unreachable, no branch...) */
	PEER_FETCH_TIMEOUT,	/* the deadline passed */
};

struct peer_fetch {
	/* in: borrowed strings */
	const char	*id;
	const char	*url;		/* resolved (peer_resolve_url) */
	const char	*branch;
	const char	*ref;		/* where the tip goes */
	const char	*tag_ref;	/* where refs/tags/netsync/tip-<branch>
					   goes; NULL: not fetched */
	/*
	 * The tip fetched and kept before, or NULL.  When the branch still
	 * points there and the signature tag (if wanted) is already in the
	 * object store, nothing is downloaded and neither ref is written:
	 * all the objects are here, reachable from where 'have' is kept.
	 */
	const git_oid	*have;
	/*
	 * A push job instead of a fetch when set: push these refspecs to
	 * 'url' (branch, ref and tag_ref are then unused).
	 */
	char		**push_specs;
	size_t		  npush_specs;

	/* out */
	enum peer_fetch_status status;
	git_oid		 tip;		/* also written to 'ref' */
	int		 have_tag;
	git_oid		 tag;		/* also written to 'tag_ref' */
	char		 msg[512];
	double		 seconds;	/* time the fetch took */
};

/*
 * Append to 'out' the URL to fetch for the configured 'url': URLs with a
 * scheme (ssh://, https://, file://, git://) and scp-like host:path are
 * kept; an absolute path is kept; a relative path (../umea-vannas.git) is
 * resolved against 'top', the repository's top directory.
 */
const struct ns_error *peer_resolve_url(struct buf *out, const char *top,
    const char *url);

/*
 * Append "refs/netsync/<space>/<id>" to 'out' (space: "peers",
 * "rejected", "incoming", "incoming-sig", "previous").
 */
const struct ns_error *peer_ref(struct buf *out, const char *space,
    const char *id);

/*
 * Called in the parent when fetch f[i] has ended (whatever its outcome),
 * while the other fetches run on: the caller may work on f[i] (gate it),
 * with threads of its own if it joins them before it returns.  An error
 * stops handing out fetches; peer_fetch_all() returns it.
 */
typedef const struct ns_error *(*peer_done_cb)(void *arg, size_t i);

/*
 * Fetch the branch of every peer in 'f' (and its signature tag when
 * tag_ref is set) into f->ref (f->tag_ref) of 'repo', at most 'parallel'
 * at a time, each within 'timeout_ms', calling done(arg, i) (when 'done'
 * is not NULL) as each ends, in the order they end.  The worker processes
 * work on the copy of 'repo' fork() gives them (no second open); the
 * caller runs no other thread during the call but inside 'done'.  Each
 * peer's outcome is in its status, msg, tip and have_tag (read these, not
 * the refs, which may be older when the tag is absent, or not written at
 * all when f->have is up to date); one peer's failure never stops the
 * others.  Returns an error when nothing more could be tried (fork or
 * socketpair failed) or the error of 'done'.
 */
const struct ns_error *peer_fetch_all(git_repository *repo,
    struct peer_fetch *f, size_t n, unsigned timeout_ms, unsigned parallel,
    peer_done_cb done, void *arg);

/*
 * Push f->push_specs to f->url in this process (what a push job's child
 * runs), giving up once 'deadline_ms' has passed.  A ref the remote
 * refuses (non-fast-forward) is PEER_FETCH_FAILED with the remote's
 * reason in f->msg.  This function can't fail otherwise.
 */
void peer_push_one(git_repository *repo, struct peer_fetch *f,
    long long deadline_ms);

/*
 * Fetch one peer in this process (what each child of peer_fetch_all
 * runs): connect, list the remote's refs, download, update the incoming
 * refs.  Gives up in the transfer callbacks once 'deadline_ms' (a
 * CLOCK_MONOTONIC time in milliseconds) has passed.  The outcome is in
 * f->status and f->msg.  This function can't fail otherwise.
 */
void peer_fetch_one(git_repository *repo, struct peer_fetch *f,
    long long deadline_ms);

/* State of the callbacks peer_callbacks() installs. */
struct peer_ctx {
	long long	 deadline_ms;	/* CLOCK_MONOTONIC, milliseconds */
	unsigned	 tried;		/* credential types already offered */
};

/*
 * Install the never-prompting credentials callback and the deadline
 * checks (transfer, sideband and push progress) in 'cb', with 'ctx' as
 * their payload.  This function can't fail.
 */
void peer_callbacks(git_remote_callbacks *cb, struct peer_ctx *ctx);

/* CLOCK_MONOTONIC in milliseconds.  This function can't fail. */
long long peer_now_ms(void);

#endif
