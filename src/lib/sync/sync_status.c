/*
 * sync_status.c: the state of the repository around pulls: what `netsync
 * status` reports (uncommitted record changes, each peer's refs) and the
 * pull lock that makes stale ref locks of a killed pull safe to remove.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record/check.h"
#include "record/config.h"
#include "sync/sync.h"

const struct ns_error *
sync_tip_info(struct sync_tip_info *out, git_repository *repo,
    const char *name)
{
	git_commit *c = NULL;
	git_reflog *log = NULL;
	const git_reflog_entry *e;

	memset(out, 0, sizeof(*out));
	if (git_reference_name_to_id(&out->id, repo, name) != 0)
		return NULL;
	out->exists = 1;
	if (git_commit_lookup(&c, repo, &out->id) == 0) {
		out->commit_time = (long long)git_commit_time(c);
		out->commit_offset = git_commit_time_offset(c);
		git_commit_free(c);
	}
	if (git_reflog_read(&log, repo, name) == 0 &&
	    git_reflog_entrycount(log) > 0) {
		e = git_reflog_entry_byindex(log, 0);	/* the newest */
		out->logged = 1;
		out->logged_time =
		    (long long)git_reflog_entry_committer(e)->when.time;
	}
	git_reflog_free(log);
	return NULL;
}

static char
code_of(unsigned s, int index)
{
	if (index) {
		if (s & GIT_STATUS_INDEX_NEW) return 'A';
		if (s & GIT_STATUS_INDEX_MODIFIED) return 'M';
		if (s & GIT_STATUS_INDEX_DELETED) return 'D';
		if (s & GIT_STATUS_INDEX_RENAMED) return 'R';
		if (s & GIT_STATUS_INDEX_TYPECHANGE) return 'T';
		return ' ';
	}
	if (s & GIT_STATUS_WT_NEW) return '?';
	if (s & GIT_STATUS_WT_MODIFIED) return 'M';
	if (s & GIT_STATUS_WT_DELETED) return 'D';
	if (s & GIT_STATUS_WT_RENAMED) return 'R';
	if (s & GIT_STATUS_WT_TYPECHANGE) return 'T';
	if (s & GIT_STATUS_CONFLICTED) return 'U';
	return ' ';
}

static const struct ns_error *
add_change(struct sync_change **v, size_t *n, const git_status_entry *e)
{
	const git_diff_delta *d = e->index_to_workdir ? e->index_to_workdir :
	    e->head_to_index;
	struct sync_change *nv;

	if (d == NULL || !(check_is_record_path(d->new_file.path) ||
	    strcmp(d->new_file.path, "netsync.yaml") == 0))
		return NULL;
	nv = realloc(*v, (*n + 1) * sizeof(**v));
	if (nv == NULL)
		return ns_error(NS_ERR_NOMEM);
	*v = nv;
	nv[*n].code[0] = code_of(e->status, 1);
	nv[*n].code[1] = code_of(e->status, 0);
	if (e->status & GIT_STATUS_WT_NEW)
		nv[*n].code[0] = '?';
	nv[*n].code[2] = '\0';
	nv[*n].path = strdup(d->new_file.path);
	if (nv[*n].path == NULL)
		return ns_error(NS_ERR_NOMEM);
	(*n)++;
	return NULL;
}

const struct ns_error *
sync_local_changes(struct sync_change **out, size_t *n,
    git_repository *repo)
{
	const struct ns_error *err = NULL;
	git_status_options so;
	git_status_list *st = NULL;
	size_t i;

	*out = NULL;
	*n = 0;
	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
	if (git_status_list_new(&st, repo, &so) != 0)
		return ns_error_from_git("status");
	for (i = 0; i < git_status_list_entrycount(st) && err == NULL; i++)
		err = add_change(out, n, git_status_byindex(st, i));
	git_status_list_free(st);
	if (err) {
		sync_changes_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return err;
}

void
sync_changes_free(struct sync_change *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].path);
	free(v);
}

static const char *const ref_spaces[] = {
	"peers", "rejected", "previous", "incoming", "incoming-sig",
};

/* Remove stale lock files of one peer's refs and reflogs. */
static void
clear_stale_locks(const char *gitdir, const char *id)
{
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof(ref_spaces) / sizeof(ref_spaces[0]); i++) {
		snprintf(path, sizeof(path), "%s/refs/netsync/%s/%s.lock",
		    gitdir, ref_spaces[i], id);
		(void)unlink(path);
		snprintf(path, sizeof(path), "%s/logs/refs/netsync/%s/%s.lock",
		    gitdir, ref_spaces[i], id);
		(void)unlink(path);
	}
}

const struct ns_error *
sync_lock(int *fd_out, git_repository *repo, const struct config *cfg)
{
	struct flock fl;
	char path[4096];
	size_t i;
	int fd;

	*fd_out = -1;
	snprintf(path, sizeof(path), "%snetsync-pull.lock",
	    git_repository_path(repo));
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return ns_error_from_errno2("open", path);
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) != 0) {
		close(fd);
		return ns_error_fmt(NS_ERR_USAGE, "another netsync pull is "
		    "running in this repository");
	}
	for (i = 0; i < cfg->npeers; i++)
		clear_stale_locks(git_repository_path(repo),
		    cfg->peers[i].id);
	*fd_out = fd;
	return NULL;
}

void
sync_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
