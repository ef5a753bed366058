/*
 * render_html.h: what the HTML renderer's two files share (the page
 * frame, links and small pieces); internal to render_html*.c.
 */
#ifndef NS_RENDER_HTML_H
#define NS_RENDER_HTML_H

#include "render/render.h"

/* The page frame: doctype, head with the inline style sheet, header,
 * navigation, skip link and <main>; 'root' is "", "../" or "../../". */
void html_begin(struct rw *w, const char *root, const char *title);
void html_end(struct rw *w, const char *root);

/* href of a meeting page / a federation page, relative to 'root'. */
void html_meeting_href(struct rw *w, const char *root,
    const struct ov_meeting *m);
void html_fed_href(struct rw *w, const char *root, const char *id);

/* <a href=...>name</a> for a federation (plain text when it has no
 * page) and for a meeting (its title). */
void html_fed_link(struct rw *w, const char *root, const char *id);
void html_meeting_link(struct rw *w, const char *root,
    const struct ov_meeting *m);

/* A status badge: question status, meeting status, or "focus". */
void html_badge(struct rw *w, const char *cls, const char *text);
void html_status(struct rw *w, const char *status);

/* A readable date (range) as text, in a <time datetime> element. */
void html_date(struct rw *w, const char *start, const char *end);

/* Text with blank lines as paragraph breaks; a single line end flows
 * like a space unless the next line starts a list item ("- ", "1. "). */
void html_paragraphs(struct rw *w, const char *text);

/* "<h2 id=...>msg</h2>" */
void html_h2(struct rw *w, const char *id, enum i18n_msg msg);

/* The meeting page and the federation page. */
void html_meeting_page(struct rw *w, const struct ov_meeting *m);
void html_federation_page(struct rw *w, const struct ov_federation *f);

/* A table of questions (question, meeting, due, status, latest
 * follow-up), used by the index and federation pages. */
void html_question_table(struct rw *w, const char *root,
    const struct ov_question *const *v, size_t n, int with_owner);

#endif
