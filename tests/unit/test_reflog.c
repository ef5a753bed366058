/*
 * test_reflog.c: the newest reflog line read, and lines appended, agree
 * with libgit2's own reading; torn logs are left to libgit2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "harness.h"
#include "repo/reflog.h"

#define REF	"refs/netsync/peers/umea-vannas"

struct scratch {
	char		 dir[64];
	char		 log[160];
	git_repository	*repo;
	git_oid		 a, b;
};

static int
scratch_open(struct scratch *s)
{
	git_reference *ref = NULL;
	git_config *cfg = NULL;
	int rc;

	snprintf(s->dir, sizeof(s->dir), "/tmp/test_reflog.XXXXXX");
	if (mkdtemp(s->dir) == NULL ||
	    git_repository_init(&s->repo, s->dir, 1) != 0 ||
	    git_repository_config(&cfg, s->repo) != 0 ||
	    git_config_set_string(cfg, "core.logAllRefUpdates", "always") ||
	    git_blob_create_from_buffer(&s->a, s->repo, "a", 1) != 0 ||
	    git_blob_create_from_buffer(&s->b, s->repo, "b", 1) != 0)
		return -1;
	git_config_free(cfg);
	snprintf(s->log, sizeof(s->log), "%s/logs/%s", s->dir, REF);
	rc = git_reference_create(&ref, s->repo, REF, &s->a, 1,
	    "netsync: pull umea-vannas: accepted (records: 7)");
	git_reference_free(ref);
	return rc;
}

static void
scratch_close(struct scratch *s)
{
	git_repository_free(s->repo);
	harness_rmtree(s->dir);
}

static void
test_newest_and_append(struct tctx *t)
{
	struct scratch s;
	git_signature *sig = NULL;
	git_reflog *log = NULL;
	const git_reflog_entry *e;
	char msg[200];
	git_oid id;

	CHECK(t, scratch_open(&s) == 0, "scratch repository");
	CHECK(t, reflog_newest(s.repo, REF, &id, msg, sizeof(msg)) == 0 &&
	    git_oid_equal(&id, &s.a) && strcmp(msg,
	    "netsync: pull umea-vannas: accepted (records: 7)") == 0,
	    "libgit2's line read: %s", msg);
	CHECK(t, git_signature_new(&sig, "Bo Ek", "bo@example.org",
	    1416268800, -90) == 0, "signature");
	CHECK(t, reflog_append(s.repo, REF, &s.a, &s.b, sig,
	    "netsync: pull umea-vannas: unchanged (records: 7)") == NULL,
	    "append");
	CHECK(t, reflog_newest(s.repo, REF, &id, msg, 20) == 0 &&
	    git_oid_equal(&id, &s.b) && strlen(msg) == 19,
	    "appended line read, message cut to fit: %s", msg);
	CHECK(t, git_reflog_read(&log, s.repo, REF) == 0 &&
	    git_reflog_entrycount(log) == 2, "libgit2 reads both");
	e = log ? git_reflog_entry_byindex(log, 0) : NULL;
	CHECK(t, e && git_oid_equal(git_reflog_entry_id_old(e), &s.a) &&
	    git_oid_equal(git_reflog_entry_id_new(e), &s.b) &&
	    strcmp(git_reflog_entry_committer(e)->name, "Bo Ek") == 0 &&
	    strcmp(git_reflog_entry_committer(e)->email,
	    "bo@example.org") == 0 &&
	    git_reflog_entry_committer(e)->when.time == 1416268800 &&
	    git_reflog_entry_committer(e)->when.offset == -90 &&
	    strcmp(git_reflog_entry_message(e),
	    "netsync: pull umea-vannas: unchanged (records: 7)") == 0,
	    "libgit2 reads what was appended");
	CHECK(t, reflog_append(s.repo, REF, &s.a, &s.b, sig, "two\nlines")
	    != NULL, "a message on two lines is refused");
	git_reflog_free(log);
	git_signature_free(sig);
	scratch_close(&s);
}

/* A log that does not end with a newline is neither read nor appended to. */
static void
test_torn_log(struct tctx *t)
{
	const struct ns_error *err;
	struct scratch s;
	git_signature *sig = NULL;
	char msg[200];
	git_oid id;
	FILE *f;
	long before, after;

	CHECK(t, scratch_open(&s) == 0, "scratch repository");
	f = fopen(s.log, "a");
	fputs("0000000000000000000000000000000000000000 1111", f);
	fclose(f);
	CHECK(t, reflog_newest(s.repo, REF, &id, msg, sizeof(msg)) == -1,
	    "torn last line: not read");
	f = fopen(s.log, "r");
	fseek(f, 0, SEEK_END);
	before = ftell(f);
	fclose(f);
	git_signature_new(&sig, "Bo Ek", "bo@example.org", 0, 0);
	err = reflog_append(s.repo, REF, &s.a, &s.a, sig, "x");
	CHECK(t, err && err->code == NS_ERR_NOT_FOUND, "torn log: refused");
	f = fopen(s.log, "r");
	fseek(f, 0, SEEK_END);
	after = ftell(f);
	fclose(f);
	CHECK(t, before == after, "nothing written");
	CHECK(t, reflog_newest(s.repo, "refs/netsync/peers/none", &id, msg,
	    sizeof(msg)) == -1, "no log");
	err = reflog_append(s.repo, "refs/netsync/peers/none", &s.a, &s.a,
	    sig, "x");
	CHECK(t, err && err->code == NS_ERR_NOT_FOUND &&
	    access(s.dir, F_OK) == 0, "no log: refused, none made");
	git_signature_free(sig);
	scratch_close(&s);
}

static const struct tcase cases[] = {
	TCASE(test_newest_and_append),
	TCASE(test_torn_log),
};

int
main(int argc, char *argv[])
{
	int rc;

	git_libgit2_init();
	rc = harness_main(argc, argv, cases, sizeof(cases) / sizeof(*cases));
	git_libgit2_shutdown();
	return rc;
}
