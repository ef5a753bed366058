/*
 * schema_uneval.c: unevaluatedProperties and unevaluatedItems.
 *
 * These apply to the properties (items) that no other keyword of the same
 * schema evaluated, counting what successful in-place subschemas ($ref,
 * allOf, the anyOf/oneOf branches that match, if/then/else,
 * dependentSchemas) evaluated at the same instance location.  Rather than
 * carry annotations through every validation, the evaluated set is
 * recomputed here, only for schemas that use these keywords, with a quiet
 * check deciding which branches matched.  Failing subschemas contribute
 * nothing, as 2020-12 drops their annotations.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "schema/schema_int.h"

#define EVAL_INLINE	4	/* 256 members without allocating */

struct evalset {
	uint64_t	 inl[EVAL_INLINE];
	uint64_t	*bits;
	size_t		 n;
};

static int
evalset_init(struct vctx *c, struct evalset *ev, size_t n)
{
	size_t words = (n + 63) / 64;

	memset(ev->inl, 0, sizeof(ev->inl));
	ev->n = n;
	ev->bits = ev->inl;
	if (words > EVAL_INLINE) {
		ev->bits = calloc(words, sizeof(*ev->bits));
		if (ev->bits == NULL)
			return sch_fail(c, ns_error(NS_ERR_NOMEM));
	}
	return 0;
}

static void
evalset_dispose(struct evalset *ev)
{
	if (ev->bits != ev->inl)
		free(ev->bits);
}

static void
mark(struct evalset *ev, size_t i)
{
	ev->bits[i / 64] |= (uint64_t)1 << (i % 64);
}

static void
mark_from(struct evalset *ev, size_t from)
{
	size_t i;

	for (i = from; i < ev->n; i++)
		mark(ev, i);
}

static int
marked(const struct evalset *ev, size_t i)
{
	return (ev->bits[i / 64] >> (i % 64)) & 1;
}

typedef int (*mark_cb)(struct vctx *, const struct schema *,
    const struct ytree_node *, struct evalset *, int top);

/* The in-place applicators shared by both keywords. */
static int
mark_applied(struct vctx *c, const struct schema *s,
    const struct ytree_node *n, struct evalset *ev, mark_cb fn)
{
	const struct sch_list *alt[] = { &s->anyof, &s->oneof };
	size_t i, k;
	int r = 0;

	if (s->ref)
		r = fn(c, s->ref, n, ev, 0);
	if (s->dynref && s->dynref->ref && r == 0)
		r = fn(c, sch_dyn_target(c, s->dynref), n, ev, 0);
	for (i = 0; i < s->allof.n && r == 0; i++)
		r = fn(c, s->allof.v[i], n, ev, 0);
	for (k = 0; k < nitems(alt); k++)
		for (i = 0; i < alt[k]->n && r == 0; i++) {
			r = sch_v_quiet(c, alt[k]->v[i], n);
			r = r == 1 ? fn(c, alt[k]->v[i], n, ev, 0) : r;
		}
	if (s->if_ && r == 0) {
		r = sch_v_quiet(c, s->if_, n);
		if (r == 1) {
			r = fn(c, s->if_, n, ev, 0);
			if (r == 0 && s->then_)
				r = fn(c, s->then_, n, ev, 0);
		} else if (r == 0 && s->else_)
			r = fn(c, s->else_, n, ev, 0);
	}
	for (i = 0; i < s->ndepsch && r == 0 && n->type == YTREE_MAP; i++)
		if (sch_obj_get(n, s->depsch[i].name))
			r = fn(c, s->depsch[i].s, n, ev, 0);
	return r < 0 ? -1 : 0;
}

static int
mark_props(struct vctx *c, const struct schema *s,
    const struct ytree_node *n, struct evalset *ev, int top)
{
	const struct ytree_node *key;
	size_t i, j;
	int m, matched;

	if (s->always >= 0 || c->depth > VALIDATE_DEPTH_MAX)
		return 0;
	for (i = 0; i < n->n; i++) {
		key = n->pairs[i].key;
		matched = 0;
		for (j = 0; j < s->nprops && !matched; j++)
			matched = s->props[j].len == key->len &&
			    memcmp(s->props[j].name, key->str, key->len) == 0;
		for (j = 0; j < s->npprops; j++) {
			m = sch_v_pattern(c, s->pprops[j].re, key);
			if (m < 0)
				return -1;
			matched |= m;
		}
		if (matched || s->additional || (!top && s->uneval_props))
			mark(ev, i);
	}
	c->depth++;
	m = mark_applied(c, s, n, ev, mark_props);
	c->depth--;
	return m;
}

static int
mark_items(struct vctx *c, const struct schema *s,
    const struct ytree_node *n, struct evalset *ev, int top)
{
	size_t i;
	int r;

	if (s->always >= 0 || c->depth > VALIDATE_DEPTH_MAX)
		return 0;
	for (i = 0; i < s->prefix.n && i < n->n; i++)
		mark(ev, i);
	if (s->items || (!top && s->uneval_items))
		mark_from(ev, 0);
	for (i = 0; s->contains && i < n->n; i++) {
		r = sch_v_quiet(c, s->contains, n->items[i]);
		if (r < 0)
			return -1;
		if (r)
			mark(ev, i);
	}
	c->depth++;
	r = mark_applied(c, s, n, ev, mark_items);
	c->depth--;
	return r;
}

int
sch_uneval_props(struct vctx *c, const struct schema *s,
    const struct ytree_node *n)
{
	const struct ytree_pair *p;
	struct evalset ev;
	size_t i;
	int ok = 1, r;

	if (evalset_init(c, &ev, n->n))
		return -1;
	r = mark_props(c, s, n, &ev, 1);
	for (i = 0; i < n->n && r >= 0 && !(c->quiet && !ok); i++) {
		if (marked(&ev, i))
			continue;
		p = &n->pairs[i];
		if (s->uneval_props->always == 0)
			r = sch_report_unknown(c, s, p->key);
		else
			r = sch_v_child(c, s->uneval_props, p->value, p->key,
			    0);
		if (r == 0)
			ok = 0;
	}
	evalset_dispose(&ev);
	return r < 0 ? -1 : ok;
}

int
sch_uneval_items(struct vctx *c, const struct schema *s,
    const struct ytree_node *n)
{
	struct evalset ev;
	size_t i;
	int ok = 1, r;

	if (evalset_init(c, &ev, n->n))
		return -1;
	r = mark_items(c, s, n, &ev, 1);
	for (i = 0; i < n->n && r >= 0 && !(c->quiet && !ok); i++) {
		if (marked(&ev, i))
			continue;
		r = sch_v_child(c, s->uneval_items, n->items[i], NULL, i);
		if (r == 0)
			ok = 0;
	}
	evalset_dispose(&ev);
	return r < 0 ? -1 : ok;
}
