/*
 * overview.c: the combined model: records in, sorted and cross-referenced
 * data out.
 *
 * Every string and fixed array lives in one arena freed with the model;
 * only the growing lists (federations, meetings, follow-ups, questions)
 * are realloc()ed.  Records are looked up by "<federation>/<id>" and
 * questions by "<federation>/<id>#<question>" in one open-addressing hash
 * table, so loading and resolving stay linear in the number of records.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "overview/overview_int.h"

#define ARENA_BLOCK	(64u * 1024)

struct ov_arena {
	struct ov_arena	*next;
	size_t		 used;
	size_t		 cap;
	_Alignas(16) unsigned char data[];
};

struct ov_slot {
	const char	*key;	/* arena string; NULL: empty */
	void		*value;
};

struct ov_index {
	struct ov_slot	*slots;
	size_t		 cap;	/* a power of two */
	size_t		 n;
};

/* The hidden part of a model: the public struct comes first. */
struct overview_impl {
	struct overview	 pub;
	struct ov_index	 records;	/* fed/id -> record (any kind) */
	struct ov_index	 questions;	/* fed/id#q -> question */
	size_t		 cap_feds, cap_meetings, cap_followups;
};

void *
ov_alloc(struct overview *ov, size_t size)
{
	struct ov_arena *a = ov->arena;
	size_t cap;
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (size == 0)
		size = 16;
	if (a == NULL || a->cap - a->used < size) {
		cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
		a = calloc(1, sizeof(*a) + cap);
		if (a == NULL)
			return NULL;
		a->cap = cap;
		a->next = ov->arena;
		ov->arena = a;
	}
	p = a->data + a->used;
	a->used += size;
	return p;
}

char *
ov_strndup(struct overview *ov, const char *s, size_t len)
{
	char *p;
	size_t i, j = 0;

	p = ov_alloc(ov, len + 1);
	if (p == NULL)
		return NULL;
	for (i = 0; i < len; i++)
		if (s[i] != '\0')
			p[j++] = s[i];
	p[j] = '\0';
	return p;
}

char *
ov_strdup(struct overview *ov, const char *s)
{
	return s ? ov_strndup(ov, s, strlen(s)) : NULL;
}

/* FNV-1a */
static size_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

static struct ov_slot *
index_find(const struct ov_index *ix, const char *key)
{
	size_t i;

	if (ix->cap == 0)
		return NULL;
	for (i = hash(key) & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1))
		if (ix->slots[i].key == NULL ||
		    strcmp(ix->slots[i].key, key) == 0)
			return &ix->slots[i];
}

static void *
index_get(const struct ov_index *ix, const char *key)
{
	struct ov_slot *s = index_find(ix, key);

	return s && s->key ? s->value : NULL;
}

static const struct ns_error *
index_grow(struct ov_index *ix)
{
	struct ov_index bigger = { NULL, ix->cap ? ix->cap * 2 : 256, 0 };
	size_t i;

	bigger.slots = calloc(bigger.cap, sizeof(*bigger.slots));
	if (bigger.slots == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < ix->cap; i++)
		if (ix->slots[i].key != NULL)
			*index_find(&bigger, ix->slots[i].key) = ix->slots[i];
	bigger.n = ix->n;
	free(ix->slots);
	*ix = bigger;
	return NULL;
}

/* Insert 'key' (an arena string); 1 in *dup when it was already there. */
static const struct ns_error *
index_put(struct ov_index *ix, const char *key, void *value, int *dup)
{
	const struct ns_error *err;
	struct ov_slot *s;

	*dup = 0;
	if ((ix->n + 1) * 2 > ix->cap) {
		err = index_grow(ix);
		if (err)
			return err;
	}
	s = index_find(ix, key);
	if (s->key != NULL) {
		*dup = 1;
		return NULL;
	}
	s->key = key;
	s->value = value;
	ix->n++;
	return NULL;
}

/* "a/b" or "a/b#c" in the arena. */
static char *
make_key(struct overview *ov, const char *fed, const char *id, const char *q)
{
	struct buf b = BUF_INIT;
	char *k = NULL;

	if (buf_printf(&b, "%s/%s%s%s", fed, id, q ? "#" : "", q ? q : "") ==
	    NULL)
		k = ov_strndup(ov, b.ptr, b.len);
	buf_dispose(&b);
	return k;
}

/* Grow a pointer list *v of *n items and capacity *cap by one. */
static const struct ns_error *
push(void *vp, size_t *n, size_t *cap, void *item)
{
	void ***v = vp;
	void **nv;
	size_t ncap;

	if (*n == *cap) {
		ncap = *cap ? *cap * 2 : 64;
		nv = realloc(*v, ncap * sizeof(**v));
		if (nv == NULL)
			return ns_error(NS_ERR_NOMEM);
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*n)++] = item;
	return NULL;
}

const struct ns_error *
ov_push_meeting(struct overview *ov, struct ov_meeting *m)
{
	struct overview_impl *im = (struct overview_impl *)ov;

	return push(&ov->meetings, &ov->nmeetings, &im->cap_meetings, m);
}

const struct ns_error *
ov_push_followup(struct overview *ov, struct ov_followup *f)
{
	struct overview_impl *im = (struct overview_impl *)ov;

	return push(&ov->followups, &ov->nfollowups, &im->cap_followups, f);
}

const struct ns_error *
overview_new(struct overview **out, const char *self, const char *network)
{
	struct overview_impl *im;

	*out = NULL;
	if (!slug_valid(self))
		return ns_error_fmt(NS_ERR_INVALID, "federation id is not a "
		    "valid slug");
	im = calloc(1, sizeof(*im));
	if (im == NULL)
		return ns_error(NS_ERR_NOMEM);
	im->pub.self = ov_strdup(&im->pub, self);
	im->pub.network = ov_strdup(&im->pub, network);
	if (im->pub.self == NULL || (network && im->pub.network == NULL)) {
		overview_free(&im->pub);
		return ns_error(NS_ERR_NOMEM);
	}
	*out = &im->pub;
	return NULL;
}

struct ov_federation *
ov_federation_get(struct overview *ov, const char *id)
{
	size_t i;

	/* a handful of federations: a linear scan is the fastest */
	for (i = 0; i < ov->nfederations; i++)
		if (strcmp(ov->federations[i]->id, id) == 0)
			return ov->federations[i];
	return NULL;
}

const struct ov_federation *
overview_federation(const struct overview *ov, const char *id)
{
	return ov_federation_get((struct overview *)ov, id);
}

const struct ns_error *
overview_add_source(struct overview *ov, const char *id, const char *name,
    const char *source, int has_data, long long updated, int updated_known)
{
	struct overview_impl *im = (struct overview_impl *)ov;
	struct ov_federation *f;
	const struct ns_error *err;

	/* ids become file names and links: slugs only */
	if (!slug_valid(id))
		return ns_error_fmt(NS_ERR_INVALID, "federation id is not a "
		    "valid slug");
	f = ov_federation_get(ov, id);
	if (f == NULL) {
		f = ov_alloc(ov, sizeof(*f));
		if (f == NULL || (f->id = ov_strdup(ov, id)) == NULL)
			return ns_error(NS_ERR_NOMEM);
		err = push(&ov->federations, &ov->nfederations,
		    &im->cap_feds, f);
		if (err)
			return err;
	}
	if (name != NULL && f->name == NULL)
		f->name = ov_strdup(ov, name);
	f->source = ov_strdup(ov, source);
	f->is_self = strcmp(id, ov->self) == 0;
	f->has_data = has_data;
	f->updated = updated;
	f->updated_known = updated_known;
	return NULL;
}

/* Check the record's identity; a warning and 0 when it must be skipped. */
static const struct ns_error *
check_identity(struct overview *ov, const char *src, const char *display,
    const struct ytree_node *root, int *ok)
{
	const char *kind = ytree_get_str(root, "kind");
	const char *id = ytree_get_str(root, "id");
	const char *fed = ytree_get_str(root, "federation");
	const char *why = NULL;

	*ok = 0;
	if (kind == NULL || (strcmp(kind, "meeting") != 0 &&
	    strcmp(kind, "followup") != 0 && strcmp(kind, "federation") != 0))
		why = "not a meeting, followup or federation record";
	else if (!slug_valid(id))
		why = "its id is missing or not a valid slug";
	else if (fed == NULL || strcmp(fed, src) != 0)
		why = "it does not belong to the federation it was read from";
	if (why)
		return diag_add(&ov->warnings, DIAG_WARNING, display,
		    root->line, root->col, NULL, "record skipped: %s", why);
	*ok = 1;
	return NULL;
}

static const struct ns_error *
add_meeting(struct overview *ov, const char *src, const char *id,
    const char *display, const struct ytree_node *root, struct ov_slot *slot)
{
	const struct ns_error *err;
	struct ov_meeting *m;

	m = ov_alloc(ov, sizeof(*m));
	if (m == NULL)
		return ns_error(NS_ERR_NOMEM);
	m->federation = ov_strdup(ov, src);
	m->id = ov_strdup(ov, id);
	m->file = ov_strdup(ov, display);
	if (m->federation == NULL || m->id == NULL || m->file == NULL)
		return ns_error(NS_ERR_NOMEM);
	slot->value = m;
	err = ov_parse_meeting(ov, m, root);
	if (err == NULL)
		err = ov_push_meeting(ov, m);
	return err;
}

static const struct ns_error *
add_followup(struct overview *ov, const char *src, const char *id,
    const char *display, const struct ytree_node *root)
{
	const struct ns_error *err;
	struct ov_followup *f;

	f = ov_alloc(ov, sizeof(*f));
	if (f == NULL)
		return ns_error(NS_ERR_NOMEM);
	f->federation = ov_strdup(ov, src);
	f->id = ov_strdup(ov, id);
	f->file = ov_strdup(ov, display);
	if (f->federation == NULL || f->id == NULL || f->file == NULL)
		return ns_error(NS_ERR_NOMEM);
	err = ov_parse_followup(ov, f, root);
	if (err == NULL)
		err = ov_push_followup(ov, f);
	return err;
}

/* Dispatch a record whose identity was checked; counts it. */
static const struct ns_error *
add_checked(struct overview *ov, struct ov_federation *fed,
    const char *display, const struct ytree_node *root)
{
	struct overview_impl *im = (struct overview_impl *)ov;
	const char *kind = ytree_get_str(root, "kind");
	const char *id = ytree_get_str(root, "id");
	const struct ns_error *err;
	char *key;
	int dup;

	key = make_key(ov, fed->id, id, NULL);
	if (key == NULL)
		return ns_error(NS_ERR_NOMEM);
	err = index_put(&im->records, key, NULL, &dup);
	if (err == NULL && dup)
		return diag_add(&ov->warnings, DIAG_WARNING, display,
		    root->line, root->col, NULL,
		    "record skipped: another record already has id %s", key);
	if (err)
		return err;
	fed->nrecords++;
	if (strcmp(kind, "meeting") == 0)
		return add_meeting(ov, fed->id, id, display, root,
		    index_find(&im->records, key));
	if (strcmp(kind, "followup") == 0)
		return add_followup(ov, fed->id, id, display, root);
	if (strcmp(id, fed->id) != 0)
		return diag_add(&ov->warnings, DIAG_WARNING, display,
		    root->line, root->col, NULL, "federation profile skipped: "
		    "its id is not the federation id %s", fed->id);
	return ov_parse_profile(ov, fed, root);
}

const struct ns_error *
overview_add_record(struct overview *ov, const char *source_id,
    const char *display, const unsigned char *data, size_t len)
{
	const struct ns_error *err;
	struct ov_federation *fed;
	const struct ytree_node *root;
	struct ytree *tree = NULL;
	int ok;

	fed = ov_federation_get(ov, source_id);
	if (fed == NULL)
		return ns_error_fmt(NS_ERR_NOT_FOUND,
		    "federation %s was not declared", source_id);
	err = ytree_parse(&tree, display, data, len, NULL);
	if (err && err->code == NS_ERR_NOMEM)
		return err;
	if (err)
		return diag_add(&ov->warnings, DIAG_WARNING,
		    err->file ? err->file : display, err->line, err->col, NULL,
		    "record skipped: %s", err->msg);
	root = ytree_root(tree);
	if (root->type != YTREE_MAP)
		err = diag_add(&ov->warnings, DIAG_WARNING, display,
		    root->line, root->col, NULL,
		    "record skipped: not a mapping");
	else {
		err = check_identity(ov, source_id, display, root, &ok);
		if (err == NULL && ok)
			err = add_checked(ov, fed, display, root);
	}
	ytree_free(tree);
	return err;
}

void
overview_free(struct overview *ov)
{
	struct overview_impl *im = (struct overview_impl *)ov;
	struct ov_arena *a, *next;

	if (ov == NULL)
		return;
	for (a = ov->arena; a; a = next) {
		next = a->next;
		free(a);
	}
	free(ov->federations);
	free(ov->meetings);
	free(ov->followups);
	free(ov->questions);
	free(ov->by_due);
	diag_list_dispose(&ov->warnings);
	free(im->records.slots);
	free(im->questions.slots);
	free(im);
}

/* The meeting record fed/id, or NULL (also for other kinds). */
static struct ov_meeting *
find_meeting(const struct overview *ov, const char *fed, const char *id)
{
	const struct overview_impl *im = (const struct overview_impl *)ov;
	struct buf b = BUF_INIT;
	struct ov_meeting *m = NULL;

	if (buf_printf(&b, "%s/%s", fed, id) == NULL)
		m = index_get(&im->records, b.ptr);
	buf_dispose(&b);
	return m;
}

const struct ov_meeting *
overview_meeting(const struct overview *ov, const char *federation,
    const char *id)
{
	return find_meeting(ov, federation, id);
}

int
overview_status_open(const char *status)
{
	return status == NULL || (strcmp(status, "done") != 0 &&
	    strcmp(status, "dropped") != 0);
}

const struct ns_error *
overview_diagnose(struct diag_list *dl, const struct overview *ov)
{
	const struct ns_error *err = NULL;
	const struct diag *d;
	size_t i;

	for (i = 0; i < ov->warnings.n && err == NULL; i++) {
		d = &ov->warnings.items[i];
		err = diag_add(dl, DIAG_WARNING, d->file, d->line, d->col,
		    d->path, "%s", d->message);
	}
	return err;
}

int
overview_strcmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

static int
cmp_federation(const void *pa, const void *pb)
{
	const struct ov_federation *a, *b;

	a = *(const struct ov_federation *const *)pa;
	b = *(const struct ov_federation *const *)pb;

	if (a->is_self != b->is_self)
		return b->is_self - a->is_self;
	return strcmp(a->id, b->id);
}

static int
cmp_meeting(const void *pa, const void *pb)
{
	const struct ov_meeting *a = *(const struct ov_meeting *const *)pa;
	const struct ov_meeting *b = *(const struct ov_meeting *const *)pb;
	int c = overview_strcmp(a->start, b->start);

	if (c == 0)
		c = strcmp(a->federation, b->federation);
	return c ? c : strcmp(a->id, b->id);
}

/* The contract's order: date, then federation id, then record id. */
static int
cmp_followup(const void *pa, const void *pb)
{
	const struct ov_followup *a = *(const struct ov_followup *const *)pa;
	const struct ov_followup *b = *(const struct ov_followup *const *)pb;
	int c = overview_strcmp(a->date, b->date);

	if (c == 0)
		c = strcmp(a->federation, b->federation);
	return c ? c : strcmp(a->id, b->id);
}

static const struct ns_error *
index_questions(struct overview *ov, struct ov_index *ix)
{
	const struct ns_error *err = NULL;
	struct ov_meeting *m;
	struct ov_question *q;
	size_t i, j, cap = 0;
	char *key;
	int dup;

	for (i = 0; i < ov->nmeetings && err == NULL; i++) {
		m = ov->meetings[i];
		for (j = 0; j < m->nquestions && err == NULL; j++) {
			q = &m->questions[j];
			q->seq = ov->nquestions;
			err = push(&ov->questions, &ov->nquestions, &cap, q);
			if (err || q->id == NULL)
				continue;
			key = make_key(ov, m->federation, m->id, q->id);
			if (key == NULL)
				return ns_error(NS_ERR_NOMEM);
			err = index_put(ix, key, q, &dup);
			if (err == NULL && dup)
				err = diag_add(&ov->warnings, DIAG_WARNING,
				    m->file, 0, 0, NULL, "question id %s is "
				    "used twice; follow-ups go to the first",
				    q->id);
		}
	}
	return err;
}

static int
cmp_due(const void *pa, const void *pb)
{
	const struct ov_question *a = *(const struct ov_question *const *)pa;
	const struct ov_question *b = *(const struct ov_question *const *)pb;
	int c = strncmp(a->due, b->due, 10);

	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static const struct ns_error *
index_due(struct overview *ov)
{
	size_t i, n = 0;

	ov->by_due = malloc((ov->nquestions + 1) * sizeof(*ov->by_due));
	if (ov->by_due == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < ov->nquestions; i++)
		if (ov->questions[i]->due)
			ov->by_due[n++] = ov->questions[i];
	ov->nby_due = n;
	if (n > 1)
		qsort(ov->by_due, n, sizeof(*ov->by_due), cmp_due);
	return NULL;
}

/* The first of by_due whose day is after 'day' ('after' 1) or not before. */
static size_t
due_bound(const struct overview *ov, const char *day, int after)
{
	size_t lo = 0, hi = ov->nby_due, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strncmp(ov->by_due[mid]->due, day, 10);
		if (c < 0 || (after && c == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct ov_question *const *
overview_questions_due(const struct overview *ov, const char *from,
    const char *to, size_t *n)
{
	size_t lo, hi;

	*n = 0;
	if (from == NULL || to == NULL || ov->nby_due == 0)
		return ov->by_due;
	lo = due_bound(ov, from, 0);
	hi = due_bound(ov, to, 1);
	*n = hi > lo ? hi - lo : 0;
	return ov->by_due + lo;
}

/* Why 'ref' does not name a question, in words for a warning. */
static const struct ns_error *
broken_reason(const struct overview *ov, const char *ref, const char **why)
{
	const struct ns_error *err;
	const char *slash, *hash_mark;
	struct buf fed = BUF_INIT, rec = BUF_INIT;

	slash = ref ? strchr(ref, '/') : NULL;
	hash_mark = slash ? strchr(slash, '#') : NULL;
	*why = "is not of the form <federation>/<record-id>#<question-id>";
	if (ref == NULL)
		*why = "is missing";
	if (hash_mark == NULL || hash_mark[1] == '\0')
		return NULL;
	err = buf_add(&fed, ref, (size_t)(slash - ref));
	if (err == NULL)
		err = buf_add(&rec, slash + 1, (size_t)(hash_mark - slash - 1));
	if (err == NULL && overview_federation(ov, fed.ptr) == NULL)
		*why = "names a federation that is neither this repository "
		    "nor a pulled peer";
	else if (err == NULL && find_meeting(ov, fed.ptr, rec.ptr) == NULL)
		*why = "names a meeting record that does not exist";
	else
		*why = "names a question that the meeting does not have";
	buf_dispose(&fed);
	buf_dispose(&rec);
	return err;
}

/* A warning at the position of refers_to: the reference is broken. */
static const struct ns_error *
warn_broken(struct overview *ov, const struct ov_followup *f)
{
	const struct ns_error *err;
	const char *ref = f->refers_to, *why;

	err = broken_reason(ov, ref, &why);
	if (err)
		return err;
	return diag_add(&ov->warnings, DIAG_WARNING, f->file, f->line, f->col,
	    "refers_to", "broken reference %s%s%s: it %s", ref ? "\"" : "",
	    ref ? ref : "", ref ? "\"" : "", why);
}

/* Attach every follow-up to its question: count, allocate, fill. */
static const struct ns_error *
attach_followups(struct overview *ov, struct ov_index *ix)
{
	const struct ns_error *err = NULL;
	struct ov_followup *f;
	struct ov_question *q;
	size_t i;

	for (i = 0; i < ov->nfollowups && err == NULL; i++) {
		f = ov->followups[i];
		f->question = f->refers_to ? index_get(ix, f->refers_to) :
		    NULL;
		if (f->question == NULL)
			err = warn_broken(ov, f);
		else
			f->question->nfollowups++;
	}
	for (i = 0; i < ov->nquestions && err == NULL; i++) {
		q = ov->questions[i];
		if (q->nfollowups == 0)
			continue;
		q->followups = ov_alloc(ov, q->nfollowups * sizeof(f));
		if (q->followups == NULL)
			return ns_error(NS_ERR_NOMEM);
		q->nfollowups = 0;
	}
	for (i = 0; i < ov->nfollowups && err == NULL; i++) {
		f = ov->followups[i];
		q = f->question;
		if (q == NULL)
			continue;
		q->followups[q->nfollowups++] = f;
		q->latest = f;		/* later ones come later */
		if (f->status != NULL)
			q->current_status = f->status;
	}
	return err;
}

/* "YYYY-MM-DD" of a date or date-time, for matching announcements. */
static void
day_of(char out[11], const char *s)
{
	size_t n = s ? strlen(s) : 0;

	memcpy(out, s ? s : "", n < 10 ? n : 10);
	out[n < 10 ? n : 10] = '\0';
}

/*
 * An announcement {host, start} is the meeting record that starts that
 * day and belongs to, or is hosted by, the announced host.
 */
static const struct ns_error *
match_announcements(struct overview *ov)
{
	const struct ns_error *err = NULL;
	struct ov_index ix = { NULL, 0, 0 };
	struct ov_next_meeting *nm;
	struct ov_meeting *m;
	char day[11], *key;
	size_t i;
	int dup;

	for (i = 0; i < ov->nmeetings && err == NULL; i++) {
		m = ov->meetings[i];
		day_of(day, m->start);
		key = make_key(ov, day, m->federation, NULL);
		err = key ? index_put(&ix, key, m, &dup) :
		    ns_error(NS_ERR_NOMEM);
		if (err == NULL && m->host != NULL) {
			key = make_key(ov, day, m->host, NULL);
			err = key ? index_put(&ix, key, m, &dup) :
			    ns_error(NS_ERR_NOMEM);
		}
	}
	for (i = 0; i < ov->nmeetings && err == NULL; i++) {
		nm = ov->meetings[i]->next_meeting;
		if (nm == NULL || nm->host == NULL || nm->start == NULL)
			continue;
		day_of(day, nm->start);
		key = make_key(ov, day, nm->host, NULL);
		if (key == NULL)
			err = ns_error(NS_ERR_NOMEM);
		else
			nm->record = index_get(&ix, key);
	}
	free(ix.slots);
	return err;
}

static void
count_per_federation(struct overview *ov)
{
	struct ov_federation *fed;
	size_t i;

	for (i = 0; i < ov->nmeetings; i++) {
		fed = ov_federation_get(ov, ov->meetings[i]->federation);
		fed->nmeetings++;
		fed->nquestions += ov->meetings[i]->nquestions;
	}
	for (i = 0; i < ov->nfollowups; i++)
		ov_federation_get(ov, ov->followups[i]->federation)->
		    nfollowups++;
}

const struct ns_error *
overview_finish(struct overview *ov)
{
	struct overview_impl *im = (struct overview_impl *)ov;
	const struct ns_error *err;
	struct ov_question *q;
	size_t i;

	if (ov->nfederations > 1)
		qsort(ov->federations, ov->nfederations,
		    sizeof(*ov->federations), cmp_federation);
	if (ov->nmeetings > 1)
		qsort(ov->meetings, ov->nmeetings, sizeof(*ov->meetings),
		    cmp_meeting);
	if (ov->nfollowups > 1)
		qsort(ov->followups, ov->nfollowups, sizeof(*ov->followups),
		    cmp_followup);
	count_per_federation(ov);
	err = index_questions(ov, &im->questions);
	if (err == NULL)
		err = index_due(ov);
	if (err == NULL)
		err = attach_followups(ov, &im->questions);
	for (i = 0; i < ov->nquestions && err == NULL; i++) {
		q = ov->questions[i];
		if (q->current_status == NULL)
			q->current_status = q->status ? q->status : "open";
	}
	if (err == NULL)
		err = match_announcements(ov);
	return err;
}
