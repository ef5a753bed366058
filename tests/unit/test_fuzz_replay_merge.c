/*
 * test_fuzz_replay_merge.c: replay tests/fuzz/corpus/merge/ through the
 * merge fuzz target, so that every input the fuzzer kept (and every crash
 * fixed since) runs in `make check`.  The target abort()s on a broken
 * property, which fails this binary.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "../fuzz/fuzz_merge.c"

#include "buf.h"
#include "harness.h"
#include "util.h"

#define CORPUS	"tests/fuzz/corpus/merge"

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_replay(struct tctx *t)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL, path[1024];
	size_t n = 0, i;
	struct buf data = BUF_INIT;

	d = opendir(CORPUS);
	CHECK(t, d != NULL, "open %s", CORPUS);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", CORPUS, names[i]);
		buf_reset(&data);
		CHECK(t, buf_load_path(&data, path, 1u << 20) == NULL,
		    "read %s", path);
		LLVMFuzzerTestOneInput((const uint8_t *)(data.ptr ? data.ptr :
		    ""), data.len);
		free(names[i]);
	}
	printf("  replayed %zu inputs\n", n);
	CHECK(t, n >= 10, "corpus has %zu inputs", n);
	free(names);
	buf_dispose(&data);
}

static const struct tcase tests[] = {
	TCASE(test_replay),
};

int
main(int argc, char *argv[])
{
	int status;

	LLVMFuzzerInitialize(&argc, &argv);
	status = harness_main(argc, argv, tests, nitems(tests));
	git_libgit2_shutdown();
	return status;
}
