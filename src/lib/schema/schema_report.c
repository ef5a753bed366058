/*
 * schema_report.c: how a violation is told: the data path, the wording of
 * types and values, and the diagnostic with its position.  Used by
 * schema_validate.c; only the failure path comes here, so nothing in this
 * file runs for a valid document (except sch_seg_push and sch_inst_type).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/util.h"
#include "schema/schema_int.h"

#define ENUM_SHOWN		12	/* enum values listed in a message */

int
sch_fail(struct vctx *c, const struct ns_error *err)
{
	if (c->err == NULL)
		c->err = err;
	return -1;
}

/* --- the data path ------------------------------------------------------- */

int
sch_seg_push(struct vctx *c, const char *key, size_t len, size_t index)
{
	struct seg *p;
	size_t cap;

	if (c->nsegs == c->capsegs) {
		cap = c->capsegs * 2;
		if (c->segs == c->inl) {
			p = malloc(cap * sizeof(*p));
			if (p)
				memcpy(p, c->inl, sizeof(c->inl));
		} else
			p = realloc(c->segs, cap * sizeof(*p));
		if (p == NULL)
			return sch_fail(c, ns_error(NS_ERR_NOMEM));
		c->segs = p;
		c->capsegs = cap;
	}
	c->segs[c->nsegs].key = key;
	c->segs[c->nsegs].len = len;
	c->segs[c->nsegs].index = index;
	c->nsegs++;
	return 0;
}

static int
is_ident(const char *s, size_t len)
{
	size_t i;
	unsigned char ch;

	if (len == 0 || (s[0] >= '0' && s[0] <= '9') || s[0] == '-')
		return 0;
	for (i = 0; i < len; i++) {
		ch = (unsigned char)s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ||
		    ch >= 0x80))
			return 0;
	}
	return 1;
}

/* questions[0].owner.name, with ["odd key"] for keys like "a b". */
static const struct ns_error *
path_format(struct buf *b, const struct vctx *c)
{
	const struct ns_error *err = NULL;
	const struct seg *g;
	size_t i, j;

	for (i = 0; i < c->nsegs && err == NULL; i++) {
		g = &c->segs[i];
		if (g->key == NULL)
			err = buf_printf(b, "[%zu]", g->index);
		else if (is_ident(g->key, g->len)) {
			if (i > 0)
				err = buf_putc(b, '.');
			if (err == NULL)
				err = buf_add(b, g->key, g->len);
		} else {
			err = buf_puts(b, "[\"");
			for (j = 0; j < g->len && err == NULL; j++) {
				if (g->key[j] == '"' || g->key[j] == '\\')
					err = buf_putc(b, '\\');
				if (err == NULL)
					err = buf_putc(b,
					    g->key[j] ? g->key[j] : '?');
			}
			if (err == NULL)
				err = buf_puts(b, "\"]");
		}
	}
	if (err == NULL)
		err = buf_add(b, "", 0);
	return err;
}

/* --- reporting ----------------------------------------------------------- */

/* Append 'desc' on one line: runs of white space become one space. */
static const struct ns_error *
put_desc(struct buf *b, const char *desc)
{
	const struct ns_error *err;
	int space = 0;

	err = buf_puts(b, " \xe2\x80\x94 ");	/* an em dash */
	while (*desc == ' ' || *desc == '\n' || *desc == '\t')
		desc++;
	for (; *desc && err == NULL; desc++) {
		if (*desc == ' ' || *desc == '\n' || *desc == '\t' ||
		    *desc == '\r') {
			space = 1;
			continue;
		}
		if (space)
			err = buf_putc(b, ' ');
		space = 0;
		if (err == NULL)
			err = buf_putc(b, *desc);
	}
	return err;
}

/* One violation at 'at'; 0, or -1 when even that failed. */
int
sch_report(struct vctx *c, const struct ytree_node *at, const char *desc,
    const char *fmt, ...)
{
	const struct ns_error *err;
	struct buf path = BUF_INIT, msg = BUF_INIT;
	va_list ap;

	if (c->quiet)
		return 0;
	va_start(ap, fmt);
	err = buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (err == NULL && desc && *desc)
		err = put_desc(&msg, desc);
	if (err == NULL)
		err = path_format(&path, c);
	if (err == NULL)
		err = diag_add(c->dl, DIAG_ERROR, c->file, at->line, at->col,
		    path.len ? path.ptr : NULL, "%s", msg.ptr);
	buf_dispose(&path);
	buf_dispose(&msg);
	return err ? sch_fail(c, err) : 0;
}

/* --- wording ------------------------------------------------------------- */

/* Finite and without a fraction (beyond 2^63 every double is whole). */
int
sch_is_integral(double v)
{
	return v - v == 0 && (v > 9.2e18 || v < -9.2e18 ||
	    v == (double)(long long)v);
}

unsigned
sch_inst_type(const struct ytree_node *n)
{
	switch (n->type) {
	case YTREE_NULL:	return ST_NULL;
	case YTREE_BOOL:	return ST_BOOL;
	case YTREE_INT:		return ST_INT | ST_NUM;
	case YTREE_FLOAT:	/* JSON Schema: 1.0 is an integer */
		return sch_is_integral(n->number) ? ST_INT | ST_NUM : ST_NUM;
	case YTREE_STR:		return ST_STR;
	case YTREE_SEQ:		return ST_ARR;
	case YTREE_MAP:		return ST_OBJ;
	}
	return 0;
}

/* "a string or an integer" */
static const struct ns_error *
put_types(struct buf *b, unsigned types)
{
	static const struct { unsigned bit; const char *name; } t[] = {
		{ ST_NULL, "null" }, { ST_BOOL, "a boolean (true or false)" },
		{ ST_NUM, "a number" }, { ST_INT, "an integer" },
		{ ST_STR, "a string" }, { ST_ARR, "a list" },
		{ ST_OBJ, "a mapping" },
	};
	const struct ns_error *err = NULL;
	size_t i, n = 0;

	if (types & ST_NUM)
		types &= ~ST_INT;
	for (i = 0; i < nitems(t) && err == NULL; i++) {
		if (!(types & t[i].bit))
			continue;
		types &= ~t[i].bit;
		err = buf_printf(b, "%s%s", n == 0 ? "" : types ? ", " :
		    " or ", t[i].name);
		n++;
	}
	return err;
}

static const char *
got_phrase(const struct ytree_node *n)
{
	switch (n->type) {
	case YTREE_NULL:
		return n->len == 0 ? "nothing (an empty value)" : "null";
	case YTREE_BOOL:	return "a boolean";
	case YTREE_INT:		return "an integer";
	case YTREE_FLOAT:	return "a number";
	case YTREE_STR:		return "a string";
	case YTREE_SEQ:		return "a list";
	case YTREE_MAP:		return "a mapping";
	}
	return "something else";
}

/* A value as the message shows it: "text" quoted, numbers as written. */
static const struct ns_error *
put_value(struct buf *b, const struct ytree_node *n, int quote)
{
	size_t len;

	if (n->type == YTREE_SEQ)
		return buf_puts(b, "a list");
	if (n->type == YTREE_MAP)
		return buf_puts(b, "a mapping");
	if (n->type == YTREE_NULL)
		return buf_puts(b, "null");
	len = n->len > 60 ? 57 : n->len;
	len = strnlen(n->str, len);
	if (n->type != YTREE_STR || !quote)
		return buf_printf(b, "%.*s%s", (int)len, n->str,
		    len < n->len ? "..." : "");
	return buf_printf(b, "\"%.*s%s\"", (int)len, n->str,
	    len < n->len ? "..." : "");
}

/*
 * A hint for the usual slips: yes/no for a boolean (text in YAML 1.2) and
 * a number in quotes.
 */
static const char *
type_hint(const struct ytree_node *n, unsigned types)
{
	static const char *const yesno[] = { "yes", "no", "on", "off", "y",
	    "n" };
	char *end;
	size_t i;

	if (n->type != YTREE_STR || n->len == 0)
		return "";
	for (i = 0; (types & ST_BOOL) && i < nitems(yesno); i++)
		if (strcasecmp(n->str, yesno[i]) == 0)
			return " (write true or false)";
	if ((types & (ST_INT | ST_NUM)) && strchr("0123456789+-.", n->str[0])) {
		(void)strtod(n->str, &end);
		if (*end == '\0' && end == n->str + n->len)
			return " (write the number without quotes)";
	}
	return "";
}

int
sch_report_type(struct vctx *c, const struct ytree_node *n, unsigned types)
{
	struct buf b = BUF_INIT;
	int r;

	if (c->quiet)
		return 0;
	if (put_types(&b, types) || buf_add(&b, "", 0)) {
		buf_dispose(&b);
		return sch_fail(c, ns_error(NS_ERR_NOMEM));
	}
	r = sch_report(c, n, c->desc, "expected %s, got %s%s", b.ptr,
	    got_phrase(n), type_hint(n, types));
	buf_dispose(&b);
	return r;
}

/* The allowed string closest to string 'n' ("planed" -> "planned"). */
static const char *
nearest(const struct ytree_node *e, const struct ytree_node *n)
{
	const char *best = NULL;
	size_t i, d, bestd = 3;

	for (i = 0; n->type == YTREE_STR && i < e->n; i++) {
		if (e->items[i]->type != YTREE_STR)
			continue;
		d = sch_near(n->str, n->len, e->items[i]->str,
		    e->items[i]->len);
		if (d < bestd) {
			bestd = d;
			best = e->items[i]->str;
		}
	}
	return best;
}

int
sch_report_enum(struct vctx *c, const struct schema *s,
    const struct ytree_node *n)
{
	const struct ytree_node *e = s->enum_;
	struct buf b = BUF_INIT;
	const struct ns_error *err;
	const char *near;
	size_t i;
	int r;

	if (c->quiet)
		return 0;
	err = put_value(&b, n, 1);
	if (err == NULL)
		err = buf_puts(&b, e->n == 1 ? " is not " : " is not one of ");
	for (i = 0; i < e->n && i < ENUM_SHOWN && err == NULL; i++) {
		if (i > 0)
			err = buf_puts(&b, ", ");
		if (err == NULL)
			err = put_value(&b, e->items[i], 0);
	}
	if (err == NULL && e->n > ENUM_SHOWN)
		err = buf_printf(&b, " (and %zu more)", e->n - ENUM_SHOWN);
	near = nearest(e, n);
	if (err == NULL && near)
		err = buf_printf(&b, "; did you mean \"%s\"?", near);
	if (err == NULL)
		err = buf_add(&b, "", 0);
	if (err == NULL && (n->type == YTREE_SEQ || n->type == YTREE_MAP))
		b.ptr[0] = 'A';		/* "A list is not one of ..." */
	r = err ? sch_fail(c, err) : sch_report(c, n, c->desc, "%s", b.ptr);
	buf_dispose(&b);
	return r;
}

int
sch_report_const(struct vctx *c, const struct schema *s,
    const struct ytree_node *n)
{
	struct buf b = BUF_INIT;
	int r;

	if (c->quiet)
		return 0;
	if (put_value(&b, s->const_, 1) || buf_add(&b, "", 0)) {
		buf_dispose(&b);
		return sch_fail(c, ns_error(NS_ERR_NOMEM));
	}
	r = sch_report(c, n, c->desc, "must be %s", b.ptr);
	buf_dispose(&b);
	return r;
}

int
sch_report_dup(struct vctx *c, const struct ytree_node *item, size_t first)
{
	struct buf b = BUF_INIT;
	int r;

	if (c->quiet)
		return 0;
	if (item->type == YTREE_SEQ || item->type == YTREE_MAP)
		return sch_report(c, item, c->desc, "the same as item [%zu]; "
		    "each item may appear only once", first);
	if (put_value(&b, item, 1) || buf_add(&b, "", 0)) {
		buf_dispose(&b);
		return sch_fail(c, ns_error(NS_ERR_NOMEM));
	}
	r = sch_report(c, item, c->desc, "%s is listed twice (also at [%zu]); "
	    "each item may appear only once", b.ptr, first);
	buf_dispose(&b);
	return r;
}
