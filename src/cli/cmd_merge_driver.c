/*
 * cmd_merge_driver.c: `netsync merge-driver` (not implemented yet).
 */
#include <stdio.h>

#include "cli.h"

void
usage_merge_driver(FILE *f)
{
	fprintf(f, "usage: netsync merge-driver\n");
}

int
cmd_merge_driver(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "netsync merge-driver: not implemented yet\n");
	return EXIT_USAGE;
}
