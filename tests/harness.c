/*
 * harness.c: runs a table of tests, prints PASS/FAIL per test and the
 * closing "N passed, N failed" line that tests/run.sh adds up.
 */
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

void
harness_check(struct tctx *t, int ok, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	t->failed++;
	fprintf(stdout, "  %s:%d: %s: check failed: ", file, line, t->test);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
}

void
harness_check_str(struct tctx *t, const char *got, const char *want,
    const char *file, int line, const char *what)
{
	if ((got == NULL && want == NULL) ||
	    (got && want && strcmp(got, want) == 0))
		return;
	harness_check(t, 0, file, line, "%s\n    got:  %s%s%s\n    want: %s%s%s",
	    what, got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
	    want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
}

void
harness_check_int(struct tctx *t, long long got, long long want,
    const char *file, int line, const char *what)
{
	if (got != want)
		harness_check(t, 0, file, line, "%s: got %lld, want %lld",
		    what, got, want);
}

int
harness_main(int argc, char *argv[], const struct tcase *cases, size_t n)
{
	size_t i, passed = 0, failed = 0;
	struct tctx t;

	for (i = 0; i < n; i++) {
		if (argc > 1 && strstr(cases[i].name, argv[1]) == NULL)
			continue;
		t.test = cases[i].name;
		t.failed = 0;
		cases[i].fn(&t);
		printf("%s %s\n", t.failed ? "FAIL" : "PASS", cases[i].name);
		if (t.failed)
			failed++;
		else
			passed++;
		fflush(stdout);
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
harness_rmtree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}
