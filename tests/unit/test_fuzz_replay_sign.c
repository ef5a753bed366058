/*
 * test_fuzz_replay_sign.c: replays every file of tests/fuzz/corpus/sign
 * through the fuzz target, under ASan/UBSan, as part of `make check`.
 */
#include <dirent.h>
#include <stdio.h>

#include "harness.h"
#include "util.h"

#include "fuzz/fuzz_sign.c"

#define CORPUS "tests/fuzz/corpus/sign"

static void
test_replay(struct tctx *t)
{
	const struct ns_error *err;
	struct buf data = BUF_INIT, path = BUF_INIT;
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	d = opendir(CORPUS);
	CHECK(t, d != NULL, "open %s", CORPUS);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		buf_reset(&path);
		buf_reset(&data);
		err = buf_printf(&path, "%s/%s", CORPUS, de->d_name);
		if (err == NULL)
			err = buf_load_path(&data, path.ptr, 1 << 20);
		CHECK(t, err == NULL, "%s: %s", de->d_name, err ? err->msg : "");
		if (err)
			continue;
		LLVMFuzzerTestOneInput((const uint8_t *)(data.ptr ? data.ptr :
		    ""), data.len);
		n++;
	}
	closedir(d);
	CHECK(t, n >= 10, "only %zu corpus files", n);
	printf("  replayed %zu corpus files\n", n);
	buf_dispose(&data);
	buf_dispose(&path);
}

static const struct tcase cases[] = {
	TCASE(test_replay),
};

HARNESS_MAIN(cases)
