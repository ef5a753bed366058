/*
 * cmd_help.c: `netsync help [COMMAND]`.
 */
#include <stdio.h>

#include "cli.h"

void
usage_help(FILE *f)
{
	fprintf(f, "usage: netsync help [COMMAND]\n");
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
	fprintf(f, "\n'netsync help COMMAND' tells more about a command.\n");
}

int
cmd_help(int argc, char *argv[])
{
	const struct cmd *c;

	if (argc < 2) {
		usage_main(stdout);
		return EXIT_OK;
	}
	c = cli_command(argv[1]);
	if (c == NULL)
		return cli_usage_error("help", "'%s' is not a netsync command",
		    argv[1]);
	c->usage(stdout);
	return EXIT_OK;
}
