/*
 * cmd_merge_driver.c: `netsync merge-driver BASE OURS THEIRS PATH`, the git
 * merge driver for records (configured by `netsync init` as
 * merge.netsync.driver = "netsync merge-driver %O %A %B %P").
 *
 * git's convention: the merged text replaces OURS; exit 0 when clean,
 * non-zero when conflicts remain (the file then holds the markers and git
 * records the path as conflicted).  A side that is not YAML is merged by
 * lines with libgit2, as git itself would.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "cli.h"
#include "base/error.h"
#include "merge/merge.h"

/* Records are small; a line merge of anything up to this size is fine. */
#define MERGE_MAX_FILE	(16u << 20)

void
usage_merge_driver(FILE *f)
{
	fprintf(f, "usage: netsync merge-driver BASE OURS THEIRS PATH "
	    "[OURS-LABEL THEIRS-LABEL]\n"
	    "  git merge driver for records: merges field by field and "
	    "writes the result\n  into OURS; exits 1 when fields conflict "
	    "(markers are left in the file).\n"
	    "  Configure it with:\n"
	    "    git config merge.netsync.driver "
	    "\"netsync merge-driver %%O %%A %%B %%P\"\n"
	    "    echo 'records/**/*.yaml merge=netsync' >> .gitattributes\n");
}

static const struct ns_error *
load_sides(struct buf sides[3], char *argv[])
{
	const struct ns_error *err = NULL;
	int i;

	for (i = 0; i < 3 && err == NULL; i++)
		err = buf_load_path(&sides[i], argv[i + 1], MERGE_MAX_FILE);
	return err;
}

static const struct ns_error *
merge_sides(struct merge_result **out, const char *path, struct buf s[3],
    const char *lo, const char *lt)
{
	const struct ns_error *err;
	const unsigned char *base = (const unsigned char *)s[0].ptr;

	if (s[0].len == 0)	/* added on both sides */
		base = NULL;
	err = merge_records(out, path, base, s[0].len,
	    (const unsigned char *)s[1].ptr, s[1].len,
	    (const unsigned char *)s[2].ptr, s[2].len, lo, lt);
	if (err == NULL || (err->code != NS_ERR_YAML &&
	    err->code != NS_ERR_LIMIT))
		return err;
	if (err->line)
		fprintf(stderr, "netsync: %s:%u:%u: %s; merging by lines\n",
		    path, err->line, err->col, err->msg);
	else
		fprintf(stderr, "netsync: %s: %s; merging by lines\n", path,
		    err->msg);
	return merge_lines(out, base, s[0].len,
	    (const unsigned char *)s[1].ptr, s[1].len,
	    (const unsigned char *)s[2].ptr, s[2].len, lo, lt);
}

int
cmd_merge_driver(int argc, char *argv[])
{
	const struct ns_error *err;
	struct buf sides[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	struct merge_result *r = NULL;
	const char *path;
	struct stat st;
	unsigned mode = 0644;
	size_t i;
	int status;

	if (argc != 5 && argc != 7) {
		usage_merge_driver(stderr);
		return EXIT_USAGE;
	}
	path = argv[4];
	err = load_sides(sides, argv);
	if (err == NULL)
		err = merge_sides(&r, path, sides, argc == 7 ? argv[5] : NULL,
		    argc == 7 ? argv[6] : NULL);
	if (err == NULL && stat(argv[2], &st) == 0)
		mode = (unsigned)st.st_mode & 07777;
	if (err == NULL)
		err = buf_write_atomic(argv[2], r->text.ptr ? r->text.ptr : "",
		    r->text.len, mode);
	if (err) {
		status = cli_report(err);
		goto done;
	}
	for (i = 0; i < r->nconflict_paths; i++)
		fprintf(stderr, "netsync: conflict in %s: %s\n", path,
		    r->conflict_paths[i]);
	status = r->conflicts ? EXIT_DATA : EXIT_OK;
done:
	merge_result_free(r);
	for (i = 0; i < 3; i++)
		buf_dispose(&sides[i]);
	return status;
}
