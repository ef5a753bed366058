/*
 * repo.c: libgit2's start-up and the repository opener (repo.h).
 */
#include <stdlib.h>

#include <git2.h>

#include "repo/repo.h"
#include "repo/tlsdefer.h"

const struct ns_error *
repo_lib_init(void)
{
	const char *file = getenv("GIT_SSL_CAINFO");
	const char *dir = getenv("GIT_SSL_CAPATH");

	tlsdefer_libgit2_init();
	/*
	 * libgit2 maps up to 8 GiB of pack files by default, and every page
	 * the gate reads stays in the process: a first pull of 100 peers x
	 * 10,000 records peaked at 1.15 GB.  Past this, the least recently
	 * used windows are unmapped (same speed here, 62 MB at 10 peers).
	 */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)64 << 20);
	if (file != NULL || dir != NULL)
		return tlsdefer_set_ca(file, dir);
	return NULL;
}

void
repo_lib_shutdown(void)
{
	git_libgit2_shutdown();
}

const struct ns_error *
repo_open(git_repository **out, const char *dir, unsigned flags)
{
	*out = NULL;
	if (git_repository_open_ext(out, dir, (flags & REPO_OPEN_NO_SEARCH) ?
	    GIT_REPOSITORY_OPEN_NO_SEARCH : 0, NULL) < 0)
		return ns_error_fmt(NS_ERR_NOT_REPO, "%s is not inside a git "
		    "repository (run 'netsync init' to make one)", dir);
	if (git_repository_workdir(*out) == NULL &&
	    (flags & REPO_OPEN_BARE_OK) == 0) {
		const struct ns_error *err = ns_error_fmt(NS_ERR_NOT_REPO,
		    "%s is a bare repository; netsync needs a work tree",
		    git_repository_path(*out));

		git_repository_free(*out);
		*out = NULL;
		return err;
	}
	return NULL;
}
