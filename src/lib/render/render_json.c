/*
 * render_json.c: overview.json, the whole combined data set.
 *
 * The format is documented in docs/notes/overview.md.  Every key is always
 * present (null when absent, [] when empty), objects keep a fixed key
 * order and lists the model's order, and the text is indented two spaces
 * a level, so two runs give the same bytes and diffs stay readable.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/escape.h"
#include "render/render.h"

#define JSON_FORMAT_VERSION	1
#define MAX_DEPTH		16

struct jw {
	struct rw	w;
	int		depth;
	int		count[MAX_DEPTH];
};

static void
newline(struct jw *j)
{
	int i;

	rw_raw(&j->w, j->count[j->depth]++ ? ",\n" : "\n");
	for (i = 0; i < j->depth; i++)
		rw_raw(&j->w, "  ");
}

/* Open an object or array, as a member "key" (or an item when NULL). */
static void
open_(struct jw *j, const char *key, const char *bracket)
{
	if (j->depth > 0)
		newline(j);
	if (key) {
		rw_text(&j->w, key);
		rw_raw(&j->w, ": ");
	}
	rw_raw(&j->w, bracket);
	if (j->depth + 1 < MAX_DEPTH)
		j->count[++j->depth] = 0;
}

static void
close_(struct jw *j, const char *bracket)
{
	int i, had = j->count[j->depth];

	j->depth--;
	if (had) {
		rw_raw(&j->w, "\n");
		for (i = 0; i < j->depth; i++)
			rw_raw(&j->w, "  ");
	}
	rw_raw(&j->w, bracket);
}

static void
str(struct jw *j, const char *key, const char *v)
{
	newline(j);
	if (key) {
		rw_text(&j->w, key);
		rw_raw(&j->w, ": ");
	}
	if (v)
		rw_text(&j->w, v);
	else
		rw_raw(&j->w, "null");
}

static void
num(struct jw *j, const char *key, long long v, int present)
{
	newline(j);
	rw_text(&j->w, key);
	if (present)
		rw_rawf(&j->w, ": %lld", v);
	else
		rw_raw(&j->w, ": null");
}

static void
boolean(struct jw *j, const char *key, int v)
{
	newline(j);
	rw_text(&j->w, key);
	rw_raw(&j->w, v ? ": true" : ": false");
}

/* "fed/id" or "fed/id#q" as a value. */
static void
ref(struct jw *j, const char *key, const char *fed, const char *id,
    const char *q)
{
	struct buf b = BUF_INIT;

	if (j->w.err == NULL)
		j->w.err = buf_printf(&b, "%s/%s%s%s", fed, id, q ? "#" : "",
		    q ? q : "");
	str(j, key, j->w.err ? NULL : b.ptr);
	buf_dispose(&b);
}

static void
people(struct jw *j, const char *key, const struct ov_person *p, size_t n)
{
	size_t i;

	open_(j, key, "[");
	for (i = 0; i < n; i++) {
		open_(j, NULL, "{");
		str(j, "name", p[i].name);
		str(j, "role", p[i].role);
		str(j, "organization", p[i].organization);
		str(j, "federation", p[i].federation);
		str(j, "email", p[i].email);
		close_(j, "}");
	}
	close_(j, "]");
}

static void
strings(struct jw *j, const char *key, char *const *v, size_t n)
{
	size_t i;

	open_(j, key, "[");
	for (i = 0; i < n; i++)
		str(j, NULL, v[i]);
	close_(j, "]");
}

/* RFC 3339 in UTC, 2015-11-05T09:30:00Z. */
static const struct ns_error *
iso_time(struct buf *out, long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char s[64];

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return buf_puts(out, "1970-01-01T00:00:00Z");
	return buf_puts(out, s);
}

static void
federation(struct jw *j, const struct ov_federation *f)
{
	struct buf t = BUF_INIT;

	open_(j, NULL, "{");
	str(j, "id", f->id);
	str(j, "name", f->name);
	str(j, "short_name", f->short_name);
	str(j, "description", f->description);
	str(j, "region", f->region);
	str(j, "chair", f->chair);
	str(j, "website", f->website);
	people(j, "contacts", f->contacts, f->ncontacts);
	strings(j, "members", f->members, f->nmembers);
	boolean(j, "self", f->is_self);
	str(j, "source", f->source);
	boolean(j, "has_data", f->has_data);
	if (f->updated_known && j->w.err == NULL)
		j->w.err = iso_time(&t, f->updated);
	str(j, "updated", f->updated_known ? t.ptr : NULL);
	num(j, "records", (long long)f->nrecords, 1);
	num(j, "meetings", (long long)f->nmeetings, 1);
	num(j, "questions", (long long)f->nquestions, 1);
	num(j, "followups", (long long)f->nfollowups, 1);
	close_(j, "}");
	buf_dispose(&t);
}

static void
followup(struct jw *j, const struct ov_followup *f)
{
	open_(j, NULL, "{");
	ref(j, "ref", f->federation, f->id, NULL);
	str(j, "federation", f->federation);
	str(j, "id", f->id);
	str(j, "refers_to", f->refers_to);
	boolean(j, "resolved", f->question != NULL);
	str(j, "date", f->date);
	str(j, "status", f->status);
	str(j, "by", f->by);
	str(j, "note", f->note);
	str(j, "file", f->file);
	close_(j, "}");
}

static void
question(struct jw *j, const struct ov_question *q)
{
	size_t i;

	open_(j, NULL, "{");
	ref(j, "ref", q->meeting->federation, q->meeting->id, q->id);
	str(j, "id", q->id);
	num(j, "number", q->number, 1);
	str(j, "title", q->title);
	str(j, "description", q->description);
	open_(j, "owner", "{");
	str(j, "name", q->owner_name);
	str(j, "federation", q->owner_federation);
	close_(j, "}");
	people(j, "co_owners", q->co_owners, q->nco_owners);
	boolean(j, "focus", q->focus);
	str(j, "due", q->due);
	str(j, "status", q->status);
	str(j, "current_status", q->current_status);
	boolean(j, "open", overview_status_open(q->current_status));
	open_(j, "followups", "[");
	for (i = 0; i < q->nfollowups; i++)
		followup(j, q->followups[i]);
	close_(j, "]");
	close_(j, "}");
}

static void
next_meeting(struct jw *j, const struct ov_next_meeting *nm)
{
	if (nm == NULL) {
		str(j, "next_meeting", NULL);
		return;
	}
	open_(j, "next_meeting", "{");
	str(j, "host", nm->host);
	str(j, "location", nm->location);
	str(j, "start", nm->start);
	str(j, "end", nm->end);
	str(j, "note", nm->note);
	if (nm->record)
		ref(j, "record", nm->record->federation, nm->record->id, NULL);
	else
		str(j, "record", NULL);
	close_(j, "}");
}

static void
meeting_lists(struct jw *j, const struct ov_meeting *m)
{
	size_t i;

	open_(j, "program", "[");
	for (i = 0; i < m->nprogram; i++) {
		open_(j, NULL, "{");
		str(j, "title", m->program[i].title);
		str(j, "speaker", m->program[i].speaker);
		str(j, "notes", m->program[i].notes);
		close_(j, "}");
	}
	close_(j, "]");
	open_(j, "questions", "[");
	for (i = 0; i < m->nquestions; i++)
		question(j, &m->questions[i]);
	close_(j, "]");
	open_(j, "decisions", "[");
	for (i = 0; i < m->ndecisions; i++) {
		open_(j, NULL, "{");
		str(j, "id", m->decisions[i].id);
		str(j, "text", m->decisions[i].text);
		close_(j, "}");
	}
	close_(j, "]");
	open_(j, "contributions", "[");
	for (i = 0; i < m->ncontributions; i++) {
		open_(j, NULL, "{");
		str(j, "text", m->contributions[i].text);
		str(j, "by", m->contributions[i].by);
		close_(j, "}");
	}
	close_(j, "]");
}

static void
meeting(struct jw *j, const struct ov_meeting *m)
{
	open_(j, NULL, "{");
	ref(j, "ref", m->federation, m->id, NULL);
	str(j, "federation", m->federation);
	str(j, "id", m->id);
	str(j, "file", m->file);
	str(j, "title", m->title);
	str(j, "type", m->type);
	str(j, "start", m->start);
	str(j, "end", m->end);
	boolean(j, "upcoming", render_is_upcoming(j->w.opts, m->start,
	    m->end));
	str(j, "location", m->location);
	str(j, "host", m->host);
	str(j, "status", m->status);
	str(j, "purpose", m->purpose);
	str(j, "summary", m->summary);
	num(j, "attendance", m->attendance, m->attendance >= 0);
	str(j, "compiled_by", m->compiled_by);
	people(j, "organizers", m->organizers, m->norganizers);
	people(j, "participants", m->participants, m->nparticipants);
	meeting_lists(j, m);
	next_meeting(j, m->next_meeting);
	strings(j, "tags", m->tags, m->ntags);
	close_(j, "}");
}

static void
warnings(struct jw *j, const struct diag_list *dl)
{
	const struct diag *d;
	size_t i;

	open_(j, "warnings", "[");
	for (i = 0; i < dl->n; i++) {
		d = &dl->items[i];
		open_(j, NULL, "{");
		str(j, "file", d->file);
		num(j, "line", d->line, d->line > 0);
		num(j, "column", d->col, d->col > 0);
		str(j, "severity", "warning");
		str(j, "path", d->path);
		str(j, "message", d->message);
		close_(j, "}");
	}
	close_(j, "]");
}

const struct ns_error *
render_json(struct render_output *out, const struct overview *ov,
    const struct render_opts *opts)
{
	struct jw j;
	size_t i;

	memset(&j, 0, sizeof(j));
	if (rw_open(&j.w, out, "overview.json", escape_json, opts, ov))
		return j.w.err;
	open_(&j, NULL, "{");
	str(&j, "format", "netsync-overview");
	num(&j, "version", JSON_FORMAT_VERSION, 1);
	str(&j, "network", ov->network);
	str(&j, "self", ov->self);
	str(&j, "today", opts->today);
	open_(&j, "federations", "[");
	for (i = 0; i < ov->nfederations; i++)
		federation(&j, ov->federations[i]);
	close_(&j, "]");
	open_(&j, "meetings", "[");
	for (i = 0; i < ov->nmeetings; i++)
		meeting(&j, ov->meetings[i]);
	close_(&j, "]");
	open_(&j, "followups", "[");
	for (i = 0; i < ov->nfollowups; i++)
		followup(&j, ov->followups[i]);
	close_(&j, "]");
	warnings(&j, &ov->warnings);
	close_(&j, "}");
	rw_raw(&j.w, "\n");
	return j.w.err;
}
