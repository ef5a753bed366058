/*
 * render_md.c: overview.md, the whole overview as one CommonMark document
 * for e-mail or a wiki: federations, upcoming meetings, focus and open
 * questions, latest decisions, then every meeting by year with its
 * questions and their follow-up history.  Every text goes through
 * escape_md(), so a title like "*Viktigt* <b>" shows as written.
 */
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "render/render.h"

#define LATEST_DECISIONS	10

static const struct ns_error *
esc_inline(struct buf *b, const char *s, size_t len)
{
	return escape_md(b, s, len, 0);
}

static void
block(struct rw *w, const char *s)
{
	if (w->err == NULL && s != NULL)
		w->err = escape_md(w->b, s, strlen(s), 1);
}

static void
date(struct rw *w, const char *start, const char *end)
{
	struct buf d = BUF_INIT;

	if (w->err == NULL)
		w->err = render_date(&d, w->opts, start, end);
	rw_text(w, d.ptr);
	buf_dispose(&d);
}

static void
heading(struct rw *w, const char *marks, enum i18n_msg msg)
{
	rw_rawf(w, "\n%s ", marks);
	rw_msg(w, msg);
	rw_raw(w, "\n\n");
}

static void
federations(struct rw *w)
{
	const struct ov_federation *f;
	struct buf t = BUF_INIT;
	size_t i;

	heading(w, "##", MSG_FEDERATIONS);
	rw_rawf(w, "| %s | %s | %s | %s |\n|---|---:|---:|---|\n",
	    render_msg(w->opts, MSG_FEDERATION),
	    render_msg(w->opts, MSG_MEETINGS),
	    render_msg(w->opts, MSG_QUESTIONS),
	    render_msg(w->opts, MSG_LAST_PULLED));
	for (i = 0; i < w->ov->nfederations; i++) {
		f = w->ov->federations[i];
		buf_reset(&t);
		rw_raw(w, "| ");
		rw_text(w, f->name ? f->name : f->id);
		rw_rawf(w, " | %zu | %zu | ", f->nmeetings, f->nquestions);
		if (f->updated_known && w->err == NULL)
			w->err = render_time(&t, f->updated);
		rw_text(w, f->updated_known ? t.ptr :
		    render_msg(w->opts, MSG_NEVER_PULLED));
		if (f->is_self) {
			rw_raw(w, " (");
			rw_msg(w, MSG_THIS_FEDERATION);
			rw_raw(w, ")");
		}
		rw_raw(w, " |\n");
	}
	buf_dispose(&t);
}

static void
upcoming(struct rw *w)
{
	struct render_event *ev = NULL;
	const struct ov_meeting *m;
	size_t i, n = 0;

	heading(w, "##", MSG_UPCOMING);
	if (w->err == NULL)
		w->err = render_events(&ev, &n, w->ov, w->opts, 1);
	if (n == 0)
		rw_msg(w, MSG_NO_UPCOMING);
	for (i = 0; i < n; i++) {
		m = ev[i].meeting;
		rw_raw(w, "- **");
		date(w, ev[i].start, ev[i].end);
		rw_raw(w, "** ");
		if (m) {
			rw_text(w, m->title ? m->title : m->id);
			if (m->status && strcmp(m->status, "cancelled") == 0) {
				rw_raw(w, " (");
				rw_text(w, i18n_meeting_status(w->opts->lang,
				    m->status));
				rw_raw(w, ")");
			}
		} else {
			rw_msg(w, MSG_NEXT_MEETING);
			rw_raw(w, ": ");
			rw_text(w, render_fed_name(w->ov, ev[i].next->host));
			rw_raw(w, " (");
			rw_msg(w, MSG_ANNOUNCED);
			rw_raw(w, ")");
		}
		if ((m ? m->location : ev[i].next->location) != NULL) {
			rw_raw(w, ", ");
			rw_text(w, m ? m->location : ev[i].next->location);
		}
		rw_raw(w, "\n");
	}
	rw_raw(w, n ? "" : "\n");
	free(ev);
}

/* "Title (owner, due) — status" as a list item. */
static void
question_item(struct rw *w, const struct ov_question *q, int with_meeting)
{
	rw_rawf(w, "- **%u.** ", q->number);
	rw_text(w, q->title ? q->title : q->id);
	rw_raw(w, " \xe2\x80\x94 ");
	rw_text(w, i18n_status(w->opts->lang, q->current_status));
	if (q->owner_name) {
		rw_raw(w, "; ");
		rw_msg(w, MSG_OWNER);
		rw_raw(w, ": ");
		rw_text(w, q->owner_name);
		if (q->owner_federation) {
			rw_raw(w, " (");
			rw_text(w, render_fed_name(w->ov, q->owner_federation));
			rw_raw(w, ")");
		}
	}
	if (q->due) {
		rw_raw(w, "; ");
		rw_msg(w, MSG_DUE);
		rw_raw(w, ": ");
		date(w, q->due, NULL);
	}
	if (with_meeting) {
		rw_raw(w, "; ");
		rw_text(w, q->meeting->title ? q->meeting->title :
		    q->meeting->id);
	}
	rw_raw(w, "\n");
}

static void
questions(struct rw *w)
{
	const struct ov_question **v = NULL;
	const char *owner = "\x01";
	size_t i, n = 0, k = 0;

	heading(w, "##", MSG_FOCUS_QUESTIONS);
	for (i = 0; i < w->ov->nquestions; i++)
		if (w->ov->questions[i]->focus && ++k)
			question_item(w, w->ov->questions[i], 1);
	if (k == 0)
		rw_msg(w, MSG_NO_FOCUS);
	rw_raw(w, k ? "" : "\n");
	heading(w, "##", MSG_OPEN_QUESTIONS);
	if (w->err == NULL)
		w->err = render_open_questions(&v, &n, w->ov);
	if (n == 0)
		rw_msg(w, MSG_NO_OPEN_QUESTIONS);
	for (i = 0; i < n; i++) {
		if (render_collate(owner, v[i]->owner_name) != 0 ||
		    (owner == NULL) != (v[i]->owner_name == NULL)) {
			owner = v[i]->owner_name;
			rw_raw(w, i ? "\n### " : "### ");
			rw_text(w, owner ? owner : render_msg(w->opts,
			    MSG_NO_OWNER));
			rw_raw(w, "\n\n");
		}
		question_item(w, v[i], 1);
	}
	rw_raw(w, n ? "" : "\n");
	free(v);
}

static void
decisions(struct rw *w)
{
	struct render_decision *d = NULL;
	size_t i, n = 0;

	heading(w, "##", MSG_LATEST_DECISIONS);
	if (w->err == NULL)
		w->err = render_latest_decisions(&d, &n, w->ov,
		    LATEST_DECISIONS);
	for (i = 0; i < n; i++) {
		rw_raw(w, "- ");
		rw_text(w, d[i].decision->text);
		rw_raw(w, " (");
		rw_text(w, d[i].meeting->title ? d[i].meeting->title :
		    d[i].meeting->id);
		rw_raw(w, ", ");
		date(w, d[i].meeting->start, NULL);
		rw_raw(w, ")\n");
	}
	if (n == 0)
		rw_msg(w, MSG_NO_DECISIONS);
	rw_raw(w, n ? "" : "\n");
	free(d);
}

static void
followups(struct rw *w, const struct ov_question *q)
{
	const struct ov_followup *f;
	size_t i;

	for (i = 0; i < q->nfollowups; i++) {
		f = q->followups[i];
		rw_raw(w, "  - ");
		date(w, f->date, NULL);
		rw_raw(w, ", ");
		rw_text(w, render_fed_name(w->ov, f->federation));
		rw_raw(w, ": ");
		rw_text(w, i18n_status(w->opts->lang, f->status));
		if (f->by) {
			rw_raw(w, " (");
			rw_text(w, f->by);
			rw_raw(w, ")");
		}
		if (f->note) {
			rw_raw(w, " \xe2\x80\x94 ");
			rw_text(w, f->note);
		}
		rw_raw(w, "\n");
	}
}

static void
meeting(struct rw *w, const struct ov_meeting *m)
{
	size_t i;

	rw_raw(w, "\n### ");
	rw_text(w, m->title ? m->title : m->id);
	rw_raw(w, "\n\n");
	date(w, m->start, m->end);
	if (m->location) {
		rw_raw(w, ", ");
		rw_text(w, m->location);
	}
	rw_raw(w, " \xc2\xb7 ");
	rw_text(w, render_fed_name(w->ov, m->federation));
	if (m->status) {
		rw_raw(w, " \xc2\xb7 ");
		rw_text(w, i18n_meeting_status(w->opts->lang, m->status));
	}
	rw_raw(w, "\n\n");
	if (m->purpose || m->summary) {
		block(w, m->summary ? m->summary : m->purpose);
		rw_raw(w, "\n\n");
	}
	for (i = 0; i < m->nquestions; i++) {
		question_item(w, &m->questions[i], 0);
		followups(w, &m->questions[i]);
	}
	for (i = 0; i < m->ndecisions; i++) {
		rw_raw(w, i ? "- " : "\n- ");
		rw_text(w, m->decisions[i].text);
		rw_raw(w, "\n");
	}
}

static void
meetings(struct rw *w)
{
	const struct ov_meeting *m;
	char year[5] = "", y[5];
	size_t i;

	for (i = 0; i < w->ov->nmeetings; i++) {
		m = w->ov->meetings[i];
		memcpy(y, m->start && strlen(m->start) >= 4 ? m->start : "????",
		    4);
		y[4] = '\0';
		if (strcmp(y, year) != 0) {
			memcpy(year, y, 5);
			rw_raw(w, "\n## ");
			rw_msg(w, MSG_MEETINGS);
			rw_raw(w, " ");
			rw_text(w, year);
			rw_raw(w, "\n");
		}
		meeting(w, m);
	}
}

const struct ns_error *
render_md(struct render_output *out, const struct overview *ov,
    const struct render_opts *opts)
{
	struct buf name = BUF_INIT;
	struct rw w;

	if (rw_open(&w, out, "overview.md", esc_inline, opts, ov))
		return w.err;
	rw_raw(&w, "# ");
	if (w.err == NULL)
		w.err = render_network_name(&name, opts, ov);
	rw_text(&w, name.ptr);
	rw_raw(&w, "\n\n");
	if (ov->network) {
		rw_msg(&w, MSG_NETWORK_OVERVIEW);
		rw_raw(&w, ". ");
	}
	rw_msg(&w, MSG_AS_OF);
	rw_raw(&w, " ");
	date(&w, opts->today, NULL);
	rw_raw(&w, ".\n");
	federations(&w);
	upcoming(&w);
	questions(&w);
	decisions(&w);
	meetings(&w);
	buf_dispose(&name);
	return w.err;
}
