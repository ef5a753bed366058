/*
 * cmd_validate.c: `netsync validate` (not implemented yet).
 */
#include <stdio.h>

#include "cli.h"

void
usage_validate(FILE *f)
{
	fprintf(f, "usage: netsync validate\n");
}

int
cmd_validate(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "netsync validate: not implemented yet\n");
	return EXIT_USAGE;
}
