/*
 * cli.c: what every command shares: error reporting and exit codes.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const struct cmd *
cli_command(const char *name)
{
	const struct cmd *c;

	for (c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int
cli_report(const struct ns_error *err)
{
	if (err == NULL)
		return EXIT_OK;
	if (err->code == NS_ERR_CANCELLED)
		return EXIT_USAGE;
	if (err->file && err->line)
		fprintf(stderr, "%s:%u:%u: error: %s\n", err->file, err->line,
		    err->col, err->msg);
	else if (err->file)
		fprintf(stderr, "%s: error: %s\n", err->file, err->msg);
	else
		fprintf(stderr, "netsync: %s\n", err->msg);
	return ns_error_exit_status(err);
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "netsync%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'netsync help%s%s')\n", cmd ? " " : "",
	    cmd ? cmd : "");
	return EXIT_USAGE;
}

int
cli_progress_enabled(void)
{
	const char *e = getenv("NETSYNC_PROGRESS");

	if (e && strcmp(e, "0") == 0)
		return 0;
	return isatty(STDOUT_FILENO);
}

int
cli_tracing(void)
{
	const char *e = getenv("NETSYNC_TRACE");

	return e != NULL && *e != '\0' && strcmp(e, "0") != 0;
}
