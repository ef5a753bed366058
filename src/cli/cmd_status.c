/*
 * cmd_status.c: `netsync status` (not implemented yet).
 */
#include <stdio.h>

#include "cli.h"

void
usage_status(FILE *f)
{
	fprintf(f, "usage: netsync status\n");
}

int
cmd_status(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "netsync status: not implemented yet\n");
	return EXIT_USAGE;
}
