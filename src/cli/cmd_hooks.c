/*
 * cmd_hooks.c: `netsync hooks install [--force]`: install the git hooks
 * compiled into netsync and configure the merge driver, in this
 * repository (a fresh clone needs it: git does not clone hooks or config).
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "repo/hooks_builtin.h"
#include "repo/repo.h"
#include "repo/setup.h"

void
usage_hooks(FILE *f)
{
	const struct hook_builtin *h;

	fprintf(f, "usage: netsync hooks install [--force]\n\n"
	    "Installs netsync's git hooks in this repository (core.hooksPath "
	    "when\nset, else .git/hooks), adds the merge driver for records "
	    "(.gitattributes,\nmerge.netsync.*) and sets "
	    "core.logAllRefUpdates=always, as 'netsync init'\ndoes.  Run it "
	    "in every fresh clone: git does not clone hooks or config.\n"
	    "A hook of yours that differs from netsync's is kept unless "
	    "--force.\n\n"
	    "  --force   replace such hooks; each is first renamed to\n"
	    "            <hook>.netsync-backup\n\nhooks:");
	for (h = hook_builtins; h->name; h++)
		fprintf(f, " %s", h->name);
	fprintf(f, "%s\n\nThe pre-commit hook runs 'netsync validate --staged' "
	    "(netsync from\n$NETSYNC or PATH) and refuses the commit when "
	    "records are invalid;\n'git commit --no-verify' skips it.  The "
	    "pre-push hook runs 'netsync push\n--check' and stops a push of "
	    "invalid committed records; 'git push\n--no-verify' skips it."
	    "\n\n"
	    "Exit status: 0 done, 2 a hook of yours was kept (the rest is "
	    "done)\nor a failure.\n", hook_builtins[0].name ? "" : " (none)");
}

static void
print_line(void *arg, const char *line)
{
	(void)arg;
	printf("%s\n", line);
}

int
cmd_hooks(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct ns_error *err;
	git_repository *repo = NULL;
	unsigned nkept = 0;
	int ch, force = 0, status;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "fh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		case 'h':
			usage_hooks(stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("hooks", "unknown option");
		}
	}
	if (argc - optind != 1 || strcmp(argv[optind], "install") != 0)
		return cli_usage_error("hooks", "expected 'netsync hooks "
		    "install [--force]'");
	err = repo_open(&repo, ".", REPO_OPEN_WORKTREE);
	if (err == NULL)
		err = setup_hooks_install(repo, force, &nkept, print_line,
		    NULL);
	if (err == NULL)
		err = setup_configure(repo, print_line, NULL);
	status = cli_report(err);
	if (status == EXIT_OK && nkept) {
		fprintf(stderr, "netsync hooks: %u hook%s of yours kept; "
		    "'netsync hooks install --force' replaces %s (with a "
		    "backup)\n", nkept, nkept == 1 ? "" : "s",
		    nkept == 1 ? "it" : "them");
		status = EXIT_USAGE;
	}
	git_repository_free(repo);
	return status;
}
