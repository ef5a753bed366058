/*
 * merge_lines.c: the line-based fallback of the record merge, for files
 * that do not parse as YAML: libgit2's git_merge_file(), which produces
 * the same markers as `git merge-file`.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "base/buf.h"
#include "base/error.h"
#include "merge/merge.h"

static void
input_init(git_merge_file_input *in, const unsigned char *data, size_t len)
{
	git_merge_file_input_init(in, GIT_MERGE_FILE_INPUT_VERSION);
	in->ptr = data ? (const char *)data : "";
	in->size = data ? len : 0;
}

/* Name each conflict hunk by the line of its "<<<<<<<" marker. */
static const struct ns_error *
name_hunks(struct merge_result *r)
{
	const char *s = r->text.ptr, *end = s + r->text.len;
	char **v, name[32];
	size_t line = 1;

	for (; s && s < end; line++) {
		if (end - s >= 8 && memcmp(s, "<<<<<<< ", 8) == 0) {
			v = realloc(r->conflict_paths, (r->nconflict_paths +
			    1) * sizeof(*v));
			if (v == NULL)
				return ns_error(NS_ERR_NOMEM);
			r->conflict_paths = v;
			snprintf(name, sizeof(name), "line %zu", line);
			v[r->nconflict_paths] = strdup(name);
			if (v[r->nconflict_paths] == NULL)
				return ns_error(NS_ERR_NOMEM);
			r->nconflict_paths++;
		}
		s = memchr(s, '\n', (size_t)(end - s));
		if (s)
			s++;
	}
	r->conflicts = (int)r->nconflict_paths;
	return NULL;
}

const struct ns_error *
merge_lines(struct merge_result **out, const unsigned char *base,
    size_t base_len, const unsigned char *ours, size_t ours_len,
    const unsigned char *theirs, size_t theirs_len, const char *label_ours,
    const char *label_theirs)
{
	const struct ns_error *err = NULL;
	git_merge_file_input in_b, in_o, in_t;
	git_merge_file_options opts;
	git_merge_file_result res;
	struct merge_result *r = NULL;

	*out = NULL;
	memset(&res, 0, sizeof(res));
	/* refcounted: safe whether or not the caller initialised libgit2 */
	git_libgit2_init();
	input_init(&in_b, base, base_len);
	input_init(&in_o, ours, ours_len);
	input_init(&in_t, theirs, theirs_len);
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
	opts.our_label = label_ours ? label_ours : "ours";
	opts.their_label = label_theirs ? label_theirs : "theirs";
	if (git_merge_file(&res, &in_b, &in_o, &in_t, &opts) < 0) {
		err = ns_error_from_git("merge by lines");
		goto done;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		err = ns_error(NS_ERR_NOMEM);
		goto done;
	}
	err = buf_add(&r->text, res.ptr ? res.ptr : "", res.len);
	if (err == NULL && !res.automergeable)
		err = name_hunks(r);
	if (err == NULL && !res.automergeable && r->conflicts == 0)
		r->conflicts = 1;
done:
	git_merge_file_result_free(&res);
	git_libgit2_shutdown();
	if (err)
		merge_result_free(r);
	else
		*out = r;
	return err;
}
