/*
 * overview_load.c: feed the combined model from a git repository.
 *
 * Only committed data counts: HEAD's tree for this repository and the
 * tree of refs/netsync/peers/<id> for each peer named in netsync.yaml,
 * read from git's object store (never the work tree, never
 * refs/netsync/rejected/<id>).  A record is a mode 100644 blob under
 * records/ whose name ends in ".yaml".  A peer's "last pulled" time is
 * the newest entry of its ref's reflog: sync appends one on every accept,
 * a no-op pull included.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "base/buf.h"
#include "base/util.h"
#include "overview/overview_int.h"
#include "record/config.h"
#include "repo/repo.h"
#include "yaml/ytree.h"

#define PEERS_REF	"refs/netsync/peers/"

struct walk_ctx {
	struct overview		*ov;
	git_repository		*repo;
	const char		*fed;
	const char		*prefix;	/* "" or "<ref>:" */
	const struct ns_error	*err;
};

/* Read the blob at 'path' of 'tree' into 'out' (NS_ERR_NOT_FOUND). */
static const struct ns_error *
read_blob(struct buf *out, git_repository *repo, git_tree *tree,
    const char *path)
{
	const struct ns_error *err = NULL;
	git_tree_entry *e = NULL;
	git_blob *blob = NULL;

	if (git_tree_entry_bypath(&e, tree, path) < 0)
		return ns_error_fmt(NS_ERR_NOT_FOUND, "%s: not committed",
		    path);
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		err = ns_error_fmt(NS_ERR_NOT_FOUND, "%s: not a file", path);
	else if (git_blob_lookup(&blob, repo, git_tree_entry_id(e)) < 0)
		err = ns_error_from_git(path);
	else
		err = buf_add(out, git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	git_tree_entry_free(e);
	return err;
}

/* netsync.yaml of HEAD's tree. */
static const struct ns_error *
config_read(struct config **out, git_repository *repo, git_tree *tree)
{
	const struct ns_error *err;
	struct buf data = BUF_INIT;

	*out = NULL;
	err = read_blob(&data, repo, tree, "netsync.yaml");
	if (err && err->code == NS_ERR_NOT_FOUND)
		err = ns_error_fmt(NS_ERR_NOT_REPO, "netsync.yaml is not "
		    "committed: not a federation repository");
	if (err == NULL)
		err = config_parse(out, "netsync.yaml",
		    (const unsigned char *)data.ptr, data.len);
	buf_dispose(&data);
	return err;
}

static int
ends_with_yaml(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".yaml") == 0;
}

static int
walk_cb(const char *root, const git_tree_entry *e, void *arg)
{
	struct walk_ctx *w = arg;
	struct buf display = BUF_INIT;
	git_blob *blob = NULL;
	const char *name = git_tree_entry_name(e);

	if (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB ||
	    !ends_with_yaml(name))
		return 0;
	w->err = buf_printf(&display, "%srecords/%s%s", w->prefix, root, name);
	if (w->err == NULL &&
	    git_blob_lookup(&blob, w->repo, git_tree_entry_id(e)) < 0)
		w->err = ns_error_from_git("read blob");
	if (w->err == NULL)
		w->err = overview_add_record(w->ov, w->fed, display.ptr,
		    git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	buf_dispose(&display);
	return w->err ? -1 : 0;
}

/* Every record under records/ of 'tree'. */
static const struct ns_error *
load_records(struct overview *ov, git_repository *repo, git_tree *tree,
    const char *fed, const char *prefix)
{
	struct walk_ctx w = { ov, repo, fed, prefix, NULL };
	git_tree_entry *e = NULL;
	git_tree *records = NULL;
	const struct ns_error *err = NULL;

	if (git_tree_entry_bypath(&e, tree, "records") < 0)
		return NULL;	/* no records yet */
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		if (git_tree_lookup(&records, repo, git_tree_entry_id(e)) < 0)
			err = ns_error_from_git("read records/");
		else if (git_tree_walk(records, GIT_TREEWALK_PRE, walk_cb,
		    &w) < 0)
			err = w.err ? w.err :
			    ns_error_from_git("walk records/");
	}
	git_tree_free(records);
	git_tree_entry_free(e);
	return err;
}

/*
 * When 'ref' last moved: its newest reflog entry (0 in *known when there is
 * none).  Not reflog.h's reflog_newest(): the time is the latest of any
 * entry, whatever the order of the lines.
 */
static void
last_pulled(git_repository *repo, const char *ref, long long *when,
    int *known)
{
	git_reflog *log = NULL;
	const git_signature *sig;
	size_t i, n;

	*when = 0;
	*known = 0;
	if (git_reflog_read(&log, repo, ref) < 0)
		return;
	n = git_reflog_entrycount(log);
	for (i = 0; i < n; i++) {
		sig = git_reflog_entry_committer(
		    git_reflog_entry_byindex(log, i));
		if (sig && (!*known || (long long)sig->when.time > *when)) {
			*when = (long long)sig->when.time;
			*known = 1;
		}
	}
	git_reflog_free(log);
}

/*
 * The name in the peer's own netsync.yaml, when it is the peer's (its
 * profile record, if any, still wins).  Unreadable: no name, no error.
 */
static const struct ns_error *
peer_name(char **out, git_repository *repo, git_tree *tree, const char *id)
{
	const struct ns_error *err;
	struct config *cfg = NULL;
	struct buf data = BUF_INIT;

	*out = NULL;
	err = read_blob(&data, repo, tree, "netsync.yaml");
	if (err == NULL)
		err = config_parse(&cfg, "netsync.yaml",
		    (const unsigned char *)data.ptr, data.len);
	if (err == NULL && cfg->name && strcmp(cfg->federation, id) == 0) {
		*out = strdup(cfg->name);
		if (*out == NULL)
			err = ns_error(NS_ERR_NOMEM);
	} else if (err && err->code != NS_ERR_NOMEM)
		err = NULL;
	config_free(cfg);
	buf_dispose(&data);
	return err;
}

/* One peer: its accepted tip, if it has one. */
static const struct ns_error *
load_peer(struct overview *ov, git_repository *repo, const char *id)
{
	const struct ns_error *err = NULL;
	struct buf ref = BUF_INIT, prefix = BUF_INIT, label = BUF_INIT;
	git_object *obj = NULL;
	char *name = NULL;
	long long when;
	int known;

	/* findings name a peer's file as pull does: <id>:records/... */
	err = buf_printf(&ref, PEERS_REF "%s", id);
	if (err == NULL)
		err = buf_printf(&prefix, "%s:", ref.ptr);
	if (err == NULL)
		err = buf_printf(&label, "%s:", id);
	if (err)
		goto done;
	if (git_revparse_single(&obj, repo, ref.ptr) < 0) {
		/* configured but never pulled (or only rejected) */
		err = overview_add_source(ov, id, NULL, ref.ptr, 0, 0, 0);
		goto done;
	}
	git_object_free(obj);
	obj = NULL;
	if (git_revparse_single(&obj, repo, prefix.ptr) < 0) {
		err = ns_error_from_git(ref.ptr);
		goto done;
	}
	last_pulled(repo, ref.ptr, &when, &known);
	err = peer_name(&name, repo, (git_tree *)obj, id);
	if (err == NULL)
		err = overview_add_source(ov, id, name, ref.ptr, 1, when,
		    known);
	if (err == NULL)
		err = load_records(ov, repo, (git_tree *)obj, id, label.ptr);
done:
	free(name);
	git_object_free(obj);
	buf_dispose(&ref);
	buf_dispose(&prefix);
	buf_dispose(&label);
	return err;
}

static const struct ns_error *
open_head(git_repository **repo, git_commit **head, git_tree **tree,
    const char *path)
{
	const struct ns_error *err;
	git_object *obj = NULL;

	err = repo_open(repo, path, REPO_OPEN_BARE_OK);
	if (err != NULL)
		return err;
	if (git_revparse_single(&obj, *repo, "HEAD^{commit}") < 0)
		return ns_error_fmt(NS_ERR_NOT_REPO, "nothing committed yet: "
		    "the overview shows committed records only");
	*head = (git_commit *)obj;
	if (git_commit_tree(tree, *head) < 0)
		return ns_error_from_git("HEAD");
	return NULL;
}

const struct ns_error *
overview_load(struct overview **out, const char *repo_path)
{
	const struct ns_error *err;
	struct config *cfg = NULL;
	git_repository *repo = NULL;
	git_commit *head = NULL;
	git_tree *tree = NULL;
	struct overview *ov = NULL;
	size_t i;

	*out = NULL;
	err = open_head(&repo, &head, &tree, repo_path);
	if (err == NULL)
		err = config_read(&cfg, repo, tree);
	if (err == NULL)
		err = overview_new(&ov, cfg->federation, cfg->network);
	if (err == NULL)
		err = overview_add_source(ov, cfg->federation, cfg->name,
		    "HEAD", 1, (long long)git_commit_time(head), 1);
	if (err == NULL)
		err = load_records(ov, repo, tree, cfg->federation, "");
	for (i = 0; cfg && i < cfg->npeers && err == NULL; i++)
		if (slug_valid(cfg->peers[i].id) &&
		    strcmp(cfg->peers[i].id, cfg->federation) != 0)
			err = load_peer(ov, repo, cfg->peers[i].id);
	if (err == NULL)
		err = overview_finish(ov);
	if (err == NULL) {
		*out = ov;
		ov = NULL;
	}
	overview_free(ov);
	config_free(cfg);
	git_tree_free(tree);
	git_commit_free(head);
	git_repository_free(repo);
	return err;
}
