/*
 * merge_splice.c: write a merged record into ours' own text.
 *
 * A merge that changes a few fields should not rewrite the whole file: the
 * user's comments and layout are theirs too.  This walks the merged tree
 * along ours' tree and copies ours' lines for every entry ours has
 * unchanged, re-emitting (with yemit) only entries that changed, came from
 * theirs, or conflict.  It follows block layout only: an entry of a block
 * mapping or an item of a block sequence owns the lines from its first
 * line to the next entry's; the comment and blank lines at the end of
 * that range belong to the next entry (they usually describe it).  An
 * entry it cannot follow (flow style, several entries on one line, an
 * item whose first line changes) is re-emitted whole, and a document it
 * cannot follow at all is left to merge_emit().  The caller compares the
 * result with merge_emit()'s, so a wrong guess here costs comments, never
 * data.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "merge_int.h"
#include "ytree.h"

struct splice {
	struct buf	*out;
	const char	*text;
	size_t		*ls;		/* ls[L - 1]: offset of line L */
	unsigned	 nlines;	/* ls[nlines] is the text's length */
	const char	*lo;
	const char	*lt;
};

/* The lines of one mapping or sequence in ours. */
struct layout {
	unsigned	*start;		/* first line of entry i */
	unsigned	*bend;		/* end of its body (its trail follows) */
	unsigned	*end;		/* start of entry i + 1, or the range's end */
	unsigned	 col;		/* 1-based column of keys or dashes */
	size_t		 n;
};

static const struct ns_error *splice_node(struct splice *,
    const struct ytree_node *, const struct mnode *, unsigned, unsigned,
    int *);

/* Copy lines [a, b) (1-based), ending with a newline. */
static const struct ns_error *
copy_lines(struct splice *s, unsigned a, unsigned b)
{
	const struct ns_error *err;
	size_t from, to;

	if (a >= b)
		return NULL;
	from = s->ls[a - 1];
	to = s->ls[b - 1];
	err = buf_add(s->out, s->text + from, to - from);
	if (err == NULL && to > from && s->text[to - 1] != '\n')
		err = buf_putc(s->out, '\n');
	return err;
}

/* Leading spaces of line L; *c is its first other byte ('\n' if none). */
static unsigned
line_indent(const struct splice *s, unsigned L, char *c)
{
	size_t i = s->ls[L - 1], end = s->ls[L];

	while (i < end && s->text[i] == ' ')
		i++;
	*c = i < end ? s->text[i] : '\n';
	if (*c == '\r')
		*c = '\n';
	return (unsigned)(i - s->ls[L - 1]);
}

/*
 * The first line of the trail of [start, end): blank lines and comments
 * not indented deeper than the entry (deeper ones may be block text).
 */
static unsigned
trail_start(const struct splice *s, unsigned start, unsigned end,
    unsigned col)
{
	unsigned b = end, ind;
	char c;

	while (b > start + 1) {
		ind = line_indent(s, b - 1, &c);
		if (c != '\n' && !(c == '#' && ind + 1 <= col))
			break;
		b--;
	}
	return b;
}

static void
layout_dispose(struct layout *l)
{
	free(l->start);
	free(l->bend);
	free(l->end);
}

/*
 * Lay out the entries whose first lines are first[0..n): they must start
 * on increasing lines within [lo, hi), each the first thing on its line
 * at column 'col' (after "- " when 'dash' is set).
 */
static const struct ns_error *
layout_build(struct layout *l, const struct splice *s, const unsigned *first,
    size_t n, unsigned col, unsigned lo, unsigned hi, int *ok)
{
	size_t i;

	memset(l, 0, sizeof(*l));
	l->start = calloc(n, sizeof(*l->start));
	l->bend = calloc(n, sizeof(*l->bend));
	l->end = calloc(n, sizeof(*l->end));
	if (l->start == NULL || l->bend == NULL || l->end == NULL)
		return ns_error(NS_ERR_NOMEM);
	l->n = n;
	l->col = col;
	for (i = 0; i < n; i++) {
		if (first[i] < lo || first[i] >= hi ||
		    (i > 0 && first[i] <= first[i - 1])) {
			*ok = 0;
			return NULL;
		}
		l->start[i] = first[i];
	}
	for (i = 0; i < n; i++) {
		l->end[i] = i + 1 < n ? l->start[i + 1] : hi;
		l->bend[i] = trail_start(s, l->start[i], l->end[i], col);
	}
	return NULL;
}

/* The lines before entry i that belong to it (its leading comments). */
static const struct ns_error *
copy_lead(struct splice *s, const struct layout *l, size_t i, unsigned lo)
{
	return copy_lines(s, i == 0 ? lo : l->bend[i - 1], l->start[i]);
}

/*
 * 1 when the merged value v of ours' entry (key, ov) keeps the entry's
 * first line as it is: unchanged, or "key:" with the value below.
 */
static int
keeps_line(const struct ytree_node *key, const struct ytree_node *ov,
    const struct mnode *v)
{
	if (v->kind == MK_TAKE)
		return v->node == ov;
	return (v->kind == MK_MAP || v->kind == MK_SEQ) && v->n > 0 &&
	    ov->n > 0 && ov->line > key->line &&
	    ov->type == (v->kind == MK_MAP ? YTREE_MAP : YTREE_SEQ);
}

/* Entry i of ours, merged into v. */
static const struct ns_error *
splice_entry(struct splice *s, const struct layout *l, size_t i,
    const struct ytree_node *key, const struct ytree_node *ov,
    const struct mnode *v)
{
	const struct ns_error *err;
	size_t mark = s->out->len;
	int ok = 1;

	if (v->kind == MK_TAKE && v->node == ov)
		return copy_lines(s, l->start[i], l->bend[i]);
	if (key && v->kind != MK_TAKE && keeps_line(key, ov, v)) {
		/* "key:" on its own line, the value below: follow it */
		err = copy_lines(s, l->start[i], l->start[i] + 1);
		if (err == NULL)
			err = splice_node(s, ov, v, l->start[i] + 1, l->bend[i],
			    &ok);
		if (err || ok)
			return err;
		s->out->len = mark;
	} else if (key == NULL && v->kind == MK_MAP && ov->type == YTREE_MAP &&
	    ov->n > 0 && v->n > 0 &&
	    v->entries[0].oidx == 0 && keeps_line(ov->pairs[0].key,
	    ov->pairs[0].value, v->entries[0].value)) {
		/* "- key: ..." : follow it when its first line stays */
		err = splice_node(s, ov, v, l->start[i], l->bend[i], &ok);
		if (err || ok)
			return err;
		s->out->len = mark;
	}
	return merge_emit_entry(s->out, l->col - 1, 0, key, v, s->lo, s->lt);
}

/*
 * The merged entries of v, laid out along ours' entries; those only the
 * merge has are emitted at ours' column.
 */
static const struct ns_error *
splice_entries(struct splice *s, const struct ytree_node *on,
    const struct mnode *v, const struct layout *l, unsigned lo)
{
	const struct ns_error *err = NULL;
	const struct mentry *e;
	size_t i, oi;

	/* ours' first lead (a file's header) stays first */
	if (l->n > 0)
		err = copy_lead(s, l, 0, lo);
	for (i = 0; err == NULL && i < v->n; i++) {
		e = &v->entries[i];
		oi = e->oidx;
		if (oi == (size_t)-1 || oi >= l->n) {
			err = merge_emit_entry(s->out, l->col - 1, 0,
			    v->kind == MK_MAP ? e->key : NULL, e->value,
			    s->lo, s->lt);
			continue;
		}
		if (oi > 0)
			err = copy_lead(s, l, oi, lo);
		if (err == NULL)
			err = splice_entry(s, l, oi, v->kind == MK_MAP ?
			    on->pairs[oi].key : NULL, v->kind == MK_MAP ?
			    on->pairs[oi].value : on->items[oi], e->value);
	}
	if (err == NULL && l->n > 0)
		err = copy_lines(s, l->bend[l->n - 1], l->end[l->n - 1]);
	return err;
}

/* 1 when line L has a "-" at column col as its first non-blank. */
static int
dash_at(const struct splice *s, unsigned L, unsigned col)
{
	char c;

	return L >= 1 && L <= s->nlines && line_indent(s, L, &c) + 1 == col &&
	    c == '-';
}

/* The first lines of ours' entries, if ours is in block layout. */
static const struct ns_error *
first_lines(unsigned **out, const struct splice *s,
    const struct ytree_node *on, unsigned *col, int *ok)
{
	size_t i;
	unsigned line;

	*out = calloc(on->n, sizeof(**out));
	if (*out == NULL)
		return ns_error(NS_ERR_NOMEM);
	*col = on->col;
	for (i = 0; i < on->n && *ok; i++) {
		if (on->type == YTREE_MAP) {
			line = on->pairs[i].key->line;
			if (on->pairs[i].key->col != *col)
				*ok = 0;
		} else {
			line = on->items[i]->line;
			if (!dash_at(s, line, *col))
				*ok = 0;
		}
		(*out)[i] = line;
	}
	return NULL;
}

static const struct ns_error *
splice_node(struct splice *s, const struct ytree_node *on,
    const struct mnode *v, unsigned lo, unsigned hi, int *ok)
{
	const struct ns_error *err;
	struct layout l;
	unsigned *first = NULL, col = 0;

	memset(&l, 0, sizeof(l));
	if (on->n == 0 || (v->kind == MK_MAP) != (on->type == YTREE_MAP) ||
	    (v->kind != MK_MAP && v->kind != MK_SEQ)) {
		*ok = 0;
		return NULL;
	}
	err = first_lines(&first, s, on, &col, ok);
	if (err == NULL && *ok)
		err = layout_build(&l, s, first, on->n, col, lo, hi, ok);
	if (err == NULL && *ok)
		err = splice_entries(s, on, v, &l, lo);
	free(first);
	layout_dispose(&l);
	return err;
}

static const struct ns_error *
line_table(struct splice *s, const char *text, size_t len)
{
	size_t i, n = 1;

	for (i = 0; i < len; i++)
		if (text[i] == '\n' && i + 1 < len)
			n++;
	s->ls = calloc(n + 1, sizeof(*s->ls));
	if (s->ls == NULL)
		return ns_error(NS_ERR_NOMEM);
	s->nlines = (unsigned)n;
	n = 1;
	for (i = 0; i < len; i++)
		if (text[i] == '\n' && i + 1 < len)
			s->ls[n++] = i + 1;
	s->ls[s->nlines] = len;
	return NULL;
}

const struct ns_error *
merge_splice(struct buf *out, const struct mnode *root,
    const struct ytree_node *ours, const unsigned char *text, size_t len,
    const char *label_ours, const char *label_theirs, int *ok)
{
	const struct ns_error *err;
	struct splice s = { out, (const char *)text, NULL, 0, label_ours,
	    label_theirs };
	size_t mark = out->len;

	*ok = 1;
	err = line_table(&s, s.text, len);
	/* the root's lead is everything before its first entry */
	if (err == NULL)
		err = splice_node(&s, ours, root, 1, s.nlines + 1, ok);
	if (err || !*ok)
		out->len = mark;
	if (out->ptr)
		out->ptr[out->len] = '\0';
	free(s.ls);
	return err;
}
