/*
 * harness.h: the unit-test harness.  A test binary defines its test
 * functions and a table; harness_main() runs them (a name filter may be
 * given as argv[1]) and ends with "N passed, N failed".
 */
#ifndef NS_HARNESS_H
#define NS_HARNESS_H

#include <stddef.h>

struct tctx {
	const char	*test;
	int		 failed;
};

struct tcase {
	const char	*name;
	void		(*fn)(struct tctx *);
};

void harness_check(struct tctx *, int ok, const char *file, int line,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void harness_check_str(struct tctx *, const char *got, const char *want,
    const char *file, int line, const char *what);
void harness_check_int(struct tctx *, long long got, long long want,
    const char *file, int line, const char *what);
int harness_main(int argc, char *argv[], const struct tcase *, size_t n);

/* Remove 'dir' and everything below it (a test's scratch directory). */
void harness_rmtree(const char *dir);

#define CHECK(t, cond, ...) \
	harness_check((t), (cond) ? 1 : 0, __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_STR(t, got, want) \
	harness_check_str((t), (got), (want), __FILE__, __LINE__, #got)
#define CHECK_INT(t, got, want) \
	harness_check_int((t), (long long)(got), (long long)(want), __FILE__, \
	    __LINE__, #got)
#define TCASE(fn) { #fn, fn }
#define HARNESS_MAIN(table) \
	int main(int argc, char *argv[]) \
	{ return harness_main(argc, argv, table, sizeof(table) / sizeof(table[0])); }

#endif
