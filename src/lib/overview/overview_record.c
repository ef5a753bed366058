/*
 * overview_record.c: a record's YAML tree to the overview's structs.
 *
 * Peer data accepted by pull is valid, but nothing here relies on it: a
 * field of the wrong shape is treated as absent, sequences may hold odd
 * items (skipped), and every string is copied into the model's arena so
 * the tree can be freed at once.
 */
#include <string.h>

#include "base/buf.h"
#include "overview/overview_int.h"

/* Scalars only: the text of null is no text. */
static char *
scalar_text(struct overview *ov, const struct ytree_node *n)
{
	if (n == NULL || n->type == YTREE_NULL || n->type == YTREE_SEQ ||
	    n->type == YTREE_MAP || n->str == NULL)
		return NULL;
	return ov_strndup(ov, n->str, n->len);
}

char *
ov_field(struct overview *ov, const struct ytree_node *map, const char *key)
{
	return scalar_text(ov, ytree_get(map, key));
}

/* Shorthand for a string field; *nomem is set when a copy failed. */
static char *
field(struct overview *ov, const struct ytree_node *map, const char *key,
    int *nomem)
{
	const struct ytree_node *n = ytree_get(map, key);
	char *s = scalar_text(ov, n);

	if (s == NULL && n && n->str && n->type != YTREE_NULL &&
	    n->type != YTREE_SEQ && n->type != YTREE_MAP)
		*nomem = 1;
	return s;
}

/*
 * A person_or_name: a plain name, or a mapping shown as
 * "Name (role, organization)".
 */
static char *
person_text(struct overview *ov, const struct ytree_node *n, int *nomem)
{
	const char *parts[2];
	struct buf b = BUF_INIT;
	const struct ns_error *err;
	char *s = NULL;
	size_t i, k = 0;

	if (n == NULL || n->type != YTREE_MAP)
		return n ? scalar_text(ov, n) : NULL;
	if (ytree_get_str(n, "name") == NULL)
		return NULL;
	parts[0] = ytree_get_str(n, "role");
	parts[1] = ytree_get_str(n, "organization");
	err = buf_puts(&b, ytree_get_str(n, "name"));
	for (i = 0; i < 2 && err == NULL; i++) {
		if (parts[i] == NULL)
			continue;
		err = buf_puts(&b, k++ ? ", " : " (");
		if (err == NULL)
			err = buf_puts(&b, parts[i]);
	}
	if (err == NULL && k)
		err = buf_putc(&b, ')');
	if (err == NULL)
		s = ov_strndup(ov, b.ptr, b.len);
	if (s == NULL)
		*nomem = 1;
	buf_dispose(&b);
	return s;
}

/* The sequence 'key' of 'map', or NULL. */
static const struct ytree_node *
seq(const struct ytree_node *map, const char *key)
{
	const struct ytree_node *n = ytree_get(map, key);

	return n && n->type == YTREE_SEQ && n->n > 0 ? n : NULL;
}

/* Count the mappings of a sequence. */
static size_t
count_maps(const struct ytree_node *s)
{
	size_t i, n = 0;

	for (i = 0; s && i < s->n; i++)
		if (s->items[i]->type == YTREE_MAP)
			n++;
	return n;
}

static const struct ns_error *
parse_people(struct overview *ov, struct ov_person **out, size_t *nout,
    const struct ytree_node *s)
{
	struct ov_person *p;
	size_t i, n = count_maps(s);
	int nomem = 0;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return NULL;
	p = ov_alloc(ov, n * sizeof(*p));
	if (p == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < s->n; i++) {
		const struct ytree_node *it = s->items[i];

		if (it->type != YTREE_MAP)
			continue;
		p[*nout].name = field(ov, it, "name", &nomem);
		p[*nout].role = field(ov, it, "role", &nomem);
		p[*nout].organization = field(ov, it, "organization", &nomem);
		p[*nout].federation = field(ov, it, "federation", &nomem);
		p[*nout].email = field(ov, it, "email", &nomem);
		(*nout)++;
	}
	*out = p;
	return nomem ? ns_error(NS_ERR_NOMEM) : NULL;
}

/* A sequence of scalars (tags, members) as strings. */
static const struct ns_error *
parse_strings(struct overview *ov, char ***out, size_t *nout,
    const struct ytree_node *s)
{
	char **v;
	size_t i;

	*out = NULL;
	*nout = 0;
	if (s == NULL)
		return NULL;
	v = ov_alloc(ov, s->n * sizeof(*v));
	if (v == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < s->n; i++) {
		char *t = scalar_text(ov, s->items[i]);

		if (t != NULL)
			v[(*nout)++] = t;
	}
	*out = v;
	return NULL;
}

static const struct ns_error *
parse_program(struct overview *ov, struct ov_meeting *m,
    const struct ytree_node *s)
{
	size_t i, n = count_maps(s);
	int nomem = 0;

	if (n == 0)
		return NULL;
	m->program = ov_alloc(ov, n * sizeof(*m->program));
	if (m->program == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < s->n; i++) {
		const struct ytree_node *it = s->items[i];
		struct ov_program_item *p = &m->program[m->nprogram];

		if (it->type != YTREE_MAP)
			continue;
		p->title = field(ov, it, "title", &nomem);
		p->speaker = person_text(ov, ytree_get(it, "speaker"), &nomem);
		p->notes = field(ov, it, "notes", &nomem);
		m->nprogram++;
	}
	return nomem ? ns_error(NS_ERR_NOMEM) : NULL;
}

static void
parse_question(struct overview *ov, struct ov_question *q,
    const struct ytree_node *it, int *nomem)
{
	const struct ytree_node *owner = ytree_get(it, "owner");
	const struct ytree_node *focus = ytree_get(it, "focus");
	const struct ytree_node *num = ytree_get(it, "number");

	q->id = field(ov, it, "id", nomem);
	q->title = field(ov, it, "title", nomem);
	q->description = field(ov, it, "description", nomem);
	q->due = field(ov, it, "due", nomem);
	q->status = field(ov, it, "status", nomem);
	q->focus = focus && focus->type == YTREE_BOOL && focus->boolean;
	if (num && num->type == YTREE_INT && num->number >= 1 &&
	    num->number < 1e6)
		q->number = (unsigned)num->number;
	if (owner && owner->type == YTREE_MAP) {
		q->owner_name = field(ov, owner, "name", nomem);
		q->owner_federation = field(ov, owner, "federation", nomem);
	} else if (owner)
		q->owner_name = field(ov, it, "owner", nomem);
}

static const struct ns_error *
parse_questions(struct overview *ov, struct ov_meeting *m,
    const struct ytree_node *s)
{
	size_t i, n = count_maps(s);
	int nomem = 0;

	if (n == 0)
		return NULL;
	m->questions = ov_alloc(ov, n * sizeof(*m->questions));
	if (m->questions == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < s->n; i++) {
		struct ov_question *q = &m->questions[m->nquestions];

		if (s->items[i]->type != YTREE_MAP)
			continue;
		q->number = (unsigned)(m->nquestions + 1);
		parse_question(ov, q, s->items[i], &nomem);
		q->meeting = m;
		m->nquestions++;
		if (parse_people(ov, &q->co_owners, &q->nco_owners,
		    seq(s->items[i], "co_owners")) != NULL)
			nomem = 1;
	}
	return nomem ? ns_error(NS_ERR_NOMEM) : NULL;
}

static const struct ns_error *
parse_decisions(struct overview *ov, struct ov_meeting *m,
    const struct ytree_node *s)
{
	size_t i, n = s ? s->n : 0;
	int nomem = 0;

	if (n == 0)
		return NULL;
	m->decisions = ov_alloc(ov, n * sizeof(*m->decisions));
	if (m->decisions == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < n; i++) {
		const struct ytree_node *it = s->items[i];
		struct ov_decision *d = &m->decisions[m->ndecisions];

		if (it->type == YTREE_MAP) {
			d->id = field(ov, it, "id", &nomem);
			d->text = field(ov, it, "text", &nomem);
		} else	/* a plain string is a decision's text, too */
			d->text = scalar_text(ov, it);
		if (d->text != NULL || d->id != NULL)
			m->ndecisions++;
	}
	return nomem ? ns_error(NS_ERR_NOMEM) : NULL;
}

static const struct ns_error *
parse_contributions(struct overview *ov, struct ov_meeting *m,
    const struct ytree_node *s)
{
	size_t i, n = s ? s->n : 0;
	int nomem = 0;

	if (n == 0)
		return NULL;
	m->contributions = ov_alloc(ov, n * sizeof(*m->contributions));
	if (m->contributions == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < n; i++) {
		const struct ytree_node *it = s->items[i];
		struct ov_contribution *c;

		c = &m->contributions[m->ncontributions];
		if (it->type == YTREE_MAP) {
			c->text = field(ov, it, "text", &nomem);
			c->by = field(ov, it, "by", &nomem);
		} else
			c->text = scalar_text(ov, it);
		if (c->text != NULL)
			m->ncontributions++;
	}
	return nomem ? ns_error(NS_ERR_NOMEM) : NULL;
}

static const struct ns_error *
parse_next(struct overview *ov, struct ov_meeting *m,
    const struct ytree_node *n)
{
	struct ov_next_meeting *nm;
	int nomem = 0;

	if (n == NULL || n->type != YTREE_MAP)
		return NULL;
	nm = ov_alloc(ov, sizeof(*nm));
	if (nm == NULL)
		return ns_error(NS_ERR_NOMEM);
	nm->host = field(ov, n, "host", &nomem);
	nm->location = field(ov, n, "location", &nomem);
	nm->start = field(ov, n, "start", &nomem);
	nm->end = field(ov, n, "end", &nomem);
	nm->note = field(ov, n, "note", &nomem);
	m->next_meeting = nm;
	return nomem ? ns_error(NS_ERR_NOMEM) : NULL;
}

static long
attendance(const struct ytree_node *n)
{
	if (n == NULL || n->type != YTREE_INT || n->number < 0 ||
	    n->number > 1e9)
		return -1;
	return (long)n->number;
}

const struct ns_error *
ov_parse_meeting(struct overview *ov, struct ov_meeting *m,
    const struct ytree_node *r)
{
	const struct ns_error *err;
	int nomem = 0;

	m->title = field(ov, r, "title", &nomem);
	m->type = field(ov, r, "type", &nomem);
	m->start = field(ov, r, "start", &nomem);
	m->end = field(ov, r, "end", &nomem);
	m->location = field(ov, r, "location", &nomem);
	m->host = field(ov, r, "host", &nomem);
	m->status = field(ov, r, "status", &nomem);
	m->purpose = field(ov, r, "purpose", &nomem);
	m->summary = field(ov, r, "summary", &nomem);
	m->compiled_by = field(ov, r, "compiled_by", &nomem);
	m->attendance = attendance(ytree_get(r, "attendance"));
	if (nomem)
		return ns_error(NS_ERR_NOMEM);
	err = parse_people(ov, &m->organizers, &m->norganizers,
	    seq(r, "organizers"));
	if (err == NULL)
		err = parse_people(ov, &m->participants, &m->nparticipants,
		    seq(r, "participants"));
	if (err == NULL)
		err = parse_program(ov, m, seq(r, "program"));
	if (err == NULL)
		err = parse_questions(ov, m, seq(r, "questions"));
	if (err == NULL)
		err = parse_decisions(ov, m, seq(r, "decisions"));
	if (err == NULL)
		err = parse_contributions(ov, m, seq(r, "contributions"));
	if (err == NULL)
		err = parse_strings(ov, &m->tags, &m->ntags, seq(r, "tags"));
	if (err == NULL)
		err = parse_next(ov, m, ytree_get(r, "next_meeting"));
	return err;
}

const struct ns_error *
ov_parse_followup(struct overview *ov, struct ov_followup *f,
    const struct ytree_node *r)
{
	const struct ytree_node *ref = ytree_get(r, "refers_to");
	int nomem = 0;

	f->refers_to = field(ov, r, "refers_to", &nomem);
	f->date = field(ov, r, "date", &nomem);
	f->status = field(ov, r, "status", &nomem);
	f->by = field(ov, r, "by", &nomem);
	f->note = field(ov, r, "note", &nomem);
	f->line = ref ? ref->line : r->line;
	f->col = ref ? ref->col : r->col;
	return nomem ? ns_error(NS_ERR_NOMEM) : NULL;
}

const struct ns_error *
ov_parse_profile(struct overview *ov, struct ov_federation *fed,
    const struct ytree_node *r)
{
	const struct ns_error *err;
	char *name;
	int nomem = 0;

	name = field(ov, r, "name", &nomem);
	if (name != NULL)	/* the profile's name wins over netsync.yaml */
		fed->name = name;
	fed->short_name = field(ov, r, "short_name", &nomem);
	fed->description = field(ov, r, "description", &nomem);
	fed->region = field(ov, r, "region", &nomem);
	fed->chair = person_text(ov, ytree_get(r, "chair"), &nomem);
	fed->website = field(ov, r, "website", &nomem);
	if (nomem)
		return ns_error(NS_ERR_NOMEM);
	err = parse_people(ov, &fed->contacts, &fed->ncontacts,
	    seq(r, "contacts"));
	if (err == NULL)
		err = parse_strings(ov, &fed->members, &fed->nmembers,
		    seq(r, "members"));
	return err;
}
