/*
 * render_html_pages.c: the overview site's detail pages: one per meeting
 * (everything the record holds, each question with its follow-up history
 * and current status) and one per federation; and the question table the
 * index shares with them.
 */
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/util.h"
#include "render/render_html.h"

#define MEETING_ROOT	"../../"
#define FED_ROOT	"../"

static void
crumbs(struct rw *w, const char *root, const char *title)
{
	rw_raw(w, "<nav class=\"crumbs\" aria-label=\"");
	rw_msg(w, MSG_BREADCRUMB);
	rw_rawf(w, "\"><ol><li><a href=\"%sindex.html\">", root);
	rw_msg(w, MSG_OVERVIEW);
	rw_rawf(w, "</a></li><li><a href=\"%smeetings.html\">", root);
	rw_msg(w, MSG_MEETINGS);
	rw_raw(w, "</a></li><li aria-current=\"page\">");
	rw_text(w, title);
	rw_raw(w, "</li></ol></nav>\n");
}

/* <dt>label</dt><dd>text</dd> when text is set. */
static void
fact(struct rw *w, enum i18n_msg label, const char *text)
{
	if (text == NULL)
		return;
	rw_raw(w, "<dt>");
	rw_msg(w, label);
	rw_raw(w, "</dt><dd>");
	rw_text(w, text);
	rw_raw(w, "</dd>\n");
}

static void
fact_open(struct rw *w, enum i18n_msg label)
{
	rw_raw(w, "<dt>");
	rw_msg(w, label);
	rw_raw(w, "</dt><dd>");
}

static void
question_href(struct rw *w, const char *root, const struct ov_question *q)
{
	html_meeting_href(w, root, q->meeting);
	if (q->id) {
		rw_raw(w, "#q-");
		rw_text(w, q->id);
	}
}

static void
latest_followup(struct rw *w, const char *root, const struct ov_question *q)
{
	const struct ov_followup *f = q->latest;

	if (f == NULL) {
		rw_raw(w, "<span class=\"muted\">\xe2\x80\x94</span>");
		return;
	}
	html_date(w, f->date, NULL);
	rw_raw(w, "<br><span class=\"muted\">");
	html_fed_link(w, root, f->federation);
	rw_raw(w, "</span>");
}

static void
question_head(struct rw *w, int with_owner)
{
	static const enum i18n_msg cols[] = { MSG_OWNER, MSG_QUESTION,
	    MSG_MEETING, MSG_DUE_SHORT, MSG_CURRENT_STATUS,
	    MSG_LATEST_FOLLOWUP };
	size_t i;

	static const char *const widths[] = { "12%", "23%", "18%", "14%",
	    "12%", "21%" };

	rw_raw(w, "<table class=\"questions\">\n<colgroup>");
	for (i = with_owner ? 0 : 1; i < nitems(cols); i++)
		rw_rawf(w, "<col style=\"width:%s\">", i == 1 && !with_owner ?
		    "35%" : widths[i]);
	rw_raw(w, "</colgroup>\n<thead><tr>");
	for (i = with_owner ? 0 : 1; i < nitems(cols); i++) {
		rw_raw(w, "<th scope=\"col\">");
		rw_msg(w, cols[i]);
		rw_raw(w, "</th>");
	}
	rw_raw(w, "</tr></thead>\n<tbody>\n");
}

/* A cell that names its column, for the narrow-screen card layout. */
static void
td(struct rw *w, enum i18n_msg label)
{
	rw_raw(w, "<td data-label=\"");
	rw_msg(w, label);
	rw_raw(w, "\">");
}

void
html_question_table(struct rw *w, const char *root,
    const struct ov_question *const *v, size_t n, int with_owner)
{
	const struct ov_question *q;
	size_t i;

	question_head(w, with_owner);
	for (i = 0; i < n; i++) {
		q = v[i];
		rw_raw(w, "<tr>");
		if (with_owner) {
			td(w, MSG_OWNER);
			rw_text(w, q->owner_name);
			rw_raw(w, "</td>");
		}
		rw_raw(w, "<th scope=\"row\"><a href=\"");
		question_href(w, root, q);
		rw_raw(w, "\">");
		rw_text(w, q->title ? q->title : q->id);
		rw_raw(w, "</a>");
		if (q->focus) {
			rw_raw(w, " ");
			html_badge(w, "focus", render_msg(w->opts,
			    MSG_FOCUS_QUESTION));
		}
		rw_raw(w, "</th>");
		td(w, MSG_MEETING);
		html_meeting_link(w, root, q->meeting);
		rw_raw(w, "<br><span class=\"muted\">");
		html_date(w, q->meeting->start, NULL);
		rw_raw(w, "</span></td>");
		td(w, MSG_DUE_SHORT);
		html_date(w, q->due, NULL);
		rw_raw(w, "</td>");
		td(w, MSG_CURRENT_STATUS);
		html_status(w, q->current_status);
		rw_raw(w, "</td>");
		td(w, MSG_LATEST_FOLLOWUP);
		latest_followup(w, root, q);
		rw_raw(w, "</td></tr>\n");
	}
	rw_raw(w, "</tbody>\n</table>\n");
}

/* Which optional columns of a people table have any content. */
static void
people_columns(const struct ov_person *p, size_t n, int col[3])
{
	size_t i;

	col[0] = col[1] = col[2] = 0;
	for (i = 0; i < n; i++) {
		col[0] |= p[i].role != NULL;
		col[1] |= p[i].organization != NULL || p[i].federation != NULL;
		col[2] |= p[i].email != NULL;
	}
}

/* A table of people; role, organization and e-mail columns only when
 * some row has them. */
static void
people_table(struct rw *w, const char *root, const char *id,
    enum i18n_msg title, const struct ov_person *p, size_t n)
{
	static const enum i18n_msg head[3] = { MSG_ROLE, MSG_ORGANIZATION,
	    MSG_EMAIL };
	size_t i, k;
	int col[3];

	if (n == 0)
		return;
	people_columns(p, n, col);
	html_h2(w, id, title);
	rw_raw(w, "<table>\n<thead><tr><th scope=\"col\">");
	rw_msg(w, MSG_NAME);
	for (k = 0; k < 3; k++) {
		if (!col[k])
			continue;
		rw_raw(w, "</th><th scope=\"col\">");
		rw_msg(w, head[k]);
	}
	rw_raw(w, "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		rw_raw(w, "<tr><th scope=\"row\">");
		rw_text(w, p[i].name);
		rw_raw(w, "</th>");
		if (col[0]) {
			rw_raw(w, "<td>");
			rw_text(w, p[i].role);
			rw_raw(w, "</td>");
		}
		if (col[1]) {
			rw_raw(w, "<td>");
			rw_text(w, p[i].organization);
			if (p[i].federation && p[i].organization == NULL)
				html_fed_link(w, root, p[i].federation);
			rw_raw(w, "</td>");
		}
		if (col[2]) {
			rw_raw(w, "<td>");
			rw_text(w, p[i].email);
			rw_raw(w, "</td>");
		}
		rw_raw(w, "</tr>\n");
	}
	rw_raw(w, "</tbody>\n</table>\n");
}

static void
program(struct rw *w, const struct ov_meeting *m)
{
	size_t i;

	if (m->nprogram == 0)
		return;
	html_h2(w, "program", MSG_PROGRAM);
	rw_raw(w, "<table>\n<colgroup><col style=\"width:3em\">"
	    "<col style=\"width:27%\"><col style=\"width:22%\"><col>"
	    "</colgroup>\n<thead><tr><th scope=\"col\" class=\"num\">#</th>"
	    "<th scope=\"col\">");
	rw_msg(w, MSG_ITEM);
	rw_raw(w, "</th><th scope=\"col\">");
	rw_msg(w, MSG_SPEAKER);
	rw_raw(w, "</th><th scope=\"col\">");
	rw_msg(w, MSG_NOTES);
	rw_raw(w, "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < m->nprogram; i++) {
		rw_rawf(w, "<tr><td class=\"num\">%zu</td><th scope=\"row\">",
		    i + 1);
		rw_text(w, m->program[i].title);
		rw_raw(w, "</th><td>");
		rw_text(w, m->program[i].speaker);
		rw_raw(w, "</td><td>");
		rw_text(w, m->program[i].notes);
		rw_raw(w, "</td></tr>\n");
	}
	rw_raw(w, "</tbody>\n</table>\n");
}

static void
history(struct rw *w, const struct ov_question *q)
{
	const struct ov_followup *f;
	size_t i;

	rw_raw(w, "<h4>");
	rw_msg(w, MSG_FOLLOWUPS);
	rw_raw(w, "</h4>\n");
	if (q->nfollowups == 0) {
		rw_raw(w, "<p class=\"muted\">");
		rw_msg(w, MSG_NO_FOLLOWUPS);
		rw_raw(w, "</p>\n");
		return;
	}
	rw_raw(w, "<ol class=\"history\">\n");
	for (i = 0; i < q->nfollowups; i++) {
		f = q->followups[i];
		rw_raw(w, "<li><strong>");
		html_date(w, f->date, NULL);
		rw_raw(w, "</strong> \xc2\xb7 ");
		html_fed_link(w, MEETING_ROOT, f->federation);
		rw_raw(w, " ");
		html_status(w, f->status);
		if (f->by) {
			rw_raw(w, " <span class=\"muted\">");
			rw_text(w, f->by);
			rw_raw(w, "</span>");
		}
		html_paragraphs(w, f->note);
		rw_raw(w, "</li>\n");
	}
	rw_raw(w, "</ol>\n");
}

static void
question(struct rw *w, const struct ov_question *q)
{
	rw_raw(w, q->focus ? "<section class=\"question focus\"" :
	    "<section class=\"question\"");
	if (q->id) {
		rw_raw(w, " id=\"q-");
		rw_text(w, q->id);
		rw_raw(w, "\"");
	}
	rw_rawf(w, ">\n<h3>%u. ", q->number);
	rw_text(w, q->title ? q->title : q->id);
	if (q->focus) {
		rw_raw(w, " ");
		html_badge(w, "focus", render_msg(w->opts, MSG_FOCUS_QUESTION));
	}
	rw_raw(w, "</h3>\n<dl class=\"facts\">\n");
	fact_open(w, MSG_CURRENT_STATUS);
	html_status(w, q->current_status);
	rw_raw(w, "</dd>\n");
	if (q->owner_name) {
		fact_open(w, MSG_OWNER);
		rw_text(w, q->owner_name);
		if (q->owner_federation) {
			rw_raw(w, ", ");
			html_fed_link(w, MEETING_ROOT, q->owner_federation);
		}
		rw_raw(w, "</dd>\n");
	}
	if (q->due) {
		fact_open(w, MSG_DUE);
		html_date(w, q->due, NULL);
		rw_raw(w, "</dd>\n");
	}
	fact(w, MSG_OWN_STATUS, i18n_status(w->opts->lang, q->status));
	rw_raw(w, "</dl>\n");
	html_paragraphs(w, q->description);
	history(w, q);
	rw_raw(w, "</section>\n");
}

static void
facts(struct rw *w, const struct ov_meeting *m)
{
	char n[32];

	rw_raw(w, "<dl class=\"facts\">\n");
	fact_open(w, MSG_DATE);
	html_date(w, m->start, m->end);
	rw_raw(w, "</dd>\n");
	fact(w, MSG_LOCATION, m->location);
	fact(w, MSG_TYPE, i18n_meeting_type(w->opts->lang, m->type));
	if (m->host) {
		fact_open(w, MSG_HOST);
		html_fed_link(w, MEETING_ROOT, m->host);
		rw_raw(w, "</dd>\n");
	}
	if (m->host == NULL || strcmp(m->host, m->federation) != 0) {
		fact_open(w, MSG_ORGANIZED_BY);
		html_fed_link(w, MEETING_ROOT, m->federation);
		rw_raw(w, "</dd>\n");
	}
	if (m->status) {
		fact_open(w, MSG_STATUS);
		html_badge(w, m->status, i18n_meeting_status(w->opts->lang,
		    m->status));
		rw_raw(w, "</dd>\n");
	}
	snprintf(n, sizeof(n), "%ld", m->attendance);
	fact(w, MSG_ATTENDANCE, m->attendance >= 0 ? n : NULL);
	fact(w, MSG_COMPILED_BY, m->compiled_by);
	rw_raw(w, "</dl>\n");
}

static void
text_section(struct rw *w, const char *id, enum i18n_msg title,
    const char *text)
{
	if (text == NULL)
		return;
	html_h2(w, id, title);
	html_paragraphs(w, text);
}

static void
decisions_and_contributions(struct rw *w, const struct ov_meeting *m)
{
	size_t i;

	if (m->ndecisions)
		html_h2(w, "decisions", MSG_DECISIONS);
	for (i = 0; i < m->ndecisions; i++) {
		rw_raw(w, i ? "<li>" : "<ol>\n<li>");
		rw_text(w, m->decisions[i].text);
		rw_raw(w, i + 1 == m->ndecisions ? "</li>\n</ol>\n" :
		    "</li>\n");
	}
	if (m->ncontributions)
		html_h2(w, "contributions", MSG_CONTRIBUTIONS);
	for (i = 0; i < m->ncontributions; i++) {
		rw_raw(w, "<blockquote>");
		html_paragraphs(w, m->contributions[i].text);
		if (m->contributions[i].by) {
			rw_raw(w, "<p class=\"muted\">\xe2\x80\x94 ");
			rw_text(w, m->contributions[i].by);
			rw_raw(w, "</p>");
		}
		rw_raw(w, "</blockquote>\n");
	}
}

static void
next_meeting(struct rw *w, const struct ov_next_meeting *nm)
{
	if (nm == NULL)
		return;
	html_h2(w, "next", MSG_NEXT_MEETING);
	rw_raw(w, "<p>");
	if (nm->record)
		html_meeting_link(w, MEETING_ROOT, nm->record);
	else
		html_badge(w, "announced", render_msg(w->opts, MSG_ANNOUNCED));
	rw_raw(w, "</p>\n<dl class=\"facts\">\n");
	if (nm->start) {
		fact_open(w, MSG_DATE);
		html_date(w, nm->start, nm->end);
		rw_raw(w, "</dd>\n");
	}
	fact(w, MSG_LOCATION, nm->location);
	fact_open(w, MSG_HOST);
	html_fed_link(w, MEETING_ROOT, nm->host);
	rw_raw(w, "</dd>\n</dl>\n");
	html_paragraphs(w, nm->note);
}

static void
tags(struct rw *w, char *const *t, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	html_h2(w, "tags", MSG_TAGS);
	rw_raw(w, "<p>");
	for (i = 0; i < n; i++) {
		rw_raw(w, i ? ", " : "");
		rw_text(w, t[i]);
	}
	rw_raw(w, "</p>\n");
}

/* A section of the questions v[0..n), when there is any. */
static void
question_section(struct rw *w, const char *root, const char *id,
    enum i18n_msg heading, const struct ov_question **v, size_t n)
{
	if (n) {
		html_h2(w, id, heading);
		html_question_table(w, root, v, n, 1);
	}
}

static int
cmp_seq(const void *pa, const void *pb)
{
	const struct ov_question *a = *(const struct ov_question *const *)pa;
	const struct ov_question *b = *(const struct ov_question *const *)pb;

	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The questions of other meetings whose report-back day is this meeting's. */
static void
reported_here(struct rw *w, const struct ov_meeting *m)
{
	struct ov_question *const *due;
	const struct ov_question **v;
	size_t i, n, k = 0;

	due = overview_questions_due(w->ov, m->start, m->end ? m->end :
	    m->start, &n);
	if (n == 0 || w->err)
		return;
	v = malloc(n * sizeof(*v));
	if (v == NULL) {
		w->err = ns_error(NS_ERR_NOMEM);
		return;
	}
	for (i = 0; i < n; i++)
		if (due[i]->meeting != m)
			v[k++] = due[i];
	/* the model's order, as on every other list of questions */
	qsort(v, k, sizeof(*v), cmp_seq);
	question_section(w, MEETING_ROOT, "reported", MSG_REPORTED_HERE, v, k);
	free(v);
}

void
html_meeting_page(struct rw *w, const struct ov_meeting *m)
{
	const char *title = m->title ? m->title : m->id;
	size_t i;

	html_begin(w, MEETING_ROOT, title);
	crumbs(w, MEETING_ROOT, title);
	rw_raw(w, "<h1>");
	rw_text(w, title);
	rw_raw(w, "</h1>\n");
	if (m->status && strcmp(m->status, "cancelled") == 0) {
		rw_raw(w, "<p><strong>");
		rw_msg(w, MSG_CANCELLED_NOTE);
		rw_raw(w, "</strong></p>\n");
	}
	facts(w, m);
	text_section(w, "purpose", MSG_PURPOSE, m->purpose);
	text_section(w, "summary", MSG_SUMMARY, m->summary);
	reported_here(w, m);
	program(w, m);
	people_table(w, MEETING_ROOT, "organizers", MSG_ORGANIZERS,
	    m->organizers, m->norganizers);
	people_table(w, MEETING_ROOT, "participants", MSG_PARTICIPANTS,
	    m->participants, m->nparticipants);
	if (m->nquestions)
		html_h2(w, "questions", MSG_QUESTIONS);
	for (i = 0; i < m->nquestions; i++)
		question(w, &m->questions[i]);
	decisions_and_contributions(w, m);
	next_meeting(w, m->next_meeting);
	tags(w, m->tags, m->ntags);
	html_end(w, MEETING_ROOT);
}

static void
fed_facts(struct rw *w, const struct ov_federation *f)
{
	struct buf t = BUF_INIT;

	rw_raw(w, "<dl class=\"facts\">\n");
	fact(w, MSG_SHORT_NAME, f->short_name);
	fact(w, MSG_REGION, f->region);
	fact(w, MSG_CHAIR, f->chair);
	if (f->website && (strncmp(f->website, "https://", 8) == 0 ||
	    strncmp(f->website, "http://", 7) == 0)) {
		rw_raw(w, "<dt>Web</dt><dd><a href=\"");
		rw_text(w, f->website);
		rw_raw(w, "\">");
		rw_text(w, f->website);
		rw_raw(w, "</a></dd>\n");
	}
	if (!f->is_self)
		fact(w, MSG_SOURCE, f->source);
	fact_open(w, f->is_self ? MSG_LAST_UPDATED : MSG_LAST_PULLED);
	if (f->updated_known && f->has_data && w->err == NULL)
		w->err = render_time(&t, f->updated);
	rw_text(w, f->updated_known && f->has_data ? t.ptr :
	    render_msg(w->opts, f->has_data ? MSG_UNKNOWN : MSG_NEVER_PULLED));
	rw_raw(w, "</dd>\n</dl>\n");
	buf_dispose(&t);
}

static void
fed_lists(struct rw *w, const struct ov_federation *f)
{
	const struct ov_meeting *m;
	size_t i, k;

	if (f->nmembers)
		html_h2(w, "members", MSG_MEMBERS);
	for (i = 0; i < f->nmembers; i++) {
		rw_raw(w, i ? "<li>" : "<ul>\n<li>");
		rw_text(w, f->members[i]);
		rw_raw(w, i + 1 == f->nmembers ? "</li>\n</ul>\n" : "</li>\n");
	}
	html_h2(w, "meetings", MSG_MEETINGS);
	for (i = 0, k = 0; i < w->ov->nmeetings; i++) {
		m = w->ov->meetings[i];
		if (strcmp(m->federation, f->id) != 0)
			continue;
		rw_raw(w, k++ ? "<li>" : "<ul>\n<li>");
		html_date(w, m->start, m->end);
		rw_raw(w, ": ");
		html_meeting_link(w, FED_ROOT, m);
		rw_raw(w, "</li>\n");
	}
	rw_raw(w, k ? "</ul>\n" : "<p>");
	if (k == 0) {
		rw_msg(w, MSG_NO_MEETINGS);
		rw_raw(w, "</p>\n");
	}
}

static void
fed_questions(struct rw *w, const struct ov_federation *f)
{
	const struct ov_question **v, *q;
	size_t i, n = 0;

	v = malloc((w->ov->nquestions + 1) * sizeof(*v));
	if (v == NULL) {
		w->err = ns_error(NS_ERR_NOMEM);
		return;
	}
	for (i = 0; i < w->ov->nquestions; i++) {
		q = w->ov->questions[i];
		if (q->owner_federation &&
		    strcmp(q->owner_federation, f->id) == 0)
			v[n++] = q;
	}
	question_section(w, FED_ROOT, "owned", MSG_OWNED_QUESTIONS, v, n);
	free(v);
}

void
html_federation_page(struct rw *w, const struct ov_federation *f)
{
	const char *title = f->name ? f->name : f->id;

	html_begin(w, FED_ROOT, title);
	rw_raw(w, "<nav class=\"crumbs\" aria-label=\"");
	rw_msg(w, MSG_BREADCRUMB);
	rw_raw(w, "\"><ol><li><a href=\"../index.html\">");
	rw_msg(w, MSG_OVERVIEW);
	rw_raw(w, "</a></li><li><a href=\"../index.html#federations\">");
	rw_msg(w, MSG_FEDERATIONS);
	rw_raw(w, "</a></li><li aria-current=\"page\">");
	rw_text(w, title);
	rw_raw(w, "</li></ol></nav>\n<h1>");
	rw_text(w, title);
	rw_raw(w, "</h1>\n");
	if (f->is_self) {
		rw_raw(w, "<p class=\"lead\">");
		rw_msg(w, MSG_THIS_FEDERATION);
		rw_raw(w, "</p>\n");
	}
	html_paragraphs(w, f->description);
	fed_facts(w, f);
	people_table(w, FED_ROOT, "contacts", MSG_CONTACTS, f->contacts,
	    f->ncontacts);
	fed_lists(w, f);
	fed_questions(w, f);
	html_end(w, FED_ROOT);
}
