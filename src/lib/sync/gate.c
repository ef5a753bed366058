/*
 * gate.c: the safety walk over a fetched git tree (see gate.h).
 *
 * The checks follow git's own verify_path() (read-cache.c) and its
 * is_ntfs_dotgit()/is_hfs_dotgit() (path.c, utf8.c), written out here
 * rather than borrowed from libgit2's git_path_is_gitfile(), which answers
 * a narrower question (.gitmodules and friends).  A tree is only ever read
 * from the object store: sizes come from the object header, so a 2 GiB
 * blob costs a header read, and the walk is bounded in depth and entries
 * (a small hostile tree can name the same subtree many times over).
 *
 * Two passes: the walk does every structural check and only notes the
 * records (path and blob id) and its findings; then the records go to the
 * checker (vcheck.h: the validation cache, worker threads), so no record is
 * parsed before the whole tree has passed the walk's bounds.  Structural
 * findings are interleaved back in walk order, so the output is the one a
 * single pass gives.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "record/check.h"
#include "sync/gate.h"
#include "validate/vcheck.h"

/* A record the walk found acceptable to read. */
struct rec {
	char		*path;
	git_oid		 id;
	size_t		 before;	/* structural findings before it */
};

struct walk {
	git_repository		*repo;
	git_odb			*odb;
	struct diag_list	*dl;
	const struct gate_limits *lim;
	int			 strict;
	struct vcheck		*vc;
	size_t			 entries;
	int			 stopped;	/* entry limit reached */
	struct buf		 path;
	struct diag_list	 found;		/* structural, in walk order */
	size_t			 emitted;	/* of 'found', moved to 'dl' */
	struct rec		*recs;
	size_t			 nrecs, caprecs;
	size_t			 nread;		/* record blobs read */
};

/*
 * HFS+ ignores these code points when it compares names (git utf8.c
 * next_hfs_char): U+200C..U+200F, U+202A..U+202E, U+206A..U+206F, U+FEFF.
 * Returns the length of the ignorable UTF-8 sequence at 's', or 0.
 */
static size_t
hfs_ignorable(const unsigned char *s, size_t len)
{
	if (len < 3)
		return 0;
	if (s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0x8c && s[2] <= 0x8f) || (s[2] >= 0xaa && s[2] <= 0xae)))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xaa && s[2] <= 0xaf)
		return 3;
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 3;
	return 0;
}

/*
 * Fold 'name' the way the most lenient file system would see it: HFS+
 * ignorable code points dropped, ASCII lower-cased, an NTFS stream suffix
 * (":...") cut, trailing spaces and dots dropped (NTFS).  At most 'size'-1
 * bytes are kept; longer names cannot be ".git" anyway.
 */
static void
fold_name(char *out, size_t size, const char *name, size_t len)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t i = 0, n = 0, skip;

	while (i < len && n + 1 < size) {
		skip = hfs_ignorable(s + i, len - i);
		if (skip) {
			i += skip;
			continue;
		}
		if (s[i] == ':')
			break;
		out[n++] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i];
		i++;
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '.'))
		n--;
	out[n] = '\0';
}

/* NTFS 8.3 short names of .git: GIT~1 (git checks ~1; any digits here). */
static int
is_short_dotgit(const char *folded)
{
	const char *p;

	if (strncmp(folded, "git~", 4) != 0 || folded[4] == '\0')
		return 0;
	for (p = folded + 4; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

const char *
gate_name_reason(const char *name, size_t len)
{
	char folded[64];
	size_t i;

	if (len == 0)
		return "empty name";
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '\0')
			return "name contains a NUL byte";
		if (c == '/')
			return "name contains '/'";
		if (c == '\\')
			return "name contains '\\' (a path separator on "
			    "Windows)";
		if (c < 0x20 || c == 0x7f)
			return "name contains a control character";
	}
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' &&
	    name[1] == '.'))
		return "path component '.' or '..'";
	fold_name(folded, sizeof(folded), name, len);
	if (folded[0] == '\0')
		return "name made only of dots and spaces";
	if (strcmp(folded, ".git") == 0)
		return "'.git' (in some spelling) may not appear in a tree";
	if (is_short_dotgit(folded))
		return "NTFS short name of '.git' (GIT~1)";
	return NULL;
}

/* A finding about the current path; control characters shown as '?'. */
static const struct ns_error *
finding(struct walk *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static const struct ns_error *
finding(struct walk *w, const char *fmt, ...)
{
	char shown[512], msg[512];
	va_list ap;
	size_t i;

	snprintf(shown, sizeof(shown), "%s", w->path.ptr ? w->path.ptr : "");
	for (i = 0; shown[i]; i++)
		if ((unsigned char)shown[i] < 0x20 || shown[i] == 0x7f)
			shown[i] = '?';
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return diag_add(&w->found, DIAG_ERROR, shown, 0, 0, NULL, "%s", msg);
}

/* Header of object 'id'; *found 0 (and a finding) when it is missing. */
static const struct ns_error *
header(struct walk *w, const git_oid *id, size_t *size, git_object_t *type,
    int *found)
{
	*found = 1;
	if (git_odb_read_header(size, type, w->odb, id) == 0)
		return NULL;
	*found = 0;
	return finding(w, "object %s is missing from the fetched data",
	    git_oid_tostr_s(id));
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Two entries of 'tree' with one name (git trees must not have them). */
static const struct ns_error *
check_duplicates(struct walk *w, const git_tree *tree)
{
	const struct ns_error *err = NULL;
	size_t i, n = git_tree_entrycount(tree);
	const char **names;

	if (n < 2)
		return NULL;
	names = calloc(n, sizeof(*names));
	if (names == NULL)
		return ns_error(NS_ERR_NOMEM);
	for (i = 0; i < n; i++)
		names[i] = git_tree_entry_name(git_tree_entry_byindex(tree, i));
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 1; i < n && err == NULL; i++)
		if (strcmp(names[i - 1], names[i]) == 0)
			err = finding(w, "two entries named '%s' in one tree",
			    names[i]);
	free(names);
	return err;
}

/* Own trees (not strict): only records/ is of interest. */
static int
in_records_dir(const struct walk *w)
{
	return strcmp(w->path.ptr, "records") == 0;
}

/* Note a record for the second pass. */
static const struct ns_error *
note_record(struct walk *w, const git_oid *id)
{
	struct rec *r;
	size_t cap;

	if (w->nrecs == w->caprecs) {
		cap = w->caprecs ? 2 * w->caprecs : 64;
		r = realloc(w->recs, cap * sizeof(*r));
		if (r == NULL)
			return ns_error(NS_ERR_NOMEM);
		w->recs = r;
		w->caprecs = cap;
	}
	r = &w->recs[w->nrecs];
	r->path = strdup(w->path.ptr);
	if (r->path == NULL)
		return ns_error(NS_ERR_NOMEM);
	git_oid_cpy(&r->id, id);
	r->before = w->found.n;
	w->nrecs++;
	return NULL;
}
static const struct ns_error *
visit_blob(struct walk *w, const git_tree_entry *e)
{
	size_t size;
	git_object_t type;
	int found, record = check_is_record_path(w->path.ptr);
	const struct ns_error *err;

	if (!w->strict && !record)
		return NULL;
	if ((err = header(w, git_tree_entry_id(e), &size, &type, &found)) ||
	    !found)
		return err;
	if (type != GIT_OBJECT_BLOB)
		return finding(w, "entry marked as a file holds a %s",
		    git_object_type2string(type));
	if (size > w->lim->max_blob)
		return finding(w, "file too large: %zu bytes (limit %zu)",
		    size, w->lim->max_blob);
	if (!record)
		return NULL;
	if (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB)
		return finding(w, "%s", "record file is executable (mode "
		    "100755); records must be plain files (100644)");
	return w->vc ? note_record(w, git_tree_entry_id(e)) : NULL;
}

static const struct ns_error *walk_tree(struct walk *, const git_oid *,
    unsigned);

static const struct ns_error *
visit_entry(struct walk *w, const git_tree_entry *e, unsigned depth)
{
	const char *reason;
	int record;

	if (w->strict) {
		const char *name = git_tree_entry_name(e);

		reason = gate_name_reason(name, strlen(name));
		if (reason)
			return finding(w, "%s", reason);
	}
	record = check_is_record_path(w->path.ptr);
	switch (git_tree_entry_filemode(e)) {
	case GIT_FILEMODE_TREE:
		if (!w->strict && depth == 0 && !in_records_dir(w))
			return NULL;
		if (depth + 1 > w->lim->max_depth)
			return finding(w, "%s", "trees nested too deep");
		return walk_tree(w, git_tree_entry_id(e), depth + 1);
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		return visit_blob(w, e);
	case GIT_FILEMODE_LINK:
		if (w->strict || record)
			return finding(w, "%s", "symbolic link (a peer's tree "
			    "may hold only files and directories)");
		return NULL;
	case GIT_FILEMODE_COMMIT:
		if (w->strict || record)
			return finding(w, "%s", "submodule (gitlink): a peer's "
			    "tree may hold only files and directories");
		return NULL;
	default:
		return finding(w, "%s", "entry with an unknown file mode");
	}
}

static const struct ns_error *
walk_entries(struct walk *w, const git_tree *tree, unsigned depth)
{
	const struct ns_error *err = NULL;
	size_t i, n = git_tree_entrycount(tree), base = w->path.len;

	if (w->strict && (err = check_duplicates(w, tree)))
		return err;
	for (i = 0; i < n && err == NULL && !w->stopped; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);

		if (++w->entries > w->lim->max_entries) {
			w->stopped = 1;
			return diag_add(&w->found, DIAG_ERROR, "", 0, 0, NULL,
			    "tree has more than %zu entries",
			    w->lim->max_entries);
		}
		w->path.len = base;
		if (base > 0)
			err = buf_putc(&w->path, '/');
		if (err == NULL)
			err = buf_puts(&w->path, git_tree_entry_name(e));
		if (err == NULL)
			err = visit_entry(w, e, depth);
	}
	w->path.len = base;
	if (w->path.ptr)
		w->path.ptr[base] = '\0';
	return err;
}

static const struct ns_error *
walk_tree(struct walk *w, const git_oid *id, unsigned depth)
{
	const struct ns_error *err;
	git_tree *tree = NULL;
	git_object_t type;
	size_t size;
	int found;

	if ((err = header(w, id, &size, &type, &found)) || !found)
		return err;
	if (type != GIT_OBJECT_TREE)
		return finding(w, "entry marked as a directory holds a %s",
		    git_object_type2string(type));
	if (size > w->lim->max_tree)
		return finding(w, "%s", "tree object too large");
	if (git_tree_lookup(&tree, w->repo, id) != 0)
		return finding(w, "unreadable tree: %s", git_error_last() ?
		    git_error_last()->message : "unknown error");
	err = walk_entries(w, tree, depth);
	git_tree_free(tree);
	return err;
}

/*
 * Move the structural findings up to the 'upto'-th into the caller's list,
 * after the findings of every record queued before them.
 */
static const struct ns_error *
emit_findings(struct walk *w, size_t upto)
{
	const struct ns_error *err = NULL;
	const struct diag *d;

	if (w->emitted == upto)
		return NULL;
	if (w->vc && (err = vcheck_flush(w->vc)))
		return err;
	for (; w->emitted < upto && err == NULL; w->emitted++) {
		d = &w->found.items[w->emitted];
		err = diag_add(w->dl, d->severity, d->file, d->line, d->col,
		    d->path, "%s", d->message);
	}
	return err;
}

/* A record: counted from the cache, or read (size known safe) and queued. */
static const struct ns_error *
check_record(struct walk *w, const struct rec *r)
{
	const struct ns_error *err;
	git_blob *blob = NULL;
	int hit;

	if ((err = vcheck_cached(w->vc, &hit, r->path, &r->id, NULL)) || hit)
		return err;
	if (git_blob_lookup(&blob, w->repo, &r->id) != 0)
		return ns_error_from_git("read record");
	w->nread++;
	err = vcheck_add(w->vc, r->path, &r->id, NULL,
	    git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return err;
}

/* The second pass: records in walk order, findings in between. */
static const struct ns_error *
check_records(struct walk *w)
{
	const struct ns_error *err = NULL;
	size_t i;

	for (i = 0; i < w->nrecs && err == NULL; i++) {
		err = emit_findings(w, w->recs[i].before);
		if (err == NULL)
			err = check_record(w, &w->recs[i]);
	}
	if (err == NULL)
		err = emit_findings(w, w->found.n);
	return err;
}

static void
walk_dispose(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nrecs; i++)
		free(w->recs[i].path);
	free(w->recs);
	diag_list_dispose(&w->found);
	git_odb_free(w->odb);
	buf_dispose(&w->path);
}

const struct ns_error *
gate_tree(struct diag_list *dl, size_t *nread, git_repository *repo,
    const git_oid *tree_id, const struct gate_limits *lim, int strict,
    struct vcheck *vc)
{
	static const struct gate_limits def = GATE_LIMITS_DEFAULT;
	const struct ns_error *err;
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.repo = repo;
	w.dl = dl;
	w.lim = lim ? lim : &def;
	w.strict = strict;
	w.vc = vc;
	if (git_repository_odb(&w.odb, repo) != 0)
		return ns_error_from_git("open object database");
	err = buf_puts(&w.path, "");
	if (err == NULL)
		err = walk_tree(&w, tree_id, 0);
	if (err == NULL)
		err = check_records(&w);
	if (nread)
		*nread = w.nread;
	walk_dispose(&w);
	return err;
}
