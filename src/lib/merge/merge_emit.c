/*
 * merge_emit.c: the merged tree written as YAML, with git-style conflict
 * markers around each conflicting entry.
 *
 * The layout is yemit's (two-space indentation, sequences indented under
 * their key), so that a merged file reads like an emitted one.  A marker
 * block holds one mapping entry or one sequence item: the lines inside keep
 * their indentation, the markers are at column 0, and an absent (deleted)
 * side is an empty section.  Keeping ours' section or theirs' section and
 * deleting the markers leaves valid YAML.  When the first entry of a
 * mapping inside a sequence item conflicts, the item's "-" stands alone on
 * its line so that the marker can start the next line.
 */
#include <string.h>

#include "base/buf.h"
#include "base/error.h"
#include "merge/merge_int.h"
#include "yaml/yemit.h"
#include "yaml/ytree.h"

struct memit {
	struct buf	*out;
	const char	*label_ours;
	const char	*label_theirs;
};

static const struct ns_error *emit_children(struct memit *, unsigned, int,
    const struct mnode *);

/*
 * One side of a conflict: a mapping entry when 'key' is set, else a
 * sequence item; nothing when the side deleted it.
 */
static const struct ns_error *
emit_side(struct memit *m, unsigned indent, const struct ytree_node *key,
    const struct ytree_node *value)
{
	if (value == NULL)
		return NULL;
	if (key)
		return yemit_pair(m->out, indent, 0, key->str, key->len,
		    value);
	return yemit_item(m->out, indent, 0, value);
}

static const struct ns_error *
emit_conflict(struct memit *m, unsigned indent, const struct ytree_node *key,
    const struct mnode *c)
{
	const struct ns_error *err;

	err = buf_printf(m->out, "<<<<<<< %s\n", m->label_ours);
	if (err == NULL)
		err = emit_side(m, indent, key, c->ours);
	if (err == NULL)
		err = buf_puts(m->out, "=======\n");
	if (err == NULL)
		err = emit_side(m, indent, key, c->theirs);
	if (err == NULL)
		err = buf_printf(m->out, ">>>>>>> %s\n", m->label_theirs);
	return err;
}

static int
first_conflicts(const struct mnode *n)
{
	return n->n > 0 && n->entries[0].value->kind == MK_CONFLICT;
}

/* A merged collection after "key:" or "-": " {}" or its nested block. */
static const struct ns_error *
emit_nested(struct memit *m, unsigned indent, int item, const struct mnode *n)
{
	const struct ns_error *err;

	if (n->n == 0)
		return buf_puts(m->out, n->kind == MK_MAP ? " {}\n" : " []\n");
	if (item && !first_conflicts(n)) {
		err = buf_putc(m->out, ' ');
		if (err == NULL)
			err = emit_children(m, indent + 2, 1, n);
		return err;
	}
	err = buf_putc(m->out, '\n');
	if (err == NULL)
		err = emit_children(m, indent + 2, 0, n);
	return err;
}

static const struct ns_error *
emit_entry(struct memit *m, unsigned indent, int inline_first,
    const struct ytree_node *key, const struct mnode *v)
{
	const struct ns_error *err = NULL;

	if (v->kind == MK_CONFLICT)
		return emit_conflict(m, indent, key, v);
	if (v->kind == MK_TAKE)
		return key ? yemit_pair(m->out, indent, inline_first,
		    key->str, key->len, v->node) :
		    yemit_item(m->out, indent, inline_first, v->node);
	if (key)
		err = yemit_key(m->out, indent, inline_first, key->str,
		    key->len);
	else {
		if (!inline_first)
			err = yemit_indent(m->out, indent);
		if (err == NULL)
			err = buf_putc(m->out, '-');
	}
	if (err == NULL)
		err = emit_nested(m, indent, key == NULL, v);
	return err;
}

static const struct ns_error *
emit_children(struct memit *m, unsigned indent, int inline_first,
    const struct mnode *n)
{
	const struct ns_error *err = NULL;
	size_t i;

	for (i = 0; err == NULL && i < n->n; i++)
		err = emit_entry(m, indent, inline_first && i == 0,
		    n->kind == MK_MAP ? n->entries[i].key : NULL,
		    n->entries[i].value);
	return err;
}

const struct ns_error *
merge_emit(struct buf *out, const struct mnode *root, const char *label_ours,
    const char *label_theirs)
{
	struct memit m = { out, label_ours, label_theirs };

	if (root->kind == MK_TAKE)
		return yemit_document(out, root->node);
	if (root->n == 0)
		return buf_puts(out, root->kind == MK_MAP ? "{}\n" : "[]\n");
	return emit_children(&m, 0, 0, root);
}

const struct ns_error *
merge_emit_entry(struct buf *out, unsigned indent, int inline_first,
    const struct ytree_node *key, const struct mnode *v,
    const char *label_ours, const char *label_theirs)
{
	struct memit m = { out, label_ours, label_theirs };

	return emit_entry(&m, indent, inline_first, key, v);
}
