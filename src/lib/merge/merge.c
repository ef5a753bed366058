/*
 * merge.c: the field-level three-way merge of record files.
 *
 * The three sides are parsed with ytree and merged into a tree of mnodes:
 * a value taken whole from one side (borrowed from its ytree), a mapping
 * or sequence whose entries were merged one by one, or a conflict holding
 * ours' and theirs' versions (either may be absent: deleted).  Mappings,
 * identity-keyed sequences and scalar sets are all merged by one keyed
 * merge over (key, value) lists.  The mnode tree is then written with
 * yemit, conflict markers around each conflicting entry (merge_emit.c).
 * A clean result is parsed back as a self-check before it is returned, so
 * the merge never hands out text that does not read back.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/error.h"
#include "merge/merge.h"
#include "merge/merge_int.h"
#include "yaml/ytree.h"

/* Identity keys of the record lists (contract.md, kind: meeting etc.) */
static const struct {
	const char	*field;
	const char	*key;
} id_keys[] = {
	{ "questions", "id" },
	{ "decisions", "id" },
	{ "participants", "name" },
	{ "organizers", "name" },
	{ "contacts", "name" },
	{ "program", "title" },
	{ "contributions", "text" },
};

enum keymode { KEY_PAIR, KEY_FIELD, KEY_SELF };

struct kitem {
	const struct ytree_node	*key;	/* a scalar */
	const struct ytree_node	*val;
};

struct klist {
	struct kitem	*items;
	size_t		 n;
	size_t		*slots;		/* hash: index + 1, or 0 */
	size_t		 mask;
};

static const struct ns_error *merge_value(struct mctx *, struct mnode **,
    const char *, const struct ytree_node *, const struct ytree_node *,
    const struct ytree_node *);

void *
mctx_alloc(struct mctx *c, size_t size)
{
	void *p, **v;
	size_t cap;

	if (c->nallocs == c->allocs_cap) {
		cap = c->allocs_cap ? c->allocs_cap * 2 : 64;
		v = realloc(c->allocs, cap * sizeof(*v));
		if (v == NULL)
			return NULL;
		c->allocs = v;
		c->allocs_cap = cap;
	}
	p = calloc(1, size ? size : 1);
	if (p)
		c->allocs[c->nallocs++] = p;
	return p;
}

void
mctx_dispose(struct mctx *c)
{
	size_t i;

	for (i = 0; i < c->nallocs; i++)
		free(c->allocs[i]);
	free(c->allocs);
	for (i = 0; i < c->npaths; i++)
		free(c->paths[i]);
	free(c->paths);
	buf_dispose(&c->path);
	memset(c, 0, sizeof(*c));
}

static int
is_scalar(const struct ytree_node *n)
{
	return n->type != YTREE_MAP && n->type != YTREE_SEQ;
}

/* Identity of a scalar key: its type and its text. */
static size_t
key_hash(const struct ytree_node *k)
{
	uint64_t h = 1469598103934665603ULL ^ (unsigned)k->type;
	size_t i;

	for (i = 0; k->str && i < k->len; i++)
		h = (h ^ (unsigned char)k->str[i]) * 1099511628211ULL;
	return (size_t)h;
}

static int
key_eq(const struct ytree_node *a, const struct ytree_node *b)
{
	if (a->type != b->type || a->len != b->len)
		return 0;
	return a->len == 0 || memcmp(a->str, b->str, a->len) == 0;
}

/* The index of 'key' in l, or (size_t)-1. */
static size_t
klist_find(const struct klist *l, const struct ytree_node *key)
{
	size_t h;

	if (l->slots == NULL)
		return (size_t)-1;
	for (h = key_hash(key) & l->mask; l->slots[h]; h = (h + 1) & l->mask)
		if (key_eq(l->items[l->slots[h] - 1].key, key))
			return l->slots[h] - 1;
	return (size_t)-1;
}

static void
klist_dispose(struct klist *l)
{
	free(l->items);
	free(l->slots);
	memset(l, 0, sizeof(*l));
}

/*
 * Build the (key, value) list of 'n' ('n' may be NULL: an empty list).
 * Sets *ok to 0 when an element has no usable key or a key repeats, in
 * which case the list cannot be merged by key.
 */
static const struct ns_error *
klist_build(struct klist *l, const struct ytree_node *n, enum keymode mode,
    const char *field, int *ok)
{
	const struct ytree_node *k, *v;
	size_t i, cnt, size, h;

	memset(l, 0, sizeof(*l));
	cnt = n ? n->n : 0;
	if (cnt == 0)
		return NULL;
	for (size = 4; size < cnt * 2; size *= 2)
		;
	l->items = calloc(cnt, sizeof(*l->items));
	l->slots = calloc(size, sizeof(*l->slots));
	if (l->items == NULL || l->slots == NULL)
		return ns_error(NS_ERR_NOMEM);
	l->mask = size - 1;
	for (i = 0; i < cnt && *ok; i++) {
		if (mode == KEY_PAIR) {
			k = n->pairs[i].key;
			v = n->pairs[i].value;
		} else {
			v = n->items[i];
			k = mode == KEY_SELF ? v : ytree_get(v, field);
		}
		if (k == NULL || !is_scalar(k) || klist_find(l, k) !=
		    (size_t)-1) {
			*ok = 0;
			break;
		}
		l->items[i].key = k;
		l->items[i].val = v;
		l->n = i + 1;
		for (h = key_hash(k) & l->mask; l->slots[h]; h = (h + 1) &
		    l->mask)
			;
		l->slots[h] = i + 1;
	}
	return NULL;
}

static const struct ns_error *
record_conflict(struct mctx *c)
{
	char *p, **v;
	size_t cap;

	if (c->npaths == c->paths_cap) {
		cap = c->paths_cap ? c->paths_cap * 2 : 8;
		v = realloc(c->paths, cap * sizeof(*v));
		if (v == NULL)
			return ns_error(NS_ERR_NOMEM);
		c->paths = v;
		c->paths_cap = cap;
	}
	p = strdup(c->path.len ? c->path.ptr : "(document)");
	if (p == NULL)
		return ns_error(NS_ERR_NOMEM);
	c->paths[c->npaths++] = p;
	return NULL;
}

static const struct ns_error *
mnode_new(struct mctx *c, struct mnode **out, enum mkind kind,
    const struct ytree_node *ours, const struct ytree_node *theirs)
{
	*out = mctx_alloc(c, sizeof(**out));
	if (*out == NULL)
		return ns_error(NS_ERR_NOMEM);
	(*out)->kind = kind;
	(*out)->node = ours;
	(*out)->ours = ours;
	(*out)->theirs = theirs;
	if (kind == MK_CONFLICT)
		return record_conflict(c);
	return NULL;
}

/* Append ".key" or "[key]" to the current path. */
static const struct ns_error *
path_push(struct mctx *c, const struct ytree_node *key, int index)
{
	const struct ns_error *err = NULL;

	if (index)
		err = buf_putc(&c->path, '[');
	else if (c->path.len)
		err = buf_putc(&c->path, '.');
	if (err == NULL && key->len)
		err = buf_add(&c->path, key->str, key->len);
	if (err == NULL && index)
		err = buf_putc(&c->path, ']');
	return err;
}

static void
path_pop(struct mctx *c, size_t old)
{
	c->path.len = old;
	if (c->path.ptr)
		c->path.ptr[old] = '\0';
}

/*
 * Merge the entry with key 'key' whose values in base, ours and theirs
 * are b, o and t (NULL when absent) into *out (NULL: dropped), with the
 * key appended to the path for conflicts inside it.
 */
static const struct ns_error *
merge_entry(struct mctx *c, struct mnode **out, const struct ytree_node *key,
    int index, const char *field, const struct ytree_node *b,
    const struct ytree_node *o, const struct ytree_node *t)
{
	const struct ns_error *err;
	size_t old = c->path.len;

	*out = NULL;
	err = path_push(c, key, index);
	if (err == NULL)
		err = merge_value(c, out, field, b, o, t);
	path_pop(c, old);
	return err;
}

struct kmerge {
	struct klist	 b, o, t;
	struct mentry	*res;		/* indexed like ours */
	struct mentry	**after;	/* after[i]: theirs' additions */
	size_t		*nafter;
};

static void
kmerge_dispose(struct kmerge *k)
{
	size_t i;

	if (k->after)
		for (i = 0; i <= k->o.n; i++)
			free(k->after[i]);
	free(k->after);
	free(k->nafter);
	free(k->res);
	klist_dispose(&k->b);
	klist_dispose(&k->o);
	klist_dispose(&k->t);
}

static const struct ytree_node *
kval(const struct klist *l, size_t i)
{
	return i == (size_t)-1 ? NULL : l->items[i].val;
}

/*
 * Entries only theirs has go after their predecessor in theirs (the last
 * entry before them that ours has too), after any entries ours added at
 * that place, in theirs' order.
 */
static const struct ns_error *
kmerge_theirs(struct mctx *c, struct kmerge *k, enum keymode mode)
{
	const struct ns_error *err;
	const struct ytree_node *key;
	struct mnode *m;
	struct mentry *e;
	size_t i, oi, anchor = 0;

	for (i = 0; i < k->t.n; i++) {
		key = k->t.items[i].key;
		oi = klist_find(&k->o, key);
		if (oi != (size_t)-1) {
			anchor = oi + 1;
			continue;
		}
		assert(key != NULL);	/* klist_build() stores none */
		/* at one place, ours' additions come before theirs' */
		while (anchor < k->o.n && klist_find(&k->b,
		    k->o.items[anchor].key) == (size_t)-1 &&
		    klist_find(&k->t, k->o.items[anchor].key) == (size_t)-1)
			anchor++;
		err = merge_entry(c, &m, key, mode != KEY_PAIR,
		    mode == KEY_PAIR ? key->str : NULL,
		    kval(&k->b, klist_find(&k->b, key)), NULL,
		    k->t.items[i].val);
		if (err)
			return err;
		if (m == NULL)
			continue;
		e = realloc(k->after[anchor], (k->nafter[anchor] + 1) *
		    sizeof(*e));
		if (e == NULL)
			return ns_error(NS_ERR_NOMEM);
		k->after[anchor] = e;
		e[k->nafter[anchor]].key = key;
		e[k->nafter[anchor]].oidx = (size_t)-1;
		e[k->nafter[anchor]].tidx = i;
		e[k->nafter[anchor]++].value = m;
	}
	return NULL;
}

/* Lay the merged entries out: theirs' leading additions, then ours' order. */
static const struct ns_error *
kmerge_collect(struct mctx *c, struct kmerge *k, struct mnode *into)
{
	size_t i, j, total = 0;

	assert(into != NULL);
	for (i = 0; i <= k->o.n; i++)
		total += k->nafter[i] + (i < k->o.n && k->res[i].value);
	into->entries = mctx_alloc(c, total * sizeof(*into->entries));
	if (into->entries == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i <= k->o.n; i++) {
		if (i > 0 && k->res[i - 1].value)
			into->entries[into->n++] = k->res[i - 1];
		for (j = 0; j < k->nafter[i]; j++)
			into->entries[into->n++] = k->after[i][j];
	}
	return NULL;
}

/*
 * The keyed merge of mappings (mode KEY_PAIR), identity-keyed sequences
 * (KEY_FIELD, key 'idkey') and scalar sets (KEY_SELF).  *ok is set to 0
 * when the lists cannot be keyed; *out is then untouched.
 */
static const struct ns_error *
merge_keyed(struct mctx *c, struct mnode **out, enum keymode mode,
    const char *idkey, const struct ytree_node *b,
    const struct ytree_node *o, const struct ytree_node *t, int *ok)
{
	const struct ns_error *err;
	struct kmerge k;
	const struct ytree_node *key;
	size_t i;
	int index = mode != KEY_PAIR;

	memset(&k, 0, sizeof(k));
	*ok = 1;
	err = klist_build(&k.b, b, mode, idkey, ok);
	if (err == NULL && *ok)
		err = klist_build(&k.o, o, mode, idkey, ok);
	if (err == NULL && *ok)
		err = klist_build(&k.t, t, mode, idkey, ok);
	if (err || !*ok)
		goto done;
	k.res = calloc(k.o.n + 1, sizeof(*k.res));
	k.after = calloc(k.o.n + 1, sizeof(*k.after));
	k.nafter = calloc(k.o.n + 1, sizeof(*k.nafter));
	if (k.res == NULL || k.after == NULL || k.nafter == NULL) {
		err = ns_error(NS_ERR_NOMEM);
		goto done;
	}
	for (i = 0; err == NULL && i < k.o.n; i++) {
		key = k.o.items[i].key;
		assert(key != NULL);
		k.res[i].key = key;
		k.res[i].oidx = i;
		k.res[i].tidx = klist_find(&k.t, key);
		err = merge_entry(c, &k.res[i].value, key, index,
		    mode == KEY_PAIR ? key->str : NULL,
		    kval(&k.b, klist_find(&k.b, key)), k.o.items[i].val,
		    kval(&k.t, klist_find(&k.t, key)));
	}
	if (err == NULL)
		err = kmerge_theirs(c, &k, mode);
	if (err == NULL)
		err = mnode_new(c, out, mode == KEY_PAIR ? MK_MAP : MK_SEQ,
		    o, t);
	if (err == NULL)
		err = kmerge_collect(c, &k, *out);
done:
	kmerge_dispose(&k);
	return err;
}

static int
all_of(const struct ytree_node *n, enum ytree_type type, int scalar)
{
	size_t i;

	for (i = 0; n && i < n->n; i++)
		if (scalar ? !is_scalar(n->items[i]) :
		    n->items[i]->type != type)
			return 0;
	return 1;
}

/*
 * Sequences: by the field's identity key, else by a unique id, else as a
 * set of scalars, else as one value (a conflict: both sides changed it).
 */
static const struct ns_error *
merge_seq(struct mctx *c, struct mnode **out, const char *field,
    const struct ytree_node *b, const struct ytree_node *o,
    const struct ytree_node *t)
{
	const struct ns_error *err;
	size_t i;
	int ok = 0;

	if (all_of(b, YTREE_MAP, 0) && all_of(o, YTREE_MAP, 0) &&
	    all_of(t, YTREE_MAP, 0)) {
		for (i = 0; field && i < sizeof(id_keys) / sizeof(id_keys[0]);
		    i++) {
			if (strcmp(field, id_keys[i].field) != 0)
				continue;
			err = merge_keyed(c, out, KEY_FIELD, id_keys[i].key,
			    b, o, t, &ok);
			if (err || ok)
				return err;
		}
		err = merge_keyed(c, out, KEY_FIELD, "id", b, o, t, &ok);
		if (err || ok)
			return err;
	} else if (all_of(b, 0, 1) && all_of(o, 0, 1) && all_of(t, 0, 1)) {
		err = merge_keyed(c, out, KEY_SELF, NULL, b, o, t, &ok);
		if (err || ok)
			return err;
	}
	return mnode_new(c, out, MK_CONFLICT, o, t);
}

/* Both sides present. */
static const struct ns_error *
merge3(struct mctx *c, struct mnode **out, const char *field,
    const struct ytree_node *b, const struct ytree_node *o,
    const struct ytree_node *t)
{
	int ok;

	if (ytree_equal(o, t) || (b && ytree_equal(b, t)))
		return mnode_new(c, out, MK_TAKE, o, NULL);
	if (b && ytree_equal(b, o))
		return mnode_new(c, out, MK_TAKE, t, NULL);
	if (b && b->type != o->type)
		b = NULL;	/* no common structure: as if both added */
	if (o->type == YTREE_MAP && t->type == YTREE_MAP)
		return merge_keyed(c, out, KEY_PAIR, NULL, b, o, t, &ok);
	if (o->type == YTREE_SEQ && t->type == YTREE_SEQ)
		return merge_seq(c, out, field, b, o, t);
	return mnode_new(c, out, MK_CONFLICT, o, t);
}

/*
 * Merge one value that may be absent (NULL) on any side; *out is NULL
 * when the result is absent.
 */
static const struct ns_error *
merge_value(struct mctx *c, struct mnode **out, const char *field,
    const struct ytree_node *b, const struct ytree_node *o,
    const struct ytree_node *t)
{
	*out = NULL;
	if (o == NULL && t == NULL)
		return NULL;
	if (o && t)
		return merge3(c, out, field, b, o, t);
	if (b == NULL)			/* added on one side */
		return mnode_new(c, out, MK_TAKE, o ? o : t, NULL);
	if (ytree_equal(b, o ? o : t))	/* deleted on the other */
		return NULL;
	/* deleted on one side, changed on the other */
	return mnode_new(c, out, MK_CONFLICT, o, t);
}

const struct ns_error *
merge_tree(struct mctx *c, struct mnode **out, const struct ytree_node *b,
    const struct ytree_node *o, const struct ytree_node *t)
{
	return merge_value(c, out, NULL, b, o, t);
}

/*
 * The comment block at the top of a file (a yaml-language-server modeline,
 * a licence): the lines up to the last comment line before the first line
 * of content, blank lines included.  *gap tells whether blank lines
 * separate it from the content.
 */
static size_t
leading_comments(const unsigned char *s, size_t len, int *gap)
{
	size_t i = 0, j, k, end = 0;

	*gap = 0;
	while (i < len) {
		for (j = i; j < len && s[j] != '\n'; j++)
			;
		for (k = i; k < j && (s[k] == ' ' || s[k] == '\t' ||
		    s[k] == '\r'); k++)
			;
		if (k < j && s[k] != '#')
			break;
		if (k < j) {
			end = j < len ? j + 1 : j;
			*gap = 0;
		} else if (end)
			*gap = 1;
		i = j + 1;
	}
	return end;
}

/*
 * Ours' leading comments, or theirs' when ours has none and theirs added
 * them.
 */
static const struct ns_error *
put_comments(struct buf *out, const unsigned char *base, size_t base_len,
    const unsigned char *ours, size_t ours_len, const unsigned char *theirs,
    size_t theirs_len)
{
	const struct ns_error *err = NULL;
	size_t n, bn = 0;
	int gap, bgap;
	const unsigned char *s = ours;

	n = leading_comments(ours, ours_len, &gap);
	if (n == 0) {
		s = theirs;
		n = leading_comments(theirs, theirs_len, &gap);
		if (base)
			bn = leading_comments(base, base_len, &bgap);
		if (n && bn == n && memcmp(base, theirs, n) == 0)
			n = 0;
	}
	if (n)
		err = buf_add(out, s, n);
	if (err == NULL && n && s[n - 1] != '\n')
		err = buf_putc(out, '\n');
	if (err == NULL && n && gap)
		err = buf_putc(out, '\n');
	return err;
}

/* A side's text as it is, ending with a newline. */
static const struct ns_error *
put_text(struct buf *out, const unsigned char *s, size_t len)
{
	const struct ns_error *err;

	err = buf_add(out, s, len);
	if (err == NULL && len && s[len - 1] != '\n')
		err = buf_putc(out, '\n');
	return err;
}

struct sides {
	const unsigned char	*base, *ours, *theirs;
	size_t			 base_len, ours_len, theirs_len;
	const char		*label_ours, *label_theirs;
	struct ytree		*tb, *to, *tt;
};

/* Parse 'text' and compare it with 'want'; 0 when it does not parse. */
static int
reads_as(const char *text, size_t len, const struct ytree_node *want)
{
	struct ytree *t = NULL;
	int same;

	if (ytree_parse(&t, "merge", (const unsigned char *)text, len, NULL))
		return 0;
	same = ytree_equal(ytree_root(t), want);
	ytree_free(t);
	return same;
}

/* Keep one side of every marker block (0: ours, 1: theirs). */
static const struct ns_error *
resolve_side(struct buf *out, const char *s, size_t len, int which)
{
	const struct ns_error *err = NULL;
	const char *nl, *end = s + len;
	int state = 0;

	buf_reset(out);
	for (; err == NULL && s < end; s = nl) {
		nl = memchr(s, '\n', (size_t)(end - s));
		nl = nl ? nl + 1 : end;
		if (nl - s >= 8 && memcmp(s, "<<<<<<< ", 8) == 0)
			state = 1;
		else if (state == 1 && nl - s >= 8 &&
		    memcmp(s, "=======\n", 8) == 0)
			state = 2;
		else if (state == 2 && nl - s >= 8 &&
		    memcmp(s, ">>>>>>> ", 8) == 0)
			state = 0;
		else if (state == 0 || state == which + 1)
			err = buf_add(out, s, (size_t)(nl - s));
	}
	return err;
}

/*
 * 1 when 'got' means what 'want' (merge_emit()'s text) means: the same
 * value, or with conflicts the same value on each side of the markers.
 */
static const struct ns_error *
same_meaning(const struct buf *got, const struct buf *want, int conflicts,
    int *same)
{
	const struct ns_error *err = NULL;
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct ytree *t = NULL;
	int which;

	*same = 1;
	for (which = 0; err == NULL && *same && which < 2; which++) {
		err = resolve_side(&a, got->ptr, got->len, which);
		if (err == NULL)
			err = resolve_side(&b, want->ptr, want->len, which);
		if (err)
			break;
		if (ytree_parse(&t, "merge", (const unsigned char *)b.ptr,
		    b.len, NULL)) {
			*same = 0;
			break;
		}
		*same = reads_as(a.ptr, a.len, ytree_root(t));
		ytree_free(t);
		t = NULL;
		if (conflicts == 0)
			break;
	}
	buf_dispose(&a);
	buf_dispose(&b);
	return err;
}

static size_t
count_markers(const struct buf *b)
{
	size_t i, n = 0;

	for (i = 0; i + 8 <= b->len; i++)
		if ((i == 0 || b->ptr[i - 1] == '\n') &&
		    memcmp(b->ptr + i, "<<<<<<< ", 8) == 0)
			n++;
	return n;
}

/*
 * Replace the emitted text by ours' text with the merge spliced in, when
 * that reads the same: comments and layout of ours survive.
 */
static const struct ns_error *
try_splice(struct merge_result *r, struct sides *s, const struct mnode *root)
{
	const struct ns_error *err;
	struct buf sp = BUF_INIT, tmp;
	int ok, same = 0;
	struct splice_text ot = { s->ours, s->ours_len };
	struct splice_text tt = { s->theirs, s->theirs_len };

	err = merge_splice(&sp, root, ytree_root(s->to), &ot, &tt,
	    s->label_ours, s->label_theirs, &ok);
	if (err == NULL && ok && count_markers(&sp) == (size_t)r->conflicts)
		err = same_meaning(&sp, &r->text, r->conflicts, &same);
	if (err == NULL && ok && same) {
		tmp = r->text;
		r->text = sp;
		sp = tmp;
	}
	buf_dispose(&sp);
	return err;
}

/*
 * A clean merge is parsed back: text that does not read back is never
 * returned (NS_ERR_YAML sends the caller to the line merge), and a result
 * equal to one side is replaced by that side's own text.
 */
static const struct ns_error *
finish_clean(struct merge_result *r, const char *path, struct sides *s,
    int *done)
{
	const struct ns_error *err;
	struct ytree *check = NULL;
	const struct ytree_node *root;

	*done = 0;
	err = ytree_parse(&check, path, (const unsigned char *)r->text.ptr,
	    r->text.len, NULL);
	if (err)
		return ns_error_at(NS_ERR_YAML, path, 0, 0, "the merged "
		    "record does not read back (%s); merge it by lines",
		    err->msg);
	root = ytree_root(check);
	if (ytree_equal(root, ytree_root(s->to))) {
		buf_reset(&r->text);
		err = put_text(&r->text, s->ours, s->ours_len);
		*done = 1;
	} else if (ytree_equal(root, ytree_root(s->tt))) {
		buf_reset(&r->text);
		err = put_text(&r->text, s->theirs, s->theirs_len);
		*done = 1;
	}
	ytree_free(check);
	return err;
}

static const struct ns_error *
write_result(struct merge_result *r, const char *path, struct sides *s,
    const struct mnode *root)
{
	const struct ns_error *err;
	int done = 0;

	assert(root != NULL);	/* two present documents merge to something */
	if (root->kind == MK_TAKE && root->node == ytree_root(s->to))
		return put_text(&r->text, s->ours, s->ours_len);
	if (root->kind == MK_TAKE && root->node == ytree_root(s->tt))
		return put_text(&r->text, s->theirs, s->theirs_len);
	if (root->kind == MK_CONFLICT) {
		err = buf_printf(&r->text, "<<<<<<< %s\n", s->label_ours);
		if (err == NULL)
			err = put_text(&r->text, s->ours, s->ours_len);
		if (err == NULL)
			err = buf_puts(&r->text, "=======\n");
		if (err == NULL)
			err = put_text(&r->text, s->theirs, s->theirs_len);
		if (err == NULL)
			err = buf_printf(&r->text, ">>>>>>> %s\n",
			    s->label_theirs);
		return err;
	}
	err = put_comments(&r->text, s->base, s->base_len, s->ours,
	    s->ours_len, s->theirs, s->theirs_len);
	if (err == NULL)
		err = merge_emit(&r->text, root, s->label_ours,
		    s->label_theirs);
	if (err == NULL && r->conflicts == 0)
		err = finish_clean(r, path, s, &done);
	if (err == NULL && !done)
		err = try_splice(r, s, root);
	return err;
}

static const struct ns_error *
parse_sides(struct sides *s, const char *path)
{
	const struct ns_error *err = NULL;

	if (s->base)
		err = ytree_parse(&s->tb, path, s->base, s->base_len, NULL);
	if (err == NULL)
		err = ytree_parse(&s->to, path, s->ours, s->ours_len, NULL);
	if (err == NULL)
		err = ytree_parse(&s->tt, path, s->theirs, s->theirs_len,
		    NULL);
	return err;
}

const struct ns_error *
merge_records(struct merge_result **out, const char *path,
    const unsigned char *base, size_t base_len, const unsigned char *ours,
    size_t ours_len, const unsigned char *theirs, size_t theirs_len,
    const char *label_ours, const char *label_theirs)
{
	const struct ns_error *err;
	struct mctx c = MCTX_INIT;
	struct sides s = { base, ours, theirs, base_len, ours_len, theirs_len,
	    label_ours ? label_ours : "ours",
	    label_theirs ? label_theirs : "theirs", NULL, NULL, NULL };
	struct merge_result *r = NULL;
	struct mnode *root = NULL;

	*out = NULL;
	err = parse_sides(&s, path);
	if (err)
		goto done;
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		err = ns_error(NS_ERR_NOMEM);
		goto done;
	}
	err = merge_tree(&c, &root, s.tb ? ytree_root(s.tb) : NULL,
	    ytree_root(s.to), ytree_root(s.tt));
	if (err)
		goto done;
	/* the paths move to the result */
	r->conflicts = (int)c.npaths;
	r->conflict_paths = c.paths;
	r->nconflict_paths = c.npaths;
	c.paths = NULL;
	c.npaths = 0;
	err = write_result(r, path, &s, root);
done:
	if (err) {
		merge_result_free(r);
		r = NULL;
	}
	*out = r;
	mctx_dispose(&c);
	ytree_free(s.tb);
	ytree_free(s.to);
	ytree_free(s.tt);
	return err;
}

void
merge_result_free(struct merge_result *r)
{
	size_t i;

	if (r == NULL)
		return;
	buf_dispose(&r->text);
	for (i = 0; i < r->nconflict_paths; i++)
		free(r->conflict_paths[i]);
	free(r->conflict_paths);
	free(r);
}
