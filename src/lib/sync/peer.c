/*
 * peer.c: fetch peers' branches in child processes, each fetch with a
 * deadline (see peer.h for why a process and not a thread).
 *
 * A few worker processes (--jobs) are forked and each runs fetch after
 * fetch, as the parent hands them out, so a pull of many peers costs a
 * few fork()s, not one per peer.  The parent SIGKILLs a worker whose
 * current fetch is past its deadline (the fetch fails as timed out) and
 * starts another for the fetches left.
 *
 * The worker is the one place in src/lib that ends a process: it
 * _exit()s, so nothing of the parent's stdio or atexit state runs twice.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sync/peer.h"

/* What a worker sends back for each job: one message of a fixed size. */
struct child_result {
	int	status;
	int	have_tag;
	char	tip[GIT_OID_HEXSZ + 1];
	char	tag[GIT_OID_HEXSZ + 1];
	char	msg[512];
};

/*
 * A worker process: it runs one job at a time, whose index the parent
 * sends over 'sock'; the deadline of a job runs from when it was sent.
 */
struct worker {
	pid_t		 pid;
	int		 sock;		/* -1: no worker in this slot */
	size_t		 job;		/* running, or NO_JOB when idle */
	long long	 started;	/* when the running job was sent */
};

#define NO_JOB		((size_t)-1)
#define MAX_WORKERS	16	/* --jobs allows 16 */

long long
peer_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
has_scheme(const char *url)
{
	const char *p = url;

	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return p != url && strncmp(p, "://", 3) == 0;
}

/* git's rule: host:path when a ':' comes before any '/' (a host first). */
static int
is_scp_like(const char *url)
{
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');

	return colon != NULL && colon != url && (slash == NULL ||
	    colon < slash);
}

const struct ns_error *
peer_resolve_url(struct buf *out, const char *top, const char *url)
{
	if (has_scheme(url) || is_scp_like(url) || url[0] == '/')
		return buf_puts(out, url);
	return buf_printf(out, "%s/%s", top, url);
}

const struct ns_error *
peer_ref(struct buf *out, const char *space, const char *id)
{
	return buf_printf(out, "refs/netsync/%s/%s", space, id);
}

static int
past_deadline(struct peer_ctx *c)
{
	if (peer_now_ms() < c->deadline_ms)
		return 0;
	git_error_set_str(GIT_ERROR_NET, "deadline passed");
	return 1;
}

static int
cb_transfer(const git_indexer_progress *stats, void *arg)
{
	(void)stats;
	return past_deadline(arg) ? -1 : 0;
}

static int
cb_sideband(const char *str, int len, void *arg)
{
	(void)str;
	(void)len;
	return past_deadline(arg) ? -1 : 0;
}

/*
 * Never prompt: offer the URL's user name, then ssh-agent's keys, each
 * once.  Anything else (a password) is an error that says what to do.
 */
static int
cb_credentials(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *arg)
{
	struct peer_ctx *c = arg;

	(void)url;
	if (past_deadline(c))
		return -1;
	if ((allowed & GIT_CREDENTIAL_USERNAME) &&
	    !(c->tried & GIT_CREDENTIAL_USERNAME)) {
		c->tried |= GIT_CREDENTIAL_USERNAME;
		return git_credential_username_new(out, user ? user : "git");
	}
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) &&
	    !(c->tried & GIT_CREDENTIAL_SSH_KEY)) {
		c->tried |= GIT_CREDENTIAL_SSH_KEY;
		return git_credential_ssh_key_from_agent(out,
		    user ? user : "git");
	}
	git_error_set_str(GIT_ERROR_NET, (c->tried & GIT_CREDENTIAL_SSH_KEY) ?
	    "authentication failed: ssh-agent's keys were refused" :
	    "authentication required, and netsync never prompts: use an "
	    "ssh:// URL with a key in ssh-agent, or a URL that needs none");
	return -1;
}

static int
cb_push_transfer(unsigned int current, unsigned int total, size_t bytes,
    void *arg)
{
	(void)current;
	(void)total;
	(void)bytes;
	return past_deadline(arg) ? -1 : 0;
}

void
peer_callbacks(git_remote_callbacks *cb, struct peer_ctx *ctx)
{
	cb->credentials = cb_credentials;
	cb->transfer_progress = cb_transfer;
	cb->sideband_progress = cb_sideband;
	cb->push_transfer_progress = cb_push_transfer;
	cb->payload = ctx;
}

static void
set_msg(struct peer_fetch *f, const char *what)
{
	const git_error *e = git_error_last();

	f->status = PEER_FETCH_FAILED;
	snprintf(f->msg, sizeof(f->msg), "%s: %s", what,
	    e && e->message ? e->message : "unknown error");
}

/* Find the remote's oids of the branch and of the signature tag. */
static int
find_heads(git_remote *remote, struct peer_fetch *f, int *have_tip)
{
	const git_remote_head **heads;
	char want_head[300], want_tag[300];
	size_t i, n;

	snprintf(want_head, sizeof(want_head), "refs/heads/%s", f->branch);
	snprintf(want_tag, sizeof(want_tag), "refs/tags/netsync/tip-%s",
	    f->branch);
	if (git_remote_ls(&heads, &n, remote) != 0)
		return -1;
	*have_tip = 0;
	for (i = 0; i < n; i++) {
		if (strcmp(heads[i]->name, want_head) == 0) {
			git_oid_cpy(&f->tip, &heads[i]->oid);
			*have_tip = 1;
		} else if (f->tag_ref && strcmp(heads[i]->name, want_tag) ==
		    0) {
			git_oid_cpy(&f->tag, &heads[i]->oid);
			f->have_tag = 1;
		}
	}
	return 0;
}

static int
set_ref(git_repository *repo, const char *name, const struct peer_fetch *f,
    const git_oid *id)
{
	char log[300];
	git_reference *ref = NULL;
	int rc;

	snprintf(log, sizeof(log), "netsync: fetch %s", f->id);
	rc = git_reference_create(&ref, repo, name, id, 1, log);
	git_reference_free(ref);
	return rc;
}

/*
 * The tip is the one kept before, so every object it needs is here; the
 * signature tag (a single object) may be too.
 */
static int
up_to_date(git_repository *repo, const struct peer_fetch *f)
{
	git_odb *odb = NULL;
	int here;

	if (f->have == NULL || !git_oid_equal(&f->tip, f->have))
		return 0;
	if (!f->have_tag)
		return 1;
	if (git_repository_odb(&odb, repo) != 0)
		return 0;
	here = git_odb_exists(odb, &f->tag);
	git_odb_free(odb);
	return here;
}

static int
download(git_remote *remote, struct peer_fetch *f, git_fetch_options *opts)
{
	char head[300], tag[300];
	char *specs[2] = { head, tag };
	git_strarray refspecs = { specs, 1 };

	snprintf(head, sizeof(head), "refs/heads/%s", f->branch);
	snprintf(tag, sizeof(tag), "refs/tags/netsync/tip-%s", f->branch);
	if (f->have_tag)
		refspecs.count = 2;
	return git_remote_download(remote, &refspecs, opts);
}

void
peer_fetch_one(git_repository *repo, struct peer_fetch *f,
    long long deadline_ms)
{
	git_fetch_options opts;
	struct peer_ctx ctx = { deadline_ms, 0 };
	git_remote *remote = NULL;
	int have_tip = 0;

	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	f->status = PEER_FETCH_OK;
	f->have_tag = 0;
	f->msg[0] = '\0';
	peer_callbacks(&opts.callbacks, &ctx);
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	opts.update_fetchhead = 0;
	if (f->url[0] == '/' && access(f->url, F_OK) != 0) {
		f->status = PEER_FETCH_FAILED;
		snprintf(f->msg, sizeof(f->msg), "no repository at %s",
		    f->url);
		goto done;
	}
	if (git_remote_create_anonymous(&remote, repo, f->url) != 0) {
		set_msg(f, "bad URL");
		goto done;
	}
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &opts.callbacks,
	    NULL, NULL) != 0) {
		set_msg(f, "cannot reach peer");
		goto done;
	}
	if (find_heads(remote, f, &have_tip) != 0) {
		set_msg(f, "cannot list the peer's branches");
		goto done;
	}
	if (!have_tip) {
		f->status = PEER_FETCH_FAILED;
		snprintf(f->msg, sizeof(f->msg), "the peer has no branch '%s'",
		    f->branch);
		goto done;
	}
	if (up_to_date(repo, f))
		goto done;	/* nothing to download, no ref to move */
	if (download(remote, f, &opts) != 0) {
		set_msg(f, "fetch failed");
		goto done;
	}
	if (set_ref(repo, f->ref, f, &f->tip) != 0 ||
	    (f->have_tag && set_ref(repo, f->tag_ref, f, &f->tag) != 0))
		set_msg(f, "cannot record the fetched tip");
done:
	if (remote)
		git_remote_disconnect(remote);
	git_remote_free(remote);
}

struct push_ctx {
	struct peer_ctx	 pc;	/* first: the peer callbacks' payload */
	char		 refused[400];
};

static int
cb_push_update(const char *refname, const char *status, void *arg)
{
	struct push_ctx *c = arg;

	if (status && c->refused[0] == '\0')
		snprintf(c->refused, sizeof(c->refused), "%s: %s", refname,
		    status);
	return 0;
}

void
peer_push_one(git_repository *repo, struct peer_fetch *f,
    long long deadline_ms)
{
	git_push_options po;
	struct push_ctx ctx;
	git_remote *remote = NULL;
	git_strarray specs = { f->push_specs, f->npush_specs };

	f->status = PEER_FETCH_OK;
	f->msg[0] = '\0';
	memset(&ctx, 0, sizeof(ctx));
	ctx.pc.deadline_ms = deadline_ms;
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	peer_callbacks(&po.callbacks, &ctx.pc);
	po.callbacks.push_update_reference = cb_push_update;
	if (git_remote_create_anonymous(&remote, repo, f->url) != 0)
		set_msg(f, "bad URL");
	else if (git_remote_push(remote, &specs, &po) != 0)
		set_msg(f, "push failed");
	else if (ctx.refused[0]) {
		f->status = PEER_FETCH_FAILED;
		snprintf(f->msg, sizeof(f->msg), "refused %s", ctx.refused);
	}
	git_remote_free(remote);
}

/* In a worker: run job 'f' and fill in its result. */
static void
job_run(git_repository *repo, struct peer_fetch *f, unsigned timeout_ms,
    struct child_result *r)
{
	/* a backstop should the parent die before it can kill us */
	alarm(timeout_ms / 1000 + 2);
	if (f->push_specs)
		peer_push_one(repo, f, peer_now_ms() + timeout_ms);
	else
		peer_fetch_one(repo, f, peer_now_ms() + timeout_ms);
	alarm(0);
	memset(r, 0, sizeof(*r));
	r->status = f->status;
	r->have_tag = f->have_tag;
	git_oid_tostr(r->tip, sizeof(r->tip), &f->tip);
	git_oid_tostr(r->tag, sizeof(r->tag), &f->tag);
	snprintf(r->msg, sizeof(r->msg), "%s", f->msg);
}

/*
 * The worker process: runs the jobs whose index the parent sends, one at
 * a time, answering each with its result, until the parent closes its
 * end (or dies).  'repo' and 'f' are the parent's, copied by fork(): the
 * repository is opened once for every worker, and nothing is freed, since
 * _exit() ends the copy.
 */
static void
worker_main(git_repository *repo, struct peer_fetch *f, size_t n,
    unsigned timeout_ms, int sock)
{
	struct child_result r;
	uint32_t idx;
	ssize_t got;

	for (;;) {
		do
			got = read(sock, &idx, sizeof(idx));
		while (got < 0 && errno == EINTR);
		if (got != (ssize_t)sizeof(idx) || idx >= n)
			_exit(0);
		job_run(repo, &f[idx], timeout_ms, &r);
		if (write(sock, &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(1);
	}
}

/* Start a worker in slot 'w' ('all' the 'nw' slots: their sockets). */
static const struct ns_error *
start_worker(struct worker *w, struct worker *all, size_t nw,
    git_repository *repo, struct peer_fetch *f, size_t n,
    unsigned timeout_ms)
{
	int sv[2];
	size_t i;

	/* messages: a result arrives whole or not at all */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0)
		return ns_error_from_errno("socketpair");
	fflush(NULL);
	w->pid = fork();
	if (w->pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return ns_error_from_errno("fork");
	}
	if (w->pid == 0) {
		/* the other workers must see EOF when the parent closes */
		for (i = 0; i < nw; i++)
			if (all[i].sock >= 0)
				close(all[i].sock);
		close(sv[0]);
		worker_main(repo, f, n, timeout_ms, sv[1]);
	}
	close(sv[1]);
	w->sock = sv[0];
	w->job = NO_JOB;
	return NULL;
}

/* End the worker in slot 'w' (at once with 'kill'), and reap it. */
static int
stop_worker(struct worker *w, int kill_it)
{
	int ws = 0;

	if (w->sock < 0)
		return 0;
	if (kill_it)
		kill(w->pid, SIGKILL);
	close(w->sock);		/* an idle worker reads EOF and ends */
	while (waitpid(w->pid, &ws, 0) < 0 && errno == EINTR)
		;
	w->sock = -1;
	w->job = NO_JOB;
	return ws;
}

/* Job 'idx' to worker 'w'; 0 if the worker is gone. */
static int
dispatch(struct worker *w, uint32_t idx)
{
	ssize_t sent;

	do
		sent = send(w->sock, &idx, sizeof(idx), MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	if (sent != (ssize_t)sizeof(idx))
		return 0;
	w->job = idx;
	w->started = peer_now_ms();
	return 1;
}

static void
job_failed(struct peer_fetch *f, int ws)
{
	f->status = PEER_FETCH_FAILED;
	snprintf(f->msg, sizeof(f->msg), "the fetch process died%s",
	    WIFSIGNALED(ws) ? " (killed by a signal)" : "");
}

/* The busy worker 'w' has answered (or closed): collect its result. */
static void
collect(struct worker *w, struct peer_fetch *f)
{
	struct child_result r;
	ssize_t got;

	f += w->job;
	do
		got = recv(w->sock, &r, sizeof(r), 0);
	while (got < 0 && errno == EINTR);
	f->seconds = (peer_now_ms() - w->started) / 1000.0;
	if (got != (ssize_t)sizeof(r)) {
		/* EOF: it died (its status says how); else a garbled answer */
		job_failed(f, stop_worker(w, got != 0));
		return;
	}
	w->job = NO_JOB;
	r.msg[sizeof(r.msg) - 1] = '\0';
	r.tip[GIT_OID_HEXSZ] = r.tag[GIT_OID_HEXSZ] = '\0';
	f->status = r.status;
	f->have_tag = r.have_tag;
	snprintf(f->msg, sizeof(f->msg), "%s", r.msg);
	if (git_oid_fromstr(&f->tip, r.tip) != 0 ||
	    (f->have_tag && git_oid_fromstr(&f->tag, r.tag) != 0)) {
		f->status = PEER_FETCH_FAILED;
		snprintf(f->msg, sizeof(f->msg), "garbled fetch result");
	}
}

/* The deadline of the busy worker 'w' has passed: kill it. */
static void
overdue(struct worker *w, struct peer_fetch *f, unsigned timeout_ms)
{
	f += w->job;
	stop_worker(w, 1);
	f->seconds = timeout_ms / 1000.0;
	f->status = PEER_FETCH_TIMEOUT;
	snprintf(f->msg, sizeof(f->msg), "no answer within %u s; skipped",
	    (timeout_ms + 999) / 1000);
}

/*
 * Wait for any busy worker; collect the answers, kill the overdue.  The
 * jobs that ended are appended to fin[*nfin].
 */
static void
wait_workers(struct worker *w, size_t nw, struct peer_fetch *f,
    unsigned timeout_ms, size_t *fin, size_t *nfin)
{
	struct pollfd pfd[MAX_WORKERS];
	size_t idx[MAX_WORKERS], i, np = 0;
	long long now = peer_now_ms(), wait_ms = timeout_ms;

	for (i = 0; i < nw; i++) {
		if (w[i].job == NO_JOB)
			continue;
		if (w[i].started + timeout_ms - now < wait_ms)
			wait_ms = w[i].started + timeout_ms - now;
		pfd[np].fd = w[i].sock;
		pfd[np].events = POLLIN;
		pfd[np].revents = 0;
		idx[np++] = i;
	}
	if (np == 0)
		return;
	/* on EINTR (or another failure) revents stay 0: only deadlines act */
	(void)poll(pfd, np, wait_ms < 0 ? 0 : (int)wait_ms);
	now = peer_now_ms();
	for (i = 0; i < np; i++) {
		struct worker *k = &w[idx[i]];
		size_t job = k->job;

		if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
			collect(k, f);
		else if (now >= k->started + timeout_ms)
			overdue(k, f, timeout_ms);
		else
			continue;
		fin[(*nfin)++] = job;
	}
}

static int
any_busy(const struct worker *w, size_t nw)
{
	size_t i;

	for (i = 0; i < nw; i++)
		if (w[i].job != NO_JOB)
			return 1;
	return 0;
}

/*
 * Give idle workers the next jobs (starting workers as needed); a job that
 * could not be handed out ends at once (appended to fin[*nfin]).
 */
static const struct ns_error *
assign(struct worker *w, size_t nw, size_t *next, git_repository *repo,
    struct peer_fetch *f, size_t n, unsigned timeout_ms, size_t *fin,
    size_t *nfin)
{
	const struct ns_error *err = NULL;
	size_t i;

	for (i = 0; i < nw && err == NULL; i++) {
		if (w[i].job != NO_JOB)
			continue;
		if (*next >= n) {
			stop_worker(&w[i], 0);	/* nothing left for it */
			continue;
		}
		if (w[i].sock < 0 && (err = start_worker(&w[i], w, nw, repo,
		    f, n, timeout_ms)))
			break;
		/* a worker that died idle: the job fails, no retry loop */
		if (!dispatch(&w[i], (uint32_t)*next)) {
			job_failed(&f[*next], stop_worker(&w[i], 1));
			fin[(*nfin)++] = *next;
		}
		(*next)++;
	}
	return err;
}

const struct ns_error *
peer_fetch_all(git_repository *repo, struct peer_fetch *f, size_t n,
    unsigned timeout_ms, unsigned parallel, peer_done_cb done, void *arg)
{
	const struct ns_error *err = NULL;
	struct worker w[MAX_WORKERS];
	size_t fin[3 * MAX_WORKERS];	/* ended in one round: 3 per worker */
	size_t i, nw, nfin, next = 0;

	if (n > UINT32_MAX)
		return ns_error_fmt(NS_ERR_LIMIT, "too many peers");
	nw = parallel == 0 ? 1 : parallel > MAX_WORKERS ? MAX_WORKERS :
	    parallel;
	if (nw > n)
		nw = n;
	for (i = 0; i < nw; i++) {
		w[i].sock = -1;
		w[i].job = NO_JOB;
	}
	while (err == NULL && (next < n || any_busy(w, nw))) {
		nfin = 0;
		err = assign(w, nw, &next, repo, f, n, timeout_ms, fin, &nfin);
		if (err == NULL)
			wait_workers(w, nw, f, timeout_ms, fin, &nfin);
		/* the workers busy again before the caller works */
		if (err == NULL)
			err = assign(w, nw, &next, repo, f, n, timeout_ms, fin,
			    &nfin);
		for (i = 0; i < nfin && err == NULL && done; i++)
			err = done(arg, fin[i]);
	}
	/* after an error: let the running jobs finish, then end every worker */
	while (any_busy(w, nw)) {
		nfin = 0;
		wait_workers(w, nw, f, timeout_ms, fin, &nfin);
	}
	for (i = 0; i < nw; i++)
		stop_worker(&w[i], 0);
	return err;
}
