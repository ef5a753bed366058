/*
 * peer.c: fetch peers' branches, each in a child process with a deadline
 * (see peer.h for why a process and not a thread).
 *
 * The child is the one place in src/lib that ends a process: it _exit()s
 * after writing its result to a pipe, so nothing of the parent's stdio or
 * atexit state runs twice.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "peer.h"

/* What a child sends back: fixed size, below PIPE_BUF, one write. */
struct child_result {
	int	status;
	int	have_tag;
	char	tip[GIT_OID_HEXSZ + 1];
	char	tag[GIT_OID_HEXSZ + 1];
	char	msg[512];
};

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

/*
 * In the child: fetch (or push), report through 'fd', and end.  'repo' is
 * the parent's, copied by fork(): opened once for every child.  Nothing
 * is freed: _exit() ends the copy, and the parent's objects stay its own.
 */
static void
child_run(git_repository *repo, struct peer_fetch *f, unsigned timeout_ms,
    int fd)
{
	struct child_result r;
	ssize_t w;

	/* a backstop should the parent die before it can kill us */
	alarm(timeout_ms / 1000 + 2);
	memset(&r, 0, sizeof(r));
	if (f->push_specs)
		peer_push_one(repo, f, peer_now_ms() + timeout_ms);
	else
		peer_fetch_one(repo, f, peer_now_ms() + timeout_ms);
	r.status = f->status;
	r.have_tag = f->have_tag;
	git_oid_tostr(r.tip, sizeof(r.tip), &f->tip);
	git_oid_tostr(r.tag, sizeof(r.tag), &f->tag);
	snprintf(r.msg, sizeof(r.msg), "%s", f->msg);
	w = write(fd, &r, sizeof(r));
	_exit(w == (ssize_t)sizeof(r) ? 0 : 1);
}

static const struct ns_error *
start_child(git_repository *repo, struct peer_fetch *f, unsigned timeout_ms)
{
	int p[2];

	if (pipe(p) != 0)
		return ns_error_from_errno("pipe");
	fflush(NULL);
	f->pid = fork();
	if (f->pid < 0) {
		close(p[0]);
		close(p[1]);
		return ns_error_from_errno("fork");
	}
	if (f->pid == 0) {
		close(p[0]);
		child_run(repo, f, timeout_ms, p[1]);
	}
	close(p[1]);
	f->fd = p[0];
	f->running = 1;
	return NULL;
}

/* The child has written (or closed its end): collect its result. */
static void
finish_child(struct peer_fetch *f)
{
	struct child_result r;
	ssize_t n;
	int ws = 0;

	do
		n = read(f->fd, &r, sizeof(r));
	while (n < 0 && errno == EINTR);
	close(f->fd);
	while (waitpid(f->pid, &ws, 0) < 0 && errno == EINTR)
		;
	f->running = 0;
	if (n != (ssize_t)sizeof(r)) {
		f->status = PEER_FETCH_FAILED;
		snprintf(f->msg, sizeof(f->msg), "the fetch process died%s",
		    WIFSIGNALED(ws) ? " (killed by a signal)" : "");
		return;
	}
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

static void
kill_child(struct peer_fetch *f, unsigned timeout_ms)
{
	int ws;

	kill(f->pid, SIGKILL);
	close(f->fd);
	while (waitpid(f->pid, &ws, 0) < 0 && errno == EINTR)
		;
	f->running = 0;
	f->status = PEER_FETCH_TIMEOUT;
	snprintf(f->msg, sizeof(f->msg), "no answer within %u s; skipped",
	    (timeout_ms + 999) / 1000);
}

/* Wait for any running child; reap the finished and the overdue. */
static void
wait_children(struct peer_fetch *f, size_t n, const long long *started,
    unsigned timeout_ms)
{
	struct pollfd pfd[64];
	size_t idx[64], i, np = 0;
	long long now = peer_now_ms(), wait_ms = timeout_ms;

	for (i = 0; i < n && np < 64; i++) {
		if (!f[i].running)
			continue;
		if (started[i] + timeout_ms - now < wait_ms)
			wait_ms = started[i] + timeout_ms - now;
		pfd[np].fd = f[i].fd;
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
		struct peer_fetch *p = &f[idx[i]];

		if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
			finish_child(p);
		else if (now >= started[idx[i]] + timeout_ms)
			kill_child(p, timeout_ms);
		if (!p->running)
			p->seconds = (now - started[idx[i]]) / 1000.0;
	}
}

static size_t
count_running(const struct peer_fetch *f, size_t n)
{
	size_t i, r = 0;

	for (i = 0; i < n; i++)
		r += f[i].running ? 1 : 0;
	return r;
}

const struct ns_error *
peer_fetch_all(git_repository *repo, struct peer_fetch *f, size_t n,
    unsigned timeout_ms, unsigned parallel)
{
	const struct ns_error *err = NULL;
	long long started[64] = { 0 };
	size_t next = 0;

	if (n > 64)
		return ns_error_fmt(NS_ERR_LIMIT, "more than 64 peers");
	if (parallel == 0)
		parallel = 1;
	while (err == NULL && (next < n || count_running(f, n) > 0)) {
		while (err == NULL && next < n && count_running(f, n) <
		    parallel) {
			started[next] = peer_now_ms();
			err = start_child(repo, &f[next], timeout_ms);
			next++;
		}
		wait_children(f, n, started, timeout_ms);
	}
	while (count_running(f, n) > 0)
		wait_children(f, n, started, timeout_ms);
	return err;
}
