/*
 * cmd_pull.c: `netsync pull [--peer ID]... [--accept-rewrite]
 * [--timeout SECONDS] [--jobs N]`: integrate origin, then fetch and gate
 * every peer (src/lib/sync/sync.h), and print a summary per peer.
 *
 * Exit status: 2 when something could not be done (origin or a peer
 * unreachable, local changes in the way, a merge in progress), else 1
 * when data was not acceptable (a rejected peer, a merge conflict), else 0.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "base/util.h"
#include "record/config.h"
#include "repo/workspace.h"
#include "sync/sync.h"

#define DEFAULT_TIMEOUT	60

void
usage_pull(FILE *f)
{
	fprintf(f, "usage: netsync pull [--peer ID]... [--accept-rewrite] "
	    "[--timeout SECONDS] [--jobs N]\n\n"
	    "Integrates origin into the current branch (when it tracks "
	    "origin), then fetches\n"
	    "every peer, checks what came (safe tree, valid records owned "
	    "by the peer,\n"
	    "signature when the peer has keys, no rewritten history) and "
	    "records the\n"
	    "accepted tip under refs/netsync/peers/<id>.\n"
	    "  --peer ID         only this peer (repeatable)\n"
	    "  --accept-rewrite  accept a peer whose history was rewritten\n"
	    "  --timeout S       give up on a silent peer after S seconds "
	    "(default 60,\n"
	    "                    or $NETSYNC_TIMEOUT)\n"
	    "  --jobs N          fetch N peers at a time (default 2)\n");
}

struct pull_args {
	struct sync_opts	 opts;
	int			 status;
};

static int
parse_seconds(const char *s, unsigned *ms)
{
	long v;

	if (parse_long(s, 1, 86400, &v) != 0)
		return -1;
	*ms = (unsigned)v * 1000;
	return 0;
}

static int
parse_args(struct pull_args *a, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "peer", required_argument, NULL, 'p' },
		{ "accept-rewrite", no_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv("NETSYNC_TIMEOUT");
	long jobs;
	int ch;

	a->opts.timeout_ms = DEFAULT_TIMEOUT * 1000;
	a->opts.parallel = 2;
	if (env && *env && parse_seconds(env, &a->opts.timeout_ms) != 0)
		return cli_usage_error("pull", "NETSYNC_TIMEOUT must be a "
		    "number of seconds");
	a->opts.only = calloc((size_t)argc, sizeof(char *));
	if (a->opts.only == NULL)
		return cli_report(ns_error(NS_ERR_NOMEM));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (ch == 'p')
			a->opts.only[a->opts.nonly++] = optarg;
		else if (ch == 'r')
			a->opts.accept_rewrite = 1;
		else if (ch == 't' && parse_seconds(optarg,
		    &a->opts.timeout_ms) != 0)
			return cli_usage_error("pull", "--timeout needs a "
			    "number of seconds");
		else if (ch == 'j' && parse_long(optarg, 1, 16, &jobs) == 0)
			a->opts.parallel = (unsigned)jobs;
		else if (ch == 'h') {
			usage_pull(stdout);
			return EXIT_OK;
		} else if (ch != 't')
			return cli_usage_error("pull", "bad option");
	}
	if (optind != argc)
		return cli_usage_error("pull", "unexpected argument '%s'",
		    argv[optind]);
	return -1;
}

/* Worse outcomes win: 2 over 1 over 0. */
static void
worsen(int *status, int s)
{
	if (s == EXIT_USAGE || (s == EXIT_DATA && *status == EXIT_OK))
		*status = s;
}

static void
print_origin(const struct sync_origin_result *o, int *status)
{
	char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
	size_t i;

	git_oid_tostr(a, 8, &o->old);
	git_oid_tostr(b, 8, &o->new);
	switch (o->outcome) {
	case ORIGIN_NONE:
		break;
	case ORIGIN_UP_TO_DATE:
		printf("origin: %s is up to date\n", o->branch);
		break;
	case ORIGIN_FAST_FORWARD:
		printf("origin: %s fast-forwarded %s..%s\n", o->branch, a, b);
		break;
	case ORIGIN_MERGED:
		printf("origin: %s merged (%s)\n", o->branch, b);
		break;
	case ORIGIN_CONFLICT:
		for (i = 0; i < o->npaths; i++)
			fprintf(stderr, "netsync: conflict in %s\n",
			    o->paths[i]);
		printf("origin: %s: merge conflict; edit the files named "
		    "above, then git add and git commit\n", o->branch);
		worsen(status, EXIT_DATA);
		break;
	case ORIGIN_DIRTY:
		fprintf(stderr, "netsync: your local changes to the following "
		    "files would be overwritten by pull:\n");
		for (i = 0; i < o->npaths; i++)
			fprintf(stderr, "\t%s\n", o->paths[i]);
		fprintf(stderr, "netsync: commit them (or move them away), "
		    "then pull again; origin was not integrated\n");
		worsen(status, EXIT_USAGE);
		break;
	case ORIGIN_UNREACHABLE:
		fprintf(stderr, "netsync: origin: %s\n", o->reason);
		worsen(status, EXIT_USAGE);
		break;
	}
}

static void
print_peer(const struct sync_peer_result *r, int *status)
{
	char tip[GIT_OID_HEXSZ + 1], old[GIT_OID_HEXSZ + 1];

	git_oid_tostr(tip, 8, &r->tip);
	git_oid_tostr(old, 8, &r->accepted);
	diag_print_text(stderr, &r->diags);
	switch (r->verdict) {
	case SYNC_ACCEPTED:
		printf("%s: accepted %s (%zu record%s: %zu new, %zu changed, "
		    "%zu removed)%s\n", r->id, tip, r->records,
		    r->records == 1 ? "" : "s", r->added, r->changed,
		    r->removed, r->rewrite ? "; rewritten history accepted" :
		    "");
		break;
	case SYNC_UNCHANGED:
		printf("%s: unchanged %s (%zu record%s)\n", r->id, tip,
		    r->records, r->records == 1 ? "" : "s");
		break;
	case SYNC_REJECTED:
		printf("%s: rejected %s (%s); %s%s\n", r->id, tip, r->reason,
		    r->had_accepted ? "keeping " : "nothing accepted yet",
		    r->had_accepted ? old : "");
		worsen(status, EXIT_DATA);
		break;
	case SYNC_UNREACHABLE:
		printf("%s: not pulled: %s\n", r->id, r->reason);
		worsen(status, EXIT_USAGE);
		break;
	}
}

/*
 * NETSYNC_TRACE=1: how many of a peer's records were read and checked;
 * the others were known valid from the validation cache (tests).
 */
static void
trace_peer(const struct sync_peer_result *r)
{
	if (!cli_tracing() || !r->have_tip)
		return;
	fprintf(stderr, "netsync: trace: %s: %zu records, %zu read and "
	    "checked\n", r->id, r->records, r->checked);
}

static int
run(struct pull_args *a)
{
	const struct ns_error *err;
	struct workspace *ws = NULL;
	struct sync_origin_result o;
	struct sync_report *rep = NULL;
	size_t i;
	int lock = -1;

	memset(&o, 0, sizeof(o));
	if ((err = workspace_open(&ws, ".")) ||
	    (err = sync_lock(&lock, ws->repo, ws->config)))
		goto done;
	if (cli_progress_enabled())
		fprintf(stderr, "netsync: pulling origin and %zu peers...\n",
		    a->opts.nonly ? a->opts.nonly : ws->config->npeers);
	err = sync_origin(&o, ws->repo, ws->top, &a->opts);
	if (err)
		worsen(&a->status, cli_report(err));
	print_origin(&o, &a->status);
	/* no schemas: compiled by sync only if a tip needs checking */
	err = sync_pull_peers(&rep, ws->repo, ws->top, ws->config, NULL,
	    &a->opts);
	for (i = 0; err == NULL && i < rep->n; i++) {
		print_peer(&rep->peers[i], &a->status);
		trace_peer(&rep->peers[i]);
	}
done:
	if (err)
		worsen(&a->status, cli_report(err));
	sync_unlock(lock);
	sync_origin_dispose(&o);
	sync_report_free(rep);
	workspace_free(ws);
	return a->status;
}

int
cmd_pull(int argc, char *argv[])
{
	struct pull_args a;
	int status;

	memset(&a, 0, sizeof(a));
	status = parse_args(&a, argc, argv);
	if (status == -1)
		status = run(&a);
	free(a.opts.only);
	return status;
}
