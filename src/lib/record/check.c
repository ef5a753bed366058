/*
 * check.c: record files against their kind's schema and the rules a schema
 * cannot express (see check.h).
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "record/check.h"
#include "record/config.h"
#include "schema/schema.h"
#include "yaml/ytree.h"

struct seen {
	const char	*id;	/* both in the recset's string chunks */
	const char	*path;
	unsigned	 line;
	unsigned	 col;
};

/* The ids and paths, in chunks that move whole with recset_merge(). */
struct chunk {
	struct chunk	*next;
	size_t		 used;
	size_t		 size;
	char		 mem[];
};

struct recset {
	const struct schema_set	*schemas;
	char			*federation;
	struct seen		*seen;
	size_t			 nseen;
	size_t			 cap;
	size_t			 count;
	struct chunk		*chunks;	/* newest first */
};

/* A copy of id and path, one after the other, in rs's chunks. */
static char *
chunk_strings(struct recset *rs, const char *id, const char *path)
{
	size_t ni = strlen(id) + 1, np = strlen(path) + 1, size;
	struct chunk *c = rs->chunks;
	char *p;

	if (c == NULL || c->size - c->used < ni + np) {
		size = ni + np > 16384 ? ni + np : 16384;
		c = malloc(sizeof(*c) + size);
		if (c == NULL)
			return NULL;
		c->used = 0;
		c->size = size;
		c->next = rs->chunks;
		rs->chunks = c;
	}
	p = c->mem + c->used;
	memcpy(p, id, ni);
	memcpy(p + ni, path, np);
	c->used += ni + np;
	return p;
}

const struct ns_error *
recset_new(struct recset **out, const struct schema_set *schemas,
    const char *federation)
{
	struct recset *rs;

	*out = NULL;
	rs = calloc(1, sizeof(*rs));
	if (rs == NULL)
		return ns_error(NS_ERR_NOMEM);
	rs->schemas = schemas;
	rs->federation = strdup(federation);
	if (rs->federation == NULL) {
		free(rs);
		return ns_error(NS_ERR_NOMEM);
	}
	*out = rs;
	return NULL;
}

void
recset_set_schemas(struct recset *rs, const struct schema_set *schemas)
{
	rs->schemas = schemas;
}

int
check_is_record_path(const char *path)
{
	size_t n = strlen(path);

	return strncmp(path, "records/", 8) == 0 && n > 13 &&
	    strcmp(path + n - 5, ".yaml") == 0;
}

void
check_id_from_path(char *out, size_t size, const char *path)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n >= 5 && strcmp(b + n - 5, ".yaml") == 0)
		n -= 5;
	if (n >= size)
		n = size - 1;
	memcpy(out, b, n);
	out[n] = '\0';
}

static const struct ns_error *
remember_id(struct recset *rs, const char *id, const char *path,
    const struct ytree_node *at)
{
	struct seen *s;
	size_t cap;

	if (rs->nseen == rs->cap) {
		cap = rs->cap ? rs->cap * 2 : 64;
		s = realloc(rs->seen, cap * sizeof(*s));
		if (s == NULL)
			return ns_error(NS_ERR_NOMEM);
		rs->seen = s;
		rs->cap = cap;
	}
	s = &rs->seen[rs->nseen];
	s->id = chunk_strings(rs, id, path);
	if (s->id == NULL)
		return ns_error(NS_ERR_NOMEM);
	s->path = s->id + strlen(s->id) + 1;
	s->line = at->line;
	s->col = at->col;
	rs->nseen++;
	return NULL;
}

static const struct ns_error *
check_identity(struct recset *rs, struct diag_list *dl, const char *path,
    const struct ytree_node *root, const char *kind)
{
	const struct ytree_node *id = ytree_get(root, "id");
	const struct ytree_node *fed = ytree_get(root, "federation");
	const struct ns_error *err = NULL;
	char want[256];

	check_id_from_path(want, sizeof(want), path);
	if (id && id->type == YTREE_STR && strcmp(id->str, want) != 0)
		err = diag_add(dl, DIAG_ERROR, path, id->line, id->col, "id",
		    "\"%s\" must equal the file name without .yaml (\"%s\"); "
		    "rename the file or change the id", id->str, want);
	if (err == NULL && fed && fed->type == YTREE_STR &&
	    strcmp(fed->str, rs->federation) != 0)
		err = diag_add(dl, DIAG_ERROR, path, fed->line, fed->col,
		    "federation", "\"%s\" is not this repository's federation "
		    "(\"%s\"); a federation publishes only its own records",
		    fed->str, rs->federation);
	if (err == NULL && strcmp(kind, "federation") == 0 && id &&
	    id->type == YTREE_STR && strcmp(id->str, rs->federation) != 0)
		err = diag_add(dl, DIAG_ERROR, path, id->line, id->col, "id",
		    "a federation profile must be records/%s.yaml with id %s",
		    rs->federation, rs->federation);
	if (err == NULL && id && id->type == YTREE_STR)
		err = remember_id(rs, id->str, path, id);
	return err;
}

/* end must not be before start; dates compare as text (ISO 8601). */
static const struct ns_error *
check_range(struct diag_list *dl, const char *path,
    const struct ytree_node *map, const char *prefix)
{
	const struct ytree_node *s = ytree_get(map, "start");
	const struct ytree_node *e = ytree_get(map, "end");
	size_t n;

	/* a malformed date is the schema's finding; comparing it adds noise */
	if (s == NULL || e == NULL || s->type != YTREE_STR ||
	    e->type != YTREE_STR || s->len < 10 || e->len < 10 ||
	    !date_valid(s->str, 10) || !date_valid(e->str, 10))
		return NULL;
	n = s->len == e->len ? s->len : 10;
	if (memcmp(e->str, s->str, n) >= 0)
		return NULL;
	return diag_add(dl, DIAG_ERROR, path, e->line, e->col,
	    prefix[0] ? "next_meeting.end" : "end",
	    "%s is before the start %s; the end is the last day (or moment) "
	    "of the meeting", e->str, s->str);
}

static const struct ns_error *
check_item_ids(struct diag_list *dl, const char *path,
    const struct ytree_node *root, const char *list)
{
	const struct ytree_node *seq = ytree_get(root, list);
	const struct ytree_node *a, *b;
	const struct ns_error *err;
	struct buf where = BUF_INIT;
	size_t i, j;

	if (seq == NULL || seq->type != YTREE_SEQ)
		return NULL;
	for (i = 1; i < seq->n; i++) {
		a = ytree_get(seq->items[i], "id");
		if (a == NULL || a->type != YTREE_STR)
			continue;
		for (j = 0; j < i; j++) {
			b = ytree_get(seq->items[j], "id");
			if (b == NULL || b->type != YTREE_STR ||
			    strcmp(a->str, b->str) != 0)
				continue;
			buf_reset(&where);
			err = buf_printf(&where, "%s[%zu].id", list, i);
			if (err != NULL)
				goto done;
			err = diag_add(dl, DIAG_ERROR, path, a->line, a->col,
			    where.ptr, "duplicate id \"%s\" (also at line %u); "
			    "ids must be unique within a record", a->str,
			    b->line);
			if (err != NULL)
				goto done;
			break;
		}
	}
	err = NULL;
done:
	buf_dispose(&where);
	return err;
}

static const struct ns_error *
check_kind(const struct recset *rs, struct diag_list *dl, const char *path,
    const struct ytree_node *root, const struct schema **schema_out,
    const char **kind_out)
{
	static const char *const kinds[] = { "meeting", "followup",
	    "federation" };
	const struct ytree_node *k = ytree_get(root, "kind");
	size_t i;

	*schema_out = NULL;
	if (root->type != YTREE_MAP)
		return diag_add(dl, DIAG_ERROR, path, root->line, root->col,
		    NULL, "a record must be a mapping (kind: ..., id: ..., "
		    "federation: ...), not %s", ytree_type_name(root->type));
	if (k == NULL)
		return diag_add(dl, DIAG_ERROR, path, root->line, root->col,
		    NULL, "missing required property \"kind\" (meeting, "
		    "followup or federation)");
	for (i = 0; i < nitems(kinds); i++) {
		if (k->type == YTREE_STR && strcmp(k->str, kinds[i]) == 0) {
			*kind_out = kinds[i];
			*schema_out = schema_set_get(rs->schemas, kinds[i]);
			if (*schema_out == NULL)
				return ns_error_fmt(NS_ERR_NOT_FOUND,
				    "no built-in schema for kind %s", kinds[i]);
			return NULL;
		}
	}
	return diag_add(dl, DIAG_ERROR, path, k->line, k->col, "kind",
	    "\"%s\" is not a record kind; use meeting, followup or "
	    "federation", k->str ? k->str : "");
}

const struct ns_error *
recset_add(struct recset *rs, struct diag_list *dl, const char *path,
    const unsigned char *data, size_t len)
{
	const struct ns_error *err;
	const struct schema *schema = NULL;
	const struct ytree_node *root, *next;
	const char *kind = NULL;
	struct ytree *t = NULL;

	rs->count++;
	err = ytree_parse(&t, path, data, len, NULL);
	if (err) {
		if (err->code == NS_ERR_NOMEM)
			return err;
		return diag_add_error(dl, err, path);
	}
	root = ytree_root(t);
	err = check_kind(rs, dl, path, root, &schema, &kind);
	if (err != NULL || schema == NULL)
		goto done;
	err = schema_validate(dl, schema, root, path);
	if (err != NULL)
		goto done;
	err = check_identity(rs, dl, path, root, kind);
	if (err != NULL)
		goto done;
	err = check_range(dl, path, root, "");
	if (err != NULL)
		goto done;
	err = check_item_ids(dl, path, root, "questions");
	if (err != NULL)
		goto done;
	err = check_item_ids(dl, path, root, "decisions");
	if (err != NULL)
		goto done;
	next = ytree_get(root, "next_meeting");
	if (next && next->type == YTREE_MAP)
		err = check_range(dl, path, next, "next_meeting");
done:
	ytree_free(t);
	return err;
}

static int
cmp_seen(const void *a, const void *b)
{
	const struct seen *sa = *(const struct seen *const *)a;
	const struct seen *sb = *(const struct seen *const *)b;
	int c = strcmp(sa->id, sb->id);

	return c ? c : strcmp(sa->path, sb->path);
}

static size_t
hash_id(const char *id)
{
	size_t h = 2166136261u;	/* FNV-1a */

	while (*id)
		h = (h ^ (unsigned char)*id++) * 16777619u;
	return h;
}

/*
 * The ids seen more than once, each group in (id, path) order, into *dup
 * (NULL when there are none).  A hash table finds them in one pass: ids
 * are nearly always unique, and sorting them all cost more than the rest
 * of a run that found every record in the cache.
 */
static const struct ns_error *
find_duplicates(const struct recset *rs, const struct seen ***dup,
    size_t *ndup)
{
	const struct ns_error *err = NULL;
	size_t nslots = 16, i, j, *slot = NULL;
	unsigned char *twice = NULL;

	*dup = NULL;
	*ndup = 0;
	while (nslots < rs->nseen * 2)
		nslots *= 2;
	slot = malloc(nslots * sizeof(*slot));
	twice = calloc(rs->nseen + 1, 1);
	if (slot == NULL || twice == NULL) {
		err = ns_error(NS_ERR_NOMEM);
		goto done;
	}
	/* slots hold index + 1; 0 is empty */
	memset(slot, 0, nslots * sizeof(*slot));
	for (i = 0; i < rs->nseen; i++) {
		j = hash_id(rs->seen[i].id) & (nslots - 1);
		while (slot[j] && strcmp(rs->seen[slot[j] - 1].id,
		    rs->seen[i].id) != 0)
			j = (j + 1) & (nslots - 1);
		if (slot[j] == 0) {
			slot[j] = i + 1;
			continue;
		}
		twice[slot[j] - 1] = twice[i] = 1;
		(*ndup)++;
	}
	if (*ndup == 0)
		goto done;
	*dup = malloc((rs->nseen + 1) * sizeof(**dup));
	if (*dup == NULL) {
		err = ns_error(NS_ERR_NOMEM);
		goto done;
	}
	for (i = 0, *ndup = 0; i < rs->nseen; i++)
		if (twice[i])
			(*dup)[(*ndup)++] = &rs->seen[i];
	qsort(*dup, *ndup, sizeof(**dup), cmp_seen);
done:
	free(slot);
	free(twice);
	return err;
}

const struct ns_error *
recset_finish(struct recset *rs, struct diag_list *dl)
{
	const struct ns_error *err;
	const struct seen **v;
	size_t i, n;

	err = find_duplicates(rs, &v, &n);
	if (err != NULL)
		return err;
	for (i = 1; i < n; i++) {
		if (strcmp(v[i]->id, v[i - 1]->id) != 0)
			continue;
		err = diag_add(dl, DIAG_ERROR, v[i]->path, v[i]->line,
		    v[i]->col, "id", "\"%s\" is also the id of %s; record ids "
		    "must be unique in the repository", v[i]->id, v[i - 1]->path);
		if (err != NULL)
			break;
	}
	free(v);
	return err;
}

size_t
recset_count(const struct recset *rs)
{
	return rs->count;
}

void
recset_free(struct recset *rs)
{
	struct chunk *c;

	if (rs == NULL)
		return;
	while ((c = rs->chunks) != NULL) {
		rs->chunks = c->next;
		free(c);
	}
	free(rs->seen);
	free(rs->federation);
	free(rs);
}

size_t
recset_ids(const struct recset *rs)
{
	return rs->nseen;
}

void
recset_id_pos(const struct recset *rs, size_t i, unsigned *line,
    unsigned *col)
{
	*line = rs->seen[i].line;
	*col = rs->seen[i].col;
}

const struct ns_error *
recset_add_valid(struct recset *rs, const char *path, const char *id,
    unsigned line, unsigned col)
{
	struct ytree_node at;

	memset(&at, 0, sizeof(at));
	at.line = line;
	at.col = col;
	rs->count++;
	return remember_id(rs, id, path, &at);
}

const struct ns_error *
recset_merge(struct recset *dst, struct recset *src)
{
	struct chunk *c;
	struct seen *s;
	size_t cap;

	if (dst->nseen + src->nseen > dst->cap) {
		cap = dst->nseen + src->nseen;
		s = realloc(dst->seen, (cap ? cap : 1) * sizeof(*s));
		if (s == NULL)
			return ns_error(NS_ERR_NOMEM);
		dst->seen = s;
		dst->cap = cap;
	}
	if (src->nseen)
		memcpy(dst->seen + dst->nseen, src->seen,
		    src->nseen * sizeof(*src->seen));
	dst->nseen += src->nseen;
	dst->count += src->count;
	src->nseen = 0;
	src->count = 0;
	/* the strings go with their entries */
	if (src->chunks) {
		for (c = src->chunks; c->next; c = c->next)
			;
		c->next = dst->chunks;
		dst->chunks = src->chunks;
		src->chunks = NULL;
	}
	return NULL;
}

const struct ns_error *
check_config(struct diag_list *dl, const struct schema_set *schemas,
    const char *path, const unsigned char *data, size_t len)
{
	const struct ns_error *err;
	const struct schema *schema = schema_set_get(schemas, "netsync");
	struct config *cfg = NULL;
	struct ytree *t = NULL;

	err = ytree_parse(&t, path, data, len, NULL);
	if (err)
		return err->code == NS_ERR_NOMEM ? err :
		    diag_add_error(dl, err, path);
	if (schema)
		err = schema_validate(dl, schema, ytree_root(t), path);
	ytree_free(t);
	if (err)
		return err;
	err = config_parse(&cfg, path, data, len);
	config_free(cfg);
	if (err && err->code == NS_ERR_INVALID)
		return diag_add_error(dl, err, path);
	return err;
}
