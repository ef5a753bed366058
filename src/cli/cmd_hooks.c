/*
 * cmd_hooks.c: `netsync hooks` (not implemented yet).
 */
#include <stdio.h>

#include "cli.h"

void
usage_hooks(FILE *f)
{
	fprintf(f, "usage: netsync hooks\n");
}

int
cmd_hooks(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "netsync hooks: not implemented yet\n");
	return EXIT_USAGE;
}
