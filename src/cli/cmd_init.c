/*
 * cmd_init.c: `netsync init` (not implemented yet).
 */
#include <stdio.h>

#include "cli.h"

void
usage_init(FILE *f)
{
	fprintf(f, "usage: netsync init\n");
}

int
cmd_init(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "netsync init: not implemented yet\n");
	return EXIT_USAGE;
}
