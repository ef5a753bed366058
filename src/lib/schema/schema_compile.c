/*
 * schema_compile.c: the compiler from a YAML tree to struct schema, and
 * the linker of $ref.
 *
 * Each keyword is read once into a field, so validation never looks at
 * keyword names.  Subschemas are compiled where they stand and remembered
 * per document (node -> schema) so a $ref to them shares the compiled one.
 * Identifiers ($id, $anchor) go into the set's resource table; $ref values
 * are resolved against the base URI in force and linked after the whole
 * document is compiled, possibly later, when the schema they name is added.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "schema/schema_int.h"
#include "schema/schema_uri.h"

#define COMPILE_DEPTH_MAX 512

struct cctx {
	struct schema_set	*set;
	struct sch_doc		*doc;
	unsigned		 depth;
	const struct ns_error	*err;
	struct schema		*res_root;	/* of the resource being read */
};

static struct schema *compile(struct cctx *, const struct ytree_node *,
    const char *base);

/* Grow the array *v of *cap elements of 'size' to hold n + 1. */
int
sch_grow(void *v, size_t *cap, size_t n, size_t size)
{
	void **pv = v, *p;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	p = realloc(*pv, ncap * size);
	if (p == NULL)
		return -1;
	*pv = p;
	*cap = ncap;
	return 0;
}

static void *
arena_alloc(struct schema_set *set, size_t size)
{
	struct arena_chunk *c = set->arena;
	size_t cap;
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (c == NULL || c->cap - c->used < size) {
		cap = size > 16384 ? size : 16384;
		c = malloc(sizeof(*c));
		if (c == NULL)
			return NULL;
		c->mem = calloc(1, cap);
		if (c->mem == NULL) {
			free(c);
			return NULL;
		}
		c->cap = cap;
		c->used = 0;
		c->next = set->arena;
		set->arena = c;
	}
	p = c->mem + c->used;
	c->used += size;
	return p;
}

static char *
arena_strdup(struct schema_set *set, const char *s)
{
	size_t len = strlen(s);
	char *p = arena_alloc(set, len + 1);

	if (p)
		memcpy(p, s, len + 1);
	return p;
}

static const struct ns_error *
bad(struct cctx *c, const struct ytree_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An invalid-schema error at node 'n'; kept as the first error of c. */
static const struct ns_error *
bad(struct cctx *c, const struct ytree_node *n, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->err == NULL)
		c->err = ns_error_at(NS_ERR_INVALID, c->doc->name, n->line,
		    n->col, "invalid schema: %s", msg);
	return c->err;
}

static const struct ns_error *
nomem(struct cctx *c)
{
	if (c->err == NULL)
		c->err = ns_error(NS_ERR_NOMEM);
	return c->err;
}

/* --- node -> schema memo (per document) ------------------------------- */

static size_t
memo_slot(const struct sch_doc *d, const struct ytree_node *n)
{
	uintptr_t h = (uintptr_t)n;

	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 7) & (d->memo_cap - 1);
}

struct schema *
sch_memo_get(const struct sch_doc *d, const struct ytree_node *n)
{
	size_t i;

	if (d->memo_cap == 0)
		return NULL;
	for (i = memo_slot(d, n); d->memo[i].node;
	    i = (i + 1) & (d->memo_cap - 1))
		if (d->memo[i].node == n)
			return d->memo[i].s;
	return NULL;
}

static int
memo_put(struct sch_doc *d, const struct ytree_node *n, struct schema *s)
{
	struct memo_ent *old = d->memo;
	size_t oldcap = d->memo_cap, i, j;

	if ((d->memo_n + 1) * 2 > d->memo_cap) {
		d->memo_cap = oldcap ? oldcap * 2 : 64;
		d->memo = calloc(d->memo_cap, sizeof(*d->memo));
		if (d->memo == NULL) {
			d->memo = old;
			d->memo_cap = oldcap;
			return -1;
		}
		for (j = 0; j < oldcap; j++) {
			if (old[j].node == NULL)
				continue;
			for (i = memo_slot(d, old[j].node); d->memo[i].node;
			    i = (i + 1) & (d->memo_cap - 1))
				;
			d->memo[i] = old[j];
		}
		free(old);
	}
	for (i = memo_slot(d, n); d->memo[i].node;
	    i = (i + 1) & (d->memo_cap - 1))
		;
	d->memo[i].node = n;
	d->memo[i].s = s;
	d->memo_n++;
	return 0;
}

/* --- resource table ---------------------------------------------------- */

struct sch_res *
sch_res_find(const struct schema_set *set, const char *uri)
{
	size_t i;

	for (i = 0; i < set->nres; i++)
		if (strcmp(set->res[i].uri, uri) == 0)
			return &set->res[i];
	return NULL;
}

static const struct ns_error *
res_add(struct cctx *c, const struct ytree_node *at, const char *uri,
    const struct ytree_node *node, int anchor)
{
	struct schema_set *set = c->set;
	struct sch_res *r;

	r = sch_res_find(set, uri);
	if (r && r->node == node)
		return NULL;
	if (r)
		return bad(c, at, "%s \"%s\" is already defined",
		    anchor ? "anchor" : "$id", uri);
	if (sch_grow(&set->res, &set->capres, set->nres, sizeof(*set->res)))
		return nomem(c);
	r = &set->res[set->nres];
	r->uri = strdup(uri);
	if (r->uri == NULL)
		return nomem(c);
	r->node = node;
	r->doc = c->doc;
	r->anchor = anchor;
	set->nres++;
	return NULL;
}

/* --- keyword readers --------------------------------------------------- */

static int
is_number(const struct ytree_node *n)
{
	return n->type == YTREE_INT || n->type == YTREE_FLOAT;
}

/* A non-negative integer (1.0 counts) as the count keywords want. */
static const struct ytree_node *
get_count(struct cctx *c, const struct ytree_node *v, const char *kw)
{
	/* beyond 2^63 a double is whole (and the cast would overflow) */
	if (!is_number(v) || !(v->number >= 0) || (v->number < 9.2e18 &&
	    v->number != (double)(long long)v->number)) {
		bad(c, v, "\"%s\" must be a non-negative integer", kw);
		return NULL;
	}
	return v;
}

static const struct ytree_node *
get_number(struct cctx *c, const struct ytree_node *v, const char *kw)
{
	if (!is_number(v)) {
		bad(c, v, "\"%s\" must be a number", kw);
		return NULL;
	}
	return v;
}

static unsigned
type_bit(const struct ytree_node *v)
{
	static const struct { const char *name; unsigned bit; } types[] = {
		{ "null", ST_NULL }, { "boolean", ST_BOOL },
		{ "integer", ST_INT }, { "number", ST_NUM | ST_INT },
		{ "string", ST_STR }, { "array", ST_ARR },
		{ "object", ST_OBJ },
	};
	size_t i;

	if (v->type != YTREE_STR)
		return 0;
	for (i = 0; i < nitems(types); i++)
		if (strcmp(v->str, types[i].name) == 0)
			return types[i].bit;
	return 0;
}

static const struct ns_error *
read_type(struct cctx *c, struct schema *s, const struct ytree_node *v)
{
	unsigned bit;
	size_t i;

	if (v->type != YTREE_SEQ) {
		s->types = type_bit(v);
		if (s->types == 0)
			return bad(c, v, "unknown type (use null, boolean, "
			    "integer, number, string, array or object)");
		return NULL;
	}
	for (i = 0; i < v->n; i++) {
		bit = type_bit(v->items[i]);
		if (bit == 0)
			return bad(c, v->items[i], "unknown type");
		s->types |= bit;
	}
	if (s->types == 0)
		return bad(c, v, "\"type\" must not be empty");
	return NULL;
}

static const struct ns_error *
read_list(struct cctx *c, struct sch_list *l, const struct ytree_node *v,
    const char *base, const char *kw)
{
	size_t i;

	if (v->type != YTREE_SEQ || v->n == 0)
		return bad(c, v, "\"%s\" must be a non-empty list of schemas",
		    kw);
	l->v = arena_alloc(c->set, v->n * sizeof(*l->v));
	if (l->v == NULL)
		return nomem(c);
	for (i = 0; i < v->n; i++) {
		l->v[i] = compile(c, v->items[i], base);
		if (l->v[i] == NULL)
			return c->err;
	}
	l->n = v->n;
	return NULL;
}

/* Compile every value of a mapping of schemas ($defs, dependentSchemas). */
static const struct ns_error *
read_schema_map(struct cctx *c, const struct ytree_node *v, const char *base,
    const char *kw)
{
	size_t i;

	if (v->type != YTREE_MAP)
		return bad(c, v, "\"%s\" must be a mapping of schemas", kw);
	for (i = 0; i < v->n; i++)
		if (compile(c, v->pairs[i].value, base) == NULL)
			return c->err;
	return NULL;
}

static const struct ns_error *
read_props(struct cctx *c, struct schema *s, const struct ytree_node *v,
    const char *base)
{
	size_t i;

	if (v->type != YTREE_MAP)
		return bad(c, v, "\"properties\" must be a mapping of schemas");
	s->props = arena_alloc(c->set, (v->n + 1) * sizeof(*s->props));
	if (s->props == NULL)
		return nomem(c);
	for (i = 0; i < v->n; i++) {
		s->props[i].name = v->pairs[i].key->str;
		s->props[i].len = v->pairs[i].key->len;
		s->props[i].s = compile(c, v->pairs[i].value, base);
		if (s->props[i].s == NULL)
			return c->err;
	}
	s->nprops = v->n;
	return NULL;
}

static pcre2_code *
regex(struct cctx *c, const struct ytree_node *v)
{
	struct sch_doc *d = c->doc;
	pcre2_code *re;
	char msg[256];
	size_t off;

	if (v->type != YTREE_STR) {
		bad(c, v, "a regular expression must be a string");
		return NULL;
	}
	if (sch_grow(&d->codes, &d->capcodes, d->ncodes, sizeof(*d->codes))) {
		nomem(c);
		return NULL;
	}
	re = sch_regex_compile(v->str, v->len, msg, sizeof(msg), &off);
	if (re == NULL) {
		bad(c, v, "bad regular expression at offset %zu: %s", off,
		    msg);
		return NULL;
	}
	d->codes[d->ncodes++] = re;
	return re;
}

static const struct ns_error *
read_pprops(struct cctx *c, struct schema *s, const struct ytree_node *v,
    const char *base)
{
	size_t i;

	if (v->type != YTREE_MAP)
		return bad(c, v, "\"patternProperties\" must be a mapping");
	s->pprops = arena_alloc(c->set, (v->n + 1) * sizeof(*s->pprops));
	if (s->pprops == NULL)
		return nomem(c);
	for (i = 0; i < v->n; i++) {
		s->pprops[i].src = v->pairs[i].key;
		s->pprops[i].re = regex(c, v->pairs[i].key);
		if (s->pprops[i].re == NULL)
			return c->err;
		s->pprops[i].s = compile(c, v->pairs[i].value, base);
		if (s->pprops[i].s == NULL)
			return c->err;
	}
	s->npprops = v->n;
	return NULL;
}

static const struct ns_error *
read_names(struct cctx *c, struct sch_required **out, size_t *nout,
    const struct ytree_node *v, const char *kw)
{
	struct sch_required *r;
	size_t i, j;

	if (v->type != YTREE_SEQ)
		return bad(c, v, "\"%s\" must be a list of property names",
		    kw);
	r = arena_alloc(c->set, (v->n + 1) * sizeof(*r));
	if (r == NULL)
		return nomem(c);
	for (i = 0; i < v->n; i++) {
		if (v->items[i]->type != YTREE_STR)
			return bad(c, v->items[i], "\"%s\" must list strings",
			    kw);
		for (j = 0; j < i; j++)
			if (ytree_equal(v->items[i], v->items[j]))
				return bad(c, v->items[i], "\"%s\" lists "
				    "\"%s\" twice", kw, v->items[i]->str);
		r[i].name = v->items[i];
		r[i].prop = -1;
	}
	*out = r;
	*nout = v->n;
	return NULL;
}

static const struct ns_error *
read_deps(struct cctx *c, struct schema *s, const struct ytree_node *v,
    const char *base, int schemas)
{
	const char *kw = schemas ? "dependentSchemas" : "dependentRequired";
	struct sch_dep *d;
	size_t i;

	if (v->type != YTREE_MAP)
		return bad(c, v, "\"%s\" must be a mapping", kw);
	d = arena_alloc(c->set, (v->n + 1) * sizeof(*d));
	if (d == NULL)
		return nomem(c);
	for (i = 0; i < v->n; i++) {
		d[i].name = v->pairs[i].key;
		if (schemas)
			d[i].s = compile(c, v->pairs[i].value, base);
		else
			read_names(c, &d[i].req, &d[i].nreq,
			    v->pairs[i].value, kw);
		if (c->err)
			return c->err;
	}
	if (schemas) {
		s->depsch = d;
		s->ndepsch = v->n;
	} else {
		s->depreq = d;
		s->ndepreq = v->n;
	}
	return NULL;
}

static const struct ns_error *
read_ref(struct cctx *c, struct schema *s, const struct ytree_node *v,
    const char *base)
{
	struct schema_set *set = c->set;
	char *uri;

	if (v->type != YTREE_STR)
		return bad(c, v, "\"$ref\" must be a string (a URI)");
	if (uri_resolve(&uri, base, v->str))
		return nomem(c);
	s->ref_uri = arena_strdup(set, uri);
	free(uri);
	if (s->ref_uri == NULL ||
	    sch_grow(&set->refs, &set->caprefs, set->nrefs, sizeof(*set->refs)))
		return nomem(c);
	s->ref_node = v;
	set->refs[set->nrefs++] = s;
	return NULL;
}

/*
 * $dynamicAnchor: a plain anchor (read_ids) that is also listed in its
 * resource, where a $dynamicRef looks for it in the dynamic scope.
 */
static const struct ns_error *
read_dynanchor(struct cctx *c, struct schema *s, const struct ytree_node *v)
{
	struct sch_dyn *d;

	d = arena_alloc(c->set, sizeof(*d));
	if (d == NULL)
		return nomem(c);
	s->dyn_anchor = v->str;
	d->name = v->str;
	d->s = s;
	d->next = c->res_root->dyn;
	c->res_root->dyn = d;
	return NULL;
}

/*
 * $dynamicRef: a $ref held by a small schema of its own, so linking is the
 * same; dyn_name is the fragment when it is a plain name.
 */
static const struct ns_error *
read_dynref(struct cctx *c, struct schema *s, const struct ytree_node *v,
    const char *base)
{
	struct schema *d;
	const char *hash;

	d = arena_alloc(c->set, sizeof(*d));
	if (d == NULL)
		return nomem(c);
	d->node = v;
	d->doc = s->doc;
	d->file = s->file;
	d->always = -1;
	d->res_root = c->res_root;
	s->dynref = d;
	if (read_ref(c, d, v, base))
		return c->err;
	assert(d->ref_uri != NULL);	/* read_ref() sets it when it succeeds */
	hash = strchr(d->ref_uri, '#');
	if (hash && hash[1] != '\0' && hash[1] != '/')
		d->dyn_name = hash + 1;
	return NULL;
}

/* --- one schema ---------------------------------------------------------- */

enum kw {
	KW_IGNORE, KW_UNSUPPORTED, KW_ID, KW_ANCHOR, KW_REF, KW_DEFS,
	KW_TYPE, KW_ENUM, KW_CONST, KW_DESCRIPTION, KW_PROPERTIES,
	KW_PATTERNPROPS, KW_ADDITIONAL, KW_PROPNAMES, KW_REQUIRED,
	KW_DEPREQUIRED, KW_DEPSCHEMAS, KW_MINPROPS, KW_MAXPROPS,
	KW_PREFIXITEMS, KW_ITEMS, KW_CONTAINS, KW_MINCONTAINS, KW_MAXCONTAINS,
	KW_MINITEMS, KW_MAXITEMS, KW_UNIQUE, KW_MINLEN, KW_MAXLEN, KW_PATTERN,
	KW_FORMAT, KW_MINIMUM, KW_MAXIMUM, KW_XMINIMUM, KW_XMAXIMUM,
	KW_MULTIPLE, KW_ALLOF, KW_ANYOF, KW_ONEOF, KW_NOT, KW_IF, KW_THEN,
	KW_ELSE, KW_UNEVAL_PROPS, KW_UNEVAL_ITEMS, KW_DYNANCHOR, KW_DYNREF,
};

static enum kw
keyword(const char *name)
{
	static const struct { const char *name; enum kw kw; } kws[] = {
		{ "$id", KW_ID }, { "$anchor", KW_ANCHOR },
		{ "$dynamicAnchor", KW_DYNANCHOR }, { "$ref", KW_REF },
		{ "$defs", KW_DEFS }, { "type", KW_TYPE }, { "enum", KW_ENUM },
		{ "const", KW_CONST }, { "description", KW_DESCRIPTION },
		{ "properties", KW_PROPERTIES },
		{ "patternProperties", KW_PATTERNPROPS },
		{ "additionalProperties", KW_ADDITIONAL },
		{ "propertyNames", KW_PROPNAMES }, { "required", KW_REQUIRED },
		{ "dependentRequired", KW_DEPREQUIRED },
		{ "dependentSchemas", KW_DEPSCHEMAS },
		{ "minProperties", KW_MINPROPS },
		{ "maxProperties", KW_MAXPROPS },
		{ "prefixItems", KW_PREFIXITEMS }, { "items", KW_ITEMS },
		{ "contains", KW_CONTAINS }, { "minContains", KW_MINCONTAINS },
		{ "maxContains", KW_MAXCONTAINS }, { "minItems", KW_MINITEMS },
		{ "maxItems", KW_MAXITEMS }, { "uniqueItems", KW_UNIQUE },
		{ "minLength", KW_MINLEN }, { "maxLength", KW_MAXLEN },
		{ "pattern", KW_PATTERN }, { "format", KW_FORMAT },
		{ "minimum", KW_MINIMUM }, { "maximum", KW_MAXIMUM },
		{ "exclusiveMinimum", KW_XMINIMUM },
		{ "exclusiveMaximum", KW_XMAXIMUM },
		{ "multipleOf", KW_MULTIPLE }, { "allOf", KW_ALLOF },
		{ "anyOf", KW_ANYOF }, { "oneOf", KW_ONEOF }, { "not", KW_NOT },
		{ "if", KW_IF }, { "then", KW_THEN }, { "else", KW_ELSE },
		{ "$dynamicRef", KW_DYNREF },
		{ "$recursiveRef", KW_UNSUPPORTED },
		{ "unevaluatedProperties", KW_UNEVAL_PROPS },
		{ "unevaluatedItems", KW_UNEVAL_ITEMS },
	};
	size_t i;

	for (i = 0; i < nitems(kws); i++)
		if (strcmp(name, kws[i].name) == 0)
			return kws[i].kw;
	return KW_IGNORE;	/* annotations and unknown keywords */
}

/* A subschema in a keyword that holds one (items, not, if, ...). */
static struct schema *
sub(struct cctx *c, const struct ytree_node *v, const char *base)
{
	return compile(c, v, base);
}

static const struct ns_error *
read_string_kw(struct cctx *c, struct schema *s, enum kw kw,
    const struct ytree_node *v)
{
	if (v->type != YTREE_STR)
		return bad(c, v, "this keyword takes a string");
	if (kw == KW_DESCRIPTION)
		s->description = v->str;
	else if (kw == KW_PATTERN) {
		s->pattern_src = v;
		s->pattern = regex(c, v);
	} else {
		s->format_name = v->str;
		s->format = sch_format_lookup(v->str);
	}
	return c->err;
}

/* One keyword of schema 's'; a flat switch over the keyword table. */
static const struct ns_error *
read_keyword(struct cctx *c, struct schema *s, const struct ytree_pair *p,
    const char *base)
{
	const struct ytree_node *v = p->value;
	const char *k = p->key->str;
	enum kw kw = keyword(k);

	switch (kw) {
	case KW_IGNORE: case KW_ID: case KW_ANCHOR:
		return NULL;
	case KW_UNSUPPORTED:
		return bad(c, p->key, "\"%s\" is not supported by netsync", k);
	case KW_REF:		return read_ref(c, s, v, base);
	case KW_DEFS:		return read_schema_map(c, v, base, k);
	case KW_TYPE:		return read_type(c, s, v);
	case KW_ENUM:
		if (v->type != YTREE_SEQ)
			return bad(c, v, "\"enum\" must be a list");
		s->enum_ = v;
		return NULL;
	case KW_CONST:		s->const_ = v; return NULL;
	case KW_DESCRIPTION: case KW_PATTERN: case KW_FORMAT:
		return read_string_kw(c, s, kw, v);
	case KW_PROPERTIES:	return read_props(c, s, v, base);
	case KW_PATTERNPROPS:	return read_pprops(c, s, v, base);
	case KW_ADDITIONAL:	s->additional = sub(c, v, base); break;
	case KW_PROPNAMES:	s->propnames = sub(c, v, base); break;
	case KW_REQUIRED:
		return read_names(c, &s->required, &s->nrequired, v, k);
	case KW_DEPREQUIRED:	return read_deps(c, s, v, base, 0);
	case KW_DEPSCHEMAS:	return read_deps(c, s, v, base, 1);
	case KW_MINPROPS:	s->min_props = get_count(c, v, k); break;
	case KW_MAXPROPS:	s->max_props = get_count(c, v, k); break;
	case KW_PREFIXITEMS:	return read_list(c, &s->prefix, v, base, k);
	case KW_ITEMS:		s->items = sub(c, v, base); break;
	case KW_CONTAINS:	s->contains = sub(c, v, base); break;
	case KW_MINCONTAINS:	s->min_contains = get_count(c, v, k); break;
	case KW_MAXCONTAINS:	s->max_contains = get_count(c, v, k); break;
	case KW_MINITEMS:	s->min_items = get_count(c, v, k); break;
	case KW_MAXITEMS:	s->max_items = get_count(c, v, k); break;
	case KW_UNIQUE:
		if (v->type != YTREE_BOOL)
			return bad(c, v, "\"uniqueItems\" must be true or "
			    "false");
		s->unique = v->boolean;
		return NULL;
	case KW_MINLEN:		s->min_len = get_count(c, v, k); break;
	case KW_MAXLEN:		s->max_len = get_count(c, v, k); break;
	case KW_MINIMUM:	s->minimum = get_number(c, v, k); break;
	case KW_MAXIMUM:	s->maximum = get_number(c, v, k); break;
	case KW_XMINIMUM:	s->xminimum = get_number(c, v, k); break;
	case KW_XMAXIMUM:	s->xmaximum = get_number(c, v, k); break;
	case KW_MULTIPLE:
		s->multiple = get_number(c, v, k);
		if (s->multiple && s->multiple->number <= 0)
			return bad(c, v, "\"multipleOf\" must be greater "
			    "than 0");
		break;
	case KW_ALLOF:		return read_list(c, &s->allof, v, base, k);
	case KW_ANYOF:		return read_list(c, &s->anyof, v, base, k);
	case KW_ONEOF:		return read_list(c, &s->oneof, v, base, k);
	case KW_NOT:		s->not_ = sub(c, v, base); break;
	case KW_IF:		s->if_ = sub(c, v, base); break;
	case KW_THEN:		s->then_ = sub(c, v, base); break;
	case KW_ELSE:		s->else_ = sub(c, v, base); break;
	case KW_UNEVAL_PROPS:	s->uneval_props = sub(c, v, base); break;
	case KW_UNEVAL_ITEMS:	s->uneval_items = sub(c, v, base); break;
	case KW_DYNANCHOR:	return read_dynanchor(c, s, v);
	case KW_DYNREF:		return read_dynref(c, s, v, base);
	}
	return c->err;
}

static int
anchor_valid(const char *s)
{
	size_t i;

	if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
	    s[0] == '_'))
		return 0;
	for (i = 1; s[i]; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || strchr("-_.", s[i])))
			return 0;
	return 1;
}

/*
 * $id and $anchor of the schema at 'n', before its other keywords: $id
 * changes the base URI that $ref and subschemas resolve against.
 */
static const struct ns_error *
read_ids(struct cctx *c, const struct ytree_node *n, const char **base)
{
	const struct ytree_node *id, *a;
	const char *names[] = { "$anchor", "$dynamicAnchor" };
	char *uri = NULL, *hash;
	size_t i;

	id = ytree_get(n, "$id");
	if (id) {
		if (id->type != YTREE_STR)
			return bad(c, id, "\"$id\" must be a string");
		if (uri_resolve(&uri, *base, id->str))
			return nomem(c);
		hash = strchr(uri, '#');
		if (hash && hash[1] != '\0') {
			free(uri);
			return bad(c, id, "\"$id\" must not have a fragment "
			    "(use $anchor)");
		}
		if (hash)
			*hash = '\0';
		*base = arena_strdup(c->set, uri);
		free(uri);
		if (*base == NULL)
			return nomem(c);
		if (res_add(c, id, *base, n, 0))
			return c->err;
	}
	for (i = 0; i < nitems(names); i++) {
		a = ytree_get(n, names[i]);
		if (a == NULL)
			continue;
		if (a->type != YTREE_STR || !anchor_valid(a->str))
			return bad(c, a, "\"%s\" must be a plain name such as "
			    "\"person\"", names[i]);
		uri = malloc(strlen(*base) + a->len + 2);
		if (uri == NULL)
			return nomem(c);
		snprintf(uri, strlen(*base) + a->len + 2, "%s#%s", *base,
		    a->str);
		res_add(c, a, uri, n, 1);
		free(uri);
		if (c->err)
			return c->err;
	}
	return NULL;
}

/* Map each required name to its index in props, for a bitmap check. */
static void
index_required(struct schema *s)
{
	size_t i, j;

	for (i = 0; i < s->nrequired; i++)
		for (j = 0; j < s->nprops && j < 64; j++)
			if (s->props[j].len == s->required[i].name->len &&
			    memcmp(s->props[j].name, s->required[i].name->str,
			    s->props[j].len) == 0)
				s->required[i].prop = (int)j;
}

static struct schema *
compile(struct cctx *c, const struct ytree_node *n, const char *base)
{
	struct schema *s, *res_root;
	size_t i;

	if (c->err)
		return NULL;
	if (n->type != YTREE_MAP && n->type != YTREE_BOOL) {
		bad(c, n, "a schema must be a mapping or true/false");
		return NULL;
	}
	if (++c->depth > COMPILE_DEPTH_MAX) {
		c->err = ns_error_at(NS_ERR_LIMIT, c->doc->name, n->line,
		    n->col, "schema nested too deeply");
		return NULL;
	}
	s = arena_alloc(c->set, sizeof(*s));
	if (s == NULL || memo_put(c->doc, n, s)) {
		nomem(c);
		return NULL;
	}
	s->node = n;
	s->doc = c->doc;
	s->file = c->doc->name;
	s->always = n->type == YTREE_BOOL ? n->boolean :
	    n->n == 0 ? 1 : -1;
	/* a document's root and every $id start a resource */
	res_root = c->res_root;
	if (res_root == NULL || (n->type == YTREE_MAP &&
	    ytree_get(n, "$id")))
		c->res_root = s;
	s->res_root = c->res_root;
	if (n->type == YTREE_MAP && read_ids(c, n, &base) == NULL)
		for (i = 0; i < n->n && c->err == NULL; i++)
			read_keyword(c, s, &n->pairs[i], base);
	c->res_root = res_root;
	s->base = base;
	index_required(s);
	c->depth--;
	return c->err ? NULL : s;
}

/* --- linking $ref -------------------------------------------------------- */

/* The document added as the last path segment of 'uri' ("common.yaml"). */
static struct sch_doc *
doc_by_file(const struct schema_set *set, const char *uri)
{
	const char *seg = strrchr(uri, '/');
	size_t i, len;

	seg = seg ? seg + 1 : strchr(uri, ':') ? strchr(uri, ':') + 1 : uri;
	len = strlen(seg);
	if (len > 5 && (strcmp(seg + len - 5, ".yaml") == 0 ||
	    strcmp(seg + len - 5, ".json") == 0))
		len -= 5;
	for (i = 0; i < set->ndocs; i++)
		if (strlen(set->docs[i]->name) == len &&
		    strncmp(set->docs[i]->name, seg, len) == 0)
			return set->docs[i];
	return NULL;
}

/*
 * Find the node a $ref names: 'res' and 'doc' are set when its resource
 * is in the set.  *node stays NULL when the resource is there but not the
 * fragment.
 */
static const struct ns_error *
ref_target(const struct schema_set *set, const char *ref,
    const struct ytree_node **node, struct sch_doc **doc)
{
	const struct sch_res *r;
	const char *hash = strchr(ref, '#');
	char *uri;
	size_t len = hash ? (size_t)(hash - ref) : strlen(ref);
	struct sch_doc *d;

	*node = NULL;
	*doc = NULL;
	uri = strndup(ref, len);
	if (uri == NULL)
		return ns_error(NS_ERR_NOMEM);
	r = sch_res_find(set, uri);
	d = r ? NULL : doc_by_file(set, uri);
	if (d)
		r = sch_res_find(set, d->uri);
	free(uri);
	if (r == NULL)
		return NULL;
	*doc = r->doc;
	if (hash == NULL || hash[1] == '\0')
		*node = r->node;
	else if (hash[1] == '/')
		*node = uri_pointer(r->node, hash + 1);
	else {
		uri = malloc(strlen(r->uri) + strlen(hash) + 1);
		if (uri == NULL)
			return ns_error(NS_ERR_NOMEM);
		memcpy(uri, r->uri, strlen(r->uri));
		memcpy(uri + strlen(r->uri), hash, strlen(hash) + 1);
		r = sch_res_find(set, uri);
		free(uri);
		*node = r && r->anchor ? r->node : NULL;
	}
	return NULL;
}

/* The base URI of the resource holding 'node' (for an on-demand compile). */
static const char *
res_base(const struct schema_set *set, const struct sch_doc *d,
    const char *ref)
{
	size_t i, len = strcspn(ref, "#");

	for (i = 0; i < set->nres; i++)
		if (set->res[i].doc == d && !set->res[i].anchor &&
		    strncmp(set->res[i].uri, ref, len) == 0 &&
		    set->res[i].uri[len] == '\0')
			return set->res[i].uri;
	return d->uri;
}

static const struct ns_error *
link_one(struct schema_set *set, struct schema *s)
{
	const struct ytree_node *node;
	struct sch_doc *d;
	struct cctx c;
	const struct ns_error *err;

	err = ref_target(set, s->ref_uri, &node, &d);
	if (err || d == NULL)
		return err;
	if (node == NULL)
		return ns_error_at(NS_ERR_INVALID, s->doc->name,
		    s->ref_node->line, s->ref_node->col, "invalid schema: "
		    "$ref \"%s\" names nothing in \"%s\"", s->ref_node->str,
		    d->name);
	s->ref = sch_memo_get(d, node);
	if (s->ref)
		return NULL;
	/* a location no keyword made a schema, e.g. inside an unknown one */
	memset(&c, 0, sizeof(c));
	c.set = set;
	c.doc = d;
	s->ref = compile(&c, node, res_base(set, d, s->ref_uri));
	return c.err;
}

/*
 * Link every unresolved $ref of the set.  Failures of refs at index >=
 * 'mark' (the document being added) are errors; older ones stay pending.
 */
const struct ns_error *
sch_link_all(struct schema_set *set, size_t mark)
{
	const struct ns_error *err;
	size_t i;

	for (i = 0; i < set->nrefs; i++) {
		if (set->refs[i]->ref)
			continue;
		err = link_one(set, set->refs[i]);
		if (err && (i >= mark || err->code == NS_ERR_NOMEM))
			return err;
	}
	return NULL;
}

/* --- a document ---------------------------------------------------------- */

const struct ns_error *
sch_doc_compile(struct schema_set *set, struct sch_doc *d)
{
	struct cctx c;

	memset(&c, 0, sizeof(c));
	c.set = set;
	c.doc = d;
	if (res_add(&c, ytree_root(d->tree), d->uri, ytree_root(d->tree), 0))
		return c.err;
	d->root = compile(&c, ytree_root(d->tree), d->uri);
	return c.err;
}
