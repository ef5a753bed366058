/*
 * cmd_key.c: `netsync key` (not implemented yet).
 */
#include <stdio.h>

#include "cli.h"

void
usage_key(FILE *f)
{
	fprintf(f, "usage: netsync key\n");
}

int
cmd_key(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "netsync key: not implemented yet\n");
	return EXIT_USAGE;
}
