#!/bin/sh
# tests/suites/layers.sh: scripts/layers.sh holds the layering of src/lib/
# (docs/ARCHITECTURE.md): the tree as it is passes, and each kind of
# include against the layering, planted in a copy, makes it fail and name
# the file and line.
. "$(dirname "$0")/../cmd/common.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)

# copy_tree DIR: the sources and the check, as a tree of their own.
copy_tree() {
	mkdir -p "$1/scripts" && cp -R "$top/src" "$1/" &&
	    cp "$top/scripts/layers.sh" "$1/scripts/"
}

# plant TESTROOT FILE LINE: add LINE after FILE's first #include, run the
# check over the copy; its output in TESTROOT/out, "exit N" last.
plant() {
	sed -i "0,/^#include/s||$3\n&|" "$1/tree/src/$2" || return 1
	sh "$1/tree/scripts/layers.sh" "$1/tree" > "$1/out" 2>&1
	echo "exit $?" >> "$1/out"
}

test_layers_tree_passes() {
	local testroot=$(test_init layers_tree_passes)
	sh "$top/scripts/layers.sh" > "$testroot/out" 2>&1
	check_status $? 0 "layers.sh on the tree" || {
		sed 's/^/  | /' "$testroot/out"
		test_done "$testroot" 1
		return 1
	}
	test_done "$testroot" 0
}

test_layers_upward_include_fails() {
	local testroot=$(test_init layers_upward_include_fails)
	copy_tree "$testroot/tree" || return 1
	plant "$testroot" lib/base/buf.c '#include "sync/sync.h"'
	check_grep '^exit 1$' "$testroot/out" &&
	    check_grep '^src/lib/base/buf.c:[0-9]+: error: module base may not include "sync/sync.h"' "$testroot/out"
	test_done "$testroot" $?
}

test_layers_sideways_include_fails() {
	local testroot=$(test_init layers_sideways_include_fails)
	copy_tree "$testroot/tree" || return 1
	# render sees the overview model, never a repository
	plant "$testroot" lib/render/render_md.c '#include "repo/workspace.h"'
	check_grep '^exit 1$' "$testroot/out" &&
	    check_grep '^src/lib/render/render_md.c:[0-9]+: error: module render may not include' "$testroot/out"
	test_done "$testroot" $?
}

test_layers_cli_third_party_fails() {
	local testroot=$(test_init layers_cli_third_party_fails)
	copy_tree "$testroot/tree" || return 1
	plant "$testroot" cli/cmd_status.c '#include <yaml.h>'
	check_grep '^exit 1$' "$testroot/out" &&
	    check_grep '^src/cli/cmd_status.c:[0-9]+: error: module cli may not include <yaml.h>' "$testroot/out" || {
		test_done "$testroot" 1; return 1; }
	rm -rf "$testroot/tree" && copy_tree "$testroot/tree" || return 1
	plant "$testroot" cli/cmd_push.c '#include <git2.h>'
	check_grep '^src/cli/cmd_push.c:[0-9]+: error: module cli may not include <git2.h>' "$testroot/out"
	test_done "$testroot" $?
}

test_layers_libyaml_outside_yaml_fails() {
	local testroot=$(test_init layers_libyaml_outside_yaml_fails)
	copy_tree "$testroot/tree" || return 1
	plant "$testroot" lib/schema/schema.c '#include <yaml.h>'
	check_grep '^exit 1$' "$testroot/out" &&
	    check_grep '^src/lib/schema/schema.c:[0-9]+: error: module schema may not include <yaml.h>' "$testroot/out"
	test_done "$testroot" $?
}

test_layers_unqualified_include_fails() {
	local testroot=$(test_init layers_unqualified_include_fails)
	copy_tree "$testroot/tree" || return 1
	plant "$testroot" lib/yaml/yemit.c '#include "buf.h"'
	check_grep '^exit 1$' "$testroot/out" &&
	    check_grep '^src/lib/yaml/yemit.c:[0-9]+: error: "buf.h": name the module' "$testroot/out"
	test_done "$testroot" $?
}

test_layers_file_outside_module_fails() {
	local testroot=$(test_init layers_file_outside_module_fails)
	copy_tree "$testroot/tree" || return 1
	echo 'int x;' > "$testroot/tree/src/lib/loose.c"
	mkdir "$testroot/tree/src/lib/misc" && echo 'int y;' > "$testroot/tree/src/lib/misc/y.c"
	sh "$testroot/tree/scripts/layers.sh" "$testroot/tree" > "$testroot/out" 2>&1
	echo "exit $?" >> "$testroot/out"
	check_grep '^exit 1$' "$testroot/out" &&
	    check_grep '^src/lib/loose.c: error: file outside a module folder' "$testroot/out" &&
	    check_grep '^src/lib/misc/: error: unknown module misc' "$testroot/out"
	test_done "$testroot" $?
}

# The objects make check built: no call goes against the layering either.
test_layers_objects_pass() {
	local testroot=$(test_init layers_objects_pass)
	sh "$top/scripts/layers.sh" "$top" "$top/build/asan/src/lib" \
	    > "$testroot/out" 2>&1
	check_status $? 0 "layers.sh on build/asan/src/lib" || {
		sed 's/^/  | /' "$testroot/out"
		test_done "$testroot" 1
		return 1
	}
	test_done "$testroot" 0
}

# A call that no include shows (a prototype written by hand) is found in
# the objects: base calling ytree_free of module yaml.
test_layers_hidden_call_fails() {
	local testroot=$(test_init layers_hidden_call_fails)
	mkdir -p "$testroot/obj" &&
	    cp -R "$top/build/asan/src/lib/." "$testroot/obj/" || {
		test_done "$testroot" 1; return 1; }
	cat > "$testroot/planted.c" <<'EOF'
struct ytree;
void ytree_free(struct ytree *);
void planted(struct ytree *t);
void planted(struct ytree *t) { ytree_free(t); }
EOF
	${CC:-cc} -c -o "$testroot/obj/base/planted.o" "$testroot/planted.c" || {
		test_done "$testroot" 1; return 1; }
	sh "$top/scripts/layers.sh" "$top" "$testroot/obj" > "$testroot/out" 2>&1
	echo "exit $?" >> "$testroot/out"
	check_grep '^exit 1$' "$testroot/out" &&
	    check_grep '^src/lib/base/planted.c: error: module base uses ytree_free of module yaml' "$testroot/out"
	test_done "$testroot" $?
}

test_parseargs "$@"
run_test test_layers_tree_passes
run_test test_layers_upward_include_fails
run_test test_layers_sideways_include_fails
run_test test_layers_cli_third_party_fails
run_test test_layers_libyaml_outside_yaml_fails
run_test test_layers_unqualified_include_fails
run_test test_layers_file_outside_module_fails
run_test test_layers_objects_pass
run_test test_layers_hidden_call_fails
test_summary
