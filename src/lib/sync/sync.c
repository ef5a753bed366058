/*
 * sync.c: fetch every peer, gate each fetched tip, record the verdict in
 * refs/netsync/ (see sync.h).
 *
 * Fetches run in parallel child processes (peer.c); gating runs here, one
 * peer after the other in netsync.yaml order, so the outcome and the
 * output are the same whatever the timing.  Peer data is read from the
 * object store only: nothing of a peer is ever checked out.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "record/check.h"
#include "record/config.h"
#include "repo/reflog.h"
#include "schema/schema.h"
#include "sync/gate.h"
#include "sync/peer.h"
#include "sync/sync.h"
#include "validate/vcache.h"
#include "validate/vcheck.h"

#include "sign/gitsig.h"
#include "sign/sign.h"

/* What gating every peer of one pull shares. */
struct gate_ctx {
	git_repository		*repo;
	const struct config	*cfg;
	const struct schema_set	*schemas;	/* the caller's, or 'own' */
	struct schema_set	*own;		/* compiled when first needed */
	const struct sync_opts	*opts;
	git_signature		*sig;	/* of the reflog entries appended */
	struct vcache		*cache;	/* opened for the first changed tip */
};

/* The references one peer's gating writes, as strings. */
struct peer_refs {
	struct buf	 accepted, rejected, previous, incoming, incoming_sig;
};

const struct ns_error *
sync_enable_reflogs(git_repository *repo)
{
	const struct ns_error *err = NULL;
	git_config *cfg = NULL, *local = NULL;
	git_buf val = GIT_BUF_INIT;
	int rc;

	if (git_repository_config(&cfg, repo) != 0 ||
	    git_config_open_level(&local, cfg, GIT_CONFIG_LEVEL_LOCAL) != 0) {
		err = ns_error_from_git("open repository config");
		goto done;
	}
	rc = git_config_get_string_buf(&val, cfg, "core.logAllRefUpdates");
	if (rc == 0 && (strcmp(val.ptr, "always") == 0 ||
	    strcmp(val.ptr, "false") == 0))
		goto done;	/* set, or turned off on purpose */
	if (git_config_set_string(local, "core.logAllRefUpdates", "always"))
		err = ns_error_from_git("set core.logAllRefUpdates");
done:
	git_buf_dispose(&val);
	git_config_free(local);
	git_config_free(cfg);
	return err;
}

static const struct ns_error *
refs_init(struct peer_refs *r, const char *id)
{
	const struct ns_error *err;

	memset(r, 0, sizeof(*r));
	if ((err = peer_ref(&r->accepted, "peers", id)) ||
	    (err = peer_ref(&r->rejected, "rejected", id)) ||
	    (err = peer_ref(&r->previous, "previous", id)) ||
	    (err = peer_ref(&r->incoming, "incoming", id)))
		return err;
	return peer_ref(&r->incoming_sig, "incoming-sig", id);
}

static void
refs_dispose(struct peer_refs *r)
{
	buf_dispose(&r->accepted);
	buf_dispose(&r->rejected);
	buf_dispose(&r->previous);
	buf_dispose(&r->incoming);
	buf_dispose(&r->incoming_sig);
}

/* Point 'name' at 'id' (a new reflog entry even when unchanged). */
static const struct ns_error *
set_ref(git_repository *repo, const char *name, const git_oid *id,
    const git_oid *expect, const char *msg)
{
	git_reference *ref = NULL;
	int rc;

	if (expect)
		rc = git_reference_create_matching(&ref, repo, name, id, 1,
		    expect, msg);
	else
		rc = git_reference_create(&ref, repo, name, id, 1, msg);
	git_reference_free(ref);
	return rc ? ns_error_from_git(name) : NULL;
}

/*
 * libgit2 writes no reflog entry when a ref keeps its value; an unchanged
 * peer still gets one, so the reflog says when it was last pulled.  It is
 * appended (reflog.h); only a log that cannot be appended to safely is
 * read and rewritten by libgit2.
 */
static const struct ns_error *
log_unchanged(git_repository *repo, const char *name, const git_oid *id,
    const git_signature *sig, const char *msg)
{
	const struct ns_error *err;
	git_reflog *log = NULL;

	err = reflog_append(repo, name, id, id, sig, msg);
	if (err == NULL || err->code != NS_ERR_NOT_FOUND)
		return err;
	err = NULL;
	if (git_reflog_read(&log, repo, name) != 0 ||
	    git_reflog_append(log, id, sig, msg) != 0 ||
	    git_reflog_write(log) != 0)
		err = ns_error_from_git("reflog");
	git_reflog_free(log);
	return err;
}

/* A lookup is a stat; a removal takes a lock file even for nothing. */
static void
remove_ref(git_repository *repo, const char *name)
{
	git_oid id;

	if (git_reference_name_to_id(&id, repo, name) == 0)
		(void)git_reference_remove(repo, name);
}

/* Records added, changed, removed between two trees (either may be NULL). */
static const struct ns_error *
count_changes(struct sync_peer_result *r, git_repository *repo,
    const git_oid *old_commit, const git_oid *new_commit)
{
	const struct ns_error *err = NULL;
	git_commit *oc = NULL, *nc = NULL;
	git_tree *ot = NULL, *nt = NULL;
	git_diff *diff = NULL;
	size_t i;

	if ((old_commit && (git_commit_lookup(&oc, repo, old_commit) ||
	    git_commit_tree(&ot, oc))) || git_commit_lookup(&nc, repo,
	    new_commit) || git_commit_tree(&nt, nc) ||
	    git_diff_tree_to_tree(&diff, repo, ot, nt, NULL)) {
		err = ns_error_from_git("compare trees");
		goto done;
	}
	for (i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (d->status == GIT_DELTA_ADDED &&
		    check_is_record_path(d->new_file.path))
			r->added++;
		else if (d->status == GIT_DELTA_DELETED &&
		    check_is_record_path(d->old_file.path))
			r->removed++;
		else if (check_is_record_path(d->new_file.path))
			r->changed++;
	}
done:
	git_diff_free(diff);
	git_tree_free(ot);
	git_tree_free(nt);
	git_commit_free(oc);
	git_commit_free(nc);
	return err;
}

/* Prefix every finding's file with "<id>:" so it names the peer. */
static const struct ns_error *
name_findings(struct sync_peer_result *r)
{
	size_t i;

	for (i = 0; i < r->diags.n; i++) {
		struct diag *d = &r->diags.items[i];
		struct buf b = BUF_INIT;
		const struct ns_error *err;

		if (d->file && d->file[0])
			err = buf_printf(&b, "%s:%s", r->id, d->file);
		else
			err = buf_puts(&b, r->id);
		if (err)
			return err;
		free(d->file);
		d->file = buf_detach(&b);
	}
	return NULL;
}

/*
 * The validation cache of this repository (.git/netsync/cache), opened
 * once per pull, when the first changed tip is gated, and saved once.
 */
static const struct ns_error *
open_cache(struct gate_ctx *ctx)
{
	const struct ns_error *err;
	struct buf path = BUF_INIT;

	if (ctx->cache)
		return NULL;
	/* git_repository_path() ends with a slash */
	err = buf_printf(&path, "%snetsync/cache",
	    git_repository_path(ctx->repo));
	if (err == NULL)
		err = vcache_open(&ctx->cache, path.ptr);
	buf_dispose(&path);
	return err;
}

/*
 * Tree safety and records (valid, owned by the peer).  Records go through
 * the validation cache of this repository, with the peer as owner: a peer
 * whose tip changed has only its changed records read and checked.
 */
static const struct ns_error *
check_content(struct sync_peer_result *r, struct gate_ctx *ctx)
{
	const struct ns_error *err;
	struct vcheck *vc = NULL;
	git_commit *c = NULL;

	if (git_commit_lookup(&c, ctx->repo, &r->tip) != 0)
		return diag_add(&r->diags, DIAG_ERROR, "", 0, 0, NULL,
		    "the fetched tip %s is not a commit",
		    git_oid_tostr_s(&r->tip));
	err = open_cache(ctx);
	if (err == NULL && ctx->schemas == NULL &&
	    (err = schema_set_builtin(&ctx->own)) == NULL)
		ctx->schemas = ctx->own;
	if (err == NULL)
		err = vcheck_new_cache(&vc, &r->diags, ctx->schemas, r->id,
		    ctx->cache);
	if (err == NULL)
		err = gate_tree(&r->diags, &r->checked, ctx->repo,
		    git_commit_tree_id(c), NULL, 1, vc);
	if (err == NULL)
		err = vcheck_finish(vc, &r->records);
	vcheck_free(vc);
	git_commit_free(c);
	return err;
}

static int
count_cb(const char *root, const git_tree_entry *e, void *arg)
{
	size_t *n = arg;
	char path[1024];

	if (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB)
		return 0;
	snprintf(path, sizeof(path), "%s%s", root, git_tree_entry_name(e));
	if (check_is_record_path(path))
		(*n)++;
	return 0;
}

/*
 * The record count the reflog message of an accept or an unchanged pull
 * carries ("... (records: N)"); 0 when 'msg' has none.
 */
static int
logged_count(const char *msg, size_t *n)
{
	const char *p = msg ? strrchr(msg, '(') : NULL;
	char *end;
	unsigned long long v;

	if (p == NULL || strncmp(p, "(records: ", 10) != 0 ||
	    p[10] < '0' || p[10] > '9')
		return 0;
	v = strtoull(p + 10, &end, 10);
	if (strcmp(end, ")") != 0 || v > SIZE_MAX)
		return 0;
	*n = (size_t)v;
	return 1;
}

/*
 * The accepted tip fetched again: its tree is the one gated when it was
 * accepted (a commit id names its content), so only the records are
 * counted, by name, without reading them.  This is what makes a pull with
 * nothing new cost about as much as the fetch.
 */
static const struct ns_error *
count_unchanged(struct sync_peer_result *r, git_repository *repo)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	size_t n = 0;

	if (git_commit_lookup(&c, repo, &r->tip) != 0 ||
	    git_commit_tree(&t, c) != 0) {
		git_commit_free(c);
		return ns_error_from_git("accepted tip");
	}
	git_tree_walk(t, GIT_TREEWALK_PRE, count_cb, &n);
	r->records = n;
	git_tree_free(t);
	git_commit_free(c);
	return NULL;
}

/*
 * An unchanged tip: the record count is the one logged with this tip by
 * the last pull (the newest reflog line only), or else counted from the
 * tree.
 */
static const struct ns_error *
read_unchanged(struct sync_peer_result *r, git_repository *repo,
    const char *name)
{
	char msg[600];
	git_oid id;

	if (reflog_newest(repo, name, &id, msg, sizeof(msg)) == 0 &&
	    git_oid_equal(&id, &r->tip) && logged_count(msg, &r->records))
		return NULL;
	return count_unchanged(r, repo);
}

/* The signature, when the peer has keys. */
static const struct ns_error *
check_signature(struct sync_peer_result *r, git_repository *repo,
    const struct config_peer *cp, const struct peer_fetch *f)
{
	const struct ns_error *err = NULL;
	enum sign_verdict v = SIGN_UNSIGNED;
	struct buf reason = BUF_INIT;

	if (cp->nkeys == 0)
		return NULL;
	err = gitsig_verify_tip(&v, &reason, repo, &r->tip,
	    f->have_tag ? &f->tag : NULL, (const char *const *)cp->keys,
	    cp->nkeys);
	if (err == NULL && v != SIGN_OK)
		err = diag_add(&r->diags, DIAG_ERROR, "", 0, 0, NULL,
		    "signature: %s (%s)", reason.ptr ? reason.ptr :
		    "not signed", sign_verdict_name(v));
	buf_dispose(&reason);
	return err;
}

/* A tip that does not descend from the accepted one is a rewrite. */
static const struct ns_error *
check_history(struct sync_peer_result *r, git_repository *repo,
    const struct sync_opts *opts)
{
	if (!r->had_accepted || git_oid_equal(&r->tip, &r->accepted) ||
	    git_graph_descendant_of(repo, &r->tip, &r->accepted) == 1)
		return NULL;
	if (opts->accept_rewrite) {
		r->rewrite = 1;
		return NULL;
	}
	return diag_add(&r->diags, DIAG_ERROR, "", 0, 0, NULL,
	    "history rewritten: %.12s does not descend from the accepted "
	    "%.12s; pass --accept-rewrite to accept it",
	    git_oid_tostr_s(&r->tip), git_oid_tostr_s(&r->accepted));
}

static const struct ns_error *
record_verdict(struct sync_peer_result *r, const struct gate_ctx *ctx,
    const struct peer_refs *refs)
{
	git_repository *repo = ctx->repo;
	const struct ns_error *err;
	git_oid kept;
	char msg[600];

	if (diag_count_errors(&r->diags) > 0) {
		r->verdict = SYNC_REJECTED;
		snprintf(r->reason, sizeof(r->reason), "%zu problem%s",
		    diag_count_errors(&r->diags),
		    diag_count_errors(&r->diags) == 1 ? "" : "s");
		snprintf(msg, sizeof(msg), "netsync: pull %s: rejected (%s)",
		    r->id, r->reason);
		/* rejected again: the ref is right (and libgit2 logs nothing) */
		if (git_reference_name_to_id(&kept, repo, refs->rejected.ptr)
		    == 0 && git_oid_equal(&kept, &r->tip))
			return NULL;
		return set_ref(repo, refs->rejected.ptr, &r->tip, NULL, msg);
	}
	if (r->rewrite && (err = set_ref(repo, refs->previous.ptr,
	    &r->accepted, NULL, "netsync: pull: replaced by a rewrite")))
		return err;
	r->verdict = r->had_accepted && git_oid_equal(&r->tip, &r->accepted) ?
	    SYNC_UNCHANGED : SYNC_ACCEPTED;
	/* the count, for the next pull of this tip (read_unchanged()) */
	snprintf(msg, sizeof(msg), "netsync: pull %s: %s (records: %zu)",
	    r->id, r->verdict == SYNC_UNCHANGED ? "unchanged" : "accepted",
	    r->records);
	if (r->verdict == SYNC_UNCHANGED)
		err = log_unchanged(repo, refs->accepted.ptr, &r->tip,
		    ctx->sig, msg);
	else
		err = set_ref(repo, refs->accepted.ptr, &r->tip,
		    r->had_accepted ? &r->accepted : NULL, msg);
	if (err == NULL)
		remove_ref(repo, refs->rejected.ptr);
	if (err == NULL && r->verdict == SYNC_ACCEPTED)
		err = count_changes(r, repo, r->had_accepted ? &r->accepted :
		    NULL, &r->tip);
	return err;
}

/* Gate one fetched peer and record its verdict. */
static const struct ns_error *
gate_one(struct sync_peer_result *r, struct gate_ctx *ctx,
    const struct peer_fetch *f)
{
	const struct config_peer *cp = config_peer(ctx->cfg, r->id);
	git_repository *repo = ctx->repo;
	const struct ns_error *err;
	struct peer_refs refs;

	r->seconds = f->seconds;
	if ((err = refs_init(&refs, r->id)))
		goto done;
	r->had_accepted = git_reference_name_to_id(&r->accepted, repo,
	    refs.accepted.ptr) == 0;
	if (f->status != PEER_FETCH_OK) {
		r->verdict = SYNC_UNREACHABLE;
		snprintf(r->reason, sizeof(r->reason), "%s", f->msg);
		goto done;
	}
	r->have_tip = 1;
	git_oid_cpy(&r->tip, &f->tip);
	if (r->had_accepted && git_oid_equal(&r->tip, &r->accepted))
		err = read_unchanged(r, repo, refs.accepted.ptr);
	else
		err = check_content(r, ctx);
	if (err ||
	    (err = check_signature(r, repo, cp, f)) ||
	    (err = check_history(r, repo, ctx->opts)) ||
	    (err = name_findings(r)))
		goto done;
	err = record_verdict(r, ctx, &refs);
done:
	if (refs.incoming.ptr)
		remove_ref(repo, refs.incoming.ptr);
	if (refs.incoming_sig.ptr)
		remove_ref(repo, refs.incoming_sig.ptr);
	refs_dispose(&refs);
	return err;
}

static int
wanted(const struct sync_opts *opts, const char *id)
{
	size_t i;

	if (opts->nonly == 0)
		return 1;
	for (i = 0; i < opts->nonly; i++)
		if (strcmp(opts->only[i], id) == 0)
			return 1;
	return 0;
}

/* The peers to pull, in config order; NS_ERR_USAGE for unknown --peer. */
static const struct ns_error *
select_peers(struct sync_report *rep, const struct config *cfg,
    const struct sync_opts *opts)
{
	size_t i;

	for (i = 0; i < opts->nonly; i++)
		if (config_peer(cfg, opts->only[i]) == NULL)
			return ns_error_fmt(NS_ERR_USAGE, "no peer '%s' in "
			    "netsync.yaml (see netsync peer list)",
			    opts->only[i]);
	rep->peers = calloc(cfg->npeers ? cfg->npeers : 1,
	    sizeof(*rep->peers));
	if (rep->peers == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < cfg->npeers; i++) {
		if (!wanted(opts, cfg->peers[i].id))
			continue;
		rep->peers[rep->n].id = strdup(cfg->peers[i].id);
		if (rep->peers[rep->n++].id == NULL)
			return ns_error(NS_ERR_NOMEM);
	}
	return NULL;
}

/*
 * The tip of peer 'id' most likely to be fetched again, whose objects are
 * all here: the last rejected one when there is one (a peer that was
 * refused usually still serves it), else the accepted one.  0 if neither.
 */
static int
kept_tip(git_oid *out, git_repository *repo, const char *id)
{
	static const char *const spaces[] = { "rejected", "peers" };
	struct buf ref = BUF_INIT;
	size_t i;
	int found = 0;

	for (i = 0; i < nitems(spaces) && !found; i++) {
		buf_reset(&ref);
		found = peer_ref(&ref, spaces[i], id) == NULL &&
		    git_reference_name_to_id(out, repo, ref.ptr) == 0;
	}
	buf_dispose(&ref);
	return found;
}

/*
 * Fill the fetch jobs; strings live in 'names' (3 per peer), the tips
 * kept already (so that a worker does not download what is here) in
 * 'haves'.
 */
static const struct ns_error *
prepare_fetches(struct peer_fetch *f, struct buf *names, git_oid *haves,
    const struct sync_report *rep, const struct gate_ctx *ctx,
    const char *top)
{
	const struct ns_error *err = NULL;
	size_t i;

	for (i = 0; i < rep->n && err == NULL; i++) {
		const struct config_peer *cp = config_peer(ctx->cfg,
		    rep->peers[i].id);

		err = peer_resolve_url(&names[3 * i], top, cp->url);
		if (err == NULL)
			err = peer_ref(&names[3 * i + 1], "incoming", cp->id);
		if (err == NULL)
			err = peer_ref(&names[3 * i + 2], "incoming-sig",
			    cp->id);
		f[i].id = cp->id;
		f[i].url = names[3 * i].ptr;
		f[i].branch = cp->branch;
		f[i].ref = names[3 * i + 1].ptr;
		f[i].tag_ref = cp->nkeys ? names[3 * i + 2].ptr : NULL;
		if (kept_tip(&haves[i], ctx->repo, cp->id))
			f[i].have = &haves[i];
		/* until its fetch says otherwise */
		f[i].status = PEER_FETCH_FAILED;
		snprintf(f[i].msg, sizeof(f[i].msg), "not fetched");
	}
	return err;
}

/* Who appends the reflog entries of unchanged peers: once per pull. */
static const struct ns_error *
log_signature(git_signature **out, git_repository *repo)
{
	if (git_signature_default(out, repo) != 0 &&
	    git_signature_now(out, "netsync", "netsync@localhost") != 0)
		return ns_error_from_git("signature");
	return NULL;
}

/* The fetches and how far gating, in netsync.yaml order, has come. */
struct gating {
	struct sync_report	*rep;
	struct gate_ctx		*ctx;
	struct peer_fetch	*f;
	unsigned char		*fetched;	/* per peer */
	size_t			 next;		/* the next peer to gate */
};

/* Gate the next peer; one that could not be gated never stops the rest. */
static const struct ns_error *
gate_next(struct gating *g)
{
	struct sync_peer_result *r = &g->rep->peers[g->next];
	const struct ns_error *err;

	err = gate_one(r, g->ctx, &g->f[g->next]);
	g->next++;
	if (err && err->code != NS_ERR_NOMEM) {
		r->verdict = SYNC_UNREACHABLE;
		snprintf(r->reason, sizeof(r->reason), "not checked: %s",
		    err->msg);
		err = NULL;
	}
	return err;
}

/*
 * Fetch 'i' has ended (peer_done_cb): gate every peer up to the first
 * one still being fetched, while the workers fetch on.  Output and refs
 * do not depend on which fetch ends first.
 */
static const struct ns_error *
fetched(void *arg, size_t i)
{
	struct gating *g = arg;
	const struct ns_error *err = NULL;

	g->fetched[i] = 1;
	while (err == NULL && g->next < g->rep->n && g->fetched[g->next])
		err = gate_next(g);
	return err;
}

static const struct ns_error *
fetch_and_gate(struct sync_report *rep, struct gate_ctx *ctx,
    const char *top)
{
	const struct ns_error *err;
	struct peer_fetch *f = NULL;
	struct buf *names = NULL;
	git_oid *haves = NULL;
	struct gating g;
	size_t i, n = rep->n ? rep->n : 1;

	f = calloc(n, sizeof(*f));
	names = calloc(3 * n, sizeof(*names));
	haves = calloc(n, sizeof(*haves));
	memset(&g, 0, sizeof(g));
	g.fetched = calloc(n, 1);
	if (f == NULL || names == NULL || haves == NULL || g.fetched == NULL) {
		err = ns_error(NS_ERR_NOMEM);
		goto done;
	}
	g.rep = rep;
	g.ctx = ctx;
	g.f = f;
	err = prepare_fetches(f, names, haves, rep, ctx, top);
	if (err == NULL)
		err = log_signature(&ctx->sig, ctx->repo);
	if (err == NULL)
		err = peer_fetch_all(ctx->repo, f, rep->n,
		    ctx->opts->timeout_ms, ctx->opts->parallel, fetched, &g);
	/* every fetch has ended and been gated; this is only a safety net */
	while (err == NULL && g.next < rep->n)
		err = gate_next(&g);
	/* the cache only saves time: failing to write it is no failure */
	if (err == NULL && ctx->cache)
		(void)vcache_save(ctx->cache);
done:
	vcache_free(ctx->cache);
	ctx->cache = NULL;
	git_signature_free(ctx->sig);
	ctx->sig = NULL;
	for (i = 0; names && i < 3 * rep->n; i++)
		buf_dispose(&names[i]);
	free(names);
	free(haves);
	free(g.fetched);
	free(f);
	return err;
}

const struct ns_error *
sync_pull_peers(struct sync_report **out, git_repository *repo,
    const char *top, const struct config *cfg,
    const struct schema_set *schemas, const struct sync_opts *opts)
{
	const struct ns_error *err;
	struct sync_report *rep;
	struct gate_ctx ctx = { repo, cfg, schemas, NULL, opts, NULL, NULL };

	*out = NULL;
	rep = calloc(1, sizeof(*rep));
	if (rep == NULL)
		return ns_error(NS_ERR_NOMEM);
	err = select_peers(rep, cfg, opts);
	if (err == NULL)
		err = sync_enable_reflogs(repo);
	if (err == NULL && rep->n > 0)
		err = fetch_and_gate(rep, &ctx, top);
	schema_set_free(ctx.own);
	if (err) {
		sync_report_free(rep);
		return err;
	}
	*out = rep;
	return NULL;
}

void
sync_report_free(struct sync_report *rep)
{
	size_t i;

	if (rep == NULL)
		return;
	for (i = 0; i < rep->n; i++) {
		free(rep->peers[i].id);
		diag_list_dispose(&rep->peers[i].diags);
	}
	free(rep->peers);
	free(rep);
}
