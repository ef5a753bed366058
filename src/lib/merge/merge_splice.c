/*
 * merge_splice.c: write a merged record into ours' own text.
 *
 * A merge that changes a few fields should not rewrite the whole file: the
 * user's comments and layout are theirs too.  This walks the merged tree
 * along ours' tree and copies ours' lines for every entry ours has
 * unchanged, and theirs' lines for an entry taken from theirs when theirs
 * indents it as ours does; only entries it cannot copy (conflicts, merged
 * scalars lists, entries laid out differently) are written by yemit.
 *
 * It follows block layout only: an entry of a block mapping or an item of
 * a block sequence owns the lines from its first line to the next entry's;
 * the comment and blank lines at the end of that range belong to the next
 * entry (they usually describe it).  An entry it cannot follow (flow style,
 * several entries on one line, an item whose first line changes) is
 * written anew, and a document it cannot follow at all is left to
 * merge_emit().  The caller compares the result with merge_emit()'s, so a
 * wrong guess here costs comments, never data.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/error.h"
#include "merge/merge_int.h"
#include "yaml/ytree.h"

/* One side's text by lines. */
struct side {
	const char	*text;
	size_t		*ls;	/* ls[L - 1]: where line L starts */
	unsigned	 nlines;	/* ls[nlines] is the text's length */
};

/* The lines of one mapping or sequence of a side. */
struct layout {
	const struct side *side;
	const struct ytree_node *node;	/* NULL: no layout */
	unsigned	*start;		/* first line of entry i */
	unsigned	*bend;	/* end of its body; its trail follows */
	unsigned	*end;	/* next entry's start, or the end */
	unsigned	 lo;		/* the range's first line */
	unsigned	 col;		/* column of keys or dashes */
	size_t		 n;
};

struct splice {
	struct buf	*out;
	struct side	 o;
	struct side	 t;
	const char	*lo;
	const char	*lt;
};

static const struct ns_error *splice_node(struct splice *, const struct mnode *,
    unsigned, unsigned, unsigned, unsigned, int *);

/* Copy lines [a, b) (1-based) of 'sd', ending with a newline. */
static const struct ns_error *
copy_lines(struct buf *out, const struct side *sd, unsigned a, unsigned b)
{
	const struct ns_error *err;
	size_t from, to;

	if (a >= b)
		return NULL;
	from = sd->ls[a - 1];
	to = sd->ls[b - 1];
	err = buf_add(out, sd->text + from, to - from);
	if (err == NULL && to > from && sd->text[to - 1] != '\n')
		err = buf_putc(out, '\n');
	return err;
}

/* Leading spaces of line L; *c is its first other byte ('\n' if none). */
static unsigned
line_indent(const struct side *sd, unsigned L, char *c)
{
	size_t i = sd->ls[L - 1], end = sd->ls[L];

	while (i < end && sd->text[i] == ' ')
		i++;
	*c = i < end ? sd->text[i] : '\n';
	if (*c == '\r')
		*c = '\n';
	return (unsigned)(i - sd->ls[L - 1]);
}

/*
 * The first line of the trail of [start, end): blank lines and comments
 * not indented deeper than the entry (deeper ones may be block text).
 */
static unsigned
trail_start(const struct side *sd, unsigned start, unsigned end,
    unsigned col)
{
	unsigned b = end, ind;
	char c;

	while (b > start + 1) {
		ind = line_indent(sd, b - 1, &c);
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
	memset(l, 0, sizeof(*l));
}

/* 1 when line L has a "-" at column col as its first non-blank. */
static int
dash_at(const struct side *sd, unsigned L, unsigned col)
{
	char c;

	return L >= 1 && L <= sd->nlines && line_indent(sd, L, &c) + 1 == col &&
	    c == '-';
}

/* The first line of entry i of n, or 0 when n is not in block layout. */
static unsigned
first_line(const struct side *sd, const struct ytree_node *n, size_t i)
{
	if (n->type == YTREE_MAP)
		return n->pairs[i].key->col == n->col ? n->pairs[i].key->line :
		    0;
	return dash_at(sd, n->items[i]->line, n->col) ? n->items[i]->line : 0;
}

/*
 * Lay out the entries of 'n' within lines [lo, hi) of 'sd'.  Leaves
 * l->node NULL (no layout) unless every entry is the first thing on its
 * own line, at one column, in order.
 */
static const struct ns_error *
layout_build(struct layout *l, const struct side *sd,
    const struct ytree_node *n, unsigned lo, unsigned hi)
{
	size_t i;
	unsigned f;

	memset(l, 0, sizeof(*l));
	if (n == NULL || lo == 0 || n->n == 0 ||
	    (n->type != YTREE_MAP && n->type != YTREE_SEQ))
		return NULL;
	l->start = calloc(n->n, sizeof(*l->start));
	l->bend = calloc(n->n, sizeof(*l->bend));
	l->end = calloc(n->n, sizeof(*l->end));
	if (l->start == NULL || l->bend == NULL || l->end == NULL) {
		layout_dispose(l);
		return ns_error(NS_ERR_NOMEM);
	}
	for (i = 0; i < n->n; i++) {
		f = first_line(sd, n, i);
		if (f < lo || f >= hi || (i > 0 && f <= l->start[i - 1])) {
			layout_dispose(l);
			return NULL;
		}
		l->start[i] = f;
	}
	for (i = 0; i < n->n; i++) {
		l->end[i] = i + 1 < n->n ? l->start[i + 1] : hi;
		l->bend[i] = trail_start(sd, l->start[i], l->end[i], n->col);
	}
	l->side = sd;
	l->node = n;
	l->lo = lo;
	l->col = n->col;
	l->n = n->n;
	return NULL;
}

/* The lines before entry i that belong to it (its leading comments). */
static const struct ns_error *
copy_lead(struct buf *out, const struct layout *l, size_t i)
{
	return copy_lines(out, l->side, i == 0 ? l->lo : l->bend[i - 1],
	    l->start[i]);
}

static const struct ytree_node *
entry_key(const struct layout *l, size_t i)
{
	return l->node->type == YTREE_MAP ? l->node->pairs[i].key : NULL;
}

static const struct ytree_node *
entry_value(const struct layout *l, size_t i)
{
	return l->node->type == YTREE_MAP ? l->node->pairs[i].value :
	    l->node->items[i];
}

/*
 * 1 when the merged value v of the entry (key, ov) keeps the entry's
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

/*
 * Follow ours' entry i into its merged value v (a mapping or sequence);
 * tl/tj give theirs' lines for it when known.  *ok 0: not followed.
 */
static const struct ns_error *
follow(struct splice *s, const struct layout *l, size_t i,
    const struct layout *tl, size_t tj, const struct mnode *v, int *ok)
{
	const struct ns_error *err = NULL;
	const struct ytree_node *key = entry_key(l, i), *ov = entry_value(l, i);
	unsigned tlo = 0, thi = 0, skip = key ? 1 : 0;

	*ok = 0;
	if (key && (v->kind == MK_TAKE || !keeps_line(key, ov, v)))
		return NULL;
	if (key == NULL && !(v->kind == MK_MAP && ov->type == YTREE_MAP &&
	    ov->n > 0 && v->n > 0 && v->entries[0].oidx == 0 &&
	    keeps_line(ov->pairs[0].key, ov->pairs[0].value,
	    v->entries[0].value)))
		return NULL;
	if (tl->node && tj != (size_t)-1 && entry_value(tl, tj) == v->theirs) {
		tlo = tl->start[tj] + skip;
		thi = tl->bend[tj];
	}
	*ok = 1;
	if (key)	/* "key:" on its own line, the value below */
		err = copy_lines(s->out, &s->o, l->start[i], l->start[i] + 1);
	if (err == NULL)
		err = splice_node(s, v, l->start[i] + skip, l->bend[i], tlo,
		    thi, ok);
	return err;
}

/* One merged entry e: copied from ours or theirs, followed, or emitted. */
static const struct ns_error *
splice_entry(struct splice *s, const struct layout *l, const struct layout *tl,
    const struct mentry *e, const struct ytree_node *key)
{
	const struct ns_error *err = NULL;
	size_t oi = e->oidx, tj = e->tidx, mark;
	const struct mnode *v = e->value;
	int ok = 0;

	if (oi != (size_t)-1 && oi > 0)
		err = copy_lead(s->out, l, oi);
	else if (oi == (size_t)-1 && tl->node && tj != (size_t)-1 && tj > 0 &&
	    v->kind == MK_TAKE && v->node == entry_value(tl, tj) &&
	    tl->col == l->col)
		err = copy_lead(s->out, tl, tj);
	if (err)
		return err;
	if (oi != (size_t)-1 && v->kind == MK_TAKE &&
	    v->node == entry_value(l, oi))
		return copy_lines(s->out, &s->o, l->start[oi], l->bend[oi]);
	if (tl->node && tj != (size_t)-1 && v->kind == MK_TAKE &&
	    v->node == entry_value(tl, tj) && tl->col == l->col)
		return copy_lines(s->out, &s->t, tl->start[tj], tl->bend[tj]);
	mark = s->out->len;
	if (oi != (size_t)-1)
		err = follow(s, l, oi, tl, tj, v, &ok);
	if (err || ok)
		return err;
	s->out->len = mark;
	return merge_emit_entry(s->out, l->col - 1, 0, key, v, s->lo, s->lt);
}

/*
 * The merged entries of v laid out along ours' entries (l) and theirs'
 * (tl, when theirs lays out alike).
 */
static const struct ns_error *
splice_entries(struct splice *s, const struct mnode *v,
    const struct layout *l, const struct layout *tl)
{
	const struct ns_error *err;
	size_t i;

	/* ours' first lead (a file's header) stays first */
	err = copy_lead(s->out, l, 0);
	for (i = 0; err == NULL && i < v->n; i++)
		err = splice_entry(s, l, tl, &v->entries[i],
		    v->kind == MK_MAP ? v->entries[i].key : NULL);
	if (err == NULL)
		err = copy_lines(s->out, &s->o, l->bend[l->n - 1],
		    l->end[l->n - 1]);
	return err;
}

/*
 * Write the merged collection v along ours' lines [lo, hi) (and theirs'
 * [tlo, thi), tlo 0 when unknown).
 */
static const struct ns_error *
splice_node(struct splice *s, const struct mnode *v, unsigned lo, unsigned hi,
    unsigned tlo, unsigned thi, int *ok)
{
	const struct ns_error *err;
	struct layout l, tl;

	memset(&tl, 0, sizeof(tl));
	if ((v->kind != MK_MAP && v->kind != MK_SEQ) || v->ours == NULL ||
	    (v->kind == MK_MAP) != (v->ours->type == YTREE_MAP)) {
		*ok = 0;
		return NULL;
	}
	err = layout_build(&l, &s->o, v->ours, lo, hi);
	if (err == NULL && l.node == NULL)
		*ok = 0;
	if (err == NULL && *ok && v->theirs &&
	    v->theirs->type == v->ours->type)
		err = layout_build(&tl, &s->t, v->theirs, tlo, thi);
	if (err == NULL && *ok)
		err = splice_entries(s, v, &l, &tl);
	layout_dispose(&l);
	layout_dispose(&tl);
	return err;
}

static const struct ns_error *
side_init(struct side *sd, const struct splice_text *st)
{
	const char *text = (const char *)st->text;
	size_t i, n = 1;

	sd->text = text;
	for (i = 0; i < st->len; i++)
		if (text[i] == '\n' && i + 1 < st->len)
			n++;
	sd->ls = calloc(n + 1, sizeof(*sd->ls));
	if (sd->ls == NULL)
		return ns_error(NS_ERR_NOMEM);
	sd->nlines = (unsigned)n;
	n = 1;
	for (i = 0; i < st->len; i++)
		if (text[i] == '\n' && i + 1 < st->len)
			sd->ls[n++] = i + 1;
	sd->ls[sd->nlines] = st->len;
	return NULL;
}

const struct ns_error *
merge_splice(struct buf *out, const struct mnode *root,
    const struct ytree_node *ours, const struct splice_text *ot,
    const struct splice_text *tt, const char *label_ours,
    const char *label_theirs, int *ok)
{
	const struct ns_error *err;
	struct splice s;
	size_t mark = out->len;

	memset(&s, 0, sizeof(s));
	s.out = out;
	s.lo = label_ours;
	s.lt = label_theirs;
	*ok = root->ours == ours;
	err = side_init(&s.o, ot);
	if (err == NULL)
		err = side_init(&s.t, tt);
	/* the root's lead is everything before its first entry */
	if (err == NULL && *ok)
		err = splice_node(&s, root, 1, s.o.nlines + 1, 1,
		    s.t.nlines + 1, ok);
	if (err || !*ok)
		out->len = mark;
	if (out->ptr)
		out->ptr[out->len] = '\0';
	free(s.o.ls);
	free(s.t.ls);
	return err;
}
