/*
 * workspace.c: opening a federation repository and reading its records from
 * the work tree, the index or a tree, always in path order so that output
 * is deterministic.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "record/check.h"
#include "record/config.h"
#include "repo/repo.h"
#include "repo/workspace.h"

#include <git2/sys/repository.h>

static const struct ns_error *
open_repo(struct workspace **out, const char *dir, int with_config)
{
	const struct ns_error *err = NULL;
	struct workspace *ws;
	struct buf path = BUF_INIT, text = BUF_INIT;
	const char *wd;
	size_t n;

	*out = NULL;
	ws = calloc(1, sizeof(*ws));
	if (ws == NULL)
		return ns_error(NS_ERR_NOMEM);
	err = repo_open(&ws->repo, dir, REPO_OPEN_WORKTREE);
	if (err != NULL)
		goto done;
	wd = git_repository_workdir(ws->repo);
	/* resolved, so paths given on the command line compare with it */
	ws->top = realpath(wd, NULL);
	if (ws->top == NULL) {
		err = ns_error(NS_ERR_NOMEM);
		goto done;
	}
	n = strlen(ws->top);
	if (n > 1 && ws->top[n - 1] == '/')
		ws->top[n - 1] = '\0';
	if (!with_config)
		goto done;
	if ((err = buf_printf(&path, "%s/netsync.yaml", ws->top)))
		goto done;
	if (access(path.ptr, F_OK) == -1) {
		err = ns_error_fmt(NS_ERR_NOT_REPO, "no netsync.yaml at the "
		    "top of %s (run 'netsync init' there)", ws->top);
		goto done;
	}
	/* messages name it as the user sees it, from the top */
	err = buf_load_path(&text, path.ptr, CONFIG_MAX_SIZE);
	if (err == NULL)
		err = config_parse(&ws->config, "netsync.yaml",
		    (const unsigned char *)text.ptr, text.len);
done:
	buf_dispose(&path);
	buf_dispose(&text);
	if (err)
		workspace_free(ws);
	else
		*out = ws;
	return err;
}

const struct ns_error *
workspace_open(struct workspace **out, const char *dir)
{
	return open_repo(out, dir, 1);
}

const struct ns_error *
workspace_open_bare(struct workspace **out, const char *dir)
{
	return open_repo(out, dir, 0);
}

void
workspace_free(struct workspace *ws)
{
	if (ws == NULL)
		return;
	git_repository_free(ws->repo);
	config_free(ws->config);
	free(ws->top);
	free(ws);
}

const struct ns_error *
workspace_use_index(struct workspace *ws, const char *path)
{
	git_index *index = NULL;
	int rc;

	if (git_index_open(&index, path) < 0)
		return ns_error_from_git(path);
	rc = git_repository_set_index(ws->repo, index);
	git_index_free(index);	/* the repository holds its own reference */
	return rc < 0 ? ns_error_from_git("set index") : NULL;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory's entry names: all in one buffer, v[] pointing into it. */
struct names {
	struct buf	  text;
	char		**v;
	size_t		  n;
};

static void
names_dispose(struct names *nm)
{
	buf_dispose(&nm->text);
	free(nm->v);
}

/*
 * The entries of the open directory 'd', sorted.  The names are read first
 * and visited after, so the order never depends on the file system.
 */
static const struct ns_error *
names_read(struct names *nm, DIR *d)
{
	const struct ns_error *err;
	struct dirent *de;
	size_t i, off;

	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((err = buf_add(&nm->text, de->d_name,
		    strlen(de->d_name) + 1)))
			return err;
		nm->n++;
	}
	nm->v = malloc((nm->n + 1) * sizeof(*nm->v));
	if (nm->v == NULL)
		return ns_error(NS_ERR_NOMEM);
	/* the buffer has stopped moving: now the pointers can be taken */
	for (i = 0, off = 0; i < nm->n; i++) {
		nm->v[i] = nm->text.ptr + off;
		off += strlen(nm->v[i]) + 1;
	}
	if (nm->n > 1)
		qsort(nm->v, nm->n, sizeof(*nm->v), cmp_names);
	return NULL;
}

/*
 * The walk goes by directory descriptors (fstatat, openat) so the kernel
 * resolves each name in its directory, not the whole path from the root.
 */
struct walk {
	size_t		 max_size;
	record_stat_cb	 pre;
	record_cb	 cb;
	void		*arg;
	struct buf	 data;
	unsigned	 depth;
};

static const struct ns_error *walk_dir(struct walk *, int at,
    const char *name, const char *rel);

static const struct ns_error *
walk_file(struct walk *w, int dfd, const char *name, const char *rel)
{
	const struct ns_error *err;
	int fd;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd == -1)
		return ns_error_from_errno2("open", rel);
	buf_reset(&w->data);
	err = buf_load_fd(&w->data, fd, rel, w->max_size);
	close(fd);
	if (err == NULL)
		err = w->cb(w->arg, rel, (const unsigned char *)w->data.ptr,
		    w->data.len);
	return err;
}

static const struct ns_error *
walk_entry(struct walk *w, int dfd, const char *name, const char *rel)
{
	const struct ns_error *err = NULL;
	struct stat st;
	int skip = 0;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return ns_error_from_errno2("stat", rel);
	if (S_ISDIR(st.st_mode))
		return walk_dir(w, dfd, name, rel);
	if (!check_is_record_path(rel))
		return NULL;
	if (!S_ISREG(st.st_mode))
		return w->cb(w->arg, rel, NULL, 0);
	if ((size_t)st.st_size > w->max_size)
		return w->cb(w->arg, rel, NULL, (size_t)st.st_size);
	if (w->pre && ((err = w->pre(w->arg, rel, &st, &skip)) || skip))
		return err;
	return walk_file(w, dfd, name, rel);
}

static const struct ns_error *
walk_dir(struct walk *w, int at, const char *name, const char *rel)
{
	const struct ns_error *err = NULL;
	struct names nm = { BUF_INIT, NULL, 0 };
	struct buf sub = BUF_INIT;
	DIR *d = NULL;
	size_t i;
	int fd;

	if (++w->depth > 32) {
		err = ns_error_fmt(NS_ERR_LIMIT, "%s: directories nested "
		    "too deeply", rel);
		goto done;
	}
	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
	    O_NOFOLLOW);
	if (fd == -1) {
		if (errno != ENOENT)
			err = ns_error_from_errno2("opendir", rel);
		goto done;
	}
	if ((d = fdopendir(fd)) == NULL) {
		err = ns_error_from_errno2("opendir", rel);
		close(fd);
		goto done;
	}
	err = names_read(&nm, d);
	for (i = 0; i < nm.n && err == NULL; i++) {
		buf_reset(&sub);
		if ((err = buf_puts(&sub, rel)) || (err = buf_putc(&sub, '/')) ||
		    (err = buf_puts(&sub, nm.v[i])))
			break;
		err = walk_entry(w, dirfd(d), nm.v[i], sub.ptr);
	}
done:
	w->depth--;
	if (d)
		closedir(d);
	names_dispose(&nm);
	buf_dispose(&sub);
	return err;
}

const struct ns_error *
workspace_each_worktree_record(struct workspace *ws, size_t max_size,
    record_cb cb, void *arg)
{
	return workspace_each_worktree_record_stat(ws, max_size, NULL, cb,
	    arg);
}

const struct ns_error *
workspace_each_worktree_record_stat(struct workspace *ws, size_t max_size,
    record_stat_cb pre, record_cb cb, void *arg)
{
	const struct ns_error *err;
	struct walk w;

	struct buf dir = BUF_INIT;

	memset(&w, 0, sizeof(w));
	w.max_size = max_size;
	w.pre = pre;
	w.cb = cb;
	w.arg = arg;
	err = buf_printf(&dir, "%s/records", ws->top);
	if (err == NULL)
		err = walk_dir(&w, AT_FDCWD, dir.ptr, "records");
	buf_dispose(&w.data);
	buf_dispose(&dir);
	return err;
}

static const struct ns_error *
blob_record(git_repository *repo, const git_oid *id, const char *path,
    size_t max_size, record_cb cb, void *arg)
{
	const struct ns_error *err;
	git_odb *odb = NULL;
	git_object_t type;
	git_blob *blob = NULL;
	size_t size;

	if (git_repository_odb(&odb, repo) < 0)
		return ns_error_from_git("odb");
	/* the size from the object header, before the blob is read */
	if (git_odb_read_header(&size, &type, odb, id) < 0) {
		err = ns_error_from_git(path);
		goto done;
	}
	if (size > max_size) {
		err = cb(arg, path, NULL, size);
		goto done;
	}
	if (git_blob_lookup(&blob, repo, id) < 0) {
		err = ns_error_from_git(path);
		goto done;
	}
	err = cb(arg, path, git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob));
done:
	git_blob_free(blob);
	git_odb_free(odb);
	return err;
}

const struct ns_error *
workspace_each_index_record(struct workspace *ws, size_t max_size,
    record_cb cb, void *arg)
{
	const struct ns_error *err = NULL;
	const git_index_entry *e;
	git_index *index = NULL;
	size_t i, n;

	if (git_repository_index(&index, ws->repo) < 0)
		return ns_error_from_git("index");
	n = git_index_entrycount(index);
	for (i = 0; i < n && err == NULL; i++) {
		e = git_index_get_byindex(index, i);
		if (e == NULL || git_index_entry_stage(e) != 0 ||
		    !check_is_record_path(e->path))
			continue;
		if ((e->mode & 0170000) != 0100000)
			err = cb(arg, e->path, NULL, 0);
		else
			err = blob_record(ws->repo, &e->id, e->path, max_size,
			    cb, arg);
	}
	git_index_free(index);
	return err;
}

struct tree_walk {
	git_repository		*repo;
	size_t			 max_size;
	record_cb		 cb;
	void			*arg;
	const struct ns_error	*err;
	struct buf		 path;
};

static int
tree_walk_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	struct tree_walk *w = payload;
	git_filemode_t mode = git_tree_entry_filemode(entry);

	if (git_tree_entry_type(entry) == GIT_OBJECT_TREE)
		return 0;
	buf_reset(&w->path);
	w->err = buf_printf(&w->path, "%s%s", root, git_tree_entry_name(entry));
	if (w->err)
		return -1;
	if (!check_is_record_path(w->path.ptr))
		return 0;
	if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
		w->err = w->cb(w->arg, w->path.ptr, NULL, 0);
	else
		w->err = blob_record(w->repo, git_tree_entry_id(entry),
		    w->path.ptr, w->max_size, w->cb, w->arg);
	return w->err ? -1 : 0;
}

const struct ns_error *
repo_each_tree_record(git_repository *repo, const git_tree *tree,
    size_t max_size, record_cb cb, void *arg)
{
	struct tree_walk w;
	int rc;

	memset(&w, 0, sizeof(w));
	w.repo = repo;
	w.max_size = max_size;
	w.cb = cb;
	w.arg = arg;
	rc = git_tree_walk(tree, GIT_TREEWALK_PRE, tree_walk_cb, &w);
	buf_dispose(&w.path);
	if (w.err)
		return w.err;
	if (rc < 0)
		return ns_error_from_git("tree walk");
	return NULL;
}

const struct ns_error *
repo_read_tree_file(struct buf *out, git_repository *repo,
    const git_tree *tree, const char *path, size_t max_size)
{
	const struct ns_error *err = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;

	if (git_tree_entry_bypath(&e, tree, path) < 0)
		return ns_error_fmt(NS_ERR_NOT_FOUND, "%s: not in the tree",
		    path);
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		err = ns_error_fmt(NS_ERR_INVALID, "%s: not a file", path);
		goto done;
	}
	if (git_blob_lookup(&blob, repo, git_tree_entry_id(e)) < 0) {
		err = ns_error_from_git(path);
		goto done;
	}
	if ((size_t)git_blob_rawsize(blob) > max_size) {
		err = ns_error_fmt(NS_ERR_LIMIT, "%s: larger than %zu bytes",
		    path, max_size);
		goto done;
	}
	buf_reset(out);
	err = buf_add(out, git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob));
done:
	git_blob_free(blob);
	git_tree_entry_free(e);
	return err;
}

static const struct ns_error *
relative_to_top(struct buf *out, const struct workspace *ws, const char *abs,
    const char *base, const char *given)
{
	size_t n = strlen(ws->top);

	buf_reset(out);
	if (strncmp(abs, ws->top, n) != 0 || (abs[n] != '/' && abs[n] != '\0'))
		return ns_error_fmt(NS_ERR_USAGE, "%s is outside the "
		    "repository %s", given, ws->top);
	if (abs[n] == '\0')
		return buf_puts(out, base ? base : "");
	if (base)
		return buf_printf(out, "%s/%s", abs + n + 1, base);
	return buf_puts(out, abs + n + 1);
}

const struct ns_error *
workspace_relpath(struct buf *out, const struct workspace *ws,
    const char *path)
{
	const struct ns_error *err;
	char *abs, *dir, *slash;

	/* an existing path resolves whole; a missing file by its directory */
	abs = realpath(path, NULL);
	if (abs) {
		err = relative_to_top(out, ws, abs, NULL, path);
		free(abs);
		return err;
	}
	dir = strdup(path);
	if (dir == NULL)
		return ns_error(NS_ERR_NOMEM);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	abs = realpath(slash ? (dir[0] ? dir : "/") : ".", NULL);
	if (abs == NULL)
		err = ns_error_from_errno2("realpath", path);
	else
		err = relative_to_top(out, ws, abs, slash ? slash + 1 : dir,
		    path);
	free(abs);
	free(dir);
	return err;
}
