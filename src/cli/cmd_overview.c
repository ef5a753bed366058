/*
 * cmd_overview.c: `netsync overview` (not implemented yet).
 */
#include <stdio.h>

#include "cli.h"

void
usage_overview(FILE *f)
{
	fprintf(f, "usage: netsync overview\n");
}

int
cmd_overview(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "netsync overview: not implemented yet\n");
	return EXIT_USAGE;
}
