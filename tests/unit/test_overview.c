/*
 * test_overview.c: the combined model (records in, resolved data out) and
 * the renderers' shared helpers, without git: records are fed to
 * overview_add_record() as bytes.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "base/util.h"
#include "overview/overview.h"
#include "render/render.h"

static const char meeting[] =
    "kind: meeting\n"
    "id: 2014-11-06-natverksmote\n"
    "federation: jamtland\n"
    "title: Nätverksmöte\n"
    "type: network-meeting\n"
    "start: 2014-11-06\n"
    "questions:\n"
    "  - id: q1\n"
    "    title: Ledarskap\n"
    "    owner: {name: Zorro Zetterlund, federation: umea-vannas}\n"
    "    focus: true\n"
    "    due: 2015-11-05\n"
    "  - id: q2\n"
    "    title: Medel\n"
    "    owner: {name: Åke Rönnberg}\n"
    "    status: done\n"
    "  - id: q3\n"
    "    title: Odd\n"
    "    owner: just a string\n"
    "    focus: yes\n"
    "  - not a mapping\n"
    "  - id: q4\n"
    "    number: 9\n"
    "    title: Numbered\n"
    "    owner: {name: Anna Andersson}\n"
    "decisions: [{id: d1, text: Beslut ett}, plain decision]\n"
    "participants: oops-not-a-list\n"
    "next_meeting: {host: lycksele-mala, start: 2015-11-05}\n";

static const char planned[] =
    "kind: meeting\nid: 2015-11-05-natverksmote\nfederation: lycksele-mala\n"
    "title: Lycksele\ntype: network-meeting\nstart: 2015-11-05\n"
    "status: planned\n";

static const char conference[] =
    "kind: meeting\nid: 2015-04-16-konferens\nfederation: jamtland\n"
    "title: Konferens\ntype: conference\nstart: 2015-04-16\n"
    "next_meeting: {host: jamtland, start: 2016-04-14}\n";

struct rec {
	const char	*fed;
	const char	*path;
	const char	*text;
};

static const char *
followup(char *buf, size_t n, const char *fed, const char *id,
    const char *ref, const char *date, const char *status)
{
	snprintf(buf, n, "kind: followup\nid: %s\nfederation: %s\n"
	    "refers_to: %s\ndate: %s\n%s%s%s", id, fed, ref, date,
	    status ? "status: " : "", status ? status : "",
	    status ? "\n" : "");
	return buf;
}

/* The test network: jamtland (self), umea-vannas, lycksele-mala. */
static struct overview *
build(struct tctx *t)
{
	static const char q1[] = "jamtland/2014-11-06-natverksmote#q1";
	struct overview *ov = NULL;
	char b[12][512];
	const struct rec recs[] = {
		{ "jamtland", "records/m.yaml", meeting },
		{ "jamtland", "records/c.yaml", conference },
		{ "lycksele-mala", "peer:records/p.yaml", planned },
		/* same date: federation id decides (umea-vannas last) */
		{ "umea-vannas", "peer:records/f1.yaml", followup(b[0], 512,
		    "umea-vannas", "f1", q1, "2015-10-15", "in-progress") },
		{ "lycksele-mala", "peer:records/f2.yaml", followup(b[1], 512,
		    "lycksele-mala", "f2", q1, "2015-10-15", "done") },
		{ "jamtland", "records/f0.yaml", followup(b[2], 512,
		    "jamtland", "f0", q1, "2015-01-01", "open") },
		/* broken references */
		{ "umea-vannas", "peer:records/b1.yaml", followup(b[3], 512,
		    "umea-vannas", "b1",
		    "jamtland/2014-11-06-natverksmote#nope",
		    "2015-01-01", "done") },
		{ "umea-vannas", "peer:records/b2.yaml", followup(b[4], 512,
		    "umea-vannas", "b2", "nobody/x#y", "2015-01-01", "done") },
		{ "umea-vannas", "peer:records/b3.yaml", followup(b[5], 512,
		    "umea-vannas", "b3", "garbage", "2015-01-01", "done") },
		{ "umea-vannas", "peer:records/b4.yaml", followup(b[6], 512,
		    "umea-vannas", "b4", "jamtland/missing#q1", "2015-01-01",
		    "done") },
		/* skipped records */
		{ "umea-vannas", "peer:records/x1.yaml", "kind: [unclosed\n" },
		{ "umea-vannas", "peer:records/x2.yaml", followup(b[7], 512,
		    "jamtland", "x2", q1, "2016-01-01", "dropped") },
		{ "umea-vannas", "peer:records/x3.yaml", "- a list\n" },
		{ "umea-vannas", "peer:records/x4.yaml", followup(b[8], 512,
		    "umea-vannas", "f1", q1, "2016-01-01", "dropped") },
		{ "umea-vannas", "peer:records/x5.yaml",
		    "kind: minutes\nid: x5\nfederation: umea-vannas\n" },
		/* a follow-up without a status does not change it */
		{ "umea-vannas", "peer:records/f3.yaml", followup(b[9], 512,
		    "umea-vannas", "f3", q1, "2015-12-01", NULL) },
		{ "umea-vannas", "peer:records/umea-vannas.yaml",
		    "kind: federation\nid: umea-vannas\n"
		    "federation: umea-vannas\n"
		    "name: Umeå-Vännäs\nchair: {name: Ulla, role: ordf}\n" },
	};
	size_t i;

	CHECK(t, overview_new(&ov, "jamtland", "norrland") == NULL, "new");
	CHECK(t, overview_add_source(ov, "jamtland", "Jämtland", "HEAD", 1,
	    1443693600, 1) == NULL, "source");
	CHECK(t, overview_add_source(ov, "umea-vannas", NULL,
	    "refs/netsync/peers/umea-vannas", 1, 1446206400, 1) == NULL, "s");
	CHECK(t, overview_add_source(ov, "lycksele-mala", NULL,
	    "refs/netsync/peers/lycksele-mala", 1, 0, 0) == NULL, "s");
	for (i = 0; i < nitems(recs); i++)
		CHECK(t, overview_add_record(ov, recs[i].fed, recs[i].path,
		    (const unsigned char *)recs[i].text, strlen(recs[i].text))
		    == NULL, "add %s", recs[i].path);
	CHECK(t, overview_add_record(ov, "undeclared", "x", (const unsigned
	    char *)"a: b", 4) != NULL, "undeclared source is an error");
	CHECK(t, overview_add_source(ov, "\"><b>", NULL, "x", 1, 0, 0) !=
	    NULL, "a federation id must be a slug");
	CHECK(t, overview_finish(ov) == NULL, "finish");
	return ov;
}

static const struct ov_question *
question(const struct overview *ov, const char *id)
{
	size_t i;

	for (i = 0; i < ov->nquestions; i++)
		if (ov->questions[i]->id && strcmp(ov->questions[i]->id, id) ==
		    0)
			return ov->questions[i];
	return NULL;
}

static void
test_model(struct tctx *t)
{
	struct overview *ov = build(t);
	const struct ov_question *q;
	const struct ov_meeting *m;

	CHECK_INT(t, ov->nfederations, 3);
	CHECK_STR(t, ov->federations[0]->id, "jamtland");
	CHECK_STR(t, ov->federations[1]->id, "lycksele-mala");
	CHECK_STR(t, ov->federations[2]->name, "Umeå-Vännäs");
	CHECK_STR(t, ov->federations[2]->chair, "Ulla (ordf)");
	CHECK_INT(t, ov->nmeetings, 3);
	CHECK_STR(t, ov->meetings[0]->id, "2014-11-06-natverksmote");
	CHECK_STR(t, ov->meetings[2]->id, "2015-11-05-natverksmote");
	m = overview_meeting(ov, "jamtland", "2014-11-06-natverksmote");
	CHECK(t, m != NULL, "meeting lookup");
	if (m == NULL)
		goto done;
	CHECK_INT(t, m->nquestions, 4);		/* the odd item is skipped */
	CHECK_INT(t, m->ndecisions, 2);
	CHECK_STR(t, m->decisions[1].text, "plain decision");
	CHECK_INT(t, m->nparticipants, 0);
	CHECK_INT(t, m->attendance, -1);
	CHECK(t, m->next_meeting && m->next_meeting->record ==
	    ov->meetings[2], "announcement matched to the planned record");
	q = question(ov, "q1");
	CHECK(t, q && q->focus, "q1 is a focus question");
	CHECK_INT(t, q ? q->nfollowups : 0, 4);
	/* 2015-10-15 twice: umea-vannas sorts after lycksele-mala */
	CHECK_STR(t, q ? q->current_status : NULL, "in-progress");
	CHECK_STR(t, q && q->latest ? q->latest->id : NULL, "f3");
	CHECK_STR(t, q ? q->followups[0]->id : NULL, "f0");
	CHECK_STR(t, q ? q->followups[1]->id : NULL, "f2");
	q = question(ov, "q2");
	CHECK_STR(t, q ? q->current_status : NULL, "done");
	q = question(ov, "q3");
	CHECK(t, q && !q->focus, "focus: yes is a string, not true");
	CHECK_STR(t, q ? q->owner_name : NULL, "just a string");
	CHECK_STR(t, q ? q->current_status : NULL, "open");
	q = question(ov, "q4");
	CHECK_INT(t, q ? q->number : 0, 9);
	CHECK_INT(t, ov->federations[0]->nmeetings, 2);
	CHECK_INT(t, ov->federations[2]->nfollowups, 6);
done:
	overview_free(ov);
}

static int
has_warning(const struct diag_list *dl, const char *file, unsigned line,
    unsigned col, const char *needle)
{
	size_t i;

	for (i = 0; i < dl->n; i++)
		if (strcmp(dl->items[i].file, file) == 0 &&
		    (line == 0 || (dl->items[i].line == line &&
		    dl->items[i].col == col)) &&
		    strstr(dl->items[i].message, needle) != NULL)
			return 1;
	return 0;
}

static void
test_warnings(struct tctx *t)
{
	struct overview *ov = build(t);
	struct diag_list dl = DIAG_LIST_INIT;
	const struct diag_list *w = &ov->warnings;

	CHECK(t, has_warning(w, "peer:records/b1.yaml", 4, 12,
	    "does not have"), "unknown question at refers_to's position");
	CHECK(t, has_warning(w, "peer:records/b2.yaml", 4, 12,
	    "neither this repository nor a pulled peer"), "unknown fed");
	CHECK(t, has_warning(w, "peer:records/b3.yaml", 4, 12,
	    "is not of the form"), "malformed reference");
	CHECK(t, has_warning(w, "peer:records/b4.yaml", 4, 12,
	    "meeting record that does not exist"), "unknown record");
	CHECK(t, has_warning(w, "peer:records/x1.yaml", 0, 0, "skipped"),
	    "unparseable record");
	CHECK(t, has_warning(w, "peer:records/x2.yaml", 0, 0,
	    "does not belong"), "another federation's record");
	CHECK(t, has_warning(w, "peer:records/x3.yaml", 0, 0,
	    "not a mapping"), "a list");
	CHECK(t, has_warning(w, "peer:records/x4.yaml", 0, 0,
	    "already has id"), "duplicate id");
	CHECK(t, has_warning(w, "peer:records/x5.yaml", 0, 0,
	    "not a meeting"), "unknown kind");
	CHECK_INT(t, w->n, 9);
	CHECK(t, overview_diagnose(&dl, ov) == NULL, "diagnose");
	CHECK_INT(t, dl.n, 9);
	CHECK_INT(t, diag_count_errors(&dl), 0);
	diag_list_dispose(&dl);
	overview_free(ov);
}

static void
test_events(struct tctx *t)
{
	struct overview *ov = build(t);
	struct render_opts o = { I18N_SV, "2015-10-31" };
	struct render_event *ev = NULL;
	size_t n = 0;

	CHECK(t, render_events(&ev, &n, ov, &o, 1) == NULL, "events");
	CHECK_INT(t, n, 2);
	if (n == 2) {
		CHECK_STR(t, ev[0].meeting ? ev[0].meeting->id : NULL,
		    "2015-11-05-natverksmote");
		CHECK(t, ev[1].meeting == NULL && ev[1].next != NULL,
		    "the 2016 announcement has no record");
		CHECK_STR(t, ev[1].start, "2016-04-14");
	}
	free(ev);
	CHECK(t, render_events(&ev, &n, ov, &o, 0) == NULL, "all events");
	CHECK_INT(t, n, 4);	/* 3 meetings + 1 unmatched announcement */
	free(ev);
	memcpy(o.today, "2016-05-01", 11);
	CHECK(t, render_events(&ev, &n, ov, &o, 1) == NULL, "events");
	CHECK_INT(t, n, 0);
	free(ev);
	overview_free(ov);
}

static void
test_open_questions(struct tctx *t)
{
	struct overview *ov = build(t);
	const struct ov_question **v = NULL;
	size_t n = 0;

	CHECK(t, render_open_questions(&v, &n, ov) == NULL, "open");
	CHECK_INT(t, n, 3);	/* q1 in-progress, q3 and q4 open */
	if (n == 3) {
		CHECK_STR(t, v[0]->owner_name, "Anna Andersson");
		CHECK_STR(t, v[1]->owner_name, "just a string");
		CHECK_STR(t, v[2]->owner_name, "Zorro Zetterlund");
	}
	free(v);
	CHECK(t, render_collate("Zorro", "Åke") < 0, "z < å");
	CHECK(t, render_collate("Åke", "Ärla") < 0, "å < ä");
	CHECK(t, render_collate("Ärla", "Örjan") < 0, "ä < ö");
	CHECK(t, render_collate("anna", "Bertil") < 0, "case folded");
	CHECK(t, render_collate(NULL, "a") > 0, "NULL last");
	overview_free(ov);
}

static void
test_dates(struct tctx *t)
{
	static const struct {
		int lang;
		const char *s, *e, *want;
	} c[] = {
		{ I18N_SV, "2014-11-06", NULL, "6 november 2014" },
		{ I18N_EN, "2014-11-06", NULL, "6 November 2014" },
		{ I18N_SV, "2014-11-06", "2014-11-07",
		    "6\xe2\x80\x93" "7 november 2014" },
		{ I18N_SV, "2014-10-31", "2014-11-01",
		    "31 oktober \xe2\x80\x93 1 november 2014" },
		{ I18N_SV, "2015-11-05T09:30:00+01:00", NULL,
		    "5 november 2015 kl. 09:30" },
		{ I18N_EN, "soon", NULL, "soon" },
	};
	struct render_opts o = { I18N_SV, "2015-01-01" };
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < nitems(c); i++) {
		buf_reset(&b);
		o.lang = (enum i18n_lang)c[i].lang;
		CHECK(t, render_date(&b, &o, c[i].s, c[i].e) == NULL, "date");
		CHECK_STR(t, b.ptr, c[i].want);
	}
	buf_reset(&b);
	CHECK(t, render_time(&b, 1446206400) == NULL, "time");
	CHECK_STR(t, b.ptr, "2015-10-30 12:00 UTC");
	buf_dispose(&b);
}

/* Every renderer twice: same bytes; and a few content checks. */
static void
test_renderers(struct tctx *t)
{
	static const char *const formats[] = { "html", "md", "json", "ics",
	    "csv" };
	struct overview *ov = build(t);
	struct render_opts o = { I18N_EN, "2015-10-31" };
	struct render_output a = RENDER_OUTPUT_INIT, b = RENDER_OUTPUT_INIT;
	const struct render_file *f;
	size_t i;

	for (i = 0; i < nitems(formats); i++) {
		CHECK(t, render_find(formats[i])->render(&a, ov, &o) == NULL,
		    "render %s", formats[i]);
		CHECK(t, render_find(formats[i])->render(&b, ov, &o) == NULL,
		    "render %s again", formats[i]);
	}
	CHECK(t, render_find("pdf") == NULL, "no pdf");
	CHECK_INT(t, a.n, b.n);
	for (i = 0; i < a.n && i < b.n; i++)
		CHECK(t, strcmp(a.files[i].path, b.files[i].path) == 0 &&
		    a.files[i].data.len == b.files[i].data.len &&
		    memcmp(a.files[i].data.ptr, b.files[i].data.ptr,
		    a.files[i].data.len) == 0, "%s differs", a.files[i].path);
	f = render_output_get(&a,
	    "meetings/jamtland/2014-11-06-natverksmote.html");
	CHECK(t, f && strstr(f->data.ptr, "<html lang=\"en\">"), "lang en");
	CHECK(t, f && strstr(f->data.ptr, "Umeå-Vännäs"), "fed name");
	f = render_output_get(&a, "overview.json");
	CHECK(t, f && strstr(f->data.ptr,
	    "\"current_status\": \"in-progress\""), "json current status");
	f = render_output_get(&a, "overview.ics");
	CHECK(t, f && strstr(f->data.ptr,
	    "UID:jamtland/2015-04-16-konferens/next@netsync\r\n"),
	    "unmatched announcement is an event");
	CHECK(t, f && !strstr(f->data.ptr,
	    "UID:jamtland/2014-11-06-natverksmote/next@netsync"),
	    "a matched announcement is not duplicated");
	render_output_dispose(&a);
	render_output_dispose(&b);
	overview_free(ov);
}

static void
test_ics_times(struct tctx *t)
{
	static const char rec[] =
	    "kind: meeting\nid: m\nfederation: a\ntitle: Timed\n"
	    "type: seminar\nstart: 2015-11-05T09:30:00+01:00\n"
	    "end: 2015-11-05T16:00:00+01:00\n";
	static const char rec2[] =
	    "kind: meeting\nid: n\nfederation: a\ntitle: Open end\n"
	    "type: seminar\nstart: 2015-12-31T23:30:00-01:00\n";
	struct render_opts o = { I18N_SV, "2015-10-31" };
	struct render_output out = RENDER_OUTPUT_INIT;
	struct overview *ov = NULL;
	const char *ics;

	CHECK(t, overview_new(&ov, "a", NULL) == NULL, "new");
	CHECK(t, overview_add_source(ov, "a", NULL, "HEAD", 1, 0, 1) == NULL,
	    "source");
	CHECK(t, overview_add_record(ov, "a", "m", (const unsigned char *)rec,
	    strlen(rec)) == NULL, "add");
	CHECK(t, overview_add_record(ov, "a", "n", (const unsigned char *)
	    rec2, strlen(rec2)) == NULL, "add");
	CHECK(t, overview_finish(ov) == NULL, "finish");
	CHECK(t, render_ics(&out, ov, &o) == NULL, "ics");
	ics = out.n ? out.files[0].data.ptr : "";
	CHECK(t, strstr(ics, "DTSTART:20151105T083000Z\r\n"
	    "DTEND:20151105T150000Z\r\n") != NULL, "timed event: %s", ics);
	CHECK(t, strstr(ics, "DTSTART:20160101T003000Z\r\nSUMMARY:Open end")
	    != NULL, "no DTEND without an end time");
	CHECK(t, strstr(ics, "DTSTAMP:20151105T000000Z") != NULL, "stamp");
	render_output_dispose(&out);
	overview_free(ov);
}

/* Streaming: a file is on disk, and out of memory, once the next begins. */
static void
test_render_stream(struct tctx *t)
{
	struct render_output out = RENDER_OUTPUT_INIT;
	char dir[] = "/tmp/test_overview.XXXXXX", path[128];
	struct buf *b, got = BUF_INIT;

	CHECK(t, mkdtemp(dir) != NULL, "mkdtemp");
	render_output_stream(&out, dir);
	CHECK(t, render_output_add(&out, "a/one.html", &b) == NULL, "add one");
	buf_puts(b, "first page");
	snprintf(path, sizeof(path), "%s/a/one.html", dir);
	CHECK(t, access(path, F_OK) == -1, "not written while open");
	CHECK(t, render_output_add(&out, "two.html", &b) == NULL, "add two");
	buf_puts(b, "second");
	CHECK(t, buf_load_path(&got, path, 100) == NULL &&
	    strcmp(got.ptr, "first page") == 0, "one written at two's start");
	CHECK(t, render_output_get(&out, "a/one.html")->data.len == 0,
	    "and its bytes freed");
	CHECK(t, render_write(&out, dir) == NULL && out.written == 2,
	    "the rest written");
	buf_reset(&got);
	snprintf(path, sizeof(path), "%s/two.html", dir);
	CHECK(t, buf_load_path(&got, path, 100) == NULL &&
	    strcmp(got.ptr, "second") == 0, "two written");
	harness_rmtree(dir);
	buf_dispose(&got);
	render_output_dispose(&out);
}

/* Questions by report-back day: bounds, date-times, order, no due. */
static void
test_questions_due(struct tctx *t)
{
	static const char rec[] =
	    "kind: meeting\nid: m1\nfederation: jamtland\ntitle: M\n"
	    "type: network-meeting\nstart: 2015-01-01\nquestions:\n"
	    "  - {id: a, title: A, owner: {name: X}, due: 2015-11-06}\n"
	    "  - {id: b, title: B, owner: {name: X}, due: 2015-11-04}\n"
	    "  - {id: c, title: C, owner: {name: X}}\n"
	    "  - {id: d, title: D, owner: {name: X}, due: '2015-11-05T10:00'}\n"
	    "  - {id: e, title: E, owner: {name: X}, due: 2015-11-05}\n"
	    "  - {id: f, title: F, owner: {name: X}, due: 2015-11-07}\n";
	struct overview *ov = NULL;
	struct ov_question *const *q;
	size_t n = 9;

	CHECK(t, overview_new(&ov, "jamtland", NULL) == NULL, "new");
	CHECK(t, overview_add_source(ov, "jamtland", NULL, "HEAD", 1, 0, 0) ==
	    NULL, "source");
	CHECK(t, overview_add_record(ov, "jamtland", "records/m1.yaml",
	    (const unsigned char *)rec, strlen(rec)) == NULL, "add");
	CHECK(t, overview_finish(ov) == NULL, "finish");
	CHECK_INT(t, ov->nby_due, 5);	/* c has none */
	q = overview_questions_due(ov, "2015-11-05", "2015-11-05", &n);
	CHECK_INT(t, n, 2);	/* a date-time counts on its day */
	if (n == 2) {
		CHECK_STR(t, q[0]->id, "d");	/* same day: model order */
		CHECK_STR(t, q[1]->id, "e");
	}
	q = overview_questions_due(ov, "2015-11-04", "2015-11-06", &n);
	CHECK_INT(t, n, 4);	/* both ends included */
	if (n == 4) {
		CHECK_STR(t, q[0]->id, "b");
		CHECK_STR(t, q[3]->id, "a");
	}
	overview_questions_due(ov, "2015-11-08", "2016-01-01", &n);
	CHECK_INT(t, n, 0);
	overview_questions_due(ov, "2015-11-06", "2015-11-04", &n);
	CHECK_INT(t, n, 0);	/* an end before the start */
	overview_questions_due(ov, NULL, "2015-11-06", &n);
	CHECK_INT(t, n, 0);
	overview_free(ov);
}

/* How many temporary files (".tmp-") 'dir' holds. */
static int
count_tmp(const char *dir)
{
	struct dirent *e;
	DIR *d;
	int n = 0;

	d = opendir(dir);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".tmp-") != NULL)
			n++;
	closedir(d);
	return n;
}

/* Text as it is (an rw 'esc'). */
static const struct ns_error *
verbatim(struct buf *b, const char *s, size_t len)
{
	return buf_add(b, s, len);
}

/*
 * Write 'lines' numbered lines (the last ends in 'last') to the file
 * 'path' of 'out' with the rw writers, and the same bytes to 'want'; 1 if
 * the file's buffer never held much more than RENDER_SPILL_BYTES.
 */
static int
write_lines(struct render_output *out, const char *path, int lines,
    const char *last, struct buf *want, const struct ns_error **err)
{
	struct render_opts o = { I18N_SV, "2015-10-31" };
	struct rw w;
	int i, bounded = 1;

	buf_reset(want);
	if (rw_open(&w, out, path, verbatim, &o, NULL) == NULL)
		for (i = 0; i < lines; i++) {
			rw_rawf(&w, "line %d of a large page, ", i);
			rw_text(&w, i + 1 < lines ? "and more\n" : last);
			buf_printf(want, "line %d of a large page, %s", i,
			    i + 1 < lines ? "and more\n" : last);
			if (w.b->len > RENDER_SPILL_BYTES + 100)
				bounded = 0;
		}
	*err = w.err;
	return bounded;
}

/*
 * Make "big/page.html" under 'dir' again, 'lines' lines ending in 'last',
 * streamed: 1 if it then holds exactly those bytes and no temporary file is
 * left.  *tmp_seen: whether there was one before the end; *st: the file.
 */
static int
remake(const char *dir, int lines, const char *last, int *tmp_seen,
    struct stat *st)
{
	struct render_output out = RENDER_OUTPUT_INIT;
	const struct ns_error *err;
	struct buf want = BUF_INIT, got = BUF_INIT;
	char path[128], sub[128];
	int ok;

	snprintf(path, sizeof(path), "%s/big/page.html", dir);
	snprintf(sub, sizeof(sub), "%s/big", dir);
	render_output_stream(&out, dir);
	ok = write_lines(&out, "big/page.html", lines, last, &want, &err) &&
	    err == NULL;
	*tmp_seen = count_tmp(sub) > 0;
	ok = ok && render_write(&out, dir) == NULL && count_tmp(sub) == 0 &&
	    buf_load_path(&got, path, 1 << 24) == NULL &&
	    got.len == want.len && memcmp(got.ptr, want.ptr, want.len) == 0 &&
	    stat(path, st) == 0;
	render_output_dispose(&out);
	buf_dispose(&want);
	buf_dispose(&got);
	return ok;
}

/* A file that outgrows its buffer spills to disk, with the same bytes. */
static void
test_render_spill(struct tctx *t)
{
	struct render_output out = RENDER_OUTPUT_INIT;
	const struct ns_error *err;
	char dir[] = "/tmp/test_overview.XXXXXX", path[128], sub[128];
	struct buf want = BUF_INIT, got = BUF_INIT, mem = BUF_INIT;
	struct stat st1, st2;
	int tmp_seen;
	struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	const int lines = 40000;	/* about 1.4 MB */

	CHECK(t, mkdtemp(dir) != NULL, "mkdtemp");
	snprintf(path, sizeof(path), "%s/big/page.html", dir);
	snprintf(sub, sizeof(sub), "%s/big", dir);

	/* in memory (no directory): the bytes as they are */
	CHECK(t, write_lines(&out, "big/page.html", lines, "end\n", &mem,
	    &err) == 0 && err == NULL, "in memory, no spill");
	CHECK(t, out.n == 1 && out.files[0].data.len == mem.len &&
	    memcmp(out.files[0].data.ptr, mem.ptr, mem.len) == 0,
	    "in memory: the whole file");
	render_output_dispose(&out);

	/* streamed: bounded memory, a temporary file while it is made */
	memset(&out, 0, sizeof(out));
	render_output_stream(&out, dir);
	CHECK(t, write_lines(&out, "big/page.html", lines, "end\n", &want,
	    &err) && err == NULL, "streamed: memory bounded");
	CHECK(t, want.len > 3 * RENDER_SPILL_BYTES && want.len == mem.len,
	    "large enough: %zu", want.len);
	CHECK(t, out.files[0].tmp != NULL && count_tmp(sub) == 1,
	    "spilled to a temporary file");
	CHECK(t, access(path, F_OK) == -1, "not in place while open");
	CHECK(t, render_write(&out, dir) == NULL, "write");
	CHECK(t, buf_load_path(&got, path, 1 << 24) == NULL &&
	    got.len == mem.len && memcmp(got.ptr, mem.ptr, mem.len) == 0,
	    "spilled file == unspilled bytes");
	CHECK_INT(t, count_tmp(sub), 0);
	render_output_dispose(&out);

	/* the same again: only compared, not rewritten (inode, mtime kept) */
	CHECK(t, utimensat(AT_FDCWD, path, old, 0) == 0 &&
	    stat(path, &st1) == 0, "age the file");
	CHECK(t, remake(dir, lines, "end\n", &tmp_seen, &st2), "rerun");
	CHECK(t, !tmp_seen, "unchanged: no temporary file");
	CHECK(t, st2.st_ino == st1.st_ino && st2.st_mtime == 1000000000,
	    "unchanged: not rewritten");

	/* the last byte differs: replaced (differs in the last chunk) */
	CHECK(t, remake(dir, lines, "END\n", &tmp_seen, &st2) &&
	    st2.st_ino != st1.st_ino, "last byte changed: replaced");
	/* a prefix of the file in place: replaced (differs by its size) */
	CHECK(t, remake(dir, lines / 2, "and more\n", &tmp_seen, &st1) &&
	    st1.st_ino != st2.st_ino, "shorter: replaced");
	CHECK(t, !tmp_seen, "the same up to its end");
	/* the file in place is a prefix: replaced (differs at its end) */
	CHECK(t, remake(dir, lines, "end\n", &tmp_seen, &st2) &&
	    st2.st_ino != st1.st_ino, "longer: replaced");
	CHECK(t, tmp_seen, "a temporary file from the old file's end on");

	/* an error (a directory in the way): no temporary file left */
	memset(&out, 0, sizeof(out));
	render_output_stream(&out, dir);
	write_lines(&out, "big", lines, "end\n", &want, &err);
	CHECK(t, err == NULL && count_tmp(dir) == 1, "spilled");
	CHECK(t, render_write(&out, dir) != NULL, "rename onto a directory");
	CHECK_INT(t, count_tmp(dir), 0);
	render_output_dispose(&out);

	/* abandoned half made (a renderer failed): dispose removes it */
	memset(&out, 0, sizeof(out));
	render_output_stream(&out, dir);
	write_lines(&out, "big/other.html", lines, "end\n", &want, &err);
	CHECK(t, err == NULL && count_tmp(sub) == 1, "spilled");
	render_output_dispose(&out);
	CHECK_INT(t, count_tmp(sub), 0);
	CHECK(t, access(path, F_OK) == 0, "the page itself stays");

	harness_rmtree(dir);
	buf_dispose(&want);
	buf_dispose(&got);
	buf_dispose(&mem);
}

static const struct tcase tests[] = {
	TCASE(test_model),
	TCASE(test_warnings),
	TCASE(test_events),
	TCASE(test_open_questions),
	TCASE(test_questions_due),
	TCASE(test_dates),
	TCASE(test_renderers),
	TCASE(test_render_stream),
	TCASE(test_render_spill),
	TCASE(test_ics_times),
};

HARNESS_MAIN(tests)
