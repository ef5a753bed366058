/*
 * cmd_peer.c: `netsync peer` (not implemented yet).
 */
#include <stdio.h>

#include "cli.h"

void
usage_peer(FILE *f)
{
	fprintf(f, "usage: netsync peer\n");
}

int
cmd_peer(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "netsync peer: not implemented yet\n");
	return EXIT_USAGE;
}
