/*
 * ytree.c: libyaml events -> a positioned tree, with limits.
 *
 * Peer repositories are hostile input, so every budget is checked as events
 * arrive: depth before libyaml descends further (its flow scanner is
 * quadratic in nesting), nodes and alias expansions before memory is spent.
 * libyaml's reader rejects NUL, invalid UTF-8 and control characters; when
 * a parse fails the bytes are checked first, so such a file is reported
 * for its first bad byte, at its exact line and column, whatever libyaml
 * or the limits stopped at.
 *
 * All nodes and strings live in one arena owned by the tree: freeing is one
 * walk over a chunk list, and aliases may share subtrees safely.
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "base/buf.h"
#include "base/util.h"
#include "yaml/ytree.h"

#define CHUNK	(64 * 1024)

struct chunk {
	struct chunk	*next;
	size_t		 used;
	size_t		 size;
	max_align_t	 data[];
};

struct ytree {
	struct ytree_node	*root;
	char			*name;
	struct chunk		*chunks;
	size_t			 first;	/* size of the first chunk */
};

/* an anchored node and how many nodes it stands for when expanded */
struct anchor {
	char			*name;
	struct ytree_node	*node;
	size_t			 weight;
};

/*
 * An open sequence or mapping while its events arrive.  Its children (seq
 * items, or key,value,key,...) are on the builder's kid stack from 'base'
 * on: one array for the whole document, not one allocation per node.
 */
struct frame {
	struct ytree_node	*node;
	size_t			 base;
	size_t			 weight;
	char			*anchor;
};

struct builder {
	struct ytree		*tree;
	const char		*name;
	const struct ytree_limits *lim;
	struct frame		*stack;
	size_t			 depth;
	size_t			 stack_cap;
	struct ytree_node	**kids;
	size_t			 nkids;
	size_t			 kids_cap;
	struct anchor		*anchors;
	size_t			 nanchors;
	size_t			 anchors_cap;
	size_t			 nodes;
	size_t			 aliases;
	const unsigned char	*data;	/* the input, for reader errors */
	size_t			 len;
};

/*
 * Chunks grow from 'first' (about what a document of the input's size
 * needs: a few kilobytes for a record, not a fixed 64 KB to allocate and
 * free per file) to CHUNK.
 */
static void *
arena_alloc(struct ytree *t, size_t len)
{
	struct chunk *c = t->chunks;
	size_t size;
	void *p;

	len = (len + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (c == NULL || c->size - c->used < len) {
		size = c == NULL ? t->first : c->size * 2 > CHUNK ? CHUNK :
		    c->size * 2;
		if (size < len)
			size = len;
		c = malloc(sizeof(*c) + size);
		if (c == NULL)
			return NULL;
		c->size = size;
		c->used = 0;
		c->next = t->chunks;
		t->chunks = c;
	}
	p = (char *)c->data + c->used;
	c->used += len;
	return p;
}

static char *
arena_strndup(struct ytree *t, const char *s, size_t len)
{
	char *p = arena_alloc(t, len + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static const struct ns_error *
err_at(const struct builder *b, enum ns_errcode code, yaml_mark_t m,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static const struct ns_error *
err_at(const struct builder *b, enum ns_errcode code, yaml_mark_t m,
    const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ns_error_at(code, b->name, (unsigned)m.line + 1,
	    (unsigned)m.column + 1, "%s", msg);
}

/*
 * Position of byte 'off' in 'data' as line and column in characters, for
 * errors found before libyaml runs.
 */
static void
position_of(const unsigned char *data, size_t off, unsigned *line,
    unsigned *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if ((data[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

static const struct ns_error *
check_bytes(const char *name, const unsigned char *data, size_t len)
{
	const unsigned char *nul;
	size_t off = 0, step;
	unsigned line, col;

	nul = memchr(data, '\0', len);
	if (nul) {
		position_of(data, (size_t)(nul - data), &line, &col);
		return ns_error_at(NS_ERR_YAML, name, line, col,
		    "NUL byte in the file (is this a text file?)");
	}
	if (utf8_valid((const char *)data, len))
		return NULL;
	/* find the first bad sequence, in steps small enough to be cheap */
	while (off < len) {
		step = 1;
		if (data[off] >= 0x80) {
			step = data[off] >= 0xf0 ? 4 : data[off] >= 0xe0 ?
			    3 : 2;
			if (step > len - off ||
			    !utf8_valid((const char *)data + off, step))
				break;
		}
		off += step;
	}
	position_of(data, off, &line, &col);
	return ns_error_at(NS_ERR_YAML, name, line, col,
	    "invalid UTF-8 (save the file as UTF-8)");
}

static struct ytree_node *
node_new(struct builder *b, enum ytree_type type, yaml_mark_t m)
{
	struct ytree_node *n = arena_alloc(b->tree, sizeof(*n));

	if (n == NULL)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->line = (unsigned)m.line + 1;
	n->col = (unsigned)m.column + 1;
	return n;
}

static int
match_any(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (s[0] == (*words)[0] && strcmp(s, *words) == 0)
			return 1;
	return 0;
}

static int
all_in(const char *s, size_t len, const char *set)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (strchr(set, s[i]) == NULL)
			return 0;
	return 1;
}

/* YAML 1.2 core schema, 10.3.2: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int
is_core_float(const char *s)
{
	int digits = 0;

	if (*s == '-' || *s == '+')
		s++;
	while (*s >= '0' && *s <= '9') {
		s++;
		digits++;
	}
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			s++;
			digits++;
		}
	}
	if (digits == 0)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

static void
resolve_plain(struct ytree_node *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL",
	    NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE",
	    NULL };
	static const char *const infs[] = { ".inf", ".Inf", ".INF", NULL };
	static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };
	const char *s = n->str, *d = s;
	char *end;

	n->type = YTREE_STR;
	/*
	 * Most plain scalars are text.  Only numbers, .inf and .nan start
	 * with a digit, a sign or a dot; the null and boolean words are at
	 * most 5 characters and start with one of "~nNtTfF" (or are empty).
	 */
	if (!(s[0] >= '0' && s[0] <= '9') && memchr("+-.", s[0], 3) == NULL) {
		if (match_any(s, nulls))
			n->type = YTREE_NULL;
		else if (n->len <= 5 && (match_any(s, trues) ||
		    match_any(s, falses))) {
			n->type = YTREE_BOOL;
			n->boolean = s[0] == 't' || s[0] == 'T';
		}
		return;
	}
	if (s[0] == '0' && s[1] == 'o' && all_in(s + 2, n->len - 2,
	    "01234567")) {
		n->type = YTREE_INT;
		n->number = (double)strtoull(s + 2, NULL, 8);
	} else if (s[0] == '0' && s[1] == 'x' && all_in(s + 2, n->len - 2,
	    "0123456789abcdefABCDEF")) {
		n->type = YTREE_INT;
		n->number = (double)strtoull(s + 2, NULL, 16);
	} else if (((d[0] == '-' || d[0] == '+') && all_in(d + 1, n->len - 1,
	    "0123456789")) || all_in(d, n->len, "0123456789")) {
		n->type = YTREE_INT;
		n->number = strtod(s, &end);
	} else if (is_core_float(s)) {
		n->type = YTREE_FLOAT;
		n->number = strtod(s, &end);
	} else if (match_any(s[0] == '-' || s[0] == '+' ? s + 1 : s, infs)) {
		n->type = YTREE_FLOAT;
		n->number = s[0] == '-' ? -INFINITY : INFINITY;
	} else if (match_any(s, nans)) {
		n->type = YTREE_FLOAT;
		n->number = NAN;
	}
}

static const struct ns_error *
count_nodes(struct builder *b, size_t weight, yaml_mark_t m)
{
	if (weight > b->lim->max_nodes - b->nodes)
		return err_at(b, NS_ERR_LIMIT, m,
		    "document too large: more than %zu nodes (aliases count "
		    "expanded)", b->lim->max_nodes);
	b->nodes += weight;
	return NULL;
}

static const struct ns_error *
remember_anchor(struct builder *b, const char *name, struct ytree_node *n,
    size_t weight)
{
	struct anchor *a;
	size_t cap;

	if (b->nanchors == b->anchors_cap) {
		cap = b->anchors_cap ? b->anchors_cap * 2 : 8;
		a = realloc(b->anchors, cap * sizeof(*a));
		if (a == NULL)
			return ns_error(NS_ERR_NOMEM);
		b->anchors = a;
		b->anchors_cap = cap;
	}
	a = &b->anchors[b->nanchors];
	a->name = strdup(name);
	if (a->name == NULL)
		return ns_error(NS_ERR_NOMEM);
	a->node = n;
	a->weight = weight;
	b->nanchors++;
	return NULL;
}

static const struct ns_error *
push_kid(struct builder *b, struct frame *f, struct ytree_node *n,
    size_t weight)
{
	struct ytree_node **k;
	size_t cap;

	if (b->nkids == b->kids_cap) {
		cap = b->kids_cap ? b->kids_cap * 2 : 64;
		k = realloc(b->kids, cap * sizeof(*k));
		if (k == NULL)
			return ns_error(NS_ERR_NOMEM);
		b->kids = k;
		b->kids_cap = cap;
	}
	b->kids[b->nkids++] = n;
	f->weight += weight;
	return NULL;
}

/* Attach a finished node to its parent, or make it the root. */
static const struct ns_error *
attach(struct builder *b, struct ytree_node *n, size_t weight,
    const char *anchor, yaml_mark_t m)
{
	const struct ns_error *err;
	struct frame *f;

	if (anchor) {
		err = remember_anchor(b, anchor, n, weight);
		if (err)
			return err;
	}
	if (b->depth == 0) {
		b->tree->root = n;
		return NULL;
	}
	f = &b->stack[b->depth - 1];
	if (f->node->type == YTREE_MAP && (b->nkids - f->base) % 2 == 0) {
		if (n->type == YTREE_SEQ || n->type == YTREE_MAP)
			return err_at(b, NS_ERR_YAML, m, "%s",
			    "a mapping key must be a plain value, not a "
			    "list or mapping");
		if (n->type != YTREE_STR || !n->quoted) {
			if (n->len == 2 && memcmp(n->str, "<<", 2) == 0)
				return err_at(b, NS_ERR_YAML, m, "%s",
				    "merge keys (<<) are not supported; write "
				    "the keys out");
			n->type = YTREE_STR;	/* a key is its text */
		}
	}
	return push_kid(b, f, n, weight);
}

static const struct ns_error *
on_scalar(struct builder *b, yaml_event_t *ev)
{
	struct ytree_node *n;
	const char *anchor = (const char *)ev->data.scalar.anchor;

	if (ev->data.scalar.tag)
		return err_at(b, NS_ERR_YAML, ev->start_mark,
		    "explicit tags (%s) are not supported; quote the value "
		    "instead", (const char *)ev->data.scalar.tag);
	/* raw NUL bytes never reach here: only a "\0" escape makes one */
	if (!b->lim->allow_nul &&
	    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
	    memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
		return err_at(b, NS_ERR_YAML, ev->start_mark, "%s",
		    "the text holds a NUL character (a \\0 or \\x00 "
		    "escape); remove it");
	n = node_new(b, YTREE_STR, ev->start_mark);
	if (n == NULL)
		return ns_error(NS_ERR_NOMEM);
	n->str = arena_strndup(b->tree, (const char *)ev->data.scalar.value,
	    ev->data.scalar.length);
	if (n->str == NULL)
		return ns_error(NS_ERR_NOMEM);
	n->len = ev->data.scalar.length;
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		resolve_plain(n);
	else
		n->quoted = 1;
	return attach(b, n, 1, anchor, ev->start_mark);
}

static const struct ns_error *
on_start(struct builder *b, yaml_event_t *ev, enum ytree_type type)
{
	const struct ns_error *err;
	yaml_char_t *tag = type == YTREE_SEQ ? ev->data.sequence_start.tag :
	    ev->data.mapping_start.tag;
	yaml_char_t *anchor = type == YTREE_SEQ ?
	    ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
	struct frame *f;
	size_t cap;

	if (tag)
		return err_at(b, NS_ERR_YAML, ev->start_mark,
		    "explicit tags (%s) are not supported", (const char *)tag);
	if (b->depth >= b->lim->max_depth)
		return err_at(b, NS_ERR_LIMIT, ev->start_mark,
		    "nesting deeper than %u levels", b->lim->max_depth);
	if (b->depth > 0) {
		f = &b->stack[b->depth - 1];
		if (f->node->type == YTREE_MAP && (b->nkids - f->base) % 2 == 0)
			return err_at(b, NS_ERR_YAML, ev->start_mark, "%s",
			    "a mapping key must be a plain value, not a list "
			    "or mapping");
	}
	err = count_nodes(b, 1, ev->start_mark);
	if (err)
		return err;
	if (b->depth == b->stack_cap) {
		cap = b->stack_cap ? b->stack_cap * 2 : 16;
		f = realloc(b->stack, cap * sizeof(*f));
		if (f == NULL)
			return ns_error(NS_ERR_NOMEM);
		b->stack = f;
		b->stack_cap = cap;
	}
	f = &b->stack[b->depth];
	memset(f, 0, sizeof(*f));
	f->base = b->nkids;
	f->weight = 1;
	f->node = node_new(b, type, ev->start_mark);
	if (f->node == NULL)
		return ns_error(NS_ERR_NOMEM);
	if (anchor) {
		f->anchor = strdup((const char *)anchor);
		if (f->anchor == NULL)
			return ns_error(NS_ERR_NOMEM);
	}
	b->depth++;
	return NULL;
}

static int
cmp_keys(const void *a, const void *b)
{
	const struct ytree_pair *pa = *(const struct ytree_pair *const *)a;
	const struct ytree_pair *pb = *(const struct ytree_pair *const *)b;
	size_t n = pa->key->len < pb->key->len ? pa->key->len : pb->key->len;
	int c = memcmp(pa->key->str, pb->key->str, n);

	if (c == 0)
		c = (pa->key->len > pb->key->len) - (pa->key->len < pb->key->len);
	if (c == 0)
		c = (pa > pb) - (pa < pb);	/* document order */
	return c;
}

static int
same_key(const struct ytree_node *a, const struct ytree_node *b)
{
	return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

static const struct ns_error *
dup_error(struct builder *b, const struct ytree_pair *first,
    const struct ytree_pair *dup)
{
	char line[32];

	snprintf(line, sizeof(line), "%u", first->key->line);
	return ns_error_at(NS_ERR_YAML, b->name, dup->key->line,
	    dup->key->col, "duplicate key \"%s\" (first at line %s); a key "
	    "may appear only once", dup->key->str, line);
}

/* Duplicate keys: pairwise for small maps, sorted for large ones. */
static const struct ns_error *
check_duplicates(struct builder *b, struct ytree_node *map)
{
	const struct ns_error *err = NULL;
	struct ytree_pair **sorted;
	size_t i, j;

	if (map->n <= 16) {
		for (i = 1; i < map->n; i++)
			for (j = 0; j < i; j++)
				if (same_key(map->pairs[i].key,
				    map->pairs[j].key))
					return dup_error(b, &map->pairs[j],
					    &map->pairs[i]);
		return NULL;
	}
	sorted = malloc(map->n * sizeof(*sorted));
	if (sorted == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < map->n; i++)
		sorted[i] = &map->pairs[i];
	qsort(sorted, map->n, sizeof(*sorted), cmp_keys);
	for (i = 1; i < map->n && err == NULL; i++)
		if (same_key(sorted[i - 1]->key, sorted[i]->key))
			err = dup_error(b, sorted[i - 1], sorted[i]);
	free(sorted);
	return err;
}

static const struct ns_error *
on_end(struct builder *b, yaml_mark_t m)
{
	const struct ns_error *err = NULL;
	struct frame f = b->stack[--b->depth];
	struct ytree_node *n = f.node;
	size_t i, nk = b->nkids - f.base;
	/* no kid pushed yet in the whole document: b->kids is still NULL */
	struct ytree_node **kids = nk ? b->kids + f.base : NULL;

	b->nkids = f.base;
	if (n->type == YTREE_SEQ) {
		n->n = nk;
		n->items = arena_alloc(b->tree, (nk ? nk : 1) *
		    sizeof(*n->items));
		if (n->items == NULL)
			err = ns_error(NS_ERR_NOMEM);
		else if (nk)
			memcpy(n->items, kids, nk * sizeof(*n->items));
	} else {
		n->n = nk / 2;
		n->pairs = arena_alloc(b->tree, (n->n ? n->n : 1) *
		    sizeof(*n->pairs));
		if (n->pairs == NULL)
			err = ns_error(NS_ERR_NOMEM);
		for (i = 0; err == NULL && i < n->n; i++) {
			n->pairs[i].key = kids[2 * i];
			n->pairs[i].value = kids[2 * i + 1];
		}
		if (err == NULL)
			err = check_duplicates(b, n);
	}
	if (err == NULL)
		err = attach(b, n, f.weight, f.anchor, m);
	free(f.anchor);
	return err;
}

static const struct ns_error *
on_alias(struct builder *b, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	const struct ns_error *err;
	size_t i;

	if (++b->aliases > b->lim->max_aliases)
		return err_at(b, NS_ERR_LIMIT, ev->start_mark, "%s",
		    "too many aliases (*name); write the values out");
	for (i = b->nanchors; i > 0; i--) {
		if (strcmp(b->anchors[i - 1].name, name) == 0) {
			err = count_nodes(b, b->anchors[i - 1].weight,
			    ev->start_mark);
			if (err)
				return err;
			return attach(b, b->anchors[i - 1].node,
			    b->anchors[i - 1].weight, NULL, ev->start_mark);
		}
	}
	return err_at(b, NS_ERR_YAML, ev->start_mark,
	    "unknown alias *%s", name);
}

static const struct ns_error *
parser_error(const struct builder *b, const yaml_parser_t *p)
{
	yaml_mark_t m = p->problem_mark;
	unsigned line, col;

	if (p->error == YAML_MEMORY_ERROR)
		return ns_error(NS_ERR_NOMEM);
	/* reader errors (control characters) carry a byte offset, no mark */
	if (p->error == YAML_READER_ERROR) {
		position_of(b->data, p->problem_offset < b->len ?
		    p->problem_offset : b->len, &line, &col);
		return ns_error_at(NS_ERR_YAML, b->name, line, col,
		    "%s (0x%02x); remove it or write it as an escape in a "
		    "double-quoted string", p->problem ? p->problem :
		    "unreadable character", (unsigned)(p->problem_value & 0xff));
	}
	if (p->context)
		return ns_error_at(NS_ERR_YAML, b->name, (unsigned)m.line + 1,
		    (unsigned)m.column + 1, "%s %s", p->problem ? p->problem :
		    "syntax error", p->context);
	return ns_error_at(NS_ERR_YAML, b->name, (unsigned)m.line + 1,
	    (unsigned)m.column + 1, "%s", p->problem ? p->problem :
	    "syntax error");
}

static const struct ns_error *
on_event(struct builder *b, yaml_event_t *ev, int *docs)
{
	const struct ns_error *err;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1)
			return err_at(b, NS_ERR_YAML, ev->start_mark, "%s",
			    "more than one document in the file (a record is "
			    "one document; remove the '---' line)");
		return NULL;
	case YAML_SCALAR_EVENT:
		err = count_nodes(b, 1, ev->start_mark);
		return err ? err : on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(b, ev, YTREE_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(b, ev, YTREE_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		/* libyaml nests events: an end follows the start it closes */
		assert(b->depth > 0);
		return on_end(b, ev->end_mark);
	case YAML_ALIAS_EVENT:
		return on_alias(b, ev);
	default:
		return NULL;
	}
}

static const struct ns_error *
build(struct builder *b, yaml_parser_t *p)
{
	const struct ns_error *err = NULL;
	yaml_event_t ev;
	int docs = 0, done = 0;

	while (!done && err == NULL) {
		if (!yaml_parser_parse(p, &ev))
			return parser_error(b, p);
		done = ev.type == YAML_STREAM_END_EVENT;
		err = on_event(b, &ev, &docs);
		yaml_event_delete(&ev);
	}
	if (err == NULL && b->tree->root == NULL)
		err = ns_error_at(NS_ERR_YAML, b->name, 1, 1,
		    "the file is empty (a record needs at least kind, id and "
		    "federation)");
	return err;
}

static void
builder_dispose(struct builder *b)
{
	size_t i;

	for (i = 0; i < b->depth; i++)
		free(b->stack[i].anchor);
	free(b->stack);
	free(b->kids);
	for (i = 0; i < b->nanchors; i++)
		free(b->anchors[i].name);
	free(b->anchors);
}

const struct ns_error *
ytree_parse(struct ytree **out, const char *name, const unsigned char *data,
    size_t len, const struct ytree_limits *lim)
{
	static const struct ytree_limits deflim = YTREE_LIMITS_DEFAULT;
	const struct ns_error *err = NULL, *bad;
	struct builder b;
	yaml_parser_t parser;
	int parser_ok = 0;

	*out = NULL;
	if (lim == NULL)
		lim = &deflim;
	if (name == NULL)
		name = "<input>";
	memset(&b, 0, sizeof(b));
	b.name = name;
	b.lim = lim;
	b.data = data;
	b.len = len;
	if (len > lim->max_size)
		return ns_error_at(NS_ERR_LIMIT, name, 0, 0,
		    "file is %zu bytes, larger than the limit of %zu bytes",
		    len, lim->max_size);
	b.tree = calloc(1, sizeof(*b.tree));
	if (b.tree == NULL)
		return ns_error(NS_ERR_NOMEM);
	/* a node (~64 bytes) per ~20 bytes of YAML, and the text itself */
	b.tree->first = len < CHUNK / 4 ? 1024 + len * 4 : CHUNK;
	b.tree->name = strdup(name);
	if (b.tree->name == NULL || !yaml_parser_initialize(&parser)) {
		err = ns_error(NS_ERR_NOMEM);
		goto done;
	}
	parser_ok = 1;
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(&parser, data, len);
	err = build(&b, &parser);
	/* a bad byte is the first thing to report, wherever parsing stopped */
	if (err && err->code != NS_ERR_NOMEM) {
		bad = check_bytes(name, data, len);
		if (bad)
			err = bad;
	}
done:
	if (parser_ok)
		yaml_parser_delete(&parser);
	builder_dispose(&b);
	if (err)
		ytree_free(b.tree);
	else
		*out = b.tree;
	return err;
}

const struct ns_error *
ytree_load_file(struct ytree **out, const char *path,
    const struct ytree_limits *lim)
{
	static const struct ytree_limits deflim = YTREE_LIMITS_DEFAULT;
	const struct ns_error *err;
	struct buf data = BUF_INIT;

	*out = NULL;
	if (lim == NULL)
		lim = &deflim;
	err = buf_load_path(&data, path, lim->max_size);
	if (err == NULL)
		err = ytree_parse(out, path, (const unsigned char *)data.ptr,
		    data.len, lim);
	buf_dispose(&data);
	return err;
}

void
ytree_free(struct ytree *t)
{
	struct chunk *c, *next;

	if (t == NULL)
		return;
	for (c = t->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(t->name);
	free(t);
}

const struct ytree_node *
ytree_root(const struct ytree *t)
{
	return t->root;
}

const char *
ytree_name(const struct ytree *t)
{
	return t->name;
}

const struct ytree_node *
ytree_get(const struct ytree_node *map, const char *key)
{
	size_t i, len;

	if (map == NULL || map->type != YTREE_MAP)
		return NULL;
	len = strlen(key);
	for (i = 0; i < map->n; i++)
		if (map->pairs[i].key->len == len &&
		    memcmp(map->pairs[i].key->str, key, len) == 0)
			return map->pairs[i].value;
	return NULL;
}

const char *
ytree_get_str(const struct ytree_node *map, const char *key)
{
	const struct ytree_node *v = ytree_get(map, key);

	return v && v->type == YTREE_STR ? v->str : NULL;
}

static int
is_number(const struct ytree_node *n)
{
	return n->type == YTREE_INT || n->type == YTREE_FLOAT;
}

int
ytree_equal(const struct ytree_node *a, const struct ytree_node *b)
{
	const struct ytree_node *bv;
	size_t i;

	/* NaN equals NaN here: a value left unchanged is equal to itself */
	if (is_number(a) && is_number(b))
		return a->number == b->number ||
		    (a->number != a->number && b->number != b->number);
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case YTREE_NULL:
		return 1;
	case YTREE_BOOL:
		return a->boolean == b->boolean;
	case YTREE_STR:
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	case YTREE_SEQ:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if (!ytree_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	case YTREE_MAP:
		if (a->n != b->n)
			return 0;
		/* linear when both keep one key order, as documents mostly do */
		for (i = 0; i < a->n; i++) {
			if (same_key(a->pairs[i].key, b->pairs[i].key))
				bv = b->pairs[i].value;
			else
				bv = ytree_get(b, a->pairs[i].key->str);
			if (bv == NULL || !ytree_equal(a->pairs[i].value, bv))
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

const char *
ytree_type_name(enum ytree_type t)
{
	switch (t) {
	case YTREE_NULL:	return "null";
	case YTREE_BOOL:	return "boolean";
	case YTREE_INT:		return "integer";
	case YTREE_FLOAT:	return "number";
	case YTREE_STR:		return "string";
	case YTREE_SEQ:		return "array";
	case YTREE_MAP:		return "object";
	}
	return "unknown";
}
