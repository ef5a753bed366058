/*
 * config.c: reading netsync.yaml and editing it without losing comments.
 *
 * Edits work on the text, guided by the positions ytree gives: a
 * coordinator's comments in netsync.yaml are theirs, and a round trip
 * through a tree and an emitter would drop them.
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "record/config.h"
#include "yaml/ytree.h"

static const struct ns_error *
copy_keys(char ***keys_out, size_t *n_out, const struct ytree_node *v,
    const char *file)
{
	size_t i, n;
	char **keys;

	*keys_out = NULL;
	*n_out = 0;
	if (v == NULL || v->type == YTREE_NULL)
		return NULL;
	if (v->type != YTREE_STR && v->type != YTREE_SEQ)
		return ns_error_at(NS_ERR_INVALID, file, v->line, v->col,
		    "signing_key must be a key or a list of keys");
	n = v->type == YTREE_STR ? 1 : v->n;
	keys = calloc(n ? n : 1, sizeof(*keys));
	if (keys == NULL)
		return ns_error(NS_ERR_NOMEM);
	*keys_out = keys;
	for (i = 0; i < n; i++) {
		const struct ytree_node *k = v->type == YTREE_STR ? v :
		    v->items[i];

		if (k->type != YTREE_STR)
			return ns_error_at(NS_ERR_INVALID, file, k->line,
			    k->col, "signing_key: each key must be a string");
		keys[i] = strdup(k->str);
		if (keys[i] == NULL)
			return ns_error(NS_ERR_NOMEM);
		*n_out = i + 1;
	}
	return NULL;
}

static const struct ns_error *
dup_field(char **out, const struct ytree_node *map, const char *key)
{
	const char *s = ytree_get_str(map, key);

	*out = NULL;
	if (s == NULL)
		return NULL;
	*out = strdup(s);
	return *out ? NULL : ns_error(NS_ERR_NOMEM);
}

static const struct ns_error *
parse_peer(struct config_peer *p, const struct ytree_node *n,
    const char *file)
{
	const struct ns_error *err;

	p->line = n->line;
	p->col = n->col;
	if (n->type != YTREE_MAP)
		return ns_error_at(NS_ERR_INVALID, file, n->line, n->col,
		    "peers: each peer must be a mapping with id and url");
	if ((err = dup_field(&p->id, n, "id")) ||
	    (err = dup_field(&p->url, n, "url")) ||
	    (err = dup_field(&p->branch, n, "branch")))
		return err;
	if (p->id == NULL || !slug_valid(p->id))
		return ns_error_at(NS_ERR_INVALID, file, n->line, n->col,
		    "peers: id must be a federation id like umea-vannas");
	if (p->url == NULL || p->url[0] == '\0')
		return ns_error_at(NS_ERR_INVALID, file, n->line, n->col,
		    "peers: %s has no url", p->id);
	if (p->branch == NULL && (p->branch = strdup("main")) == NULL)
		return ns_error(NS_ERR_NOMEM);
	return copy_keys(&p->keys, &p->nkeys, ytree_get(n, "signing_key"),
	    file);
}

static const struct ns_error *
parse_peers(struct config *c, const struct ytree_node *v, const char *file)
{
	const struct ns_error *err;
	size_t i, j;

	if (v == NULL || v->type == YTREE_NULL)
		return NULL;
	if (v->type != YTREE_SEQ)
		return ns_error_at(NS_ERR_INVALID, file, v->line, v->col,
		    "peers must be a list");
	c->peers = calloc(v->n ? v->n : 1, sizeof(*c->peers));
	if (c->peers == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < v->n; i++) {
		c->npeers = i + 1;
		err = parse_peer(&c->peers[i], v->items[i], file);
		if (err)
			return err;
		if (strcmp(c->peers[i].id, c->federation) == 0)
			return ns_error_at(NS_ERR_INVALID, file,
			    c->peers[i].line, c->peers[i].col,
			    "peers: %s is this repository's own federation",
			    c->peers[i].id);
		for (j = 0; j < i; j++)
			if (strcmp(c->peers[j].id, c->peers[i].id) == 0)
				return ns_error_at(NS_ERR_INVALID, file,
				    c->peers[i].line, c->peers[i].col,
				    "peers: %s is listed twice",
				    c->peers[i].id);
	}
	return NULL;
}

static const struct ns_error *
config_from_tree(struct config *c, const struct ytree_node *root,
    const char *file)
{
	const struct ns_error *err;

	if (root->type != YTREE_MAP)
		return ns_error_at(NS_ERR_INVALID, file, root->line, root->col,
		    "netsync.yaml must be a mapping (federation: ..., peers: "
		    "...)");
	if ((err = dup_field(&c->federation, root, "federation")) ||
	    (err = dup_field(&c->name, root, "name")) ||
	    (err = dup_field(&c->network, root, "network")) ||
	    (err = dup_field(&c->key_file, root, "key_file")))
		return err;
	if (c->federation == NULL || !slug_valid(c->federation))
		return ns_error_at(NS_ERR_INVALID, file, root->line, root->col,
		    "federation: must be this repository's federation id, "
		    "like jamtland ([a-z0-9][a-z0-9-]*)");
	err = copy_keys(&c->keys, &c->nkeys, ytree_get(root, "signing_key"),
	    file);
	if (err)
		return err;
	return parse_peers(c, ytree_get(root, "peers"), file);
}

const struct ns_error *
config_parse(struct config **out, const char *name, const unsigned char *data,
    size_t len)
{
	const struct ns_error *err;
	struct ytree *t = NULL;
	struct config *c;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return ns_error(NS_ERR_NOMEM);
	c->path = strdup(name);
	if (c->path == NULL) {
		err = ns_error(NS_ERR_NOMEM);
		goto done;
	}
	err = ytree_parse(&t, name, data, len, NULL);
	if (err == NULL)
		err = config_from_tree(c, ytree_root(t), name);
done:
	ytree_free(t);
	if (err)
		config_free(c);
	else
		*out = c;
	return err;
}

const struct ns_error *
config_load(struct config **out, const char *path)
{
	const struct ns_error *err;
	struct buf data = BUF_INIT;

	*out = NULL;
	err = buf_load_path(&data, path, CONFIG_MAX_SIZE);
	if (err == NULL)
		err = config_parse(out, path, (const unsigned char *)data.ptr,
		    data.len);
	buf_dispose(&data);
	return err;
}

const struct config_peer *
config_peer(const struct config *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->npeers; i++)
		if (strcmp(c->peers[i].id, id) == 0)
			return &c->peers[i];
	return NULL;
}

static void
free_keys(char **keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->npeers; i++) {
		free(c->peers[i].id);
		free(c->peers[i].url);
		free(c->peers[i].branch);
		free_keys(c->peers[i].keys, c->peers[i].nkeys);
	}
	free(c->peers);
	free_keys(c->keys, c->nkeys);
	free(c->path);
	free(c->federation);
	free(c->name);
	free(c->network);
	free(c->key_file);
	free(c);
}

/* Byte offset of the start of 1-based line 'line' in 'in'. */
static size_t
line_offset(const char *in, size_t len, unsigned line)
{
	size_t off = 0;

	while (line > 1 && off < len) {
		if (in[off++] == '\n')
			line--;
	}
	return off;
}

/*
 * A top-level key's value ends where the next line starts at column 1
 * with something other than a comment, a blank or a list dash (a
 * top-level key's block list may sit at column 1).  Comment and blank
 * lines just before that belong to what follows, so they are kept.
 */
static size_t
value_end(const char *in, size_t len, size_t from)
{
	size_t off = from, kept;

	while (off < len && in[off] != '\n')
		off++;
	kept = off < len ? off + 1 : len;
	while (off < len) {
		size_t next = off + 1;
		char c;

		if (next >= len)
			break;
		c = in[next];
		if (c != ' ' && c != '\t' && c != '\n' && c != '#' && c != '-')
			break;
		off = next;
		while (off < len && in[off] != '\n')
			off++;
		/* a line indented or a dash: part of the value */
		if (c == ' ' || c == '\t' || c == '-') {
			size_t k = next;

			while (k < off && (in[k] == ' ' || in[k] == '\t'))
				k++;
			if (k < off && in[k] != '#')
				kept = off < len ? off + 1 : len;
		}
	}
	return kept;
}

/* Back up from line start 'off' over the comment lines just above it. */
static size_t
before_comments(const char *in, size_t off)
{
	size_t prev;

	while (off > 0) {
		prev = off - 1;
		while (prev > 0 && in[prev - 1] != '\n')
			prev--;
		if (in[prev] != '#')
			break;
		off = prev;
	}
	return off;
}

const struct ns_error *
config_edit_set(struct buf *out, const char *in, size_t len, const char *key,
    const char *value_yaml)
{
	const struct ns_error *err;
	const struct ytree_node *root;
	struct ytree *t = NULL;
	size_t i, start = 0, end = 0;
	int found = 0;

	err = ytree_parse(&t, "netsync.yaml", (const unsigned char *)in, len,
	    NULL);
	if (err)
		return err;
	root = ytree_root(t);
	for (i = 0; root->type == YTREE_MAP && i < root->n; i++) {
		if (strcmp(root->pairs[i].key->str, key) == 0) {
			start = line_offset(in, len, root->pairs[i].key->line);
			end = value_end(in, len, start);
			found = 1;
		}
	}
	/* a new key goes before peers: (a long list) when there is one */
	for (i = 0; !found && root->type == YTREE_MAP && i < root->n; i++) {
		if (strcmp(root->pairs[i].key->str, "peers") == 0) {
			start = before_comments(in, line_offset(in, len,
			    root->pairs[i].key->line));
			end = start;
			found = 2;
		}
	}
	ytree_free(t);
	if (!found)
		start = end = len;
	buf_reset(out);
	if ((err = buf_add(out, in, start)))
		return err;
	if (!found && len > 0 && in[len - 1] != '\n' && (err = buf_putc(out,
	    '\n')))
		return err;
	if ((err = buf_printf(out, "%s: %s\n", key, value_yaml)))
		return err;
	return buf_add(out, in + end, len - end);
}
