/*
 * validate.c: feed record files from one place (work tree, index, tree)
 * into a recset.
 *
 * The source of the bytes matters for the pre-commit hook: what is checked
 * with --staged is the index, which may differ from the work tree.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "config.h"
#include "validate.h"
#include "workspace.h"

struct feed {
	struct recset		*rs;
	struct diag_list	*dl;
	const struct validate_opts *opts;
	const char		*prefix;
	struct buf		 name;
};

static int
selected(const struct validate_opts *opts, const char *path)
{
	size_t i, n;

	if (opts == NULL || opts->npaths == 0)
		return 1;
	for (i = 0; i < opts->npaths; i++) {
		n = strlen(opts->paths[i]);
		if (n == 0 || (strncmp(path, opts->paths[i], n) == 0 &&
		    (path[n] == '\0' || path[n] == '/' ||
		    opts->paths[i][n - 1] == '/')))
			return 1;
	}
	return 0;
}

static const struct ns_error *
feed_one(void *arg, const char *path, const unsigned char *data, size_t len)
{
	struct feed *f = arg;
	const struct ns_error *err;

	if (!selected(f->opts, path))
		return NULL;
	if (f->prefix) {
		buf_reset(&f->name);
		if ((err = buf_printf(&f->name, "%s%s", f->prefix, path)))
			return err;
		path = f->name.ptr;
	}
	if (data == NULL && len == 0)
		return diag_add(f->dl, DIAG_ERROR, path, 1, 1, NULL,
		    "not a regular file: records must be plain files "
		    "(no symbolic links)");
	if (data == NULL)
		return diag_add(f->dl, DIAG_ERROR, path, 1, 1, NULL,
		    "file is %zu bytes, larger than the limit of %u bytes for "
		    "a record", len, VALIDATE_MAX_RECORD);
	return recset_add(f->rs, f->dl, path, data, len);
}

static const struct ns_error *
check_config_file(struct diag_list *dl, struct workspace *ws,
    const struct schema_set *schemas, enum validate_source source)
{
	const struct ns_error *err = NULL;
	struct buf data = BUF_INIT, path = BUF_INIT;
	git_index *index = NULL;
	const git_index_entry *e;
	git_blob *blob = NULL;

	if (source == VALIDATE_STAGED) {
		if (git_repository_index(&index, ws->repo) < 0)
			return ns_error_from_git("index");
		e = git_index_get_bypath(index, "netsync.yaml", 0);
		if (e && git_blob_lookup(&blob, ws->repo, &e->id) == 0)
			err = buf_add(&data, git_blob_rawcontent(blob),
			    (size_t)git_blob_rawsize(blob));
		else if (e == NULL)
			goto done;	/* nothing staged: nothing to check */
	} else {
		if ((err = buf_printf(&path, "%s/netsync.yaml", ws->top)))
			goto done;
		err = buf_load_path(&data, path.ptr, 1u << 20);
	}
	if (err == NULL)
		err = check_config(dl, schemas, "netsync.yaml",
		    (const unsigned char *)data.ptr, data.len);
done:
	git_blob_free(blob);
	git_index_free(index);
	buf_dispose(&data);
	buf_dispose(&path);
	return err;
}

static const struct ns_error *
head_tree(git_tree **out, git_repository *repo)
{
	git_object *obj = NULL;
	int rc;

	*out = NULL;
	rc = git_revparse_single(&obj, repo, "HEAD^{tree}");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return NULL;	/* no commit yet: nothing committed */
	if (rc < 0)
		return ns_error_from_git("HEAD");
	*out = (git_tree *)obj;
	return NULL;
}

static const struct ns_error *
feed_source(struct feed *f, struct workspace *ws)
{
	const struct ns_error *err;
	git_tree *tree = NULL;

	switch (f->opts->source) {
	case VALIDATE_WORKTREE:
		return workspace_each_worktree_record(ws, VALIDATE_MAX_RECORD,
		    feed_one, f);
	case VALIDATE_STAGED:
		return workspace_each_index_record(ws, VALIDATE_MAX_RECORD,
		    feed_one, f);
	case VALIDATE_HEAD:
		err = head_tree(&tree, ws->repo);
		if (err == NULL && tree)
			err = repo_each_tree_record(ws->repo, tree,
			    VALIDATE_MAX_RECORD, feed_one, f);
		git_tree_free(tree);
		return err;
	}
	return NULL;
}

static const struct ns_error *
validate_peers(struct diag_list *dl, size_t *nrecords, struct workspace *ws,
    const struct schema_set *schemas)
{
	const struct ns_error *err = NULL;
	struct buf ref = BUF_INIT, prefix = BUF_INIT;
	git_object *obj = NULL;
	size_t i, n;

	for (i = 0; i < ws->config->npeers && err == NULL; i++) {
		const char *id = ws->config->peers[i].id;

		buf_reset(&ref);
		buf_reset(&prefix);
		if ((err = buf_printf(&ref, "refs/netsync/peers/%s^{tree}",
		    id)) || (err = buf_printf(&prefix, "%s:", id)))
			break;
		if (git_revparse_single(&obj, ws->repo, ref.ptr) < 0)
			continue;	/* never accepted: nothing to check */
		n = 0;
		err = validate_tree(dl, &n, ws->repo, (git_tree *)obj, id,
		    schemas, prefix.ptr);
		*nrecords += n;
		git_object_free(obj);
		obj = NULL;
	}
	buf_dispose(&ref);
	buf_dispose(&prefix);
	return err;
}

const struct ns_error *
validate_run(struct diag_list *dl, size_t *nrecords, struct workspace *ws,
    const struct schema_set *schemas, const struct validate_opts *opts)
{
	const struct ns_error *err;
	struct feed f;

	*nrecords = 0;
	memset(&f, 0, sizeof(f));
	f.dl = dl;
	f.opts = opts;
	err = recset_new(&f.rs, schemas, ws->config->federation);
	if (err)
		return err;
	if (opts->npaths == 0 && opts->source != VALIDATE_HEAD)
		err = check_config_file(dl, ws, schemas, opts->source);
	if (err == NULL)
		err = feed_source(&f, ws);
	if (err == NULL)
		err = recset_finish(f.rs, dl);
	*nrecords = recset_count(f.rs);
	if (err == NULL && opts->network)
		err = validate_peers(dl, nrecords, ws, schemas);
	recset_free(f.rs);
	buf_dispose(&f.name);
	return err;
}

const struct ns_error *
validate_tree(struct diag_list *dl, size_t *nrecords, git_repository *repo,
    const git_tree *tree, const char *owner,
    const struct schema_set *schemas, const char *prefix)
{
	const struct ns_error *err;
	struct feed f;

	*nrecords = 0;
	memset(&f, 0, sizeof(f));
	f.dl = dl;
	f.prefix = prefix;
	err = recset_new(&f.rs, schemas, owner);
	if (err)
		return err;
	err = repo_each_tree_record(repo, tree, VALIDATE_MAX_RECORD, feed_one,
	    &f);
	if (err == NULL)
		err = recset_finish(f.rs, dl);
	*nrecords = recset_count(f.rs);
	recset_free(f.rs);
	buf_dispose(&f.name);
	return err;
}
