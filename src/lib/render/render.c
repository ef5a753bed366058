/*
 * render.c: the renderer table and what every renderer shares: output
 * files, in memory or spilled as they grow, and their atomic writing when
 * they changed, a writer with a sticky error,
 * readable dates, Swedish display order, and the two derived lists the
 * formats have in common (events, open questions).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"
#include "render/render.h"

static const struct renderer renderers[] = {
	{ "html", render_html },
	{ "md", render_md },
	{ "json", render_json },
	{ "ics", render_ics },
	{ "csv", render_csv },
};

const struct renderer *
render_find(const char *format)
{
	size_t i;

	for (i = 0; i < nitems(renderers); i++)
		if (strcmp(renderers[i].format, format) == 0)
			return &renderers[i];
	return NULL;
}

const char *
render_formats(void)
{
	return "html,md,json,ics,csv";
}

void
render_output_stream(struct render_output *out, const char *dir)
{
	out->dir = dir;
}

const struct ns_error *
render_output_add(struct render_output *out, const char *path,
    struct buf **buf_out)
{
	const struct ns_error *err;
	struct render_file *nf;
	size_t ncap;

	*buf_out = NULL;
	if (out->dir && (err = render_write(out, out->dir)))
		return err;
	if (out->n == out->cap) {
		ncap = out->cap ? out->cap * 2 : 16;
		nf = realloc(out->files, ncap * sizeof(*nf));
		if (nf == NULL)
			return ns_error(NS_ERR_NOMEM);
		out->files = nf;
		out->cap = ncap;
	}
	nf = &out->files[out->n];
	memset(nf, 0, sizeof(*nf));
	nf->fd = nf->old = -1;
	nf->path = strdup(path);
	if (nf->path == NULL)
		return ns_error(NS_ERR_NOMEM);
	out->n++;
	*buf_out = &nf->data;
	return NULL;
}

const struct render_file *
render_output_get(const struct render_output *out, const char *path)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		if (strcmp(out->files[i].path, path) == 0)
			return &out->files[i];
	return NULL;
}

/* Close the file in place and remove the temporary file of 'f'. */
static void
discard_spill(struct render_file *f)
{
	if (f->old != -1)
		close(f->old);
	f->old = -1;
	if (f->tmp == NULL)
		return;
	if (f->fd != -1)
		close(f->fd);
	unlink(f->tmp);
	free(f->tmp);
	f->tmp = NULL;
	f->fd = -1;
}

void
render_output_dispose(struct render_output *out)
{
	size_t i;

	if (out == NULL)
		return;
	for (i = 0; i < out->n; i++) {
		discard_spill(&out->files[i]);
		free(out->files[i].path);
		buf_dispose(&out->files[i].data);
	}
	free(out->files);
	out->files = NULL;
	out->n = out->cap = 0;
}

/* mkdir -p for the directories of 'path' (a file path). */
static const struct ns_error *
make_parents(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) == -1 && errno != EEXIST) {
			const struct ns_error *err =
			    ns_error_from_errno2("mkdir", path);

			*p = '/';
			return err;
		}
		*p = '/';
	}
	return NULL;
}

/*
 * 1 if the file at 'path' already holds exactly 'data': then it is left
 * alone, so a regenerated site costs no writes for the
 * pages that did not change, and their mtimes stay for rsync and caches.
 */
static int
unchanged(const char *path, const struct buf *data)
{
	struct buf old = BUF_INIT;
	int same;

	same = buf_load_path(&old, path, data->len + 1) == NULL &&
	    old.len == data->len &&
	    (data->len == 0 || memcmp(old.ptr, data->ptr, data->len) == 0);
	buf_dispose(&old);
	return same;
}

/* Read 'len' bytes of 'fd' at 'off'; 0 at an error or the end. */
static int
read_at(int fd, char *p, size_t len, off_t off)
{
	ssize_t r;

	while (len > 0) {
		r = pread(fd, p, len, off);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		p += r;
		len -= (size_t)r;
		off += r;
	}
	return 1;
}

/* 1 if the 'len' bytes of 'fd' at 'off' are those at 'p'. */
static int
same_at(int fd, off_t off, const char *p, size_t len)
{
	char chunk[32768];
	size_t n;

	while (len > 0) {
		n = len < sizeof(chunk) ? len : sizeof(chunk);
		if (!read_at(fd, chunk, n, off) || memcmp(chunk, p, n) != 0)
			return 0;
		p += n;
		len -= n;
		off += (off_t)n;
	}
	return 1;
}

/*
 * 'f' differs from the file in place at 'path' (or there is none): start
 * its temporary file with the f->nspilled bytes they have in common.
 */
static const struct ns_error *
diverge(struct render_file *f, const char *path)
{
	const struct ns_error *err;
	char chunk[32768];
	struct buf tmp = BUF_INIT;
	off_t off;
	size_t n;

	err = buf_mkstemp(&tmp, path, 0644, &f->fd);
	if (err == NULL)
		f->tmp = buf_detach(&tmp);
	for (off = 0; err == NULL && off < f->nspilled; off += (off_t)n) {
		n = f->nspilled - off < (off_t)sizeof(chunk) ?
		    (size_t)(f->nspilled - off) : sizeof(chunk);
		if (!read_at(f->old, chunk, n, off))
			err = ns_error_fmt(NS_ERR_ERRNO, "%s: cannot read it "
			    "again (changed while rendering?)", path);
		else
			err = buf_write_fd(f->fd, chunk, n, f->tmp);
	}
	if (f->old != -1)
		close(f->old);
	f->old = -1;
	buf_dispose(&tmp);
	return err;
}

/*
 * Move the bytes of 'f' (at 'path' once finished) out of memory: while
 * they are the same as the file in place, only compare them with it; from
 * the first difference on, write them to the temporary file.  So an
 * unchanged file costs reads, not writes.
 */
static const struct ns_error *
spill_data(struct render_file *f, char *path)
{
	const struct ns_error *err = NULL;
	struct stat st;

	if (f->old == -1 && f->tmp == NULL) {	/* the first spill */
		err = make_parents(path);
		if (err)
			return err;
		f->old = open(path, O_RDONLY | O_CLOEXEC);
		if (f->old != -1 && (fstat(f->old, &st) == -1 ||
		    !S_ISREG(st.st_mode))) {
			close(f->old);
			f->old = -1;
		}
	}
	if (f->tmp == NULL && (f->old == -1 ||
	    !same_at(f->old, f->nspilled, f->data.ptr, f->data.len)))
		err = diverge(f, path);
	if (err == NULL && f->tmp)
		err = buf_write_fd(f->fd, f->data.ptr, f->data.len, f->tmp);
	if (err == NULL) {
		f->nspilled += (off_t)f->data.len;
		buf_reset(&f->data);
	}
	return err;
}

const struct ns_error *
render_output_spill(struct render_output *out)
{
	const struct ns_error *err;
	struct render_file *f;
	struct buf path = BUF_INIT;

	if (out->dir == NULL || out->n == out->written)
		return NULL;
	f = &out->files[out->n - 1];
	if (f->data.len < RENDER_SPILL_BYTES)
		return NULL;
	err = buf_printf(&path, "%s/%s", out->dir, f->path);
	if (err == NULL)
		err = spill_data(f, path.ptr);
	buf_dispose(&path);
	return err;
}

/*
 * Finish the spilled file 'f' at 'path': its last bytes spilled, then
 * nothing more if the file in place is the same to its end, else the
 * temporary file renamed into place.
 */
static const struct ns_error *
finish_spill(struct render_file *f, char *path)
{
	const struct ns_error *err;
	struct stat st;
	int fd;

	err = spill_data(f, path);
	if (err == NULL && f->old != -1) {
		if (fstat(f->old, &st) == 0 && st.st_size == f->nspilled)
			goto done;	/* unchanged: not a byte written */
		err = diverge(f, path);	/* the file in place is longer */
	}
	if (err)
		goto done;
	fd = f->fd;	/* no fsync, as buf_write_replace() */
	f->fd = -1;
	if (close(fd) == -1)
		err = ns_error_from_errno2("close", f->tmp);
	else if (rename(f->tmp, path) == -1)
		err = ns_error_from_errno2("rename", path);
	else {
		free(f->tmp);
		f->tmp = NULL;
	}
done:
	discard_spill(f);
	return err;
}

/* Write the file 'path' from memory, unless it already holds 'data'. */
static const struct ns_error *
write_whole(char *path, const struct buf *data)
{
	const struct ns_error *err;

	err = make_parents(path);
	if (err == NULL && !unchanged(path, data))
		err = buf_write_replace(path, data->ptr ? data->ptr : "",
		    data->len, 0644);
	return err;
}

/* Write files[written, n) under 'dir' and free their bytes. */
const struct ns_error *
render_write(struct render_output *out, const char *dir)
{
	const struct ns_error *err = NULL;
	struct render_file *f;
	struct buf path = BUF_INIT;

	while (out->written < out->n && err == NULL) {
		f = &out->files[out->written];
		buf_reset(&path);
		err = buf_printf(&path, "%s/%s", dir, f->path);
		if (err == NULL)
			err = f->nspilled ? finish_spill(f, path.ptr) :
			    write_whole(path.ptr, &f->data);
		if (err == NULL) {
			buf_dispose(&f->data);
			out->written++;
		}
	}
	buf_dispose(&path);
	return err;
}

const struct ns_error *
rw_open(struct rw *w, struct render_output *out, const char *path,
    const struct ns_error *(*esc)(struct buf *, const char *, size_t),
    const struct render_opts *opts, const struct overview *ov)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->esc = esc;
	w->opts = opts;
	w->ov = ov;
	w->err = render_output_add(out, path, &w->b);
	return w->err;
}

/* Spill the file once it is large (one comparison per call otherwise). */
static void
spill(struct rw *w)
{
	if (w->err == NULL && w->b->len >= RENDER_SPILL_BYTES)
		w->err = render_output_spill(w->out);
}

void
rw_raw(struct rw *w, const char *s)
{
	if (w->err == NULL && s != NULL)
		w->err = buf_puts(w->b, s);
	spill(w);
}

void
rw_rawf(struct rw *w, const char *fmt, ...)
{
	va_list ap;

	if (w->err)
		return;
	va_start(ap, fmt);
	w->err = buf_vprintf(w->b, fmt, ap);
	va_end(ap);
	spill(w);
}

void
rw_text(struct rw *w, const char *s)
{
	if (w->err == NULL && s != NULL)
		w->err = w->esc(w->b, s, strlen(s));
	spill(w);
}

void
rw_msg(struct rw *w, enum i18n_msg msg)
{
	rw_text(w, i18n(w->opts->lang, msg));
}

const char *
render_msg(const struct render_opts *o, enum i18n_msg msg)
{
	return i18n(o->lang, msg);
}

/* Year, month and day of an ISO date prefix; 0 if there is none. */
static int
split_date(const char *s, int *y, int *m, int *d)
{
	long v[3];

	if (s == NULL || strlen(s) < 10 || !date_valid(s, 10))
		return 0;
	v[0] = strtol(s, NULL, 10);
	v[1] = strtol(s + 5, NULL, 10);
	v[2] = strtol(s + 8, NULL, 10);
	*y = (int)v[0];
	*m = (int)v[1];
	*d = (int)v[2];
	return 1;
}

/* " kl. 09:00" for a date-time's time of day. */
static const struct ns_error *
add_time(struct buf *out, const struct render_opts *o, const char *s)
{
	if (strlen(s) < 16 || (s[10] != 'T' && s[10] != 't'))
		return NULL;
	return buf_printf(out, " %s %.5s", i18n(o->lang, MSG_AT_TIME), s + 11);
}

const struct ns_error *
render_date(struct buf *out, const struct render_opts *o, const char *start,
    const char *end)
{
	const struct ns_error *err;
	int y, m, d, y2, m2, d2;

	if (start == NULL)
		return NULL;
	if (!split_date(start, &y, &m, &d))
		return buf_puts(out, start);
	if (end == NULL || strncmp(start, end, 10) == 0 ||
	    !split_date(end, &y2, &m2, &d2) || strncmp(end, start, 10) < 0) {
		err = buf_printf(out, "%d %s %d", d, i18n_month(o->lang, m), y);
		return err ? err : add_time(out, o, start);
	}
	if (y == y2 && m == m2)	/* U+2013 EN DASH */
		return buf_printf(out, "%d\xe2\x80\x93%d %s %d", d, d2,
		    i18n_month(o->lang, m), y);
	if (y == y2)
		return buf_printf(out, "%d %s \xe2\x80\x93 %d %s %d", d,
		    i18n_month(o->lang, m), d2, i18n_month(o->lang, m2), y);
	return buf_printf(out, "%d %s %d \xe2\x80\x93 %d %s %d", d,
	    i18n_month(o->lang, m), y, d2, i18n_month(o->lang, m2), y2);
}

const struct ns_error *
render_time(struct buf *out, long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char s[64];

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(s, sizeof(s), "%Y-%m-%d %H:%M UTC", &tm) == 0)
		return buf_printf(out, "%lld", t);
	return buf_puts(out, s);
}

const struct ns_error *
render_network_name(struct buf *out, const struct render_opts *o,
    const struct overview *ov)
{
	const struct ns_error *err;
	const char *n = ov->network;

	if (n == NULL || *n == '\0')
		return buf_puts(out, i18n(o->lang, MSG_NETWORK_OVERVIEW));
	/* "Nätverket Norrland", but "Norrland network" */
	err = o->lang == I18N_EN ? NULL : buf_printf(out, "%s ",
	    i18n(o->lang, MSG_NETWORK));
	if (err == NULL && *n >= 'a' && *n <= 'z') {
		err = buf_putc(out, (char)(*n - 'a' + 'A'));
		n++;
	}
	if (err == NULL)
		err = buf_puts(out, n);
	if (err == NULL && o->lang == I18N_EN)
		err = buf_printf(out, " %s", i18n(o->lang, MSG_NETWORK));
	return err;
}

const char *
render_fed_name(const struct overview *ov, const char *id)
{
	const struct ov_federation *f;

	if (id == NULL)
		return NULL;
	f = overview_federation(ov, id);
	return f && f->name ? f->name : id;
}

int
render_is_upcoming(const struct render_opts *o, const char *start,
    const char *end)
{
	const char *last = end ? end : start;

	return last != NULL && strncmp(last, o->today, 10) >= 0;
}

/* The collation weight of the character at *p; advances *p. */
static unsigned
weight(const unsigned char **p)
{
	const unsigned char *s = *p;

	if (s[0] == 0xc3 && s[1] != 0) {
		*p += 2;
		switch (s[1]) {
		case 0x85: case 0xa5: return 'z' + 1;	/* Å å */
		case 0x84: case 0xa4: return 'z' + 2;	/* Ä ä */
		case 0x96: case 0xb6: return 'z' + 3;	/* Ö ö */
		case 0x89: case 0xa9: return 'e';	/* É é */
		case 0x9c: case 0xbc: return 'y';	/* Ü ü */
		default: return 0x100 + s[1];
		}
	}
	*p += 1;
	if (s[0] >= 'A' && s[0] <= 'Z')
		return s[0] - 'A' + 'a';
	return s[0] < 0x80 ? s[0] : 0x200u + s[0];
}

int
render_collate(const char *a, const char *b)
{
	const unsigned char *p, *q;
	unsigned wa, wb;

	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	p = (const unsigned char *)a;
	q = (const unsigned char *)b;
	while (*p && *q) {
		wa = weight(&p);
		wb = weight(&q);
		if (wa != wb)
			return wa < wb ? -1 : 1;
	}
	if (*p || *q)
		return *p ? 1 : -1;
	return strcmp(a, b);	/* a total order for equal weights */
}

static int
cmp_event(const void *pa, const void *pb)
{
	const struct render_event *a = pa, *b = pb;
	const struct ov_meeting *ma = a->meeting ? a->meeting : a->announced_by;
	const struct ov_meeting *mb = b->meeting ? b->meeting : b->announced_by;
	int c = overview_strcmp(a->start, b->start);

	if (c == 0)
		c = strcmp(ma->federation, mb->federation);
	if (c == 0)
		c = strcmp(ma->id, mb->id);
	return c ? c : (a->meeting == NULL) - (b->meeting == NULL);
}

const struct ns_error *
render_events(struct render_event **out, size_t *n,
    const struct overview *ov, const struct render_opts *o,
    int upcoming_only)
{
	struct render_event *ev;
	const struct ov_meeting *m;
	const struct ov_next_meeting *nm;
	size_t i;

	*out = NULL;
	*n = 0;
	ev = calloc(2 * ov->nmeetings + 1, sizeof(*ev));
	if (ev == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < ov->nmeetings; i++) {
		m = ov->meetings[i];
		if (!upcoming_only || render_is_upcoming(o, m->start, m->end))
			ev[(*n)++] = (struct render_event){ m, NULL, NULL,
			    m->start, m->end };
		nm = m->next_meeting;
		if (nm == NULL || nm->record != NULL || nm->start == NULL)
			continue;
		if (!upcoming_only || render_is_upcoming(o, nm->start, nm->end))
			ev[(*n)++] = (struct render_event){ NULL, m, nm,
			    nm->start, nm->end };
	}
	if (*n > 1)
		qsort(ev, *n, sizeof(*ev), cmp_event);
	*out = ev;
	return NULL;
}

const struct ns_error *
render_latest_decisions(struct render_decision **out, size_t *n,
    const struct overview *ov, size_t max)
{
	const struct ov_meeting *m;
	size_t i, j;

	*n = 0;
	*out = calloc(max + 1, sizeof(**out));
	if (*out == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = ov->nmeetings; i > 0 && *n < max; i--) {
		m = ov->meetings[i - 1];
		for (j = 0; j < m->ndecisions && *n < max; j++) {
			(*out)[*n].meeting = m;
			(*out)[(*n)++].decision = &m->decisions[j];
		}
	}
	return NULL;
}

/* Owner, then due date, then meeting order (the model's question order). */
static int
cmp_open(const void *pa, const void *pb)
{
	const struct ov_question *a = *(const struct ov_question *const *)pa;
	const struct ov_question *b = *(const struct ov_question *const *)pb;
	int c = render_collate(a->owner_name, b->owner_name);

	if (c == 0)
		c = overview_strcmp(a->owner_federation, b->owner_federation);
	if (c == 0)
		c = overview_strcmp(a->due, b->due);
	if (c == 0)
		c = overview_strcmp(a->meeting->start, b->meeting->start);
	if (c == 0)
		c = strcmp(a->meeting->federation, b->meeting->federation);
	if (c == 0)
		c = strcmp(a->meeting->id, b->meeting->id);
	return c ? c : (a->number > b->number) - (a->number < b->number);
}

const struct ns_error *
render_open_questions(const struct ov_question ***out, size_t *n,
    const struct overview *ov)
{
	const struct ov_question **v;
	size_t i;

	*out = NULL;
	*n = 0;
	v = calloc(ov->nquestions + 1, sizeof(*v));
	if (v == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < ov->nquestions; i++)
		if (overview_status_open(ov->questions[i]->current_status))
			v[(*n)++] = ov->questions[i];
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_open);
	*out = v;
	return NULL;
}
