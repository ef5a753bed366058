/*
 * cmd_push.c: `netsync push` (not implemented yet).
 */
#include <stdio.h>

#include "cli.h"

void
usage_push(FILE *f)
{
	fprintf(f, "usage: netsync push\n");
}

int
cmd_push(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "netsync push: not implemented yet\n");
	return EXIT_USAGE;
}
