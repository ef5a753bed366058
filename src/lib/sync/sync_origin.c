/*
 * sync_origin.c: integrate origin into the current branch (see sync.h).
 *
 * Order of work, so that a pull killed at any moment loses nothing:
 * fetch (into refs/remotes/origin/<b>); refuse if a path the integration
 * touches has local changes; merge in memory (libgit2) and re-merge the
 * record files that conflict line by line field by field (merge.h); then,
 * when clean, write the merge commit (an unreferenced object until the
 * end), check it out with a safe checkout (never overwrites), and only then
 * move the branch (one atomic ref update) -- git's own order.  A conflict
 * is left by git_merge() exactly as `git merge` leaves it, with the record
 * files rewritten to carry markers only around the conflicting fields.
 */
#include <stdlib.h>
#include <string.h>

#include "record/check.h"
#include "sync/peer.h"
#include "sync/sync.h"

#include "merge/merge.h"

struct origin {
	git_repository		*repo;
	const char		*top;
	struct sync_origin_result *o;
	git_reference		*head;
	char			 upstream[256];	/* origin's branch */
	char			 label[300];	/* origin/<b> */
	git_oid			 ours, theirs;
};

struct conflict {
	char		*path;
	int		 has_base, has_ours, has_theirs;
	git_oid		 base, ours, theirs;
	uint32_t	 ours_mode, theirs_mode;
};

static const struct ns_error *
add_path(struct sync_origin_result *o, const char *path, const char *field)
{
	char **v;
	struct buf b = BUF_INIT;
	const struct ns_error *err;

	err = field ? buf_printf(&b, "%s: %s", path, field) :
	    buf_puts(&b, path);
	if (err)
		return err;
	v = realloc(o->paths, (o->npaths + 1) * sizeof(*v));
	if (v == NULL) {
		buf_dispose(&b);
		return ns_error(NS_ERR_NOMEM);
	}
	o->paths = v;
	o->paths[o->npaths++] = buf_detach(&b);
	return NULL;
}

void
sync_origin_dispose(struct sync_origin_result *o)
{
	size_t i;

	for (i = 0; i < o->npaths; i++)
		free(o->paths[i]);
	free(o->paths);
	o->paths = NULL;
	o->npaths = 0;
}

/* The current branch and its origin upstream; 0 when there is none. */
static int
find_upstream(struct origin *g)
{
	git_buf remote = GIT_BUF_INIT, merge = GIT_BUF_INIT;
	const char *name = NULL;
	int ok = 0;

	if (git_repository_head(&g->head, g->repo) != 0 ||
	    !git_reference_is_branch(g->head))
		return 0;
	if (git_branch_name(&name, g->head) == 0)
		snprintf(g->o->branch, sizeof(g->o->branch), "%s", name);
	if (git_branch_upstream_remote(&remote, g->repo,
	    git_reference_name(g->head)) == 0 &&
	    strcmp(remote.ptr, "origin") == 0 &&
	    git_branch_upstream_merge(&merge, g->repo,
	    git_reference_name(g->head)) == 0 &&
	    strncmp(merge.ptr, "refs/heads/", 11) == 0) {
		snprintf(g->upstream, sizeof(g->upstream), "%s",
		    merge.ptr + 11);
		snprintf(g->label, sizeof(g->label), "origin/%s",
		    g->upstream);
		ok = 1;
	}
	git_buf_dispose(&remote);
	git_buf_dispose(&merge);
	return ok;
}

/* Fetch origin's branch into refs/remotes/origin/<b> with the deadline. */
static const struct ns_error *
fetch_origin(struct origin *g, const struct sync_opts *opts, int *ok)
{
	const struct ns_error *err;
	struct peer_fetch f;
	struct buf url = BUF_INIT, ref = BUF_INIT;
	git_buf conf_url = GIT_BUF_INIT;
	git_config *cfg = NULL;
	git_oid have;

	*ok = 0;
	memset(&f, 0, sizeof(f));
	/*
	 * The URL from the config rather than git_remote_lookup(), which
	 * leaks pcre2 match data in libgit2 1.5 (regex config iteration).
	 */
	if (git_repository_config_snapshot(&cfg, g->repo) != 0 ||
	    git_config_get_string_buf(&conf_url, cfg, "remote.origin.url")) {
		git_config_free(cfg);
		return ns_error_from_git("remote.origin.url");
	}
	err = peer_resolve_url(&url, g->top, conf_url.ptr);
	if (err == NULL)
		err = buf_printf(&ref, "refs/remotes/origin/%s", g->upstream);
	if (err)
		goto done;
	f.id = "origin";
	f.url = url.ptr;
	f.branch = g->upstream;
	f.ref = ref.ptr;
	/* origin's branch still there: nothing to download or to write */
	if (git_reference_name_to_id(&have, g->repo, ref.ptr) == 0)
		f.have = &have;
	err = peer_fetch_all(g->repo, &f, 1,
	    opts->timeout_ms, 1, NULL, NULL);
	if (err)
		goto done;
	if (f.status != PEER_FETCH_OK) {
		g->o->outcome = ORIGIN_UNREACHABLE;
		snprintf(g->o->reason, sizeof(g->o->reason), "%s", f.msg);
	} else {
		git_oid_cpy(&g->theirs, &f.tip);
		*ok = 1;
	}
done:
	git_buf_dispose(&conf_url);
	git_config_free(cfg);
	buf_dispose(&url);
	buf_dispose(&ref);
	return err;
}

static const struct ns_error *
commit_tree(git_tree **out, git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;
	int rc;

	*out = NULL;
	rc = git_commit_lookup(&c, repo, id);
	if (rc == 0)
		rc = git_commit_tree(out, c);
	git_commit_free(c);
	return rc ? ns_error_from_git("read commit") : NULL;
}

/* Paths changed from 'base' to theirs that have local changes. */
static const struct ns_error *
find_dirty(struct origin *g, const git_oid *base)
{
	const struct ns_error *err;
	git_tree *bt = NULL, *tt = NULL;
	git_diff *diff = NULL;
	git_status_list *st = NULL;
	git_status_options so;
	size_t i;

	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if ((err = commit_tree(&bt, g->repo, base)) ||
	    (err = commit_tree(&tt, g->repo, &g->theirs)))
		goto done;
	if (git_diff_tree_to_tree(&diff, g->repo, bt, tt, NULL) != 0 ||
	    git_status_list_new(&st, g->repo, &so) != 0) {
		err = ns_error_from_git("compare with the work tree");
		goto done;
	}
	for (i = 0; i < git_status_list_entrycount(st) && err == NULL; i++) {
		const git_status_entry *e = git_status_byindex(st, i);
		const char *p = e->index_to_workdir ?
		    e->index_to_workdir->new_file.path :
		    e->head_to_index->new_file.path;
		size_t j;

		for (j = 0; j < git_diff_num_deltas(diff); j++) {
			const git_diff_delta *d = git_diff_get_delta(diff, j);

			if (strcmp(d->new_file.path, p) == 0 ||
			    strcmp(d->old_file.path, p) == 0) {
				err = add_path(g->o, p, NULL);
				break;
			}
		}
	}
done:
	git_status_list_free(st);
	git_diff_free(diff);
	git_tree_free(bt);
	git_tree_free(tt);
	return err;
}

/* Safe checkout of commit 'id': refuses rather than overwrites. */
static const struct ns_error *
checkout(git_repository *repo, const git_oid *id)
{
	git_checkout_options co;
	git_commit *c = NULL;
	int rc;

	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	rc = git_commit_lookup(&c, repo, id);
	if (rc == 0)
		rc = git_checkout_tree(repo, (git_object *)c, &co);
	git_commit_free(c);
	return rc ? ns_error_from_git("update the work tree") : NULL;
}

static const struct ns_error *
move_branch(struct origin *g, const git_oid *to, const char *msg)
{
	git_reference *ref = NULL;
	int rc;

	rc = git_reference_create_matching(&ref, g->repo,
	    git_reference_name(g->head), to, 1, &g->ours, msg);
	git_reference_free(ref);
	if (rc)
		return ns_error_from_git("move the branch");
	git_oid_cpy(&g->o->new, to);
	return NULL;
}

static const struct ns_error *
read_blob(git_blob **out, git_repository *repo, int has, const git_oid *id)
{
	*out = NULL;
	if (has && git_blob_lookup(out, repo, id) != 0)
		return ns_error_from_git("read blob");
	return NULL;
}

/* Stage the field-merged text of c->path (and write it when 'top'). */
static const struct ns_error *
resolve_clean(git_repository *repo, git_index *idx, const char *top,
    const struct conflict *c, const struct buf *text)
{
	git_index_entry e;
	git_oid id;
	const struct ns_error *err = NULL;
	struct buf path = BUF_INIT;

	if (git_blob_create_from_buffer(&id, repo, text->ptr, text->len))
		return ns_error_from_git("write merged record");
	if (top && ((err = buf_printf(&path, "%s/%s", top, c->path)) ||
	    (err = buf_write_atomic(path.ptr, text->ptr, text->len, 0644))))
		goto done;
	memset(&e, 0, sizeof(e));
	e.path = c->path;
	e.mode = GIT_FILEMODE_BLOB;
	git_oid_cpy(&e.id, &id);
	if (git_index_conflict_remove(idx, c->path) != 0 ||
	    (top ? git_index_add_bypath(idx, c->path) :
	    git_index_add(idx, &e)) != 0)
		err = ns_error_from_git("stage merged record");
done:
	buf_dispose(&path);
	return err;
}

/* Write the field-merged text with its markers into the work tree. */
static const struct ns_error *
write_conflicted(const char *top, const char *path, const struct buf *text)
{
	const struct ns_error *err;
	struct buf abs = BUF_INIT;

	err = buf_printf(&abs, "%s/%s", top, path);
	if (err == NULL)
		err = buf_write_atomic(abs.ptr, text->ptr, text->len, 0644);
	buf_dispose(&abs);
	return err;
}

/* Field-level merge of the three blobs of one record conflict. */
static const struct ns_error *
merge_blobs(struct origin *g, git_index *idx, const char *top,
    const struct conflict *c, git_blob *b, git_blob *o, git_blob *t,
    int name)
{
	const struct ns_error *err;
	struct merge_result *mr = NULL;
	size_t i;

	err = merge_records(&mr, c->path, b ? git_blob_rawcontent(b) : NULL,
	    b ? (size_t)git_blob_rawsize(b) : 0, git_blob_rawcontent(o),
	    (size_t)git_blob_rawsize(o), git_blob_rawcontent(t),
	    (size_t)git_blob_rawsize(t), "HEAD", g->label);
	if (err && (err->code == NS_ERR_YAML || err->code == NS_ERR_LIMIT))
		return name ? add_path(g->o, c->path, NULL) : NULL;
	if (err)
		return err;
	if (mr->conflicts == 0)
		err = resolve_clean(g->repo, idx, top, c, &mr->text);
	else if (top)
		err = write_conflicted(top, c->path, &mr->text);
	for (i = 0; mr->conflicts && name && err == NULL &&
	    i < mr->nconflict_paths; i++)
		err = add_path(g->o, c->path, mr->conflict_paths[i]);
	merge_result_free(mr);
	return err;
}

/*
 * One conflict: a record changed on both sides is merged field by field;
 * anything else (and a record that does not parse) keeps git's
 * line-level result and is named.
 */
static const struct ns_error *
resolve_one(struct origin *g, git_index *idx, const char *top,
    const struct conflict *c, int name)
{
	const struct ns_error *err = NULL;
	git_blob *b = NULL, *o = NULL, *t = NULL;

	if (!check_is_record_path(c->path) || !c->has_ours ||
	    !c->has_theirs || c->ours_mode != GIT_FILEMODE_BLOB ||
	    c->theirs_mode != GIT_FILEMODE_BLOB)
		return name ? add_path(g->o, c->path, NULL) : NULL;
	if ((err = read_blob(&b, g->repo, c->has_base, &c->base)) ||
	    (err = read_blob(&o, g->repo, 1, &c->ours)) ||
	    (err = read_blob(&t, g->repo, 1, &c->theirs)))
		goto done;
	err = merge_blobs(g, idx, top, c, b, o, t, name);
done:
	git_blob_free(b);
	git_blob_free(o);
	git_blob_free(t);
	return err;
}

static void
conflicts_free(struct conflict *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(c[i].path);
	free(c);
}

static const struct ns_error *
list_conflicts(struct conflict **out, size_t *n, git_index *idx)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *a, *o, *t;
	struct conflict *v = NULL, *nv;
	int rc;

	*out = NULL;
	*n = 0;
	if (git_index_conflict_iterator_new(&it, idx) != 0)
		return ns_error_from_git("list conflicts");
	while ((rc = git_index_conflict_next(&a, &o, &t, it)) == 0) {
		nv = realloc(v, (*n + 1) * sizeof(*v));
		if (nv == NULL)
			break;
		v = nv;
		memset(&v[*n], 0, sizeof(*v));
		v[*n].path = strdup(o ? o->path : t ? t->path : a->path);
		if ((v[*n].has_base = a != NULL))
			git_oid_cpy(&v[*n].base, &a->id);
		if ((v[*n].has_ours = o != NULL)) {
			git_oid_cpy(&v[*n].ours, &o->id);
			v[*n].ours_mode = o->mode;
		}
		if ((v[*n].has_theirs = t != NULL)) {
			git_oid_cpy(&v[*n].theirs, &t->id);
			v[*n].theirs_mode = t->mode;
		}
		if (v[(*n)++].path == NULL)
			break;
	}
	git_index_conflict_iterator_free(it);
	*out = v;
	if (rc != GIT_ITEROVER)
		return ns_error(NS_ERR_NOMEM);
	return NULL;
}

/* Merge every record conflict of 'idx' field by field. */
static const struct ns_error *
resolve_records(struct origin *g, git_index *idx, const char *top, int name)
{
	const struct ns_error *err;
	struct conflict *c = NULL;
	size_t i, n = 0;

	err = list_conflicts(&c, &n, idx);
	for (i = 0; i < n && err == NULL; i++)
		err = resolve_one(g, idx, top, &c[i], name);
	conflicts_free(c, n);
	return err;
}

static const struct ns_error *
commit_merge(struct origin *g, git_index *idx, git_oid *out)
{
	const struct ns_error *err = NULL;
	git_signature *sig = NULL;
	git_commit *parents[2] = { NULL, NULL };
	git_tree *tree = NULL;
	git_oid tree_id;
	char msg[400];

	snprintf(msg, sizeof(msg), "netsync: merge %s\n", g->label);
	if (git_signature_default(&sig, g->repo) != 0 &&
	    git_signature_now(&sig, "netsync", "netsync@localhost") != 0)
		return ns_error_from_git("signature");
	if (git_index_write_tree_to(&tree_id, idx, g->repo) != 0 ||
	    git_tree_lookup(&tree, g->repo, &tree_id) != 0 ||
	    git_commit_lookup(&parents[0], g->repo, &g->ours) != 0 ||
	    git_commit_lookup(&parents[1], g->repo, &g->theirs) != 0 ||
	    git_commit_create(out, g->repo, NULL, sig, sig, NULL, msg, tree,
	    2, (const git_commit **)parents) != 0)
		err = ns_error_from_git("write the merge commit");
	git_commit_free(parents[0]);
	git_commit_free(parents[1]);
	git_tree_free(tree);
	git_signature_free(sig);
	return err;
}

/* Leave git's merge state, then the records merged field by field. */
static const struct ns_error *
leave_conflict(struct origin *g)
{
	const struct ns_error *err = NULL;
	git_annotated_commit *ac = NULL;
	git_merge_options mo;
	git_checkout_options co;
	git_index *idx = NULL;
	struct buf path = BUF_INIT, msg = BUF_INIT;
	size_t i;

	git_merge_options_init(&mo, GIT_MERGE_OPTIONS_VERSION);
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_ALLOW_CONFLICTS;
	if (git_annotated_commit_lookup(&ac, g->repo, &g->theirs) != 0 ||
	    git_merge(g->repo, (const git_annotated_commit **)&ac, 1, &mo,
	    &co) != 0 || git_repository_index(&idx, g->repo) != 0) {
		err = ns_error_from_git("merge");
		goto done;
	}
	if ((err = resolve_records(g, idx, g->top, 1)))
		goto done;
	if (git_index_write(idx) != 0) {
		err = ns_error_from_git("write the index");
		goto done;
	}
	err = buf_printf(&msg, "netsync: merge %s\n\n# Conflicts:\n",
	    g->label);
	for (i = 0; i < g->o->npaths && err == NULL; i++)
		err = buf_printf(&msg, "#\t%s\n", g->o->paths[i]);
	if (err == NULL)
		err = buf_printf(&path, "%s/MERGE_MSG",
		    git_repository_path(g->repo));
	if (err == NULL)
		err = buf_write_atomic(path.ptr, msg.ptr, msg.len, 0644);
	g->o->outcome = ORIGIN_CONFLICT;
done:
	git_index_free(idx);
	git_annotated_commit_free(ac);
	buf_dispose(&path);
	buf_dispose(&msg);
	return err;
}

static const struct ns_error *
merge(struct origin *g)
{
	const struct ns_error *err = NULL;
	git_commit *oc = NULL, *tc = NULL;
	git_index *idx = NULL;
	git_merge_options mo;
	git_oid merged;
	char msg[400];

	git_merge_options_init(&mo, GIT_MERGE_OPTIONS_VERSION);
	if (git_commit_lookup(&oc, g->repo, &g->ours) != 0 ||
	    git_commit_lookup(&tc, g->repo, &g->theirs) != 0 ||
	    git_merge_commits(&idx, g->repo, oc, tc, &mo) != 0) {
		err = ns_error_from_git("merge");
		goto done;
	}
	if ((err = resolve_records(g, idx, NULL, 0)))
		goto done;
	if (git_index_has_conflicts(idx)) {
		err = leave_conflict(g);
		goto done;
	}
	snprintf(msg, sizeof(msg), "netsync: merge %s", g->label);
	if ((err = commit_merge(g, idx, &merged)) ||
	    (err = checkout(g->repo, &merged)) ||
	    (err = move_branch(g, &merged, msg)))
		goto done;
	g->o->outcome = ORIGIN_MERGED;
done:
	git_index_free(idx);
	git_commit_free(oc);
	git_commit_free(tc);
	return err;
}

static const struct ns_error *
integrate(struct origin *g)
{
	const struct ns_error *err;
	git_oid base;
	char msg[400];

	git_oid_cpy(&g->o->old, &g->ours);
	git_oid_cpy(&g->o->new, &g->ours);
	if (git_oid_equal(&g->ours, &g->theirs) ||
	    git_graph_descendant_of(g->repo, &g->ours, &g->theirs) == 1) {
		g->o->outcome = ORIGIN_UP_TO_DATE;
		return NULL;
	}
	if (git_merge_base(&base, g->repo, &g->ours, &g->theirs) != 0)
		return ns_error_fmt(NS_ERR_USAGE, "refusing to merge %s: it "
		    "shares no history with %s", g->label, g->o->branch);
	if ((err = find_dirty(g, &base)))
		return err;
	if (g->o->npaths > 0) {
		g->o->outcome = ORIGIN_DIRTY;
		return NULL;
	}
	if (!git_oid_equal(&base, &g->ours))
		return merge(g);
	snprintf(msg, sizeof(msg), "netsync: pull: fast-forward to %s",
	    g->label);
	if ((err = checkout(g->repo, &g->theirs)) ||
	    (err = move_branch(g, &g->theirs, msg)))
		return err;
	g->o->outcome = ORIGIN_FAST_FORWARD;
	return NULL;
}

const struct ns_error *
sync_origin(struct sync_origin_result *out, git_repository *repo,
    const char *top, const struct sync_opts *opts)
{
	const struct ns_error *err = NULL;
	struct origin g;
	int ok;

	memset(out, 0, sizeof(*out));
	memset(&g, 0, sizeof(g));
	g.repo = repo;
	g.top = top;
	g.o = out;
	out->outcome = ORIGIN_NONE;
	if (!find_upstream(&g))
		goto done;
	if (git_repository_state(repo) != GIT_REPOSITORY_STATE_NONE) {
		err = ns_error_fmt(NS_ERR_USAGE, "a merge is in progress: "
		    "resolve it and commit (git commit), or abort it (git "
		    "merge --abort), then pull again");
		goto done;
	}
	if (git_reference_name_to_id(&g.ours, repo,
	    git_reference_name(g.head)) != 0) {
		err = ns_error_from_git("read the branch");
		goto done;
	}
	if ((err = fetch_origin(&g, opts, &ok)) || !ok)
		goto done;
	err = integrate(&g);
done:
	git_reference_free(g.head);
	return err;
}
