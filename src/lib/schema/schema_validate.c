/*
 * schema_validate.c: checks a ytree against a compiled schema and
 * finds every violation (schema_report.c words them).
 *
 * Two modes share one walk: collecting (every violation becomes a
 * diagnostic) and quiet (stop at the first violation, report nothing),
 * which anyOf, oneOf, not, if and contains use to try a branch.  The data
 * path is a stack of segments turned into text only when a diagnostic is
 * made, so a valid document costs no allocation beyond one PCRE2 match
 * block per call (and only when a pattern is used).
 */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "schema/schema_int.h"


static int v_schema(struct vctx *, const struct schema *,
    const struct ytree_node *);

/* Run expr; stop on an error, or on a violation in quiet mode. */
#define STEP(expr) do {						\
	r = (expr);						\
	if (r < 0)						\
		goto done;					\
	if (r == 0) {						\
		ok = 0;						\
		if (c->quiet)					\
			goto done;				\
	}							\
} while (0)

/* --- numbers, strings ---------------------------------------------------- */

/*
 * v is a multiple of m up to rounding (0.0075 of 0.0001).  When v / m
 * overflows, an integer is still a multiple of any 1/k.
 */
static int
multiple_ok(double v, double m)
{
	double q = v / m, f;

	if (q - q != 0)
		return sch_is_integral(v) && sch_is_integral(1 / m);
	if (q > 9e15 || q < -9e15)	/* beyond 2^53 doubles are whole */
		return 1;
	f = q - (double)(long long)q;
	if (f < 0)
		f = -f;
	return f <= 1e-9 || f >= 1 - 1e-9;
}


static int
v_number(struct vctx *c, const struct schema *s, const struct ytree_node *n)
{
	double v = n->number;
	int ok = 1, r = 1;

	if (s->minimum && v < s->minimum->number)
		STEP(sch_report(c, n, c->desc, "must be at least %s",
		    s->minimum->str));
	if (s->xminimum && v <= s->xminimum->number)
		STEP(sch_report(c, n, c->desc, "must be greater than %s",
		    s->xminimum->str));
	if (s->maximum && v > s->maximum->number)
		STEP(sch_report(c, n, c->desc, "must be at most %s",
		    s->maximum->str));
	if (s->xmaximum && v >= s->xmaximum->number)
		STEP(sch_report(c, n, c->desc, "must be less than %s",
		    s->xmaximum->str));
	if (s->multiple && !multiple_ok(v, s->multiple->number))
		STEP(sch_report(c, n, c->desc, "must be a multiple of %s",
		    s->multiple->str));
done:
	return r < 0 ? -1 : ok;
}

int
sch_v_pattern(struct vctx *c, const pcre2_code *re, const struct ytree_node *n)
{
	int m;

	if (c->md == NULL) {
		c->md = pcre2_match_data_create(1, NULL);
		if (c->md == NULL)
			return sch_fail(c, ns_error(NS_ERR_NOMEM));
	}
	m = sch_regex_match(re, c->md, n->str, n->len);
	if (m < 0)
		return sch_fail(c, ns_error_at(NS_ERR_LIMIT, c->file, n->line,
		    n->col, "regular expression too costly for this value"));
	return m;
}

static int
v_string(struct vctx *c, const struct schema *s, const struct ytree_node *n)
{
	size_t cp;
	int ok = 1, r = 1;

	/* count code points only when the byte length cannot decide */
	if ((s->min_len && (double)n->len < 4 * s->min_len->number) ||
	    (s->max_len && (double)n->len > s->max_len->number)) {
		cp = utf8_length(n->str, n->len);
		if (s->min_len && (double)cp < s->min_len->number)
			STEP(sch_report(c, n, c->desc, "must be at least %s "
			    "character%s long", s->min_len->str,
			    s->min_len->number == 1 ? "" : "s"));
		if (s->max_len && (double)cp > s->max_len->number)
			STEP(sch_report(c, n, c->desc, "must be at most %s "
			    "character%s long (it has %zu)", s->max_len->str,
			    s->max_len->number == 1 ? "" : "s", cp));
	}
	if (s->pattern) {
		r = sch_v_pattern(c, s->pattern, n);
		/* a regex means little to a coordinator: the description
		 * says what is expected, the pattern only when there is none */
		if (r == 0 && c->desc && *c->desc)
			r = sch_report(c, n, c->desc, "\"%.60s%s\" is not in "
			    "the expected form", n->str, n->len > 60 ? "..." :
			    "");
		else if (r == 0)
			r = sch_report(c, n, c->desc, "must match the pattern "
			    "%s", s->pattern_src->str);
		STEP(r);
	}
	if (s->format && !sch_format_check(s->format, n->str, n->len))
		STEP(sch_report(c, n, c->desc, "must be %s",
		    sch_format_hint(s->format)));
done:
	return r < 0 ? -1 : ok;
}

/* --- arrays -------------------------------------------------------------- */

/* Validate a child instance: its own path segment, no inherited text. */
int
sch_v_child(struct vctx *c, const struct schema *s, const struct ytree_node *n,
    const struct ytree_node *key, size_t index)
{
	const char *desc = c->desc;
	int r;

	if (sch_seg_push(c, key ? key->str : NULL, key ? key->len : 0, index))
		return -1;
	c->desc = NULL;
	r = v_schema(c, s, n);
	c->desc = desc;
	c->nsegs--;
	return r;
}

int
sch_v_quiet(struct vctx *c, const struct schema *s, const struct ytree_node *n)
{
	int quiet = c->quiet, r;

	c->quiet = 1;
	r = v_schema(c, s, n);
	c->quiet = quiet;
	return r;
}

static int
v_contains(struct vctx *c, const struct schema *s, const struct ytree_node *n)
{
	double min = s->min_contains ? s->min_contains->number : 1;
	size_t i, count = 0;
	int r;

	for (i = 0; i < n->n; i++) {
		r = sch_v_quiet(c, s->contains, n->items[i]);
		if (r < 0)
			return -1;
		count += (size_t)r;
		if (!s->max_contains && (double)count >= min)
			return 1;
	}
	if ((double)count < min)
		return sch_report(c, n, c->desc, "must contain at least %s "
		    "item%s matching the \"contains\" schema (it has %zu)",
		    s->min_contains ? s->min_contains->str : "one",
		    min == 1 ? "" : "s", count);
	if (s->max_contains && (double)count > s->max_contains->number)
		return sch_report(c, n, c->desc, "must contain at most %s "
		    "item%s matching the \"contains\" schema (it has %zu)",
		    s->max_contains->str,
		    s->max_contains->number == 1 ? "" : "s", count);
	return 1;
}

static int
v_unique(struct vctx *c, const struct ytree_node *n)
{
	size_t i, j;
	int ok = 1, r = 1;

	for (i = 1; i < n->n; i++)
		for (j = 0; j < i; j++)
			if (ytree_equal(n->items[i], n->items[j])) {
				if (sch_seg_push(c, NULL, 0, i))
					return -1;
				r = sch_report_dup(c, n->items[i], j);
				c->nsegs--;
				STEP(r);
				break;
			}
done:
	return r < 0 ? -1 : ok;
}

static int
v_array(struct vctx *c, const struct schema *s, const struct ytree_node *n)
{
	const struct schema *is;
	size_t i;
	int ok = 1, r = 1;

	for (i = 0; i < n->n; i++) {
		is = i < s->prefix.n ? s->prefix.v[i] : s->items;
		if (is)
			STEP(sch_v_child(c, is, n->items[i], NULL, i));
	}
	if (s->min_items && (double)n->n < s->min_items->number)
		STEP(sch_report(c, n, c->desc, "must have at least %s item%s",
		    s->min_items->str, s->min_items->number == 1 ? "" : "s"));
	if (s->max_items && (double)n->n > s->max_items->number)
		STEP(sch_report(c, n, c->desc, "must have at most %s item%s "
		    "(it has %zu)", s->max_items->str,
		    s->max_items->number == 1 ? "" : "s", n->n));
	if (s->contains)
		STEP(v_contains(c, s, n));
	if (s->unique)
		STEP(v_unique(c, n));
done:
	return r < 0 ? -1 : ok;
}

/* --- objects ------------------------------------------------------------- */

const struct ytree_node *
sch_obj_get(const struct ytree_node *map, const struct ytree_node *key)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (map->pairs[i].key->len == key->len &&
		    memcmp(map->pairs[i].key->str, key->str, key->len) == 0)
			return map->pairs[i].value;
	return NULL;
}

/* The known property closest to 'key' (at most 2 edits), or NULL. */
static const char *
did_you_mean(const struct schema *s, const struct ytree_node *key)
{
	const char *best = NULL;
	size_t i, d, bestd = 3;

	for (i = 0; i < s->nprops; i++) {
		d = sch_near(key->str, key->len, s->props[i].name,
		    s->props[i].len);
		if (d < bestd) {
			bestd = d;
			best = s->props[i].name;
		}
	}
	return best;
}

int
sch_report_unknown(struct vctx *c, const struct schema *s,
    const struct ytree_node *key)
{
	const char *near = did_you_mean(s, key);

	if (near)
		return sch_report(c, key, NULL, "unknown property \"%s\"; "
		    "did you mean \"%s\"?", key->str, near);
	return sch_report(c, key, NULL, "unknown property \"%s\"", key->str);
}

/* One property: its schema, matching patterns, or additionalProperties. */
static int
v_property(struct vctx *c, const struct schema *s, const struct ytree_pair *p,
    uint64_t *seen)
{
	size_t j;
	int ok = 1, r = 1, matched = 0;

	for (j = 0; j < s->nprops; j++) {
		if (s->props[j].len != p->key->len || memcmp(s->props[j].name,
		    p->key->str, p->key->len) != 0)
			continue;
		matched = 1;
		if (j < 64)
			*seen |= (uint64_t)1 << j;
		STEP(sch_v_child(c, s->props[j].s, p->value, p->key, 0));
		break;
	}
	for (j = 0; j < s->npprops; j++) {
		r = sch_v_pattern(c, s->pprops[j].re, p->key);
		if (r < 0)
			goto done;
		if (r == 0)
			continue;
		matched = 1;
		STEP(sch_v_child(c, s->pprops[j].s, p->value, p->key, 0));
	}
	if (!matched && s->additional) {
		if (s->additional->always == 0)
			STEP(sch_report_unknown(c, s, p->key));
		else
			STEP(sch_v_child(c, s->additional, p->value, p->key,
			    0));
	}
	if (s->propnames) {
		r = sch_v_quiet(c, s->propnames, p->key);
		if (r == 0)
			r = sch_report(c, p->key, s->propnames->description,
			    "property name \"%s\" is not allowed", p->key->str);
		STEP(r);
	}
done:
	return r < 0 ? -1 : ok;
}

static const char *
prop_desc(const struct schema *s, const struct ytree_node *name)
{
	size_t i;

	for (i = 0; i < s->nprops; i++)
		if (s->props[i].len == name->len &&
		    memcmp(s->props[i].name, name->str, name->len) == 0)
			return s->props[i].s->description;
	return NULL;
}

static int
v_required(struct vctx *c, const struct schema *s,
    const struct ytree_node *n, uint64_t seen)
{
	const struct sch_required *q;
	size_t i;
	int ok = 1, r = 1, have;

	for (i = 0; i < s->nrequired; i++) {
		q = &s->required[i];
		have = q->prop >= 0 ? (int)((seen >> q->prop) & 1) :
		    sch_obj_get(n, q->name) != NULL;
		if (!have)
			STEP(sch_report(c, n, prop_desc(s, q->name),
			    "missing required property \"%s\"", q->name->str));
	}
done:
	return r < 0 ? -1 : ok;
}

static int
v_dependent(struct vctx *c, const struct schema *s,
    const struct ytree_node *n)
{
	const struct sch_dep *d;
	size_t i, j;
	int ok = 1, r = 1;

	for (i = 0; i < s->ndepreq; i++) {
		d = &s->depreq[i];
		if (sch_obj_get(n, d->name) == NULL)
			continue;
		for (j = 0; j < d->nreq; j++)
			if (sch_obj_get(n, d->req[j].name) == NULL)
				STEP(sch_report(c, n, NULL, "property \"%s\" "
				    "requires property \"%s\"", d->name->str,
				    d->req[j].name->str));
	}
	for (i = 0; i < s->ndepsch; i++)
		if (sch_obj_get(n, s->depsch[i].name))
			STEP(v_schema(c, s->depsch[i].s, n));
done:
	return r < 0 ? -1 : ok;
}

static int
v_object(struct vctx *c, const struct schema *s, const struct ytree_node *n)
{
	uint64_t seen = 0;
	size_t i;
	int ok = 1, r = 1;

	if (s->nprops || s->npprops || s->additional || s->propnames)
		for (i = 0; i < n->n; i++)
			STEP(v_property(c, s, &n->pairs[i], &seen));
	if (s->nrequired)
		STEP(v_required(c, s, n, seen));
	if (s->min_props && (double)n->n < s->min_props->number)
		STEP(sch_report(c, n, c->desc, "must have at least %s "
		    "propert%s", s->min_props->str,
		    s->min_props->number == 1 ? "y" : "ies"));
	if (s->max_props && (double)n->n > s->max_props->number)
		STEP(sch_report(c, n, c->desc, "must have at most %s "
		    "propert%s (it has %zu)", s->max_props->str,
		    s->max_props->number == 1 ? "y" : "ies", n->n));
	if (s->ndepreq || s->ndepsch)
		STEP(v_dependent(c, s, n));
done:
	return r < 0 ? -1 : ok;
}

/* --- anyOf / oneOf: explaining a miss ------------------------------------ */

/*
 * Could branch 's' be meant for 'n'?  No when its type excludes n's, or
 * when n is a mapping whose property contradicts a const of the branch
 * (a discriminator such as kind: meeting).
 */
static int
plausible(const struct schema *s, const struct ytree_node *n, int depth)
{
	const struct ytree_node *v;
	const struct schema *p;
	size_t i;

	if (depth > 8)
		return 1;
	if (s->always == 0 || (s->types && !(s->types & sch_inst_type(n))))
		return 0;
	if (s->ref && !plausible(s->ref, n, depth + 1))
		return 0;
	for (i = 0; i < s->allof.n; i++)
		if (!plausible(s->allof.v[i], n, depth + 1))
			return 0;
	for (i = 0; n->type == YTREE_MAP && i < s->nprops; i++) {
		p = s->props[i].s;
		if (p->const_ == NULL)
			continue;
		v = sch_obj_get(n, &(struct ytree_node){
		    .str = s->props[i].name, .len = s->props[i].len });
		if (v && !ytree_equal(v, p->const_))
			return 0;
	}
	return 1;
}

static unsigned
branch_types(const struct schema *s, int depth)
{
	size_t i;
	unsigned t = 0;

	if (s->always == 0)
		return 0;
	if (s->types)
		return s->types;
	if (s->ref && depth < 8)
		return branch_types(s->ref, depth + 1);
	for (i = 0; i < s->anyof.n && depth < 8; i++)
		t |= branch_types(s->anyof.v[i], depth + 1);
	return t ? t : ST_NULL | ST_BOOL | ST_NUM | ST_INT | ST_STR |
	    ST_ARR | ST_OBJ;
}

/* Run branch 'b' collecting into 'into'; the number of findings, or -1. */
static long
try_branch(struct vctx *c, const struct schema *b, const struct ytree_node *n,
    struct diag_list *into)
{
	struct diag_list *dl = c->dl;
	int r;

	c->dl = into;
	r = v_schema(c, b, n);
	c->dl = dl;
	return r < 0 ? -1 : (long)into->n;
}

/* Pick the plausible branch with the fewest findings, if it is unique. */
static int
explain_best(struct vctx *c, const struct sch_list *l,
    const struct ytree_node *n)
{
	struct diag_list best = DIAG_LIST_INIT, cur = DIAG_LIST_INIT;
	long nbest = -1, k;
	size_t i;
	int tie = 0, r = 0;

	for (i = 0; i < l->n; i++) {
		if (!plausible(l->v[i], n, 0))
			continue;
		k = try_branch(c, l->v[i], n, &cur);
		if (k < 0) {
			r = -1;
			break;
		}
		if (nbest < 0 || k < nbest) {
			diag_list_dispose(&best);
			best = cur;
			cur = (struct diag_list)DIAG_LIST_INIT;
			nbest = k;
			tie = 0;
		} else if (k == nbest)
			tie = 1;
		diag_list_dispose(&cur);
	}
	if (r == 0 && (tie || nbest <= 0))
		r = sch_report(c, n, c->desc, "does not match any of the "
		    "allowed forms");
	else if (r == 0 && diag_append(c->dl, &best))
		r = sch_fail(c, ns_error(NS_ERR_NOMEM));
	diag_list_dispose(&best);
	diag_list_dispose(&cur);
	return r;
}

static int
explain(struct vctx *c, const struct sch_list *l, const struct ytree_node *n)
{
	size_t i, np = 0, last = 0;
	unsigned types = 0;
	int r;

	if (c->quiet)
		return 0;
	for (i = 0; i < l->n; i++) {
		types |= branch_types(l->v[i], 0);
		if (plausible(l->v[i], n, 0)) {
			np++;
			last = i;
		}
	}
	if (np == 1) {
		r = v_schema(c, l->v[last], n);
		return r < 0 ? -1 : 0;
	}
	if (np > 1)
		return explain_best(c, l, n);
	return sch_report_type(c, n, types);
}

static int
v_anyof(struct vctx *c, const struct schema *s, const struct ytree_node *n)
{
	size_t i;
	int r;

	for (i = 0; i < s->anyof.n; i++) {
		r = sch_v_quiet(c, s->anyof.v[i], n);
		if (r != 0)
			return r;
	}
	return explain(c, &s->anyof, n);
}

static int
v_oneof(struct vctx *c, const struct schema *s, const struct ytree_node *n)
{
	size_t i, first = 0, count = 0;
	int r;

	for (i = 0; i < s->oneof.n; i++) {
		r = sch_v_quiet(c, s->oneof.v[i], n);
		if (r < 0)
			return -1;
		if (r == 0)
			continue;
		if (count++ == 0) {
			first = i;
			continue;
		}
		return sch_report(c, n, c->desc, "matches more than one of the "
		    "allowed forms (forms %zu and %zu)", first + 1, i + 1);
	}
	return count ? 1 : explain(c, &s->oneof, n);
}

static int
v_apply(struct vctx *c, const struct schema *s, const struct ytree_node *n)
{
	size_t i;
	int ok = 1, r = 1;

	for (i = 0; i < s->allof.n; i++)
		STEP(v_schema(c, s->allof.v[i], n));
	if (s->anyof.n)
		STEP(v_anyof(c, s, n));
	if (s->oneof.n)
		STEP(v_oneof(c, s, n));
	if (s->not_) {
		r = sch_v_quiet(c, s->not_, n);
		STEP(r == 1 ? sch_report(c, n, c->desc, "must not match the "
		    "schema under \"not\"") : r < 0 ? -1 : 1);
	}
	if (s->if_) {
		r = sch_v_quiet(c, s->if_, n);
		if (r < 0)
			goto done;
		if (r == 1 && s->then_)
			STEP(v_schema(c, s->then_, n));
		else if (r == 0 && s->else_)
			STEP(v_schema(c, s->else_, n));
	}
done:
	return r < 0 ? -1 : ok;
}

/* --- one schema ---------------------------------------------------------- */

static int
in_enum(const struct ytree_node *e, const struct ytree_node *n)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (ytree_equal(e->items[i], n))
			return 1;
	return 0;
}

static int
v_ref(struct vctx *c, const struct schema *s, const struct ytree_node *n)
{
	if (s->ref == NULL)
		return sch_fail(c, ns_error_at(NS_ERR_INVALID, s->file,
		    s->ref_node->line, s->ref_node->col,
		    "invalid schema: $ref \"%s\" names no loaded schema",
		    s->ref_node->str));
	return v_schema(c, s->ref, n);
}

/*
 * 2020-12 8.2.3.2: when the static target of a $dynamicRef "#name" has a
 * $dynamicAnchor "name", the outermost resource in the dynamic scope with
 * such an anchor wins.
 */
const struct schema *
sch_dyn_target(const struct vctx *c, const struct schema *d)
{
	const struct schema *t = d->ref;
	const struct sch_dyn *a;
	size_t i;

	if (t == NULL || d->dyn_name == NULL || t->dyn_anchor == NULL ||
	    strcmp(t->dyn_anchor, d->dyn_name) != 0)
		return t;
	for (i = 0; i < c->nscope; i++)
		for (a = c->scope[i]->dyn; a; a = a->next)
			if (strcmp(a->name, d->dyn_name) == 0)
				return a->s;
	return t;
}

/* Enter the resource of 's' in the dynamic scope: 1 pushed, 0 not, -1. */
static int
scope_push(struct vctx *c, const struct schema *s)
{
	const struct schema **p;
	size_t cap;

	if (s->res_root == NULL || (c->nscope &&
	    c->scope[c->nscope - 1] == s->res_root))
		return 0;
	if (c->nscope == c->capscope) {
		/* vctx_init() starts at the inline array; it only grows */
		assert(c->capscope >= SEG_INLINE);
		cap = c->capscope * 2;
		if (c->scope == c->scope_inl) {
			p = malloc(cap * sizeof(*p));
			if (p)
				memcpy(p, c->scope_inl, sizeof(c->scope_inl));
		} else
			p = realloc(c->scope, cap * sizeof(*p));
		if (p == NULL)
			return sch_fail(c, ns_error(NS_ERR_NOMEM));
		c->scope = p;
		c->capscope = cap;
	}
	c->scope[c->nscope++] = s->res_root;
	return 1;
}

static int
v_schema(struct vctx *c, const struct schema *s, const struct ytree_node *n)
{
	const char *desc = c->desc;
	int ok = 1, r = 1, pushed = 0;

	if (s->always >= 0)
		return s->always ? 1 : sch_report(c, n, c->desc,
		    "is not allowed here");
	if (++c->depth > VALIDATE_DEPTH_MAX) {
		r = sch_fail(c, ns_error_at(NS_ERR_LIMIT, s->file,
		    s->node->line, s->node->col, "schema recursion deeper "
		    "than %d (a $ref loop?)", VALIDATE_DEPTH_MAX));
		goto done;
	}
	pushed = scope_push(c, s);
	if (pushed < 0) {
		r = -1;
		goto done;
	}
	if (s->description)
		c->desc = s->description;
	if (s->ref_node)
		STEP(v_ref(c, s, n));
	if (s->dynref && s->dynref->ref == NULL)
		STEP(v_ref(c, s->dynref, n));	/* the unresolved error */
	else if (s->dynref)
		STEP(v_schema(c, sch_dyn_target(c, s->dynref), n));
	if (s->types && !(s->types & sch_inst_type(n))) {
		r = sch_report_type(c, n, s->types);
		ok = 0;
		goto done;	/* the other keywords would only add noise */
	}
	if (s->const_ && !ytree_equal(s->const_, n))
		STEP(sch_report_const(c, s, n));
	if (s->enum_ && !in_enum(s->enum_, n))
		STEP(sch_report_enum(c, s, n));
	switch (n->type) {
	case YTREE_INT: case YTREE_FLOAT:	STEP(v_number(c, s, n)); break;
	case YTREE_STR:				STEP(v_string(c, s, n)); break;
	case YTREE_SEQ:				STEP(v_array(c, s, n)); break;
	case YTREE_MAP:				STEP(v_object(c, s, n)); break;
	case YTREE_NULL: case YTREE_BOOL:	break;
	}
	STEP(v_apply(c, s, n));
	if (s->uneval_props && n->type == YTREE_MAP)
		STEP(sch_uneval_props(c, s, n));
	if (s->uneval_items && n->type == YTREE_SEQ)
		STEP(sch_uneval_items(c, s, n));
done:
	if (pushed > 0)
		c->nscope--;
	c->desc = desc;
	c->depth--;
	return r < 0 ? -1 : ok;
}

/* --- entry points -------------------------------------------------------- */

static void
vctx_init(struct vctx *c, struct diag_list *dl, const char *file, int quiet)
{
	memset(c, 0, sizeof(*c));
	c->dl = dl;
	c->file = file;
	c->quiet = quiet;
	c->segs = c->inl;
	c->capsegs = SEG_INLINE;
	c->scope = c->scope_inl;
	c->capscope = SEG_INLINE;
}

static void
vctx_dispose(struct vctx *c)
{
	if (c->segs != c->inl)
		free(c->segs);
	if (c->scope != c->scope_inl)
		free(c->scope);
	pcre2_match_data_free(c->md);
}

const struct ns_error *
schema_validate(struct diag_list *dl, const struct schema *schema,
    const struct ytree_node *node, const char *file)
{
	const struct ns_error *err;
	struct vctx c;

	vctx_init(&c, dl, file, 0);
	(void)v_schema(&c, schema, node);
	err = c.err;
	vctx_dispose(&c);
	return err;
}

int
schema_valid(const struct schema *schema, const struct ytree_node *node,
    const struct ns_error **err)
{
	struct vctx c;
	int r;

	vctx_init(&c, NULL, NULL, 1);
	r = v_schema(&c, schema, node);
	if (err)
		*err = c.err;
	vctx_dispose(&c);
	return r;
}
