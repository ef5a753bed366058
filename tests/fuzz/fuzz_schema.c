/*
 * fuzz_schema.c: libFuzzer target for parsing then validating a record:
 * the bytes are loaded with ytree_parse() and validated against the
 * built-in meeting schema (and the followup and federation schemas when
 * the document says it is one), both with schema_validate() and with the
 * allocation-free schema_valid(), which must agree.  Findings are data,
 * never an error: any error but NS_ERR_NOMEM is a crash here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "schema/schema.h"
#include "yaml/ytree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct schema_set *schemas;

static void
drop_schemas(void)
{
	schema_set_free(schemas);
}

static void
check_one(const char *name, const struct ytree_node *root)
{
	const struct ns_error *err = NULL;
	const struct schema *s = schema_set_get(schemas, name);
	struct diag_list dl = DIAG_LIST_INIT;
	int valid;

	if (s == NULL)
		abort();
	err = schema_validate(&dl, s, root, "fuzz.yaml");
	if (err && err->code != NS_ERR_NOMEM)
		abort();
	valid = schema_valid(s, root, &err);
	if (valid == -1 && err->code != NS_ERR_NOMEM)
		abort();
	/* the fast path and the full walk must agree */
	if (valid != -1 && err == NULL && valid != (diag_count_errors(&dl) == 0))
		abort();
	diag_list_dispose(&dl);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ytree_node *root;
	const char *kind;
	struct ytree *t = NULL;

	if (schemas == NULL) {
		if (schema_set_builtin(&schemas) != NULL)
			abort();
		atexit(drop_schemas);
	}
	if (ytree_parse(&t, "fuzz.yaml", data, size, NULL) != NULL)
		return 0;
	root = ytree_root(t);
	check_one("meeting", root);
	kind = ytree_get_str(root, "kind");
	if (kind && (strcmp(kind, "followup") == 0 ||
	    strcmp(kind, "federation") == 0 || strcmp(kind, "netsync") == 0))
		check_one(kind, root);
	ytree_free(t);
	return 0;
}
