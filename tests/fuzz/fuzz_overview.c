/*
 * fuzz_overview.c: libFuzzer target for the overview: any bytes, read as a
 * record of a peer (and again as one of this repository), next to a fixed
 * meeting with questions, must load, resolve and render in every format
 * without a crash, a leak or undefined behaviour.  Whatever the record
 * says, no HTML or Markdown may carry its markup ("<script", "<img"), an
 * ICS line may not exceed 75 octets, and a CSV cell may not start a
 * formula.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "overview/overview.h"
#include "render/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char meeting[] =
    "kind: meeting\nid: m\nfederation: a\ntitle: T\ntype: other\n"
    "start: 2015-11-05\nquestions:\n  - {id: q, title: Q, owner: {name: O}}\n"
    "next_meeting: {host: b, start: 2016-01-01}\n";

static void
check_ics(const struct buf *b)
{
	size_t i, start = 0;

	for (i = 0; i + 1 < b->len; i++)
		if (b->ptr[i] == '\r' && b->ptr[i + 1] == '\n') {
			if (i - start > 75)
				abort();
			start = i + 2;
		}
}

static void
check_csv(const struct buf *b)
{
	size_t i = 0;
	int quoted = 0;

	/* no cell starts with = + - @ (inside its quotes, if quoted) */
	while (i < b->len) {
		/* the start of a cell */
		if (b->ptr[i] == '"')
			i++;
		if (i < b->len && strchr("=+-@", b->ptr[i]) != NULL &&
		    b->ptr[i] != '\0')
			abort();
		/* to the next separator outside quotes */
		quoted = i > 0 && b->ptr[i - 1] == '"';
		for (; i < b->len; i++) {
			if (b->ptr[i] == '"' && quoted && i + 1 < b->len &&
			    b->ptr[i + 1] == '"') {
				i++;	/* a doubled quote */
				continue;
			}
			if (b->ptr[i] == '"') {
				quoted = !quoted;
				continue;
			}
			if (!quoted && (b->ptr[i] == ',' || b->ptr[i] == '\n')) {
				i++;
				break;
			}
		}
	}
}

/* Markdown: every '<' is escaped (netsync writes no HTML into it). */
static void
check_md(const struct buf *b)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if (b->ptr[i] == '<' && (i == 0 || b->ptr[i - 1] != '\\'))
			abort();
}

static void
check(const struct render_output *out)
{
	size_t i;

	for (i = 0; i < out->n; i++) {
		const struct buf *b = &out->files[i].data;

		if (b->ptr == NULL)
			continue;
		/* the record's text never becomes markup */
		if (strstr(out->files[i].path, ".html") &&
		    (strstr(b->ptr, "<script") || strstr(b->ptr, "<img")))
			abort();
		if (strstr(out->files[i].path, ".md"))
			check_md(b);
		if (strcmp(out->files[i].path, "overview.ics") == 0)
			check_ics(b);
		if (strcmp(out->files[i].path, "questions.csv") == 0)
			check_csv(b);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[] = { "html", "md", "json", "ics",
	    "csv" };
	struct render_opts o = { I18N_SV, "2015-10-31" };
	struct render_output out = RENDER_OUTPUT_INIT;
	struct overview *ov = NULL;
	size_t i;

	if (overview_new(&ov, "a", "n") != NULL)
		return 0;
	if (overview_add_source(ov, "a", NULL, "HEAD", 1, 0, 1) != NULL ||
	    overview_add_source(ov, "b", NULL, "refs/netsync/peers/b", 1, 0,
	    1) != NULL)
		goto done;
	if (overview_add_record(ov, "a", "records/m.yaml",
	    (const unsigned char *)meeting, strlen(meeting)) != NULL ||
	    overview_add_record(ov, "b", "peer:records/x.yaml", data, size) !=
	    NULL ||
	    overview_add_record(ov, "a", "records/x.yaml", data, size) != NULL)
		goto done;
	if (overview_finish(ov) != NULL)
		goto done;
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (render_find(formats[i])->render(&out, ov, &o) != NULL)
			goto done;
	check(&out);
done:
	render_output_dispose(&out);
	overview_free(ov);
	return 0;
}
