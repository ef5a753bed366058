/*
 * test_diag.c: a diagnostic list that cannot grow.  The list takes over a
 * finding's strings, so they must be freed when the finding cannot be
 * stored.  LeakSanitizer checks that here, on a list whose next growth no
 * allocator can satisfy (test_util.c covers the lists' ordinary use).
 */
#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>
#include <stdint.h>

#include "base/diag.h"
#include "base/error.h"
#include "harness.h"

/* The impossible allocation below returns NULL instead of aborting. */
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/* Pretend 'dl' is full and as large as memory allows; it holds nothing. */
static void
make_full(struct diag_list *dl)
{
	dl->n = dl->cap = SIZE_MAX / sizeof(struct diag) / 2;
}

static void
make_empty(struct diag_list *dl)
{
	dl->n = dl->cap = 0;
}

static void
test_add_nomem(struct tctx *t)
{
	struct diag_list dl = DIAG_LIST_INIT;
	const struct ns_error *err;

	make_full(&dl);
	err = diag_add(&dl, DIAG_ERROR, "records/a.yaml", 3, 5, "owner",
	    "must be %s", "a federation id");
	make_empty(&dl);
	CHECK(t, err != NULL && err->code == NS_ERR_NOMEM, "diag_add: %s",
	    err ? err->msg : "no error");
	CHECK_INT(t, __lsan_do_recoverable_leak_check(), 0);
	diag_list_dispose(&dl);
}

static void
test_append_nomem(struct tctx *t)
{
	struct diag_list to = DIAG_LIST_INIT, from = DIAG_LIST_INIT;
	const struct ns_error *err;

	err = diag_add(&from, DIAG_ERROR, "records/a.yaml", 1, 1, "id", "x");
	if (err == NULL)
		err = diag_add(&from, DIAG_WARNING, NULL, 0, 0, NULL, "y");
	CHECK(t, err == NULL, "diag_add");
	make_full(&to);
	err = diag_append(&to, &from);
	make_empty(&to);
	CHECK(t, err != NULL && err->code == NS_ERR_NOMEM, "diag_append: %s",
	    err ? err->msg : "no error");
	CHECK_INT(t, from.n, 0);
	CHECK_INT(t, __lsan_do_recoverable_leak_check(), 0);
	diag_list_dispose(&to);
	diag_list_dispose(&from);
}

static const struct tcase cases[] = {
	TCASE(test_add_nomem),
	TCASE(test_append_nomem),
};

HARNESS_MAIN(cases)
