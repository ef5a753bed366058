/*
 * fuzz_ytree.c: libFuzzer target for the YAML loader (ytree_parse): any
 * bytes must give a tree or an error with a position, within the limits,
 * never a crash, a leak or undefined behaviour.  A parsed tree is walked
 * completely and its invariants checked (scalars NUL-terminated at 'len',
 * keys strings, positions 1-based), so a tree with dangling pointers or
 * torn nodes is caught.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "yaml/ytree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
walk(const struct ytree_node *n)
{
	size_t i;

	if (n == NULL || n->line == 0 || n->col == 0)
		abort();
	switch (n->type) {
	case YTREE_SEQ:
		for (i = 0; i < n->n; i++)
			walk(n->items[i]);
		break;
	case YTREE_MAP:
		for (i = 0; i < n->n; i++) {
			if (n->pairs[i].key->type != YTREE_STR)
				abort();
			walk(n->pairs[i].key);
			walk(n->pairs[i].value);
		}
		break;
	default:
		if (n->str == NULL || n->str[n->len] != '\0')
			abort();
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ns_error *err;
	const struct ytree_node *root;
	struct ytree *t = NULL;

	err = ytree_parse(&t, "fuzz.yaml", data, size, NULL);
	if (err) {
		/* bad input is YAML or LIMIT, and malformed YAML has a place */
		if (t != NULL || err->msg == NULL)
			abort();
		if (err->code != NS_ERR_YAML && err->code != NS_ERR_LIMIT &&
		    err->code != NS_ERR_NOMEM)
			abort();
		if (err->code == NS_ERR_YAML && (err->line == 0 ||
		    err->file == NULL))
			abort();
		return 0;
	}
	root = ytree_root(t);
	walk(root);
	if (!ytree_equal(root, root))	/* NaN included */
		abort();
	(void)ytree_get(root, "kind");
	(void)ytree_get_str(root, "id");
	(void)ytree_type_name(root->type);
	ytree_free(t);
	return 0;
}
