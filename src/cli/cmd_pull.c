/*
 * cmd_pull.c: `netsync pull` (not implemented yet).
 */
#include <stdio.h>

#include "cli.h"

void
usage_pull(FILE *f)
{
	fprintf(f, "usage: netsync pull\n");
}

int
cmd_pull(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "netsync pull: not implemented yet\n");
	return EXIT_USAGE;
}
