/*
 * validate.c: feed record files from one place (work tree, index, tree)
 * into a checker (vcheck.h: the record checks of check.h, on every CPU,
 * skipping what the validation cache knows to be valid).
 *
 * The source of the bytes matters for the pre-commit hook: what is checked
 * with --staged is the index, which may differ from the work tree.  The
 * index and trees name each record's blob id, so a cached record is not
 * even read.  A work-tree file's blob id is the index's when git would
 * call the file clean (same size, mtime, ctime and inode as recorded, and
 * changed before the index was written: not "racily clean"); otherwise
 * the file is read and hashed.
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "record/check.h"
#include "record/config.h"
#include "repo/workspace.h"
#include "validate/validate.h"
#include "validate/vcache.h"
#include "validate/vcheck.h"

struct feed {
	struct vcheck		*vc;
	struct diag_list	*dl;
	const struct validate_opts *opts;
	git_repository		*repo;
	struct buf		 path;		/* tree walks */
	const struct ns_error	*err;		/* tree walks */
	struct stat		 st;		/* of the file read next */
	int			 have_st;
	git_index		*index;		/* work tree: blob ids of clean files */
	int			 index_tried;	/* loaded at the first cache miss */
	struct timespec		 index_mtime;
	git_oid			 blob;		/* of the file read next */
	int			 have_blob;
	struct validate_counts	 counts;
};

/* git's ie_match_stat() and is_racy_timestamp(), for one regular file. */
static int
index_clean(const git_index_entry *e, const struct stat *st,
    const struct timespec *index_mtime)
{
	if ((e->mode & 0170000) != 0100000 || !S_ISREG(st->st_mode) ||
	    e->file_size != (uint32_t)st->st_size ||
	    e->ino != (uint32_t)st->st_ino ||
	    e->mtime.seconds != (int32_t)st->st_mtim.tv_sec ||
	    e->mtime.nanoseconds != (uint32_t)st->st_mtim.tv_nsec ||
	    e->ctime.seconds != (int32_t)st->st_ctim.tv_sec ||
	    e->ctime.nanoseconds != (uint32_t)st->st_ctim.tv_nsec)
		return 0;
	/* changed in the index's own clock tick: the stat data proves nothing */
	return st->st_mtim.tv_sec < index_mtime->tv_sec ||
	    (st->st_mtim.tv_sec == index_mtime->tv_sec &&
	    st->st_mtim.tv_nsec < index_mtime->tv_nsec);
}

/*
 * The index, if it can be read: only an optimisation, so never an error.
 * Loaded at the first file the cache does not know by its stat data, so
 * an unchanged repository does not pay for it.
 */
static void
feed_load_index(struct feed *f)
{
	struct stat st;

	f->index_tried = 1;
	if (git_repository_index(&f->index, f->repo) < 0) {
		f->index = NULL;
		return;
	}
	if (git_index_path(f->index) == NULL ||
	    stat(git_index_path(f->index), &st) == -1) {
		git_index_free(f->index);
		f->index = NULL;
		return;
	}
	f->index_mtime = st.st_mtim;
}

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

/* A record that is not read: a symbolic link (len 0) or too large. */
static const struct ns_error *
feed_unread(struct feed *f, const char *path, size_t len)
{
	const struct ns_error *err;

	/* findings stay in the order the records came */
	if ((err = vcheck_flush(f->vc)))
		return err;
	if (len == 0)
		return diag_add(f->dl, DIAG_ERROR, path, 1, 1, NULL,
		    "not a regular file: records must be plain files "
		    "(no symbolic links)");
	return diag_add(f->dl, DIAG_ERROR, path, 1, 1, NULL,
	    "file is %zu bytes, larger than the limit of %u bytes for "
	    "a record", len, VALIDATE_MAX_RECORD);
}

/*
 * Work-tree files, before they are read: one whose lstat() data the cache
 * knows is not read at all (what makes an unchanged repository cheap).
 */
static const struct ns_error *
feed_stat(void *arg, const char *path, const struct stat *st, int *skip)
{
	struct feed *f = arg;
	const struct ns_error *err;
	const git_index_entry *e;

	*skip = 0;
	f->have_st = 0;
	if (!selected(f->opts, path)) {
		*skip = 1;	/* not asked for: not even read */
		return NULL;
	}
	if ((err = vcheck_cached_stat(f->vc, skip, path, st)) || *skip)
		return err;
	f->st = *st;
	f->have_st = 1;
	f->have_blob = 0;
	if (!f->index_tried)
		feed_load_index(f);
	e = f->index ? git_index_get_bypath(f->index, path, 0) : NULL;
	if (e && index_clean(e, st, &f->index_mtime)) {
		git_oid_cpy(&f->blob, &e->id);
		f->have_blob = 1;
		/* known by content (a commit hook's run): not even read */
		err = vcheck_cached(f->vc, skip, path, &f->blob, st);
		if (err || *skip)
			f->have_st = f->have_blob = 0;
	}
	return err;
}

/* Work-tree files, read: hashed, then checked unless the cache knows them. */
static const struct ns_error *
feed_one(void *arg, const char *path, const unsigned char *data, size_t len)
{
	struct feed *f = arg;
	const struct ns_error *err;
	const struct stat *st = f->have_st ? &f->st : NULL;
	git_oid oid;
	int hit;

	f->have_st = 0;
	if (!selected(f->opts, path))
		return NULL;
	if (data == NULL)
		return feed_unread(f, path, len);
	f->counts.read++;
	if (f->have_blob) {
		f->have_blob = 0;
		/* the cache was asked in feed_stat() */
		return vcheck_add(f->vc, path, &f->blob, st, data, len);
	}
	f->counts.hashed++;
	vcache_blob_id(&oid, data, len);
	if ((err = vcheck_cached(f->vc, &hit, path, &oid, st)) || hit)
		return err;
	return vcheck_add(f->vc, path, &oid, st, data, len);
}

/* A blob of the index or a tree: read only when the cache misses. */
static const struct ns_error *
feed_blob(struct feed *f, const char *path, const git_oid *id, int regular)
{
	const struct ns_error *err;
	git_blob *blob = NULL;
	git_object_t type;
	git_odb *odb = NULL;
	size_t size;
	int hit;

	if (!selected(f->opts, path))
		return NULL;
	if (!regular)
		return feed_unread(f, path, 0);
	if ((err = vcheck_cached(f->vc, &hit, path, id, NULL)) || hit)
		return err;
	if (git_repository_odb(&odb, f->repo) < 0)
		return ns_error_from_git("odb");
	/* the size from the object header, before the blob is read */
	if (git_odb_read_header(&size, &type, odb, id) < 0)
		err = ns_error_from_git(path);
	else if (size > VALIDATE_MAX_RECORD)
		err = feed_unread(f, path, size);
	else if (git_blob_lookup(&blob, f->repo, id) < 0)
		err = ns_error_from_git(path);
	else
		err = vcheck_add(f->vc, path, id, NULL,
		    git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	git_odb_free(odb);
	return err;
}

static const struct ns_error *
feed_index(struct feed *f)
{
	const struct ns_error *err = NULL;
	const git_index_entry *e;
	git_index *index = NULL;
	size_t i, n;

	if (git_repository_index(&index, f->repo) < 0)
		return ns_error_from_git("index");
	n = git_index_entrycount(index);
	for (i = 0; i < n && err == NULL; i++) {
		e = git_index_get_byindex(index, i);
		if (e && git_index_entry_stage(e) == 0 &&
		    check_is_record_path(e->path))
			err = feed_blob(f, e->path, &e->id,
			    (e->mode & 0170000) == 0100000);
	}
	git_index_free(index);
	return err;
}

static int
tree_walk_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	struct feed *f = payload;
	git_filemode_t mode = git_tree_entry_filemode(entry);

	if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
		return 0;
	buf_reset(&f->path);
	f->err = buf_printf(&f->path, "%s%s", root, git_tree_entry_name(entry));
	if (f->err == NULL && check_is_record_path(f->path.ptr))
		f->err = feed_blob(f, f->path.ptr, git_tree_entry_id(entry),
		    mode == GIT_FILEMODE_BLOB ||
		    mode == GIT_FILEMODE_BLOB_EXECUTABLE);
	return f->err ? -1 : 0;
}

/* Every record blob of 'tree', in path order (git_tree_walk's order). */
static const struct ns_error *
feed_tree(struct feed *f, const git_tree *tree)
{
	int rc;

	f->err = NULL;
	rc = git_tree_walk(tree, GIT_TREEWALK_PRE, tree_walk_cb, f);
	if (f->err)
		return f->err;
	return rc < 0 ? ns_error_from_git("tree walk") : NULL;
}

/*
 * netsync.yaml, through the cache like a record (but not counted as one):
 * the schemas are compiled only when it changed.
 */
static const struct ns_error *
check_config_file(struct vcheck *vc, struct diag_list *dl,
    struct workspace *ws, enum validate_source source)
{
	const struct schema_set *schemas;
	const struct ns_error *err = NULL;
	struct buf data = BUF_INIT, path = BUF_INIT;
	git_index *index = NULL;
	const git_index_entry *e;
	git_blob *blob = NULL;
	struct stat st, *stp = NULL;
	size_t before = dl->n;
	git_oid id;
	int hit = 0;

	if (source == VALIDATE_STAGED) {
		if (git_repository_index(&index, ws->repo) < 0)
			return ns_error_from_git("index");
		e = git_index_get_bypath(index, "netsync.yaml", 0);
		if (e == NULL)
			goto done;	/* nothing staged: nothing to check */
		id = e->id;
		if ((err = vcheck_cache_has(vc, &hit, "netsync.yaml", &id,
		    NULL)) || hit)
			goto done;
		if (git_blob_lookup(&blob, ws->repo, &e->id) == 0)
			err = buf_add(&data, git_blob_rawcontent(blob),
			    (size_t)git_blob_rawsize(blob));
	} else {
		if ((err = buf_printf(&path, "%s/netsync.yaml", ws->top)))
			goto done;
		if (lstat(path.ptr, &st) == 0 && S_ISREG(st.st_mode))
			stp = &st;
		/* by stat data before it is read, else by content */
		if ((err = vcheck_cache_has(vc, &hit, "netsync.yaml", NULL,
		    stp)) || hit)
			goto done;
		err = buf_load_path(&data, path.ptr, CONFIG_MAX_SIZE);
		if (err == NULL)
			vcache_blob_id(&id, data.ptr ? data.ptr : "", data.len);
		if (err || (err = vcheck_cache_has(vc, &hit, "netsync.yaml",
		    &id, stp)) || hit)
			goto done;
	}
	if (err == NULL)
		err = vcheck_schemas(vc, &schemas);
	if (err == NULL)
		err = check_config(dl, schemas, "netsync.yaml",
		    (const unsigned char *)data.ptr, data.len);
	if (err == NULL && dl->n == before && dl->dropped == 0)
		err = vcheck_cache_put(vc, "netsync.yaml", &id, stp);
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
		return workspace_each_worktree_record_stat(ws,
		    VALIDATE_MAX_RECORD, feed_stat, feed_one, f);
	case VALIDATE_STAGED:
		return feed_index(f);
	case VALIDATE_HEAD:
		err = head_tree(&tree, ws->repo);
		if (err == NULL && tree)
			err = feed_tree(f, tree);
		git_tree_free(tree);
		return err;
	}
	return NULL;
}

static const struct ns_error *
validate_peers(struct diag_list *dl, size_t *nrecords, struct workspace *ws,
    struct schema_lazy *schemas)
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

/* A checker for 'owner' with the cache of 'repo' (.git/netsync/cache). */
static const struct ns_error *
feed_start(struct feed *f, struct diag_list *dl, git_repository *repo,
    struct schema_lazy *schemas, const char *owner)
{
	const struct ns_error *err;
	struct buf cache = BUF_INIT;

	memset(f, 0, sizeof(*f));
	f->dl = dl;
	f->repo = repo;
	/* git_repository_path() ends with a slash */
	err = buf_printf(&cache, "%snetsync/cache", git_repository_path(repo));
	if (err == NULL)
		err = vcheck_new(&f->vc, dl, schemas, owner, cache.ptr);
	buf_dispose(&cache);
	return err;
}

static void
feed_dispose(struct feed *f)
{
	git_index_free(f->index);
	vcheck_free(f->vc);
	buf_dispose(&f->path);
}

const struct ns_error *
validate_run(struct diag_list *dl, size_t *nrecords, struct workspace *ws,
    struct schema_lazy *schemas, const struct validate_opts *opts)
{
	const struct ns_error *err;
	struct feed f;

	*nrecords = 0;
	err = feed_start(&f, dl, ws->repo, schemas, ws->config->federation);
	f.opts = opts;
	if (err == NULL && opts->npaths == 0 && opts->source != VALIDATE_HEAD)
		err = check_config_file(f.vc, dl, ws, opts->source);
	if (err == NULL)
		err = feed_source(&f, ws);
	if (err == NULL)
		err = vcheck_finish(f.vc, nrecords);
	if (opts->counts)
		*opts->counts = f.counts;
	if (err == NULL && opts->network)
		err = validate_peers(dl, nrecords, ws, schemas);
	feed_dispose(&f);
	return err;
}

const struct ns_error *
validate_tree(struct diag_list *dl, size_t *nrecords, git_repository *repo,
    const git_tree *tree, const char *owner,
    struct schema_lazy *schemas, const char *prefix)
{
	const struct ns_error *err;
	struct feed f;

	*nrecords = 0;
	err = feed_start(&f, dl, repo, schemas, owner);
	/* keyed by the bare path, as pull's gate keys the same records */
	if (err == NULL)
		err = vcheck_set_prefix(f.vc, prefix);
	if (err == NULL)
		err = feed_tree(&f, tree);
	if (err == NULL)
		err = vcheck_finish(f.vc, nrecords);
	feed_dispose(&f);
	return err;
}
