/*
 * cmd_push.c: `netsync push [--dry-run] [--check]`: validate what is
 * committed, sign it when a key is configured, push the branch and its
 * signed tag to origin.  `--check` only validates (hooks/pre-push).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "base/util.h"
#include "record/config.h"
#include "repo/workspace.h"
#include "schema/schema.h"
#include "sync/sync.h"
#include "validate/validate.h"

void
usage_push(FILE *f)
{
	fprintf(f, "usage: netsync push [--dry-run | --check] "
	    "[--timeout SECONDS]\n\n"
	    "Validates the records committed on the current branch "
	    "(refusing to push\n"
	    "invalid ones), signs the tip when netsync.yaml has signing_key "
	    "(tag\n"
	    "netsync/tip-<branch>), and pushes the branch and the tag to "
	    "origin.\n"
	    "  --dry-run   validate and sign, but do not push\n"
	    "  --check     only validate (for the pre-push hook)\n"
	    "  --timeout S give up on a silent origin after S seconds "
	    "(default 60,\n"
	    "              or $NETSYNC_TIMEOUT)\n");
}

/* Validate HEAD's records; prints findings.  0, 1 (invalid) or 2. */
static int
check_committed(struct workspace *ws, struct schema_lazy *schemas,
    size_t *nrecords)
{
	const struct ns_error *err;
	struct diag_list dl = DIAG_LIST_INIT;
	struct validate_opts vo;
	int status;

	memset(&vo, 0, sizeof(vo));
	vo.source = VALIDATE_HEAD;
	err = validate_run(&dl, nrecords, ws, schemas, &vo);
	if (err == NULL) {
		diag_sort(&dl);
		diag_print_text(stderr, &dl);
	}
	status = err ? cli_report(err) : diag_count_errors(&dl) ? EXIT_DATA :
	    EXIT_OK;
	if (status == EXIT_DATA)
		fprintf(stderr, "netsync: push refused: the committed records "
		    "are not valid; fix them and commit\n");
	diag_list_dispose(&dl);
	return status;
}

static void
report(const struct sync_push_result *r, size_t nrecords, int dry_run)
{
	char head[GIT_OID_HEXSZ + 1], tag[GIT_OID_HEXSZ + 1];

	git_oid_tostr(head, 8, &r->head);
	git_oid_tostr(tag, 8, &r->tag);
	printf("push: %zu records valid at %s %s\n", nrecords, r->branch,
	    head);
	if (r->have_tag)
		printf("push: signed %s as %s (tag %s)\n", head,
		    r->tag_ref + 10, tag);
	if (dry_run)
		printf("push: dry run: would push %s to origin/%s%s\n",
		    r->branch, r->upstream, r->have_tag ? " with the tag" : "");
	else if (r->pushed)
		printf("push: pushed %s to origin/%s%s\n", r->branch,
		    r->upstream, r->have_tag ? " with the tag" : "");
}

int
cmd_push(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "check", no_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct ns_error *err = NULL;
	struct sync_push_opts opts = { 0, 60 * 1000 };
	struct sync_push_result r;
	struct workspace *ws = NULL;
	struct schema_lazy schemas;
	size_t nrecords = 0;
	const char *env = getenv("NETSYNC_TIMEOUT");
	long secs;
	int ch, check = 0, status;

	schema_lazy_init(&schemas);
	if (env && *env && parse_long(env, 1, 86400, &secs) == 0)
		opts.timeout_ms = (unsigned)secs * 1000;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'n')
			opts.dry_run = 1;
		else if (ch == 'c')
			check = 1;
		else if (ch == 't' && parse_long(optarg, 1, 86400, &secs) == 0)
			opts.timeout_ms = (unsigned)secs * 1000;
		else if (ch == 'h') {
			usage_push(stdout);
			return EXIT_OK;
		} else
			return cli_usage_error("push", "bad option");
	}
	if (optind != argc)
		return cli_usage_error("push", "unexpected argument '%s'",
		    argv[optind]);
	if ((err = workspace_open(&ws, "."))) {
		status = cli_report(err);
		goto done;
	}
	status = check_committed(ws, &schemas, &nrecords);
	if (status != EXIT_OK || check)
		goto done;
	err = sync_push(&r, ws->repo, ws->top, ws->config, &opts);
	if (err == NULL)
		report(&r, nrecords, opts.dry_run);
	status = cli_report(err);
done:
	schema_lazy_dispose(&schemas);
	workspace_free(ws);
	return status;
}
