/*
 * fetch.c: the libgit2 reference for `make bench`: fetch the branch
 * 'main' of every URL into REPO, all in one process, as refs/bench/<i>:
 *
 *   fetch REPO URL...
 *
 * This is the least a pull of N peers must do over the network (no
 * validation, no signature check), so pull is reported as a ratio to it.
 */
#include <stdio.h>

#include <git2.h>

static int
fail(const char *what)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "fetch: %s: %s\n", what, e ? e->message : "failed");
	return 1;
}

int
main(int argc, char *argv[])
{
	git_fetch_options fo;
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	char spec[64], *specs[1] = { spec };
	git_strarray refspecs = { specs, 1 };
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: fetch REPO URL...\n");
		return 2;
	}
	git_libgit2_init();
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	if (git_repository_open(&repo, argv[1]) < 0)
		return fail(argv[1]);
	fo.update_fetchhead = 0;
	for (i = 2; i < argc && rc == 0; i++) {
		snprintf(spec, sizeof(spec), "+refs/heads/main:refs/bench/%d",
		    i - 2);
		if (git_remote_create_anonymous(&remote, repo, argv[i]) < 0 ||
		    git_remote_fetch(remote, &refspecs, &fo, NULL) < 0)
			rc = fail(argv[i]);
		git_remote_free(remote);
		remote = NULL;
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
