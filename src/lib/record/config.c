/*
 * config.c: reading netsync.yaml.  Editing it is config_edit.c's.
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
	err = dup_field(&p->id, n, "id");
	if (err != NULL)
		return err;
	err = dup_field(&p->url, n, "url");
	if (err != NULL)
		return err;
	err = dup_field(&p->branch, n, "branch");
	if (err != NULL)
		return err;
	if (p->id == NULL || !slug_valid(p->id))
		return ns_error_at(NS_ERR_INVALID, file, n->line, n->col,
		    "peers: id must be a federation id like umea-vannas");
	if (p->url == NULL || p->url[0] == '\0')
		return ns_error_at(NS_ERR_INVALID, file, n->line, n->col,
		    "peers: %s has no url", p->id);
	if (p->branch == NULL) {
		p->branch = strdup("main");
		if (p->branch == NULL)
			return ns_error(NS_ERR_NOMEM);
	}
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
	err = dup_field(&c->federation, root, "federation");
	if (err != NULL)
		return err;
	err = dup_field(&c->name, root, "name");
	if (err != NULL)
		return err;
	err = dup_field(&c->network, root, "network");
	if (err != NULL)
		return err;
	err = dup_field(&c->key_file, root, "key_file");
	if (err != NULL)
		return err;
	if (c->federation == NULL || !slug_valid(c->federation))
		return ns_error_at(NS_ERR_INVALID, file, root->line, root->col,
		    "federation: must be this repository's federation id, "
		    "like jamtland ([a-z0-9][a-z0-9-]*)");
	err = copy_keys(&c->keys, &c->nkeys, ytree_get(root, "signing_key"),
	    file);
	if (err != NULL)
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
	if (err != NULL)
		goto done;
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
	if (err != NULL)
		goto done;
	err = config_parse(out, path, (const unsigned char *)data.ptr,
	    data.len);
done:
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
