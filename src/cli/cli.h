/*
 * cli.h: the thin command layer.  Each cmd_* parses its arguments, calls
 * src/lib, prints, and returns the exit status of the contract:
 * 0 all well, 1 data not acceptable, 2 usage or environment failure.
 */
#ifndef NS_CLI_H
#define NS_CLI_H

#include <stdio.h>

#include "base/error.h"

#define EXIT_OK		0
#define EXIT_DATA	1
#define EXIT_USAGE	2

struct cmd {
	const char	*name;
	int		(*run)(int, char *[]);	/* argv[0] is the command name */
	void		(*usage)(FILE *);
	const char	*summary;		/* one line for `netsync help` */
};

/* The command table (main.c); NULL-terminated. */
extern const struct cmd cli_commands[];

/* Look a command up by name; NULL if there is none. */
const struct cmd *cli_command(const char *name);

/*
 * Print "netsync: <msg>" (or "file:line:col: error: msg" when the error has
 * a position) on stderr and return the exit status for 'err' (1 or 2).
 * Returns 0 for NULL.  NS_ERR_CANCELLED prints nothing.
 */
int cli_report(const struct ns_error *err);

/*
 * 1 when NETSYNC_TRACE is set and not "0": commands then print what they
 * read and checked ("netsync: trace: ..." on stderr), for tests.
 */
int cli_tracing(void);

/* Print "netsync: <fmt>" on stderr and return EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Options.  Every command describes its options in a table and parses them
 * with cli_parse(), so -h/--help, "--name=VALUE", "--", unknown options and
 * the operand count behave alike in every command, and a command's parser
 * has one result: CLI_GO_ON, or the exit status to return at once.
 */
#define CLI_GO_ON	(-1)

struct cli_option {
	const char	*name;		/* long name, without "--" */
	int		 letter;	/* short option ('o' for -o), or 0 */
	int		 takes_value;	/* 1: "--name VALUE" / "--name=VALUE" */
	int		 id;		/* handed to the setter */
};

/*
 * Apply option 'id' (value NULL when it takes none): 0, or an exit status
 * after saying why (cli_usage_error).
 */
typedef int (*cli_setter)(void *ctx, int id, const char *value);

enum cli_parse_flags {
	CLI_OPERANDS_STOP = 1 << 0,	/* options end at the first operand
					   (a subcommand parses the rest) */
};

struct cli_spec {
	const char		*cmd;		/* command name: messages, --help */
	const struct cli_option	*options;	/* ends with name == NULL */
	cli_setter		 set;
	unsigned		 flags;		/* enum cli_parse_flags */
	int			 min_operands;
	int			 max_operands;	/* -1: any number */
};

/*
 * Parse argv[1..argc) by 'spec' (argv[0] is the command's name), applying
 * each option through spec->set in order; -h and --help print the
 * command's usage on stdout.  CLI_GO_ON with *first_operand the index of
 * the first operand in argv, or the exit status to return now: EXIT_OK
 * after --help, EXIT_USAGE (or the setter's status) after a usage error,
 * already printed.
 */
int cli_parse(const struct cli_spec *spec, void *ctx, int argc, char *argv[],
    int *first_operand);

/* 1 when progress may be drawn (stdout is a terminal and not disabled). */
int cli_progress_enabled(void);

int cmd_init(int, char *[]);
int cmd_validate(int, char *[]);
int cmd_new(int, char *[]);
int cmd_peer(int, char *[]);
int cmd_pull(int, char *[]);
int cmd_push(int, char *[]);
int cmd_status(int, char *[]);
int cmd_overview(int, char *[]);
int cmd_key(int, char *[]);
int cmd_merge_driver(int, char *[]);
int cmd_hooks(int, char *[]);
int cmd_help(int, char *[]);

void usage_init(FILE *);
void usage_validate(FILE *);
void usage_new(FILE *);
void usage_peer(FILE *);
void usage_pull(FILE *);
void usage_push(FILE *);
void usage_status(FILE *);
void usage_overview(FILE *);
void usage_key(FILE *);
void usage_merge_driver(FILE *);
void usage_hooks(FILE *);
void usage_help(FILE *);

#endif
