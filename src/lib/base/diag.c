/*
 * diag.c: the list of findings and its two printed forms.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"

static void
diag_strings_free(struct diag *d)
{
	free(d->file);
	free(d->path);
	free(d->message);
}

/*
 * Append *d to 'dl', taking ownership of its strings: they are freed when
 * the finding is dropped (dl->max) and when it cannot be stored.
 */
static const struct ns_error *
diag_push(struct diag_list *dl, struct diag *d)
{
	struct diag *p;
	size_t cap;

	if (dl->max && dl->n >= dl->max) {
		dl->dropped++;
		diag_strings_free(d);
		return NULL;
	}
	if (dl->n == dl->cap) {
		cap = dl->cap ? dl->cap * 2 : 16;
		p = realloc(dl->items, cap * sizeof(*p));
		if (p == NULL) {
			diag_strings_free(d);
			return ns_error(NS_ERR_NOMEM);
		}
		dl->items = p;
		dl->cap = cap;
	}
	dl->items[dl->n++] = *d;
	return NULL;
}

static const struct ns_error *
diag_vadd(struct diag_list *dl, enum diag_severity sev, const char *file,
    unsigned line, unsigned col, const char *path, const char *fmt,
    va_list ap) __attribute__((format(printf, 7, 0)));

static const struct ns_error *
diag_vadd(struct diag_list *dl, enum diag_severity sev, const char *file,
    unsigned line, unsigned col, const char *path, const char *fmt,
    va_list ap)
{
	const struct ns_error *err;
	struct buf msg = BUF_INIT;
	struct diag d;

	memset(&d, 0, sizeof(d));
	err = buf_vprintf(&msg, fmt, ap);
	if (err)
		return err;
	d.severity = sev;
	d.line = line;
	d.col = col;
	d.message = buf_detach(&msg);
	d.file = file ? strdup(file) : NULL;
	d.path = path && path[0] ? strdup(path) : NULL;
	if (d.message == NULL || (file && d.file == NULL) ||
	    (path && path[0] && d.path == NULL)) {
		diag_strings_free(&d);
		return ns_error(NS_ERR_NOMEM);
	}
	return diag_push(dl, &d);
}

const struct ns_error *
diag_add(struct diag_list *dl, enum diag_severity sev, const char *file,
    unsigned line, unsigned col, const char *path, const char *fmt, ...)
{
	const struct ns_error *err;
	va_list ap;

	va_start(ap, fmt);
	err = diag_vadd(dl, sev, file, line, col, path, fmt, ap);
	va_end(ap);
	return err;
}

const struct ns_error *
diag_add_error(struct diag_list *dl, const struct ns_error *e,
    const char *file_if_none)
{
	return diag_add(dl, DIAG_ERROR, e->file ? e->file : file_if_none,
	    e->line, e->col, NULL, "%s", e->msg);
}

const struct ns_error *
diag_append(struct diag_list *to, struct diag_list *from)
{
	const struct ns_error *err = NULL;
	size_t i;

	for (i = 0; i < from->n; i++) {
		if (err == NULL)
			err = diag_push(to, &from->items[i]);
		else
			diag_strings_free(&from->items[i]);
	}
	to->dropped += from->dropped;
	free(from->items);
	from->items = NULL;
	from->n = from->cap = from->dropped = 0;
	return err;
}

size_t
diag_count_errors(const struct diag_list *dl)
{
	size_t i, n = 0;

	for (i = 0; i < dl->n; i++)
		if (dl->items[i].severity == DIAG_ERROR)
			n++;
	return n + dl->dropped;
}

static int
cmp_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

struct ranked {
	struct diag	d;
	size_t		order;	/* insertion order: keeps the sort stable */
};

static int
cmp_ranked(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	int c = cmp_str(a->d.file, b->d.file);

	if (c == 0)
		c = (a->d.line > b->d.line) - (a->d.line < b->d.line);
	if (c == 0)
		c = (a->d.col > b->d.col) - (a->d.col < b->d.col);
	if (c == 0)
		c = (a->order > b->order) - (a->order < b->order);
	return c;
}

void
diag_sort(struct diag_list *dl)
{
	struct ranked *r;
	size_t i;

	if (dl->n < 2)
		return;
	/* qsort is not stable; rank by insertion order (tens of thousands
	 * of findings must not cost a quadratic sort) */
	r = malloc(dl->n * sizeof(*r));
	if (r == NULL)
		return;		/* unsorted output is still complete */
	for (i = 0; i < dl->n; i++) {
		r[i].d = dl->items[i];
		r[i].order = i;
	}
	qsort(r, dl->n, sizeof(*r), cmp_ranked);
	for (i = 0; i < dl->n; i++)
		dl->items[i] = r[i].d;
	free(r);
}

static const char *
severity_name(enum diag_severity s)
{
	switch (s) {
	case DIAG_ERROR:	return "error";
	case DIAG_WARNING:	return "warning";
	case DIAG_NOTE:		return "note";
	}
	return "error";
}

void
diag_print_text(FILE *f, const struct diag_list *dl)
{
	const struct diag *d;
	size_t i;

	for (i = 0; i < dl->n; i++) {
		d = &dl->items[i];
		if (d->file) {
			fprintf(f, "%s:", d->file);
			if (d->line)
				fprintf(f, "%u:%u:", d->line, d->col);
			fputc(' ', f);
		} else
			fputs("netsync: ", f);
		fprintf(f, "%s: ", severity_name(d->severity));
		if (d->path)
			fprintf(f, "%s: ", d->path);
		fprintf(f, "%s\n", d->message);
	}
	if (dl->dropped)
		fprintf(f, "netsync: error: %zu more findings not shown\n",
		    dl->dropped);
}

void
diag_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':	fputs("\\\"", f); break;
		case '\\':	fputs("\\\\", f); break;
		case '\n':	fputs("\\n", f); break;
		case '\r':	fputs("\\r", f); break;
		case '\t':	fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

static void
json_field(FILE *f, const char *name, const char *value)
{
	fprintf(f, "\"%s\":", name);
	if (value)
		diag_json_string(f, value);
	else
		fputs("null", f);
}

void
diag_print_json(FILE *f, const struct diag_list *dl)
{
	const struct diag *d;
	size_t i;

	fputc('[', f);
	for (i = 0; i < dl->n; i++) {
		d = &dl->items[i];
		fputs(i ? ",\n {" : "{", f);
		json_field(f, "file", d->file);
		fprintf(f, ",\"line\":%u,\"column\":%u,", d->line, d->col);
		json_field(f, "severity", severity_name(d->severity));
		fputc(',', f);
		json_field(f, "path", d->path);
		fputc(',', f);
		json_field(f, "message", d->message);
		fputc('}', f);
	}
	fputs("]\n", f);
}

void
diag_list_dispose(struct diag_list *dl)
{
	size_t i;

	if (dl == NULL)
		return;
	for (i = 0; i < dl->n; i++)
		diag_strings_free(&dl->items[i]);
	free(dl->items);
	dl->items = NULL;
	dl->n = dl->cap = dl->dropped = 0;
}
