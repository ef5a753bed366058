/*
 * test_schema.c: the validator's messages, positions and paths (a schema,
 * a YAML document, the exact diagnostic lines), the schema set ($ref
 * across schemas, $id, digest, errors) and the compiled-in schemas.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "harness.h"
#include "base/util.h"
#include "schema/schema.h"
#include "yaml/ytree.h"

/* Validate 'doc' against 'schema' (added as "s"); the printed findings. */
static char *
run(struct tctx *t, const char *schema, const char *doc,
    const struct ns_error **verr)
{
	struct schema_set *set = NULL;
	struct ytree *tree = NULL;
	struct diag_list dl = DIAG_LIST_INIT;
	const struct ns_error *err;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	*verr = NULL;
	err = schema_set_new(&set);
	if (err == NULL)
		err = schema_set_add(set, "s", (const unsigned char *)schema,
		    strlen(schema));
	CHECK(t, err == NULL, "schema refused: %s:%u:%u: %s",
	    err ? err->file : "", err ? err->line : 0, err ? err->col : 0,
	    err ? err->msg : "");
	if (err == NULL)
		err = ytree_parse(&tree, "r.yaml", (const unsigned char *)doc,
		    strlen(doc), NULL);
	CHECK(t, err == NULL, "document refused: %s", err ? err->msg : "");
	if (err == NULL)
		*verr = schema_validate(&dl, schema_set_get(set, "s"),
		    ytree_root(tree), "r.yaml");
	f = open_memstream(&out, &len);
	if (f) {
		diag_print_text(f, &dl);
		fclose(f);
	}
	diag_list_dispose(&dl);
	ytree_free(tree);
	schema_set_free(set);
	return out;
}

static const char person[] =
    "type: object\n"
    "additionalProperties: false\n"
    "required: [name]\n"
    "properties:\n"
    "  name: {type: string, minLength: 1, description: The full name.}\n"
    "  federation: {type: string}\n"
    "  title: {type: string}\n";

static const char meeting[] =
    "type: object\n"
    "required: [title, start]\n"
    "additionalProperties: false\n"
    "properties:\n"
    "  title: {type: string}\n"
    "  start: {type: string, format: date}\n"
    "  status: {enum: [planned, held, cancelled]}\n"
    "  attendance: {type: integer, minimum: 0}\n"
    "  questions:\n"
    "    type: array\n"
    "    items:\n"
    "      type: object\n"
    "      properties:\n"
    "        owner: {$ref: '#/$defs/person'}\n"
    "  odd:\n"
    "    type: object\n"
    "    additionalProperties: {type: integer}\n"
    "$defs:\n"
    "  person:\n"
    "    type: object\n"
    "    required: [name]\n"
    "    properties:\n"
    "      name: {type: string}\n";

static void
test_messages(struct tctx *t)
{
	static const struct {
		const char	*schema, *doc, *want;
	} cases[] = {
		/* missing required: the mapping; nested path */
		{ meeting, "title: x\nstart: 2014-11-06\nquestions:\n"
		    "  - owner:\n      federation: jamtland\n",
		    "r.yaml:5:7: error: questions[0].owner: missing required "
		    "property \"name\"\n" },
		/* at the root: no path */
		{ meeting, "start: 2014-11-06\n",
		    "r.yaml:1:1: error: missing required property "
		    "\"title\"\n" },
		{ meeting, "title: 5\nstart: 2014-11-06\n",
		    "r.yaml:1:8: error: title: expected a string, got an "
		    "integer\n" },
		{ meeting, "title: x\nstart: 2014-11-06\nstatus: planed\n",
		    "r.yaml:3:9: error: status: \"planed\" is not one of "
		    "planned, held, cancelled; did you mean \"planned\"?\n" },
		{ meeting, "title: x\nstart: 2014-11-06\nstatus: done\n",
		    "r.yaml:3:9: error: status: \"done\" is not one of "
		    "planned, held, cancelled\n" },
		{ meeting, "title: x\nstart: 2014-13-06\n",
		    "r.yaml:2:8: error: start: must be a date (YYYY-MM-DD)\n" },
		/* the unknown key itself, with a suggestion when close */
		{ meeting, "titel: x\nstart: 2014-11-06\n",
		    "r.yaml:1:1: error: unknown property \"titel\"; did you "
		    "mean \"title\"?\n"
		    "r.yaml:1:1: error: missing required property "
		    "\"title\"\n" },
		{ meeting, "title: x\nstart: 2014-11-06\nwhatever: 1\n",
		    "r.yaml:3:1: error: unknown property \"whatever\"\n" },
		{ meeting, "title: x\nstart: 2014-11-06\nattendance: -1\n",
		    "r.yaml:3:13: error: attendance: must be at least 0\n" },
		/* 1.0 is an integer */
		{ meeting, "title: x\nstart: 2014-11-06\nattendance: 50.0\n",
		    "" },
		{ meeting, "title: x\nstart: 2014-11-06\nattendance: 1.5\n",
		    "r.yaml:3:13: error: attendance: expected an integer, got "
		    "a number\n" },
		/* keys that are not identifiers */
		{ meeting, "title: x\nstart: 2014-11-06\nodd: {\"a b\": x}\n",
		    "r.yaml:3:14: error: odd[\"a b\"]: expected an integer, "
		    "got a string\n" },
		/* descriptions explain; required uses the property's */
		{ person, "name: ''\n",
		    "r.yaml:1:7: error: name: must be at least 1 character long"
		    " \xe2\x80\x94 The full name.\n" },
		{ person, "federation: x\n",
		    "r.yaml:1:1: error: missing required property \"name\" "
		    "\xe2\x80\x94 The full name.\n" },
		{ person, "name: x\nnmae: y\n",
		    "r.yaml:2:1: error: unknown property \"nmae\"; did you "
		    "mean \"name\"?\n" },
		{ "type: boolean\n", "yes\n", "r.yaml:1:1: error: expected a "
		    "boolean (true or false), got a string (write true or "
		    "false)\n" },
		{ "type: integer\n", "'50'\n", "r.yaml:1:1: error: expected an "
		    "integer, got a string (write the number without "
		    "quotes)\n" },
		{ "type: string\n", "title:\n",
		    "r.yaml:1:1: error: expected a string, got a mapping\n" },
		{ "type: object\nproperties: {a: {type: string}}\n", "a:\n",
		    "r.yaml:1:3: error: a: expected a string, got nothing (an "
		    "empty value)\n" },
		/* code points, not bytes */
		{ "maxLength: 3\n", "\"\xc3\xa5\xc3\xa4\xc3\xb6\"\n", "" },
		/* a count beyond 2^63 is no limit (fuzz: UB in a cast) */
		{ "maxLength: 1e40\n", "abc\n", "" },
		{ "maxLength: 2\n", "\"\xc3\xa5\xc3\xa4\xc3\xb6\"\n",
		    "r.yaml:1:1: error: must be at most 2 characters long (it "
		    "has 3)\n" },
		{ "type: array\nuniqueItems: true\n", "[1, 2, 1.0]\n",
		    "r.yaml:1:8: error: [2]: 1.0 is listed twice (also at "
		    "[0]); each item may appear only once\n" },
		{ "uniqueItems: true\n", "- {a: 1}\n- {a: 1.0}\n",
		    "r.yaml:2:3: error: [1]: the same as item [0]; each item "
		    "may appear only once\n" },
		{ "type: array\nminItems: 2\n", "[1]\n",
		    "r.yaml:1:1: error: must have at least 2 items\n" },
		{ "pattern: '^[a-z]+$'\n", "Abc\n",
		    "r.yaml:1:1: error: must match the pattern ^[a-z]+$\n" },
		{ "dependentRequired: {end: [start]}\n", "end: x\n",
		    "r.yaml:1:1: error: property \"end\" requires property "
		    "\"start\"\n" },
		{ "propertyNames: {pattern: '^[a-z]+$'}\n", "Ab: 1\n",
		    "r.yaml:1:1: error: property name \"Ab\" is not "
		    "allowed\n" },
		{ "const: meeting\n", "followup\n",
		    "r.yaml:1:1: error: must be \"meeting\"\n" },
		{ "not: {type: string}\n", "x\n",
		    "r.yaml:1:1: error: must not match the schema under "
		    "\"not\"\n" },
		/* unevaluated*: what no (successful) subschema looked at */
		{ "allOf: [{properties: {a: {}}}]\nproperties: {b: {}}\n"
		    "unevaluatedProperties: false\n", "a: 1\nb: 2\nc: 3\n",
		    "r.yaml:3:1: error: unknown property \"c\"\n" },
		{ "anyOf: [{properties: {a: {type: string}}}, {properties: "
		    "{b: {}}}]\nunevaluatedProperties: false\n", "a: 1\nb: 2\n",
		    "r.yaml:1:1: error: unknown property \"a\"\n" },
		{ "prefixItems: [{type: string}]\nunevaluatedItems: "
		    "{type: integer}\n", "[x, 1, y]\n",
		    "r.yaml:1:8: error: [2]: expected an integer, got a "
		    "string\n" },
		{ "false\n", "x\n",
		    "r.yaml:1:1: error: is not allowed here\n" },
	};
	const struct ns_error *err;
	size_t i;
	char *got;

	for (i = 0; i < nitems(cases); i++) {
		got = run(t, cases[i].schema, cases[i].doc, &err);
		CHECK(t, err == NULL, "case %zu: error %s", i,
		    err ? err->msg : "");
		CHECK(t, got && strcmp(got, cases[i].want) == 0,
		    "case %zu:\n    got:  %s\n    want: %s", i, got,
		    cases[i].want);
		free(got);
	}
}

/* anyOf/oneOf: one useful explanation, not a wall of text. */
static void
test_alternatives(struct tctx *t)
{
	static const char owner[] =
	    "properties:\n"
	    "  owner:\n"
	    "    oneOf:\n"
	    "      - type: string\n"
	    "      - type: object\n"
	    "        required: [name]\n"
	    "        properties: {name: {type: string}}\n";
	static const char kinds[] =
	    "oneOf:\n"
	    "  - properties: {kind: {const: meeting}, title: {type: string}}\n"
	    "    required: [kind, title]\n"
	    "  - properties: {kind: {const: followup}, date: {type: string}}\n"
	    "    required: [kind, date]\n";
	static const struct {
		const char	*schema, *doc, *want;
	} cases[] = {
		{ owner, "owner: 5\n", "r.yaml:1:8: error: owner: expected a "
		    "string or a mapping, got an integer\n" },
		{ owner, "owner: {federation: x}\n", "r.yaml:1:8: error: "
		    "owner: missing required property \"name\"\n" },
		{ owner, "owner: Mikael\n", "" },
		/* the discriminator picks the branch */
		{ kinds, "kind: followup\n", "r.yaml:1:1: error: missing "
		    "required property \"date\"\n" },
		{ "anyOf: [{type: string, minLength: 3}, {type: string, "
		    "pattern: '^a'}]\n", "bb\n",
		    "r.yaml:1:1: error: does not match any of the allowed "
		    "forms\n" },
		{ "oneOf: [{type: integer}, {minimum: 0}]\n", "1\n",
		    "r.yaml:1:1: error: matches more than one of the allowed "
		    "forms (forms 1 and 2)\n" },
		{ "if: {properties: {status: {const: done}}}\n"
		    "then: {required: [date]}\n", "status: done\n",
		    "r.yaml:1:1: error: missing required property \"date\"\n" },
	};
	const struct ns_error *err;
	size_t i;
	char *got;

	for (i = 0; i < nitems(cases); i++) {
		got = run(t, cases[i].schema, cases[i].doc, &err);
		CHECK(t, err == NULL && got && strcmp(got, cases[i].want) == 0,
		    "case %zu:\n    got:  %s\n    want: %s", i, got,
		    cases[i].want);
		free(got);
	}
}

static const struct ns_error *
add(struct schema_set *set, const char *name, const char *text)
{
	return schema_set_add(set, name, (const unsigned char *)text,
	    strlen(text));
}

static int
valid(const struct schema *s, const char *doc)
{
	struct ytree *tree = NULL;
	int r = -2;

	if (s && ytree_parse(&tree, "d", (const unsigned char *)doc,
	    strlen(doc), NULL) == NULL)
		r = schema_valid(s, ytree_root(tree), NULL);
	ytree_free(tree);
	return r;
}

/* $ref across the set: by $id, relative to the referrer, and by name. */
static void
test_set_refs(struct tctx *t)
{
	struct schema_set *set = NULL;
	const struct ns_error *err;
	char digest[32];

	CHECK(t, schema_set_new(&set) == NULL, "new");
	/* added before the schema it refers to: linked later */
	err = add(set, "meeting", "$id: https://netsync.dev/schema/meeting."
	    "yaml\nproperties:\n  owner: {$ref: 'common.yaml#/$defs/person'}\n"
	    "  id: {$ref: 'common.yaml#slug'}\n");
	CHECK(t, err == NULL, "add meeting: %s", err ? err->msg : "");
	CHECK(t, schema_set_check(set) != NULL, "unresolved ref not reported");
	snprintf(digest, sizeof(digest), "%s", schema_set_digest(set));
	err = add(set, "common", "$id: https://netsync.dev/schema/common.yaml\n"
	    "$defs:\n  person: {type: object, required: [name]}\n"
	    "  slug: {$anchor: slug, type: string, pattern: '^[a-z-]+$'}\n"
	    "  \"a/b~c%\": {type: integer}\n");
	CHECK(t, err == NULL, "add common: %s", err ? err->msg : "");
	CHECK(t, schema_set_check(set) == NULL, "check after common");
	CHECK(t, strcmp(digest, schema_set_digest(set)) != 0, "digest same");
	CHECK_INT(t, strlen(schema_set_digest(set)), 16);
	CHECK_INT(t, valid(schema_set_get(set, "meeting"), "owner: {}"), 0);
	CHECK_INT(t, valid(schema_set_get(set, "meeting"),
	    "owner: {name: x}\nid: ab-c"), 1);
	CHECK_INT(t, valid(schema_set_get(set, "meeting"), "id: X"), 0);
	CHECK(t, schema_set_get(set, "https://netsync.dev/schema/common.yaml")
	    == schema_set_get(set, "common"), "get by $id");
	CHECK(t, schema_set_get(set, "nosuch") == NULL, "get unknown");
	/* ~1 ~0 and %-escapes in pointers; a schema without $id by name */
	err = add(set, "other", "$ref: 'https://netsync.dev/schema/common.yaml"
	    "#/$defs/a~1b~0c%25'\n");
	CHECK(t, err == NULL, "escaped pointer: %s", err ? err->msg : "");
	CHECK_INT(t, valid(schema_set_get(set, "other"), "1"), 1);
	CHECK_INT(t, valid(schema_set_get(set, "other"), "x"), 0);
	err = add(set, "byname", "$ref: 'other.yaml'\n");
	CHECK(t, err == NULL && schema_set_check(set) == NULL, "by file name");
	CHECK_INT(t, valid(schema_set_get(set, "byname"), "x"), 0);
	/* refusals leave the set as it was */
	err = add(set, "common", "true");
	CHECK(t, err && err->code == NS_ERR_INVALID, "duplicate name");
	err = add(set, "again", "$id: https://netsync.dev/schema/common.yaml");
	CHECK(t, err && err->code == NS_ERR_INVALID, "duplicate $id");
	err = add(set, "bad", "$ref: '#/$defs/nothing'\n");
	CHECK(t, err && err->code == NS_ERR_INVALID && err->line == 1 &&
	    err->col == 7, "dangling local ref: %s", err ? err->msg : "");
	CHECK(t, schema_set_get(set, "bad") == NULL, "bad was kept");
	CHECK(t, schema_set_check(set) == NULL, "check after refusals");
	schema_set_free(set);
}

/* Invalid schemas: NS_ERR_INVALID with the schema's name and position. */
static void
test_invalid_schemas(struct tctx *t)
{
	static const struct {
		const char	*text;
		unsigned	 line, col;
	} cases[] = {
		{ "type: strin\n", 1, 7 },
		{ "properties:\n  a: 5\n", 2, 6 },
		{ "minLength: -1\n", 1, 12 },
		{ "pattern: '(a'\n", 1, 10 },
		{ "pattern: '(?P<x>a)'\n", 1, 10 },
		{ "required: [a, a]\n", 1, 15 },
		{ "multipleOf: 0\n", 1, 13 },
		{ "$recursiveRef: '#'\n", 1, 1 },
		{ "- 1\n", 1, 1 },
		{ "$anchor: 'not ok'\n", 1, 10 },
	};
	struct schema_set *set = NULL;
	const struct ns_error *err;
	size_t i;

	CHECK(t, schema_set_new(&set) == NULL, "new");
	for (i = 0; i < nitems(cases); i++) {
		err = add(set, "bad.yaml", cases[i].text);
		CHECK(t, err && err->code == NS_ERR_INVALID && err->file &&
		    strcmp(err->file, "bad.yaml") == 0 &&
		    err->line == cases[i].line && err->col == cases[i].col,
		    "case %zu: %s:%u:%u: %s", i, err ? err->file : "",
		    err ? err->line : 0, err ? err->col : 0,
		    err ? err->msg : "accepted");
	}
	err = add(set, "yaml", "a: [");
	CHECK(t, err && err->code == NS_ERR_YAML, "malformed YAML");
	schema_set_free(set);
}

/* A $ref loop that never consumes data is a limit, not a crash. */
static void
test_ref_loop(struct tctx *t)
{
	struct schema_set *set = NULL;
	struct ytree *tree = NULL;
	struct diag_list dl = DIAG_LIST_INIT;
	const struct ns_error *err;

	CHECK(t, schema_set_new(&set) == NULL, "new");
	err = add(set, "loop", "$defs:\n  a: {$ref: '#/$defs/b'}\n"
	    "  b: {$ref: '#/$defs/a'}\n$ref: '#/$defs/a'\n");
	CHECK(t, err == NULL, "add: %s", err ? err->msg : "");
	CHECK(t, ytree_parse(&tree, "d", (const unsigned char *)"1", 1,
	    NULL) == NULL, "parse");
	err = schema_validate(&dl, schema_set_get(set, "loop"),
	    ytree_root(tree), "d");
	CHECK(t, err && err->code == NS_ERR_LIMIT, "loop: %s",
	    err ? err->msg : "no error");
	CHECK_INT(t, schema_valid(schema_set_get(set, "loop"),
	    ytree_root(tree), &err), -1);
	diag_list_dispose(&dl);
	ytree_free(tree);
	schema_set_free(set);
}

/* The compiled-in schemas compile, link and know a minimal record. */
static void
test_builtin(struct tctx *t)
{
	static const char rec[] =
	    "kind: meeting\nid: 2014-11-06-natverksmote\nfederation: jamtland"
	    "\ntitle: N\xc3\xa4tverksm\xc3\xb6te\ntype: network-meeting\n"
	    "start: 2014-11-06\n";
	struct schema_set *set = NULL;
	const struct ns_error *err;

	err = schema_set_builtin(&set);
	CHECK(t, err == NULL, "builtin: %s:%u:%u: %s", err ? err->file : "",
	    err ? err->line : 0, err ? err->col : 0, err ? err->msg : "");
	if (set == NULL)
		return;
	CHECK(t, schema_set_get(set, "meeting") != NULL, "meeting");
	CHECK(t, schema_set_get(set, "followup") != NULL, "followup");
	CHECK(t, schema_set_get(set, "federation") != NULL, "federation");
	CHECK(t, schema_set_get(set, "netsync") != NULL, "netsync");
	CHECK_INT(t, valid(schema_set_get(set, "meeting"), rec), 1);
	CHECK_INT(t, valid(schema_set_get(set, "followup"), rec), 0);
	schema_set_free(set);
}

/* $dynamicRef: an extension tightens a recursive base schema. */
static void
test_dynamic_ref(struct tctx *t)
{
	struct schema_set *set = NULL;
	const struct ns_error *err;

	CHECK(t, schema_set_new(&set) == NULL, "new");
	err = add(set, "base", "$id: https://x.test/base\n"
	    "$dynamicAnchor: node\ntype: object\n"
	    "properties: {child: {$dynamicRef: '#node'}}\n");
	CHECK(t, err == NULL, "base: %s", err ? err->msg : "");
	err = add(set, "strict", "$id: https://x.test/strict\n"
	    "$dynamicAnchor: node\n$ref: base\nunevaluatedProperties: false\n");
	CHECK(t, err == NULL, "strict: %s", err ? err->msg : "");
	CHECK_INT(t, valid(schema_set_get(set, "base"),
	    "child: {child: {}, extra: 1}"), 1);
	CHECK_INT(t, valid(schema_set_get(set, "strict"),
	    "child: {child: {}}"), 1);
	CHECK_INT(t, valid(schema_set_get(set, "strict"),
	    "child: {child: {}, extra: 1}"), 0);
	schema_set_free(set);
}

/* The lazy built-in set names the digest the compiled one will have. */
static void
test_lazy_builtin(struct tctx *t)
{
	const struct schema_set *a = NULL, *b = NULL;
	struct schema_set *set = NULL;
	struct schema_lazy lazy;

	schema_lazy_init(&lazy);
	CHECK(t, lazy.set == NULL, "not compiled by init");
	CHECK(t, schema_set_builtin(&set) == NULL, "builtin");
	if (set)
		CHECK_STR(t, lazy.digest, schema_set_digest(set));
	CHECK(t, schema_lazy_get(&lazy, &a) == NULL && a != NULL, "get");
	CHECK(t, schema_lazy_get(&lazy, &b) == NULL && b == a, "compiled once");
	if (a)
		CHECK_STR(t, schema_set_digest(a), lazy.digest);
	schema_lazy_dispose(&lazy);
	schema_lazy_dispose(&lazy);	/* twice is harmless */
	schema_set_free(set);
}

static const struct tcase tests[] = {
	TCASE(test_messages),
	TCASE(test_alternatives),
	TCASE(test_set_refs),
	TCASE(test_lazy_builtin),
	TCASE(test_invalid_schemas),
	TCASE(test_ref_loop),
	TCASE(test_dynamic_ref),
	TCASE(test_builtin),
};

HARNESS_MAIN(tests)
