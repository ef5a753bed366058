/*
 * schema.c: the schema set: adding, finding, checking and freeing
 * schemas, and the digest of their texts.  Compiling is in
 * schema_compile.c, validation in schema_validate.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "schema/schema_builtin.h"
#include "schema/schema_int.h"
#include "schema/schema_uri.h"

/* The digest as text: 16 hex digits. */
static void
digest_text(uint64_t hash, char digest[17])
{
	snprintf(digest, 17, "%016llx", (unsigned long long)hash);
}

/* The digest of no schema. */
static void
digest_init(uint64_t *hash, char digest[17])
{
	*hash = 0xcbf29ce484222325ull;	/* FNV-1a 64 offset basis */
	digest_text(*hash, digest);
}

static void
digest_add(uint64_t *hash, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		*hash ^= p[i];
		*hash *= 0x100000001b3ull;	/* FNV-1a 64 prime */
	}
}

/* What adding schema 'name' of 'yaml' does to a set's digest. */
static void
digest_doc(uint64_t *hash, char digest[17], const char *name,
    const unsigned char *yaml, size_t len)
{
	digest_add(hash, name, strlen(name) + 1);
	digest_add(hash, yaml, len);
	digest_add(hash, "", 1);
	digest_text(*hash, digest);
}

const struct ns_error *
schema_set_new(struct schema_set **out)
{
	*out = calloc(1, sizeof(**out));
	if (*out == NULL)
		return ns_error(NS_ERR_NOMEM);
	digest_init(&(*out)->hash, (*out)->digest);
	return NULL;
}

static void
doc_free(struct sch_doc *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->ncodes; i++)
		pcre2_code_free(d->codes[i]);
	free(d->codes);
	free(d->memo);
	ytree_free(d->tree);
	free(d->name);
	free(d->uri);
	free(d);
}

static char *
retrieval_uri(const char *name)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(name);

	if (uri_is_absolute(name))
		return strdup(name);
	if (buf_printf(&b, "netsync:%s%s", name, len > 5 &&
	    (strcmp(name + len - 5, ".yaml") == 0 ||
	    strcmp(name + len - 5, ".json") == 0) ? "" : ".yaml")) {
		buf_dispose(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* Undo a failed add: drop the entries that name document 'd'. */
static void
rollback(struct schema_set *set, const struct sch_doc *d)
{
	size_t i, o;

	for (i = o = 0; i < set->nres; i++) {
		if (set->res[i].doc == d)
			free(set->res[i].uri);
		else
			set->res[o++] = set->res[i];
	}
	set->nres = o;
	for (i = o = 0; i < set->nrefs; i++)
		if (set->refs[i]->doc != d)
			set->refs[o++] = set->refs[i];
	set->nrefs = o;
	for (i = 0; i < set->nrefs; i++)
		if (set->refs[i]->ref && set->refs[i]->ref->doc == d)
			set->refs[i]->ref = NULL;
}

const struct ns_error *
schema_set_add(struct schema_set *set, const char *name,
    const unsigned char *yaml, size_t len)
{
	static const struct ytree_limits lim = { 16u << 20, 256, 4000000,
	    1024, 1 };
	const struct ns_error *err = NULL;
	struct sch_doc *d = NULL;
	size_t mark = set->nrefs;

	if (schema_set_get(set, name))
		return ns_error_at(NS_ERR_INVALID, name, 0, 0, "a schema "
		    "named \"%s\" is already loaded", name);
	if (sch_grow(&set->docs, &set->capdocs, set->ndocs, sizeof(*set->docs)))
		return ns_error(NS_ERR_NOMEM);
	d = calloc(1, sizeof(*d));
	if (d) {
		d->name = strdup(name);
		d->uri = retrieval_uri(name);
	}
	if (d == NULL || d->name == NULL || d->uri == NULL) {
		err = ns_error(NS_ERR_NOMEM);
		goto done;
	}
	err = ytree_parse(&d->tree, name, yaml, len, &lim);
	if (err == NULL)
		err = sch_doc_compile(set, d);
	if (err == NULL) {
		set->docs[set->ndocs++] = d;
		err = sch_link_all(set, mark);
		if (err)
			set->ndocs--;
	}
done:
	if (err) {
		if (d)
			rollback(set, d);
		doc_free(d);
		return err;
	}
	digest_doc(&set->hash, set->digest, name, yaml, len);
	return NULL;
}

const struct ns_error *
schema_set_check(const struct schema_set *set)
{
	const struct schema *s;
	size_t i;

	for (i = 0; i < set->nrefs; i++) {
		s = set->refs[i];
		if (s->ref == NULL)
			return ns_error_at(NS_ERR_INVALID, s->doc->name,
			    s->ref_node->line, s->ref_node->col,
			    "invalid schema: $ref \"%s\" names no loaded "
			    "schema", s->ref_node->str);
	}
	return NULL;
}

const struct ns_error *
schema_set_builtin(struct schema_set **out)
{
	const struct ns_error *err;
	struct schema_set *set;
	size_t i;

	*out = NULL;
	err = schema_set_new(&set);
	for (i = 0; err == NULL && i < schema_builtins_count; i++)
		err = schema_set_add(set, schema_builtins[i].name,
		    schema_builtins[i].data, schema_builtins[i].len);
	if (err == NULL)
		err = schema_set_check(set);
	if (err) {
		schema_set_free(set);
		return err;
	}
	*out = set;
	return NULL;
}

void
schema_lazy_init(struct schema_lazy *lazy)
{
	uint64_t hash;
	size_t i;

	lazy->set = NULL;
	digest_init(&hash, lazy->digest);
	for (i = 0; i < schema_builtins_count; i++)
		digest_doc(&hash, lazy->digest, schema_builtins[i].name,
		    schema_builtins[i].data, schema_builtins[i].len);
}

const struct ns_error *
schema_lazy_get(struct schema_lazy *lazy, const struct schema_set **out)
{
	const struct ns_error *err = NULL;

	if (lazy->set == NULL)
		err = schema_set_builtin(&lazy->set);
	*out = lazy->set;
	return err;
}

void
schema_lazy_dispose(struct schema_lazy *lazy)
{
	if (lazy == NULL)
		return;
	schema_set_free(lazy->set);
	lazy->set = NULL;
}

const struct schema *
schema_set_get(const struct schema_set *set, const char *name)
{
	const struct sch_res *r;
	size_t i;

	for (i = 0; i < set->ndocs; i++)
		if (strcmp(set->docs[i]->name, name) == 0)
			return set->docs[i]->root;
	r = sch_res_find(set, name);
	if (r && !r->anchor)
		return sch_memo_get(r->doc, r->node);
	return NULL;
}

const char *
schema_set_digest(const struct schema_set *set)
{
	return set->digest;
}

void
schema_set_free(struct schema_set *set)
{
	struct arena_chunk *c, *next;
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->ndocs; i++)
		doc_free(set->docs[i]);
	for (i = 0; i < set->nres; i++)
		free(set->res[i].uri);
	for (c = set->arena; c; c = next) {
		next = c->next;
		free(c->mem);
		free(c);
	}
	free(set->docs);
	free(set->res);
	free(set->refs);
	free(set);
}
