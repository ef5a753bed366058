/*
 * vcheck.c: parallel, cached record checking (see vcheck.h).
 *
 * The calling thread produces jobs into a ring of RING slots; workers take
 * them in order, each checking with its own recset shard into the job's
 * own finding list; the calling thread retires finished jobs strictly in
 * ring order, appending their findings and adding the valid ones to the
 * cache.  There is one worker fewer than CPUs: when the ring is full the
 * calling thread checks the next job itself rather than wait.  So the
 * output does not depend on which worker ran what, and at most RING
 * records are in memory at once.
 *
 * Everything a job touches besides its own slot is read-only (the schema
 * set) or thread-local (the error ring), so the only lock guards the ring
 * indices.  Errors from a worker (only NS_ERR_NOMEM and NS_ERR_LIMIT in
 * practice) are copied as code and text, since an ns_error lives in its
 * thread's ring.
 */
#define _GNU_SOURCE	/* sched_getaffinity, CPU_COUNT */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "record/check.h"
#include "schema/schema.h"
#include "validate/vcache.h"
#include "validate/vcheck.h"

#define RING		16	/* jobs in memory: 2 per worker at 8 workers */
#define MAX_WORKERS	8

struct job {
	char			*path;
	unsigned char		*data;
	size_t			 len;
	struct vcache_key	 key;
	struct vcache_key	 skey;		/* by stat data, if has_skey */
	int			 has_skey;
	struct diag_list	 dl;
	int			 done;
	int			 valid;		/* no findings, id remembered */
	unsigned		 line, col;	/* of the id */
	enum ns_errcode		 errcode;	/* NS_ERR_OK: checked */
	char			 errmsg[256];
};

struct worker {
	struct vcheck		*vc;
	struct recset		*rs;
	pthread_t		 th;
};

struct vcheck {
	struct diag_list	*dl;
	const struct schema_set	*schemas;	/* NULL until needed */
	struct schema_lazy	*lazy;		/* where they come from */
	char			*owner;
	struct vcache_seed	 stat_seed;	/* of digest and owner */
	char			*prefix;	/* of findings' file names */
	size_t			 prefix_from;	/* the first finding named so */
	struct recset		*rs;		/* inline checks, merged ids */
	struct vcache		*cache;
	int			 own_cache;	/* opened, saved and freed here */
	const char		*digest;
	time_t			 start;		/* of the run, for stat keys */
	unsigned		 nworkers;	/* wanted */
	unsigned		 started;
	struct worker		 w[MAX_WORKERS];
	pthread_mutex_t		 mu;
	pthread_cond_t		 more;		/* a job was queued, or stop */
	pthread_cond_t		 done;		/* a job finished */
	struct job		 ring[RING];
	size_t			 head;		/* next job to queue */
	size_t			 next;		/* next job for a worker */
	size_t			 tail;		/* next job to retire */
	int			 stop;
};

static unsigned
cpus(void)
{
	cpu_set_t set;
	int n;

	/* the CPUs we may run on (taskset), not all the machine has */
	if (sched_getaffinity(0, sizeof(set), &set) == -1)
		return 1;
	n = CPU_COUNT(&set);
	return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (unsigned)n;
}

/*
 * vcheck_new() with compiled schemas or lazy ones, and either a cache file
 * to open or an open cache.
 */
static const struct ns_error *
new_checker(struct vcheck **out, struct diag_list *dl,
    const struct schema_set *schemas, struct schema_lazy *lazy,
    const char *owner, const char *cache_path, struct vcache *cache)
{
	const struct ns_error *err = NULL;
	struct vcheck *vc;

	*out = NULL;
	vc = calloc(1, sizeof(*vc));
	if (vc == NULL)
		return ns_error(NS_ERR_NOMEM);
	vc->dl = dl;
	vc->schemas = schemas;
	vc->lazy = lazy;
	vc->digest = schemas ? schema_set_digest(schemas) : lazy->digest;
	/* the calling thread checks too while it waits (retire()) */
	vc->nworkers = cpus() - 1;
	vc->start = time(NULL);
	pthread_mutex_init(&vc->mu, NULL);
	pthread_cond_init(&vc->more, NULL);
	pthread_cond_init(&vc->done, NULL);
	vc->owner = strdup(owner);
	if (vc->owner == NULL)
		err = ns_error(NS_ERR_NOMEM);
	else
		vcache_stat_seed(&vc->stat_seed, vc->digest, vc->owner);
	if (err == NULL)
		err = recset_new(&vc->rs, schemas, owner);
	if (err == NULL && cache_path) {
		err = vcache_open(&vc->cache, cache_path);
		vc->own_cache = 1;
	} else
		vc->cache = cache;
	if (err) {
		vcheck_free(vc);
		return err;
	}
	*out = vc;
	return NULL;
}

const struct ns_error *
vcheck_new(struct vcheck **out, struct diag_list *dl,
    struct schema_lazy *schemas, const char *owner, const char *cache_path)
{
	return new_checker(out, dl, NULL, schemas, owner, cache_path, NULL);
}

const struct ns_error *
vcheck_new_cache(struct vcheck **out, struct diag_list *dl,
    const struct schema_set *schemas, const char *owner,
    struct vcache *cache)
{
	return new_checker(out, dl, schemas, NULL, owner, NULL, cache);
}

const struct ns_error *
vcheck_schemas(struct vcheck *vc, const struct schema_set **out)
{
	const struct ns_error *err;

	if (vc->schemas == NULL) {
		if ((err = schema_lazy_get(vc->lazy, &vc->schemas)))
			return err;
		recset_set_schemas(vc->rs, vc->schemas);
	}
	*out = vc->schemas;
	return NULL;
}

/*
 * A stat key may stand for the content only if the file was last changed
 * before this run began: a change in the same clock tick as our reading
 * could otherwise leave the same stat data (git's "racy clean" problem).
 */
static int
stat_key(const struct vcheck *vc, struct vcache_key *out, const char *path,
    const struct stat *st)
{
	if (st == NULL || st->st_mtim.tv_sec >= vc->start ||
	    st->st_ctim.tv_sec >= vc->start)
		return 0;
	vcache_stat_key_seeded(out, &vc->stat_seed, path, st);
	return 1;
}

/* 1 if the cache knows 'path' as valid by its lstat() data 'st'. */
static int
find_by_stat(struct vcheck *vc, const char *path, const struct stat *st,
    unsigned *line, unsigned *col)
{
	struct vcache_key key;

	return vc->cache && stat_key(vc, &key, path, st) &&
	    vcache_lookup(vc->cache, &key, line, col);
}

/*
 * Whether the cache knows 'path' as valid by its content 'blob'; if so, it
 * is remembered by its stat data 'st' too, so the next run need not read
 * it.
 */
static const struct ns_error *
find_by_content(struct vcheck *vc, int *hit, const char *path,
    const git_oid *blob, const struct stat *st, unsigned *line,
    unsigned *col)
{
	struct vcache_key key;

	*hit = 0;
	if (vc->cache == NULL)
		return NULL;
	vcache_key(&key, vc->digest, vc->owner, path, blob);
	if (!vcache_lookup(vc->cache, &key, line, col))
		return NULL;
	*hit = 1;
	return stat_key(vc, &key, path, st) ?
	    vcache_add(vc->cache, &key, *line, *col) : NULL;
}

const struct ns_error *
vcheck_cache_has(struct vcheck *vc, int *hit, const char *path,
    const git_oid *blob, const struct stat *st)
{
	unsigned line, col;

	*hit = find_by_stat(vc, path, st, &line, &col);
	if (*hit || blob == NULL)
		return NULL;
	return find_by_content(vc, hit, path, blob, st, &line, &col);
}

const struct ns_error *
vcheck_cache_put(struct vcheck *vc, const char *path, const git_oid *blob,
    const struct stat *st)
{
	const struct ns_error *err = NULL;
	struct vcache_key key;

	if (vc->cache == NULL)
		return NULL;
	vcache_key(&key, vc->digest, vc->owner, path, blob);
	err = vcache_add(vc->cache, &key, 0, 0);
	if (err == NULL && stat_key(vc, &key, path, st))
		err = vcache_add(vc->cache, &key, 0, 0);
	return err;
}

/* Count a record found in the cache, its id at line:col. */
static const struct ns_error *
known(struct vcheck *vc, const char *path, unsigned line, unsigned col)
{
	char id[256];

	check_id_from_path(id, sizeof(id), path);
	return recset_add_valid(vc->rs, path, id, line, col);
}

const struct ns_error *
vcheck_cached_stat(struct vcheck *vc, int *hit, const char *path,
    const struct stat *st)
{
	unsigned line, col;

	*hit = find_by_stat(vc, path, st, &line, &col);
	return *hit ? known(vc, path, line, col) : NULL;
}

const struct ns_error *
vcheck_cached(struct vcheck *vc, int *hit, const char *path,
    const git_oid *blob, const struct stat *st)
{
	const struct ns_error *err;
	unsigned line, col;

	err = find_by_content(vc, hit, path, blob, st, &line, &col);
	return err == NULL && *hit ? known(vc, path, line, col) : err;
}

const struct ns_error *
vcheck_set_prefix(struct vcheck *vc, const char *prefix)
{
	free(vc->prefix);
	vc->prefix = prefix ? strdup(prefix) : NULL;
	vc->prefix_from = vc->dl->n;
	return prefix && vc->prefix == NULL ? ns_error(NS_ERR_NOMEM) : NULL;
}

/* Findings from[...] of 'dl' named with the prefix, all at the end. */
static const struct ns_error *
prefix_files(const struct vcheck *vc, struct diag_list *dl, size_t from)
{
	size_t i, n;
	char *name;

	for (i = from; vc->prefix && i < dl->n; i++) {
		if (dl->items[i].file == NULL)
			continue;
		n = strlen(vc->prefix) + strlen(dl->items[i].file) + 1;
		if ((name = malloc(n)) == NULL)
			return ns_error(NS_ERR_NOMEM);
		snprintf(name, n, "%s%s", vc->prefix, dl->items[i].file);
		free(dl->items[i].file);
		dl->items[i].file = name;
	}
	return NULL;
}

/* Check one job with 'rs' (a worker's shard, or the inline recset). */
static void
job_run(struct job *j, struct recset *rs)
{
	const struct ns_error *err;
	size_t before = recset_ids(rs);

	/* NOLINTNEXTLINE(clang-analyzer-unix.Malloc): j->data is still j's */
	err = recset_add(rs, &j->dl, j->path, j->data, j->len);
	if (err) {
		j->errcode = err->code;
		snprintf(j->errmsg, sizeof(j->errmsg), "%s", err->msg);
		return;
	}
	/* valid: nothing found at all, and its id was remembered */
	if (j->dl.n == 0 && j->dl.dropped == 0 && recset_ids(rs) == before + 1) {
		recset_id_pos(rs, before, &j->line, &j->col);
		j->valid = 1;
	}
}

static void
job_dispose(struct job *j)
{
	free(j->path);
	free(j->data);
	diag_list_dispose(&j->dl);
	memset(j, 0, sizeof(*j));
}

/* Append a finished job's findings and cache it when valid. */
static const struct ns_error *
job_retire(struct vcheck *vc, struct job *j)
{
	const struct ns_error *err;

	if (j->errcode != NS_ERR_OK)
		err = ns_error_fmt(j->errcode, "%s", j->errmsg);
	else
		err = diag_append(vc->dl, &j->dl);
	if (err == NULL && j->valid && vc->cache)
		err = vcache_add(vc->cache, &j->key, j->line, j->col);
	if (err == NULL && j->valid && vc->cache && j->has_skey)
		err = vcache_add(vc->cache, &j->skey, j->line, j->col);
	job_dispose(j);
	return err;
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct vcheck *vc = w->vc;
	struct job *j;

	pthread_mutex_lock(&vc->mu);
	for (;;) {
		while (vc->next == vc->head && !vc->stop)
			pthread_cond_wait(&vc->more, &vc->mu);
		if (vc->next == vc->head)
			break;	/* stopping, and nothing left */
		j = &vc->ring[vc->next++ % RING];
		pthread_mutex_unlock(&vc->mu);
		job_run(j, w->rs);
		pthread_mutex_lock(&vc->mu);
		j->done = 1;
		pthread_cond_broadcast(&vc->done);
	}
	pthread_mutex_unlock(&vc->mu);
	return NULL;
}

/* Start the workers on the first record that needs checking. */
static const struct ns_error *
start_workers(struct vcheck *vc)
{
	const struct ns_error *err;
	struct worker *w;

	while (vc->started < vc->nworkers) {
		w = &vc->w[vc->started];
		w->vc = vc;
		if ((err = recset_new(&w->rs, vc->schemas, vc->owner)))
			return err;
		if (pthread_create(&w->th, NULL, worker_main, w) != 0) {
			recset_free(w->rs);
			w->rs = NULL;
			/* fewer workers; none at all means inline checking */
			vc->nworkers = vc->started;
			break;
		}
		vc->started++;
	}
	return NULL;
}

/* Retire jobs in order: every finished one, or (wait) down to 'keep'. */
static const struct ns_error *
retire(struct vcheck *vc, size_t keep)
{
	const struct ns_error *err = NULL;
	struct job *j;

	pthread_mutex_lock(&vc->mu);
	while (vc->tail < vc->head) {
		j = &vc->ring[vc->tail % RING];
		if (!j->done) {
			if (vc->head - vc->tail <= keep)
				break;
			if (vc->next < vc->head) {
				/* help rather than wait: check the next one */
				j = &vc->ring[vc->next++ % RING];
				pthread_mutex_unlock(&vc->mu);
				job_run(j, vc->rs);
				pthread_mutex_lock(&vc->mu);
				j->done = 1;
				continue;
			}
			pthread_cond_wait(&vc->done, &vc->mu);
			continue;
		}
		vc->tail++;
		pthread_mutex_unlock(&vc->mu);
		if (err == NULL)
			err = job_retire(vc, j);
		else
			job_dispose(j);
		pthread_mutex_lock(&vc->mu);
	}
	pthread_mutex_unlock(&vc->mu);
	return err;
}

static const struct ns_error *
job_fill(struct job *j, const char *path, const git_oid *blob,
    const struct stat *st, const unsigned char *data, size_t len,
    const struct vcheck *vc)
{
	git_oid oid;

	memset(j, 0, sizeof(*j));
	j->path = strdup(path);
	j->data = malloc(len ? len : 1);
	if (j->path == NULL || j->data == NULL)
		return ns_error(NS_ERR_NOMEM);
	memcpy(j->data, data, len);
	j->len = len;
	if (vc->cache) {
		if (blob == NULL) {
			vcache_blob_id(&oid, data, len);
			blob = &oid;
		}
		vcache_key(&j->key, vc->digest, vc->owner, path, blob);
		j->has_skey = stat_key(vc, &j->skey, path, st);
	}
	return NULL;
}

const struct ns_error *
vcheck_add(struct vcheck *vc, const char *path, const git_oid *blob,
    const struct stat *st, const unsigned char *data, size_t len)
{
	const struct ns_error *err;
	const struct schema_set *schemas;
	struct job one, *j;

	if ((err = vcheck_schemas(vc, &schemas)))
		return err;
	if (vc->nworkers > 0 && vc->started == 0 &&
	    (err = start_workers(vc)))
		return err;
	if (vc->started == 0) {
		/* inline: one CPU, or no thread could be started */
		err = job_fill(&one, path, blob, st, data, len, vc);
		if (err == NULL) {
			job_run(&one, vc->rs);
			one.done = 1;
			return job_retire(vc, &one);
		}
		job_dispose(&one);
		return err;
	}
	/* make room: the ring holds at most RING jobs not yet retired */
	if ((err = retire(vc, RING - 1)))
		return err;
	j = &vc->ring[vc->head % RING];
	if ((err = job_fill(j, path, blob, st, data, len, vc))) {
		job_dispose(j);
		return err;
	}
	pthread_mutex_lock(&vc->mu);
	vc->head++;
	pthread_cond_signal(&vc->more);
	pthread_mutex_unlock(&vc->mu);
	return NULL;
}

const struct ns_error *
vcheck_flush(struct vcheck *vc)
{
	return retire(vc, 0);
}

static void
stop_workers(struct vcheck *vc)
{
	unsigned i;

	pthread_mutex_lock(&vc->mu);
	vc->stop = 1;
	pthread_cond_broadcast(&vc->more);
	pthread_mutex_unlock(&vc->mu);
	for (i = 0; i < vc->started; i++)
		pthread_join(vc->w[i].th, NULL);
	vc->started = 0;
}

const struct ns_error *
vcheck_finish(struct vcheck *vc, size_t *nrecords)
{
	const struct ns_error *err;
	unsigned i, n = vc->started;

	err = retire(vc, 0);
	stop_workers(vc);
	for (i = 0; i < n && err == NULL; i++)
		err = recset_merge(vc->rs, vc->w[i].rs);
	if (err == NULL)
		err = recset_finish(vc->rs, vc->dl);
	if (err == NULL)
		err = prefix_files(vc, vc->dl, vc->prefix_from);
	*nrecords = recset_count(vc->rs);
	/* the cache only saves time: failing to write it is no failure */
	if (err == NULL && vc->cache && vc->own_cache)
		(void)vcache_save(vc->cache);
	return err;
}

void
vcheck_free(struct vcheck *vc)
{
	unsigned i;

	if (vc == NULL)
		return;
	if (vc->started)
		stop_workers(vc);
	while (vc->tail < vc->head)
		job_dispose(&vc->ring[vc->tail++ % RING]);
	for (i = 0; i < MAX_WORKERS; i++)
		recset_free(vc->w[i].rs);
	recset_free(vc->rs);
	if (vc->own_cache)
		vcache_free(vc->cache);
	free(vc->owner);
	free(vc->prefix);
	pthread_mutex_destroy(&vc->mu);
	pthread_cond_destroy(&vc->more);
	pthread_cond_destroy(&vc->done);
	free(vc);
}
