/*
 * main.c: global options, the command table and dispatch; nothing else.
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repo/repo.h"

#ifndef NETSYNC_VERSION
#define NETSYNC_VERSION "0.0.0"
#endif

const struct cmd cli_commands[] = {
	{ "init", cmd_init, usage_init,
	    "make a directory a federation repository" },
	{ "validate", cmd_validate, usage_validate,
	    "check records against the schemas" },
	{ "new", cmd_new, usage_new, "write a record skeleton to edit" },
	{ "peer", cmd_peer, usage_peer, "add, list or remove peer federations" },
	{ "pull", cmd_pull, usage_pull,
	    "integrate origin and fetch every peer" },
	{ "push", cmd_push, usage_push, "validate, sign and push to origin" },
	{ "status", cmd_status, usage_status, "show this repository's state" },
	{ "overview", cmd_overview, usage_overview,
	    "generate the combined network overview" },
	{ "key", cmd_key, usage_key, "generate or show the signing key" },
	{ "merge-driver", cmd_merge_driver, usage_merge_driver,
	    "git merge driver for records (field-level)" },
	{ "hooks", cmd_hooks, usage_hooks, "install the git hooks" },
	{ "help", cmd_help, usage_help, "show help for netsync or a command" },
	{ NULL, NULL, NULL, NULL },
};

int
main(int argc, char *argv[])
{
	const struct cmd *c;
	int status;
	const struct ns_error *err;

	/* LC_CTYPE only: LC_NUMERIC would put decimal commas into JSON */
	setlocale(LC_CTYPE, "");
	signal(SIGPIPE, SIG_IGN);

	if (argc < 2) {
		static char help[] = "help";
		char *hargv[] = { help, NULL };

		return cmd_help(1, hargv);
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("netsync %s\n", NETSYNC_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return cmd_help(argc - 1, argv + 1);
	c = cli_command(argv[1]);
	if (c == NULL)
		return cli_usage_error(NULL, "'%s' is not a netsync command",
		    argv[1]);

	err = repo_lib_init();
	if (err != NULL) {
		repo_lib_shutdown();
		return cli_report(err);
	}
	status = c->run(argc - 1, argv + 1);
	repo_lib_shutdown();
	if (fflush(stdout) == EOF && status == EXIT_OK)
		status = EXIT_USAGE;
	return status;
}
