/*
 * cmd_validate.c: `netsync validate [--staged] [--network]
 * [--format text|json] [PATH...]`.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli.h"
#include "base/diag.h"
#include "overview/overview.h"
#include "repo/workspace.h"
#include "schema/schema.h"
#include "validate/validate.h"

void
usage_validate(FILE *f)
{
	fprintf(f, "usage: netsync validate [--staged | --committed] "
	    "[--network] [--format text|json] [PATH...]\n\n"
	    "Checks records against the schemas and the record rules.\n"
	    "By default every record of the work tree and netsync.yaml.\n"
	    "  --staged      check what is staged for commit (the index)\n"
	    "  --committed   check what is committed (HEAD)\n"
	    "  --network     also check the accepted peers' records\n"
	    "  --format json print the findings as one JSON array\n"
	    "  PATH...       only these files or directories\n\n"
	    "Exit status: 0 valid, 1 invalid records, 2 usage or "
	    "environment failure.\n");
}

struct validate_args {
	struct validate_opts	 opts;
	int			 json;
};

enum { OPT_STAGED, OPT_COMMITTED, OPT_NETWORK, OPT_FORMAT };

static int
set_option(void *ctx, int id, const char *value)
{
	struct validate_args *a = ctx;

	switch (id) {
	case OPT_STAGED:
		a->opts.source = VALIDATE_STAGED;
		break;
	case OPT_COMMITTED:
		a->opts.source = VALIDATE_HEAD;
		break;
	case OPT_NETWORK:
		a->opts.network = 1;
		break;
	case OPT_FORMAT:
		if (strcmp(value, "json") == 0)
			a->json = 1;
		else if (strcmp(value, "text") != 0)
			return cli_usage_error("validate", "unknown format "
			    "'%s' (text or json)", value);
		break;
	}
	return 0;
}

static const struct cli_option validate_options[] = {
	{ "staged", 0, 0, OPT_STAGED },
	{ "committed", 0, 0, OPT_COMMITTED },
	{ "network", 0, 0, OPT_NETWORK },
	{ "format", 0, 1, OPT_FORMAT },
	{ NULL, 0, 0, 0 },
};

static const struct cli_spec validate_spec = {
	"validate", validate_options, set_option, 0, 0, -1,
};

/* Command-line paths, made relative to the repository top. */
static const struct ns_error *
resolve_paths(struct validate_opts *o, struct workspace *ws, int argc,
    char *argv[])
{
	const struct ns_error *err = NULL;
	struct buf rel = BUF_INIT;
	int i;

	o->paths = calloc((size_t)argc + 1, sizeof(*o->paths));
	if (o->paths == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < argc && err == NULL; i++) {
		err = workspace_relpath(&rel, ws, argv[i]);
		if (err == NULL)
			o->paths[o->npaths++] = buf_detach(&rel);
	}
	buf_dispose(&rel);
	return err;
}

static void
free_paths(struct validate_opts *o)
{
	size_t i;

	for (i = 0; i < o->npaths; i++)
		free(o->paths[i]);
	free(o->paths);
}

/*
 * --network: references across federations are the combined model's to
 * resolve (committed records and accepted peers); broken ones are warnings.
 */
static const struct ns_error *
check_cross_references(struct diag_list *dl, struct workspace *ws)
{
	const struct ns_error *err;
	struct overview *ov = NULL;

	err = overview_load(&ov, ws->top);
	if (err) {
		if (err->code == NS_ERR_NOMEM)
			return err;
		return diag_add(dl, DIAG_WARNING, NULL, 0, 0, NULL,
		    "cross-references not checked: %s", err->msg);
	}
	err = overview_diagnose(dl, ov);
	overview_free(ov);
	return err;
}

/*
 * NETSYNC_TRACE=1: how many work-tree files were read, and how many of
 * those were hashed for want of a clean index entry (tests).
 */
static void
trace_counts(const struct validate_counts *c, int compiled)
{
	if (!cli_tracing())
		return;
	fprintf(stderr, "netsync: trace: %zu files read, %zu hashed, "
	    "schemas %s\n", c->read, c->hashed,
	    compiled ? "compiled" : "not compiled");
}

int
cmd_validate(int argc, char *argv[])
{
	const struct ns_error *err;
	struct validate_counts counts = { 0, 0 };
	struct validate_args a = {
		{ VALIDATE_WORKTREE, 0, NULL, 0, &counts }, 0 };
	struct validate_opts *opts = &a.opts;
	struct diag_list dl = DIAG_LIST_INIT;
	struct schema_lazy schemas;
	struct workspace *ws = NULL;
	size_t nrecords = 0, nerr;
	const char *index_file;
	int first, status;

	schema_lazy_init(&schemas);
	status = cli_parse(&validate_spec, &a, argc, argv, &first);
	if (status != CLI_GO_ON)
		return status;
	err = workspace_open(&ws, ".");
	/* in a hook of `git commit -a`, the commit is GIT_INDEX_FILE's */
	index_file = getenv("GIT_INDEX_FILE");
	if (err == NULL && opts->source == VALIDATE_STAGED && index_file &&
	    *index_file)
		err = workspace_use_index(ws, index_file);
	if (err == NULL)
		err = resolve_paths(opts, ws, argc - first, argv + first);
	if (err == NULL)
		err = validate_run(&dl, &nrecords, ws, &schemas, opts);
	if (err == NULL && opts->network)
		err = check_cross_references(&dl, ws);
	trace_counts(&counts, schemas.set != NULL);
	if (err) {
		status = cli_report(err);
		goto done;
	}
	diag_sort(&dl);
	nerr = diag_count_errors(&dl);
	if (a.json)
		diag_print_json(stdout, &dl);
	else {
		diag_print_text(stderr, &dl);
		if (nerr == 0)
			printf("%zu record%s checked: all valid\n", nrecords,
			    nrecords == 1 ? "" : "s");
		else
			printf("%zu record%s checked: %zu error%s\n",
			    nrecords, nrecords == 1 ? "" : "s", nerr,
			    nerr == 1 ? "" : "s");
	}
	status = nerr ? EXIT_DATA : EXIT_OK;
done:
	diag_list_dispose(&dl);
	schema_lazy_dispose(&schemas);
	workspace_free(ws);
	free_paths(opts);
	return status;
}
