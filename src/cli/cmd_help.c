/*
 * cmd_help.c: `netsync help [COMMAND]`: the command list, or one
 * command's usage text (each command's usage_* lives in its cmd file).
 */
#include <stdio.h>

#include "cli.h"

void
usage_help(FILE *f)
{
	fprintf(f, "usage: netsync help [COMMAND]\n\n"
	    "Without COMMAND, lists the commands; with it, shows how to use "
	    "it.\n'netsync COMMAND --help' shows the same.\n");
}

static void
usage_main(FILE *f)
{
	const struct cmd *c;

	fprintf(f, "usage: netsync [--version] [--help] COMMAND [ARGS]\n\n"
	    "netsync keeps a network of federations' meeting records in "
	    "git,\nvalidated, signed and merged, and writes the combined "
	    "overview.\n\ncommands:\n");
	for (c = cli_commands; c->name; c++)
		fprintf(f, "   %-14s %s\n", c->name, c->summary);
	fprintf(f, "\nStart with 'netsync init' in a new directory, then "
	    "'netsync new meeting'.\n'netsync help COMMAND' tells more "
	    "about a command.\n\n"
	    "Exit status: 0 all well, 1 the data is not acceptable (invalid "
	    "records,\na conflict, a rejected peer), 2 wrong usage or an "
	    "environment failure.\n"
	    "Diagnostics go to standard error as "
	    "'file:line:col: error: path: message'.\n");
}

int
cmd_help(int argc, char *argv[])
{
	const struct cmd *c;

	if (argc < 2) {
		usage_main(stdout);
		return EXIT_OK;
	}
	if (argc > 2)
		return cli_usage_error("help", "one command at a time");
	c = cli_command(argv[1]);
	if (c == NULL)
		return cli_usage_error("help", "'%s' is not a netsync command",
		    argv[1]);
	c->usage(stdout);
	return EXIT_OK;
}
