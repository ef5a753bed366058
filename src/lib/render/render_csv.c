/*
 * render_csv.c: questions.csv, one row per question of the network.
 *
 * RFC 4180 with CRLF line ends, UTF-8 with a byte order mark so Excel
 * reads the Swedish characters right, and every cell escaped by
 * escape_csv(), which also neutralises cells starting with = + - @ (a
 * leading apostrophe) against formula injection.  The header names are
 * fixed English identifiers so scripts can rely on them.
 */
#include <stdio.h>

#include "base/escape.h"
#include "base/util.h"
#include "render/render.h"

static const char *const columns[] = {
	"federation", "meeting", "meeting_title", "meeting_date", "question",
	"number", "title", "owner", "owner_federation", "focus", "due",
	"current_status", "latest_followup_date", "latest_followup_source",
};

static void
cell(struct rw *w, const char *s, int last)
{
	rw_text(w, s ? s : "");
	rw_raw(w, last ? "\r\n" : ",");
}

static void
row(struct rw *w, const struct ov_question *q)
{
	const struct ov_followup *f = q->latest;
	char num[16], src[300];

	snprintf(num, sizeof(num), "%u", q->number);
	if (f)
		snprintf(src, sizeof(src), "%s/%s", f->federation, f->id);
	cell(w, q->meeting->federation, 0);
	cell(w, q->meeting->id, 0);
	cell(w, q->meeting->title, 0);
	cell(w, q->meeting->start, 0);
	cell(w, q->id, 0);
	cell(w, num, 0);
	cell(w, q->title, 0);
	cell(w, q->owner_name, 0);
	cell(w, q->owner_federation, 0);
	cell(w, q->focus ? "true" : "false", 0);
	cell(w, q->due, 0);
	cell(w, q->current_status, 0);
	cell(w, f ? f->date : NULL, 0);
	cell(w, f ? src : NULL, 1);
}

const struct ns_error *
render_csv(struct render_output *out, const struct overview *ov,
    const struct render_opts *opts)
{
	struct rw w;
	size_t i;

	if (rw_open(&w, out, "questions.csv", escape_csv, opts, ov))
		return w.err;
	rw_raw(&w, "\xef\xbb\xbf");	/* BOM: Excel then reads UTF-8 */
	for (i = 0; i < nitems(columns); i++)
		cell(&w, columns[i], i + 1 == nitems(columns));
	for (i = 0; i < ov->nquestions; i++)
		row(&w, ov->questions[i]);
	return w.err;
}
