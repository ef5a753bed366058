/*
 * render_html.c: the overview as a small static site: index.html,
 * meetings.html (every meeting by year), one page per meeting and one per
 * federation (render_html_pages.c).
 *
 * Self-contained: the style sheet is inline, there is no script, no font
 * or image from anywhere.  Accessible: lang attribute, a skip link, one
 * h1 a page and no skipped heading levels, table headers with scope,
 * colours with a contrast of at least 4.5:1, badges that carry their
 * meaning in text.  Readable in print (@media print).  Every text goes
 * through escape_html().
 */
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/util.h"
#include "render/render_html.h"

#define LATEST_DECISIONS	10

static const char style[] =
":root{--ink:#1b1f24;--muted:#4b5563;--line:#d6dbe1;--accent:#0a4d8c;"
"--navy:#0b3d6b;--soft:#f3f5f8}\n"
"*{box-sizing:border-box}\n"
"html{-webkit-text-size-adjust:100%}\n"
"body{margin:0;font:1rem/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,"
"\"Helvetica Neue\",Arial,sans-serif;color:var(--ink);background:#fff}\n"
".skip{position:absolute;left:-9999px;top:0;background:#fff;"
"color:var(--navy);padding:.5rem 1rem;z-index:10}\n"
".skip:focus{left:1rem;top:1rem;outline:3px solid var(--accent)}\n"
"header.site{background:var(--navy);color:#fff}\n"
"header.site .in{max-width:66rem;margin:0 auto;padding:.9rem 1.25rem;"
"display:flex;flex-wrap:wrap;gap:.5rem 2rem;align-items:baseline;"
"justify-content:space-between}\n"
"header.site a{color:#fff;text-decoration:none}\n"
".brand{font-weight:700;font-size:1.15rem;margin:0;letter-spacing:.01em}\n"
"nav ul{list-style:none;margin:0;padding:0;display:flex;gap:1.5rem}\n"
"nav a:hover,nav a:focus{text-decoration:underline}\n"
"main{max-width:66rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}\n"
"h1{font-size:2rem;line-height:1.2;margin:.75rem 0 .35rem;"
"color:var(--navy)}\n"
"h2{font-size:1.35rem;margin:2.25rem 0 .75rem;padding-bottom:.3rem;"
"border-bottom:2px solid var(--line);color:var(--navy)}\n"
"h3{font-size:1.1rem;margin:1.5rem 0 .5rem}\n"
"h4{font-size:1rem;margin:1rem 0 .35rem}\n"
"a{color:var(--accent)}\n"
".lead{color:var(--muted);margin-top:0;font-size:1.05rem}\n"
".muted{color:var(--muted)}\n"
"td .muted{font-size:.88rem}\n"
"table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;"
"font-size:.95rem}\n"
"table.questions{table-layout:fixed}\n"
"td,th{overflow-wrap:break-word}\n"
"th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;"
"border-bottom:1px solid var(--line)}\n"
"thead th{background:var(--soft);font-weight:600}\n"
"tbody th{font-weight:600}\n"
".num{text-align:right;font-variant-numeric:tabular-nums}\n"
".badge{display:inline-block;padding:.05rem .55rem;border-radius:999px;"
"font-size:.8rem;font-weight:600;white-space:nowrap;"
"border:1px solid transparent;vertical-align:.1em}\n"
".s-open{background:#fff4d6;color:#5c3b00;border-color:#e3bf62}\n"
".s-in-progress,.s-planned{background:#e3edff;color:#123f8c;"
"border-color:#9db8ea}\n"
".s-done,.s-held{background:#e0f4e7;color:#135c2f;border-color:#8fd0a6}\n"
".s-dropped{background:#eceef1;color:#3d4550;border-color:#c3c8cf}\n"
".s-cancelled{background:#fde6e6;color:#8a1414;border-color:#e5a3a3}\n"
".s-announced{background:#f1e9ff;color:#4b2a85;border-color:#c6b2ec}\n"
".s-focus{background:var(--navy);color:#fff}\n"
".cards{list-style:none;padding:0;margin:.5rem 0;display:grid;"
"grid-template-columns:repeat(auto-fill,minmax(18rem,1fr));gap:1rem}\n"
".card{border:1px solid var(--line);border-left:5px solid var(--accent);"
"border-radius:6px;padding:.8rem 1rem;background:#fff}\n"
".card p{margin:.2rem 0}\n"
".card .when{font-weight:700;color:var(--navy)}\n"
".card.cancelled{border-left-color:#b42318}\n"
"dl.facts{display:grid;grid-template-columns:max-content 1fr;"
"gap:.3rem 1.25rem;margin:1rem 0;padding:1rem 1.25rem;"
"background:var(--soft);border-radius:6px}\n"
"dl.facts dt{font-weight:600;color:var(--muted)}\n"
"dl.facts dd{margin:0}\n"
".question{border:1px solid var(--line);border-radius:6px;"
"padding:.25rem 1.1rem .9rem;margin:1rem 0}\n"
".question.focus{border-left:5px solid var(--navy)}\n"
"ol.history{margin:.25rem 0 0;padding-left:1.4rem}\n"
"ol.history li{margin:.35rem 0}\n"
"blockquote{margin:.6rem 0;padding:.25rem 1rem;"
"border-left:4px solid var(--line)}\n"
"blockquote p{margin:.2rem 0}\n"
".crumbs ol{list-style:none;padding:0;margin:0;display:flex;"
"flex-wrap:wrap;gap:.4rem;font-size:.9rem;color:var(--muted)}\n"
".crumbs li+li::before{content:\"\\203A\";margin-right:.4rem}\n"
"footer{max-width:66rem;margin:0 auto;padding:1rem 1.25rem 2rem;"
"color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}\n"
"@media (max-width:44rem){"
"table.questions,table.questions tbody,table.questions tr,"
"table.questions th,table.questions td{display:block;width:auto}"
"table.questions thead,table.questions colgroup{display:none}"
"table.questions tr{border:1px solid var(--line);border-radius:6px;"
"margin:.75rem 0;padding:.5rem .75rem}"
"table.questions th,table.questions td{border:0;padding:.15rem 0}"
"table.questions td::before{content:attr(data-label) \": \";"
"font-weight:600;color:var(--muted)}"
"table.questions td .muted{display:inline}"
"table:not(.questions){display:block;overflow-x:auto}"
"header.site .in{display:block}nav ul{margin-top:.4rem}}\n"
"@media print{.skip,header.site nav,.crumbs{display:none}"
"header.site{background:none;color:#000;border-bottom:2px solid #000}"
"header.site a{color:#000}body{font-size:11pt}"
"main{max-width:none;padding:0}a{color:#000;text-decoration:none}"
"h1,h2{color:#000}h2,h3{break-after:avoid}"
"tr,.question,.card{break-inside:avoid}"
".badge{background:none!important;color:#000!important;"
"border-color:#000!important}footer{border:0}}\n";

/* The network's display name, escaped. */
static void
network_name(struct rw *w)
{
	struct buf n = BUF_INIT;

	if (w->err == NULL)
		w->err = render_network_name(&n, w->opts, w->ov);
	rw_text(w, n.ptr);
	buf_dispose(&n);
}

void
html_h2(struct rw *w, const char *id, enum i18n_msg msg)
{
	rw_rawf(w, "<h2 id=\"%s\">", id);
	rw_msg(w, msg);
	rw_raw(w, "</h2>\n");
}

void
html_begin(struct rw *w, const char *root, const char *title)
{
	const struct overview *ov = w->ov;

	rw_rawf(w, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>",
	    i18n_lang_tag(w->opts->lang));
	rw_text(w, title);
	rw_raw(w, " \xe2\x80\x93 ");
	rw_msg(w, MSG_NETWORK_OVERVIEW);
	rw_raw(w, "</title>\n<style>\n");
	rw_raw(w, style);
	rw_raw(w, "</style>\n</head>\n<body>\n<a class=\"skip\" "
	    "href=\"#main\">");
	rw_msg(w, MSG_SKIP);
	rw_rawf(w, "</a>\n<header class=\"site\"><div class=\"in\">\n"
	    "<p class=\"brand\"><a href=\"%sindex.html\">", root);
	if (ov->network) {
		network_name(w);
		rw_raw(w, " \xc2\xb7 ");
	}
	rw_msg(w, MSG_NETWORK_OVERVIEW);
	rw_raw(w, "</a></p>\n<nav aria-label=\"");
	rw_msg(w, MSG_MAIN_MENU);
	rw_rawf(w, "\"><ul><li><a href=\"%sindex.html\">", root);
	rw_msg(w, MSG_OVERVIEW);
	rw_rawf(w, "</a></li><li><a href=\"%smeetings.html\">", root);
	rw_msg(w, MSG_MEETINGS);
	rw_rawf(w, "</a></li><li><a href=\"%sindex.html#federations\">", root);
	rw_msg(w, MSG_FEDERATIONS);
	rw_raw(w, "</a></li></ul></nav>\n</div></header>\n"
	    "<main id=\"main\">\n");
}

void
html_end(struct rw *w, const char *root)
{
	(void)root;
	rw_raw(w, "</main>\n<footer><p>");
	rw_msg(w, MSG_GENERATED_BY);
	rw_raw(w, " ");
	rw_msg(w, MSG_AS_OF);
	rw_raw(w, " ");
	html_date(w, w->opts->today, NULL);
	rw_raw(w, ".</p></footer>\n</body>\n</html>\n");
}

void
html_meeting_href(struct rw *w, const char *root, const struct ov_meeting *m)
{
	rw_rawf(w, "%smeetings/%s/%s.html", root, m->federation, m->id);
}

void
html_fed_href(struct rw *w, const char *root, const char *id)
{
	rw_rawf(w, "%sfederations/%s.html", root, id);
}

void
html_fed_link(struct rw *w, const char *root, const char *id)
{
	if (id == NULL)
		return;
	if (overview_federation(w->ov, id) == NULL || !slug_valid(id)) {
		rw_text(w, render_fed_name(w->ov, id));
		return;
	}
	rw_raw(w, "<a href=\"");
	html_fed_href(w, root, id);
	rw_raw(w, "\">");
	rw_text(w, render_fed_name(w->ov, id));
	rw_raw(w, "</a>");
}

void
html_meeting_link(struct rw *w, const char *root, const struct ov_meeting *m)
{
	rw_raw(w, "<a href=\"");
	html_meeting_href(w, root, m);
	rw_raw(w, "\">");
	rw_text(w, m->title ? m->title : m->id);
	rw_raw(w, "</a>");
}

void
html_badge(struct rw *w, const char *cls, const char *text)
{
	size_t i;

	rw_raw(w, "<span class=\"badge s-");
	for (i = 0; cls[i]; i++)	/* class names: [a-z-] only */
		if ((cls[i] >= 'a' && cls[i] <= 'z') || cls[i] == '-')
			rw_rawf(w, "%c", cls[i]);
	rw_raw(w, "\">");
	rw_text(w, text);
	rw_raw(w, "</span>");
}

void
html_status(struct rw *w, const char *status)
{
	if (status)
		html_badge(w, status, i18n_status(w->opts->lang, status));
}

void
html_date(struct rw *w, const char *start, const char *end)
{
	struct buf d = BUF_INIT;

	if (start == NULL)
		return;
	if (w->err == NULL)
		w->err = render_date(&d, w->opts, start, end);
	if (date_valid(start, strlen(start) >= 10 ? 10 : 0)) {
		rw_raw(w, "<time datetime=\"");
		rw_text(w, start);
		rw_raw(w, "\">");
		rw_text(w, d.ptr);
		rw_raw(w, "</time>");
	} else
		rw_text(w, d.ptr);
	buf_dispose(&d);
}

/*
 * Whether a single line end before 'next' is kept: prose wrapped by the
 * editor flows (as in Markdown), but a line that starts a list item
 * ("- ", "* ", "• ", "1. ") stays on its own line.
 */
static int
line_break(const char *next)
{
	size_t i = 0;

	while (next[i] == ' ')
		i++;
	if ((next[i] == '-' || next[i] == '*') && next[i + 1] == ' ')
		return 1;
	if (strncmp(next + i, "\xe2\x80\xa2", 3) == 0)	/* U+2022 */
		return 1;
	while (next[i] >= '0' && next[i] <= '9')
		i++;
	return i > 0 && (next[i] == '.' || next[i] == ')') &&
	    next[i + 1] == ' ';
}

void
html_paragraphs(struct rw *w, const char *text)
{
	const char *p = text, *e;

	while (p && *p) {
		while (*p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		e = strstr(p, "\n\n");
		if (e == NULL)
			e = p + strlen(p);
		rw_raw(w, "<p>");
		while (p < e && w->err == NULL) {
			const char *nl = memchr(p, '\n', (size_t)(e - p));
			const char *stop = nl ? nl : e;

			w->err = escape_html(w->b, p, (size_t)(stop - p));
			p = stop;
			if (nl) {
				p++;
				rw_raw(w, line_break(p) ? "<br>\n" : "\n");
			}
		}
		rw_raw(w, "</p>\n");
		p = e;
	}
}

static void
updated(struct rw *w, const struct ov_federation *f)
{
	struct buf t = BUF_INIT;

	if (!f->has_data) {
		rw_raw(w, "<span class=\"muted\">");
		rw_msg(w, MSG_NEVER_PULLED);
		rw_raw(w, "</span>");
	} else if (!f->updated_known)
		rw_msg(w, MSG_UNKNOWN);
	else {
		if (w->err == NULL)
			w->err = render_time(&t, f->updated);
		rw_text(w, t.ptr);
		if (f->is_self) {
			rw_raw(w, " <span class=\"muted\">(");
			rw_msg(w, MSG_LAST_COMMIT);
			rw_raw(w, ")</span>");
		}
	}
	buf_dispose(&t);
}

static void
federation_table(struct rw *w)
{
	const struct ov_federation *f;
	size_t i;

	html_h2(w, "federations", MSG_FEDERATIONS);
	rw_raw(w, "<table>\n<thead><tr><th scope=\"col\">");
	rw_msg(w, MSG_FEDERATION);
	rw_raw(w, "</th><th scope=\"col\" class=\"num\">");
	rw_msg(w, MSG_MEETINGS);
	rw_raw(w, "</th><th scope=\"col\" class=\"num\">");
	rw_msg(w, MSG_QUESTIONS);
	rw_raw(w, "</th><th scope=\"col\" class=\"num\">");
	rw_msg(w, MSG_FOLLOWUPS);
	rw_raw(w, "</th><th scope=\"col\" class=\"num\">");
	rw_msg(w, MSG_RECORDS);
	rw_raw(w, "</th><th scope=\"col\">");
	rw_msg(w, MSG_LAST_PULLED);
	rw_raw(w, "</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < w->ov->nfederations; i++) {
		f = w->ov->federations[i];
		rw_raw(w, "<tr><th scope=\"row\">");
		html_fed_link(w, "", f->id);
		if (f->is_self) {
			rw_raw(w, " <span class=\"muted\">(");
			rw_msg(w, MSG_THIS_FEDERATION);
			rw_raw(w, ")</span>");
		}
		rw_rawf(w, "</th><td class=\"num\">%zu</td><td class=\"num\">"
		    "%zu</td><td class=\"num\">%zu</td><td class=\"num\">%zu"
		    "</td><td>", f->nmeetings, f->nquestions, f->nfollowups,
		    f->nrecords);
		updated(w, f);
		rw_raw(w, "</td></tr>\n");
	}
	rw_raw(w, "</tbody>\n</table>\n");
}

static void
event_card(struct rw *w, const struct render_event *e)
{
	const struct ov_meeting *m = e->meeting;
	int cancelled = m && m->status && strcmp(m->status, "cancelled") == 0;
	const char *loc = m ? m->location : e->next->location;

	rw_raw(w, cancelled ? "<li class=\"card cancelled\">" :
	    "<li class=\"card\">");
	rw_raw(w, "<p class=\"when\">");
	html_date(w, e->start, e->end);
	rw_raw(w, "</p>\n<p>");
	if (m) {
		html_meeting_link(w, "", m);
		if (m->status) {
			rw_raw(w, " ");
			html_badge(w, m->status, i18n_meeting_status(
			    w->opts->lang, m->status));
		}
	} else {
		rw_msg(w, MSG_NEXT_MEETING);
		rw_raw(w, " ");
		html_badge(w, "announced", render_msg(w->opts, MSG_ANNOUNCED));
	}
	rw_raw(w, "</p>\n<p class=\"muted\">");
	rw_text(w, loc);
	if (loc)
		rw_raw(w, " \xc2\xb7 ");
	html_fed_link(w, "", m ? (m->host ? m->host : m->federation) :
	    e->next->host);
	if (!m) {
		rw_raw(w, "<br>");
		rw_msg(w, MSG_ANNOUNCED_BY);
		rw_raw(w, " ");
		html_meeting_link(w, "", e->announced_by);
	}
	rw_raw(w, "</p></li>\n");
}

static void
upcoming(struct rw *w)
{
	struct render_event *ev = NULL;
	size_t i, n = 0;

	html_h2(w, "upcoming", MSG_UPCOMING);
	if (w->err == NULL)
		w->err = render_events(&ev, &n, w->ov, w->opts, 1);
	if (n == 0) {
		rw_raw(w, "<p>");
		rw_msg(w, MSG_NO_UPCOMING);
		rw_raw(w, "</p>\n");
	} else
		rw_raw(w, "<ul class=\"cards\">\n");
	for (i = 0; i < n; i++)
		event_card(w, &ev[i]);
	if (n)
		rw_raw(w, "</ul>\n");
	free(ev);
}

static void
focus_questions(struct rw *w)
{
	const struct ov_question **v;
	size_t i, n = 0;

	html_h2(w, "focus", MSG_FOCUS_QUESTIONS);
	v = calloc(w->ov->nquestions + 1, sizeof(*v));
	if (v == NULL) {
		w->err = ns_error(NS_ERR_NOMEM);
		return;
	}
	for (i = 0; i < w->ov->nquestions; i++)
		if (w->ov->questions[i]->focus)
			v[n++] = w->ov->questions[i];
	if (n == 0) {
		rw_raw(w, "<p>");
		rw_msg(w, MSG_NO_FOCUS);
		rw_raw(w, "</p>\n");
	} else
		html_question_table(w, "", v, n, 1);
	free(v);
}

static void
open_questions(struct rw *w)
{
	const struct ov_question **v = NULL;
	size_t i, j, n = 0;

	html_h2(w, "open", MSG_OPEN_QUESTIONS);
	if (w->err == NULL)
		w->err = render_open_questions(&v, &n, w->ov);
	rw_raw(w, "<p class=\"lead\">");
	rw_msg(w, n ? MSG_BY_OWNER : MSG_NO_OPEN_QUESTIONS);
	rw_raw(w, "</p>\n");
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && render_collate(v[i]->owner_name,
		    v[j]->owner_name) == 0 && (v[j]->owner_name == NULL) ==
		    (v[i]->owner_name == NULL); j++)
			;
		rw_raw(w, "<h3>");
		rw_text(w, v[i]->owner_name ? v[i]->owner_name :
		    render_msg(w->opts, MSG_NO_OWNER));
		if (v[i]->owner_federation) {
			rw_raw(w, " <span class=\"muted\">");
			rw_text(w, render_fed_name(w->ov,
			    v[i]->owner_federation));
			rw_raw(w, "</span>");
		}
		rw_raw(w, "</h3>\n");
		html_question_table(w, "", v + i, j - i, 0);
	}
	free(v);
}

static void
latest_decisions(struct rw *w)
{
	struct render_decision *d = NULL;
	size_t i, n = 0;

	html_h2(w, "decisions", MSG_LATEST_DECISIONS);
	if (w->err == NULL)
		w->err = render_latest_decisions(&d, &n, w->ov,
		    LATEST_DECISIONS);
	for (i = 0; i < n; i++) {
		rw_raw(w, i ? "<li>" : "<ul>\n<li>");
		rw_text(w, d[i].decision->text);
		rw_raw(w, " <span class=\"muted\">(");
		html_meeting_link(w, "", d[i].meeting);
		rw_raw(w, ", ");
		html_date(w, d[i].meeting->start, NULL);
		rw_raw(w, ")</span></li>\n");
	}
	rw_raw(w, n ? "</ul>\n" : "<p>");
	if (n == 0) {
		rw_msg(w, MSG_NO_DECISIONS);
		rw_raw(w, "</p>\n");
	}
	free(d);
}

static void
warnings(struct rw *w)
{
	const struct diag *d;
	size_t i;

	if (w->ov->warnings.n == 0)
		return;
	html_h2(w, "warnings", MSG_WARNINGS);
	rw_raw(w, "<p>");
	rw_msg(w, MSG_WARNINGS_LEAD);
	rw_raw(w, "</p>\n<ul>\n");
	for (i = 0; i < w->ov->warnings.n; i++) {
		d = &w->ov->warnings.items[i];
		rw_raw(w, "<li><code>");
		rw_text(w, d->file);
		if (d->line)
			rw_rawf(w, ":%u:%u", d->line, d->col);
		rw_raw(w, "</code>: ");
		rw_text(w, d->message);
		rw_raw(w, "</li>\n");
	}
	rw_raw(w, "</ul>\n");
}

static void
index_page(struct rw *w)
{
	const struct overview *ov = w->ov;

	html_begin(w, "", render_msg(w->opts, MSG_OVERVIEW));
	rw_raw(w, "<h1>");
	network_name(w);
	rw_raw(w, "</h1>\n<p class=\"lead\">");
	rw_msg(w, MSG_AS_OF);
	rw_raw(w, " ");
	html_date(w, w->opts->today, NULL);
	rw_rawf(w, " \xc2\xb7 %zu ", ov->nfederations);
	rw_msg(w, MSG_FEDERATIONS_LC);
	rw_rawf(w, " \xc2\xb7 %zu ", ov->nmeetings);
	rw_msg(w, MSG_MEETINGS_LC);
	rw_rawf(w, " \xc2\xb7 %zu ", ov->nquestions);
	rw_msg(w, MSG_QUESTIONS_LC);
	rw_raw(w, "</p>\n");
	upcoming(w);
	focus_questions(w);
	open_questions(w);
	latest_decisions(w);
	federation_table(w);
	warnings(w);
	html_end(w, "");
}

static void
meeting_row(struct rw *w, const struct ov_meeting *m)
{
	rw_raw(w, "<tr><td>");
	html_date(w, m->start, m->end);
	rw_raw(w, "</td><th scope=\"row\">");
	html_meeting_link(w, "", m);
	rw_raw(w, "</th><td>");
	rw_text(w, i18n_meeting_type(w->opts->lang, m->type));
	rw_raw(w, "</td><td>");
	rw_text(w, m->location);
	rw_raw(w, "</td><td>");
	html_fed_link(w, "", m->federation);
	rw_rawf(w, "</td><td class=\"num\">%zu</td><td>", m->nquestions);
	if (m->status)
		html_badge(w, m->status, i18n_meeting_status(w->opts->lang,
		    m->status));
	rw_raw(w, "</td></tr>\n");
}

static void
meetings_head(struct rw *w)
{
	static const enum i18n_msg cols[] = { MSG_DATE, MSG_MEETING,
	    MSG_TYPE, MSG_LOCATION, MSG_FEDERATION, MSG_QUESTIONS,
	    MSG_STATUS };
	size_t i;

	rw_raw(w, "<table>\n<thead><tr>");
	for (i = 0; i < nitems(cols); i++) {
		rw_raw(w, cols[i] == MSG_QUESTIONS ?
		    "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
		rw_msg(w, cols[i]);
		rw_raw(w, "</th>");
	}
	rw_raw(w, "</tr></thead>\n<tbody>\n");
}

/* meetings.html: newest year first, each year's meetings by date. */
static void
meetings_page(struct rw *w)
{
	const struct overview *ov = w->ov;
	size_t i, j, k;

	html_begin(w, "", render_msg(w->opts, MSG_ALL_MEETINGS));
	rw_raw(w, "<h1>");
	rw_msg(w, MSG_ALL_MEETINGS);
	rw_raw(w, "</h1>\n");
	if (ov->nmeetings == 0) {
		rw_raw(w, "<p>");
		rw_msg(w, MSG_NO_MEETINGS);
		rw_raw(w, "</p>\n");
	}
	for (j = ov->nmeetings; j > 0; j = i) {
		const char *y = ov->meetings[j - 1]->start;

		for (i = j - 1; i > 0 && (ov->meetings[i - 1]->start == NULL) ==
		    (y == NULL) && (y == NULL ||
		    strncmp(ov->meetings[i - 1]->start, y, 4) == 0); i--)
			;
		rw_raw(w, "<h2>");
		if (y && strlen(y) >= 4)
			rw_rawf(w, "%.4s", y);
		else
			rw_msg(w, MSG_UNKNOWN);
		rw_raw(w, "</h2>\n");
		meetings_head(w);
		for (k = i; k < j; k++)
			meeting_row(w, ov->meetings[k]);
		rw_raw(w, "</tbody>\n</table>\n");
	}
	html_end(w, "");
}

/* Run 'page' into a new file 'path'. */
static const struct ns_error *
emit(struct render_output *out, const struct overview *ov,
    const struct render_opts *opts, const char *path,
    void (*page)(struct rw *, const void *), const void *arg)
{
	struct rw w;

	if (rw_open(&w, out, path, escape_html, opts, ov) == NULL)
		page(&w, arg);
	return w.err;
}

static void
index_cb(struct rw *w, const void *arg)
{
	(void)arg;
	index_page(w);
}

static void
meetings_cb(struct rw *w, const void *arg)
{
	(void)arg;
	meetings_page(w);
}

static void
meeting_cb(struct rw *w, const void *arg)
{
	html_meeting_page(w, arg);
}

static void
federation_cb(struct rw *w, const void *arg)
{
	html_federation_page(w, arg);
}

const struct ns_error *
render_html(struct render_output *out, const struct overview *ov,
    const struct render_opts *opts)
{
	const struct ns_error *err;
	struct buf path = BUF_INIT;
	const struct ov_meeting *m;
	size_t i;

	err = emit(out, ov, opts, "index.html", index_cb, NULL);
	if (err == NULL)
		err = emit(out, ov, opts, "meetings.html", meetings_cb, NULL);
	for (i = 0; i < ov->nmeetings && err == NULL; i++) {
		m = ov->meetings[i];
		if (!slug_valid(m->federation) || !slug_valid(m->id))
			continue;	/* never a path from odd data */
		buf_reset(&path);
		err = buf_printf(&path, "meetings/%s/%s.html", m->federation,
		    m->id);
		if (err == NULL)
			err = emit(out, ov, opts, path.ptr, meeting_cb, m);
	}
	for (i = 0; i < ov->nfederations && err == NULL; i++) {
		if (!slug_valid(ov->federations[i]->id))
			continue;
		buf_reset(&path);
		err = buf_printf(&path, "federations/%s.html",
		    ov->federations[i]->id);
		if (err == NULL)
			err = emit(out, ov, opts, path.ptr, federation_cb,
			    ov->federations[i]);
	}
	buf_dispose(&path);
	return err;
}
