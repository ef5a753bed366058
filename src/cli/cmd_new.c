/*
 * cmd_new.c: `netsync new` (not implemented yet).
 */
#include <stdio.h>

#include "cli.h"

void
usage_new(FILE *f)
{
	fprintf(f, "usage: netsync new\n");
}

int
cmd_new(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "netsync new: not implemented yet\n");
	return EXIT_USAGE;
}
