/*
 * cmd_status.c: `netsync status`: this repository's state: uncommitted
 * and invalid records, each peer's accepted and rejected tips, and the
 * open questions this federation owns (from the combined overview).
 *
 * Exit status: 1 when records in the work tree are not valid, else 0.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "overview/overview.h"
#include "record/config.h"
#include "repo/workspace.h"
#include "schema/schema.h"
#include "sync/peer.h"
#include "sync/sync.h"
#include "validate/validate.h"

void
usage_status(FILE *f)
{
	fprintf(f, "usage: netsync status\n\n"
	    "Shows uncommitted and invalid records, each peer's accepted "
	    "and rejected\n"
	    "tips (commit, its date, when last pulled) and the open "
	    "questions this\n"
	    "federation owns.  Exit status 1 when records are not valid.\n");
}

static void
fmt_time(char *out, size_t size, long long t, int offset_min, int with_time)
{
	time_t tt = (time_t)(t + (long long)offset_min * 60);
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, size, with_time ? "%Y-%m-%d %H:%M UTC" : "%Y-%m-%d",
	    &tm);
}

static int
print_changes(struct workspace *ws, struct schema_lazy *schemas)
{
	const struct ns_error *err;
	struct sync_change *ch = NULL;
	struct diag_list dl = DIAG_LIST_INIT;
	struct validate_opts vo;
	size_t i, n = 0, nrec = 0;
	int status;

	memset(&vo, 0, sizeof(vo));
	vo.source = VALIDATE_WORKTREE;
	err = sync_local_changes(&ch, &n, ws->repo);
	if (err == NULL)
		err = validate_run(&dl, &nrec, ws, schemas, &vo);
	if (err)
		return cli_report(err);
	printf("records: %zu in the work tree, %zu uncommitted change%s\n",
	    nrec, n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++)
		printf("  %s %s\n", ch[i].code, ch[i].path);
	status = diag_count_errors(&dl) ? EXIT_DATA : EXIT_OK;
	if (status != EXIT_OK)
		printf("invalid records: %zu problem%s (listed on stderr)\n",
		    diag_count_errors(&dl),
		    diag_count_errors(&dl) == 1 ? "" : "s");
	diag_sort(&dl);
	diag_print_text(stderr, &dl);
	diag_list_dispose(&dl);
	sync_changes_free(ch, n);
	return status;
}

static void
print_tip(git_repository *repo, const char *space, const char *id,
    const char *label)
{
	struct sync_tip_info ti;
	struct buf ref = BUF_INIT;
	char oid[GIT_OID_HEXSZ + 1], date[32], pulled[40];

	if (peer_ref(&ref, space, id) != NULL ||
	    sync_tip_info(&ti, repo, ref.ptr) != NULL || !ti.exists) {
		if (strcmp(space, "peers") == 0)
			printf("  %-20s never accepted\n", id);
		buf_dispose(&ref);
		return;
	}
	git_oid_tostr(oid, 8, &ti.id);
	fmt_time(date, sizeof(date), ti.commit_time, ti.commit_offset, 0);
	if (ti.logged)
		fmt_time(pulled, sizeof(pulled), ti.logged_time, 0, 1);
	printf("  %-20s %s %s of %s, pulled %s\n", id, label, oid, date,
	    ti.logged ? pulled : "(time unknown)");
	buf_dispose(&ref);
}

static void
print_peers(struct workspace *ws)
{
	size_t i;

	printf("peers: %zu\n", ws->config->npeers);
	for (i = 0; i < ws->config->npeers; i++) {
		print_tip(ws->repo, "peers", ws->config->peers[i].id,
		    "accepted");
		print_tip(ws->repo, "rejected", ws->config->peers[i].id,
		    "rejected");
	}
}

static void
print_questions(struct workspace *ws)
{
	const struct ns_error *err;
	struct overview *ov = NULL;
	size_t i, j, n = 0;

	err = overview_load(&ov, ws->top);
	if (err) {
		printf("open questions: unknown (%s)\n", err->msg);
		return;
	}
	for (i = 0; i < ov->nmeetings; i++) {
		const struct ov_meeting *m = ov->meetings[i];

		for (j = 0; j < m->nquestions; j++) {
			const struct ov_question *q = &m->questions[j];

			if (q->owner_federation == NULL ||
			    strcmp(q->owner_federation, ov->self) != 0 ||
			    !overview_status_open(q->current_status))
				continue;
			if (n++ == 0)
				printf("open questions owned by %s:\n",
				    ov->self);
			printf("  %s/%s#%s  %s%s%s  %s\n", m->federation, m->id,
			    q->id, q->current_status, q->due ? "  due " : "",
			    q->due ? q->due : "", q->title ? q->title : "");
		}
	}
	if (n == 0)
		printf("open questions owned by %s: none\n", ov->self);
	overview_free(ov);
}

int
cmd_status(int argc, char *argv[])
{
	const struct ns_error *err;
	struct workspace *ws = NULL;
	struct schema_lazy schemas;
	int status;

	schema_lazy_init(&schemas);
	if (argc > 1) {
		if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") ==
		    0) {
			usage_status(stdout);
			return EXIT_OK;
		}
		return cli_usage_error("status", "no arguments expected");
	}
	if ((err = workspace_open(&ws, "."))) {
		status = cli_report(err);
		goto done;
	}
	printf("federation: %s\n", ws->config->federation);
	status = print_changes(ws, &schemas);
	print_peers(ws);
	print_questions(ws);
done:
	schema_lazy_dispose(&schemas);
	workspace_free(ws);
	return status;
}
