/*
 * cli.c: what every command shares: option parsing, error reporting and
 * exit codes.
 */
#include <assert.h>
#include <getopt.h>
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

/* Long options and getopt's short-option string made from a table. */
#define CLI_MAX_OPTIONS	32

struct getopt_table {
	struct option	 longopts[CLI_MAX_OPTIONS + 2];
	char		 shortopts[2 * CLI_MAX_OPTIONS + 4];
};

static void
getopt_table_make(struct getopt_table *t, const struct cli_option *opts,
    unsigned flags)
{
	size_t n = 0, k = 0;

	/* '+': stop at the first operand; ':': report a missing value */
	if (flags & CLI_OPERANDS_STOP)
		t->shortopts[k++] = '+';
	t->shortopts[k++] = ':';
	t->shortopts[k++] = 'h';
	for (; opts[n].name != NULL; n++) {
		assert(n < CLI_MAX_OPTIONS);
		t->longopts[n] = (struct option){ opts[n].name,
		    opts[n].takes_value ? required_argument : no_argument,
		    NULL, (int)n + 256 };
		if (opts[n].letter != 0) {
			t->shortopts[k++] = (char)opts[n].letter;
			if (opts[n].takes_value)
				t->shortopts[k++] = ':';
		}
	}
	t->longopts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	t->longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	t->shortopts[k] = '\0';
}

/* The table's entry for what getopt_long returned; NULL if none. */
static const struct cli_option *
option_for(const struct cli_option *opts, int ch)
{
	size_t i;

	if (ch >= 256)
		return &opts[ch - 256];
	for (i = 0; opts[i].name != NULL; i++)
		if (opts[i].letter == ch)
			return &opts[i];
	return NULL;
}

static int
show_usage(const char *cmd)
{
	const struct cmd *c = cli_command(cmd);

	if (c != NULL && c->usage != NULL)
		c->usage(stdout);
	return EXIT_OK;
}

int
cli_parse(const struct cli_spec *spec, void *ctx, int argc, char *argv[],
    int *first_operand)
{
	struct getopt_table t;
	const struct cli_option *o;
	int ch, rc, operands;

	getopt_table_make(&t, spec->options, spec->flags);
	optind = 1;
	opterr = 0;	/* the messages below say which command it was */
	while ((ch = getopt_long(argc, argv, t.shortopts, t.longopts,
	    NULL)) != -1) {
		if (ch == 'h')
			return show_usage(spec->cmd);
		if (ch == ':')
			return cli_usage_error(spec->cmd, "%s needs a value",
			    argv[optind - 1]);
		o = ch == '?' ? NULL : option_for(spec->options, ch);
		if (o == NULL)
			return cli_usage_error(spec->cmd, "unknown option "
			    "'%s'", argv[optind - 1]);
		rc = spec->set(ctx, o->id, o->takes_value ? optarg : NULL);
		if (rc != 0)
			return rc;
	}
	operands = argc - optind;
	if (operands < spec->min_operands)
		return cli_usage_error(spec->cmd, operands == 0 ?
		    "missing argument" : "too few arguments");
	if (spec->max_operands >= 0 && operands > spec->max_operands)
		return cli_usage_error(spec->cmd, "unexpected argument '%s'",
		    argv[optind + spec->max_operands]);
	*first_operand = optind;
	return CLI_GO_ON;
}
