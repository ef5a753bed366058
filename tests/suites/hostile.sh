#!/bin/sh
# tests/suites/hostile.sh: hostile inputs (cmark's pathological tests).
# Every tests/cases/hostile/<name>.yaml, and the large ones that
# tests/cases/hostile/generate.sh writes, is put in a scratch federation
# repository as records/<name>.yaml and checked with `netsync validate`.
# Each must exit 1 (or 2) within HOSTILE_TIMEOUT seconds (default 60, for
# the ASan build on a loaded machine; a release build takes milliseconds)
# with a first line `records/<name>.yaml:LINE:COL: error: ...`, never crash
# (ASan/UBSan exit with 99), and print exactly <name>.expected.  A case
# with a <name>.xfail file (saying why) is a known gap: it counts as passed
# while it fails, and fails once netsync rejects it.
#
#   sh tests/suites/hostile.sh [NAME-FILTER]
#   HOSTILE_UPDATE=1 sh tests/suites/hostile.sh   rewrites the .expected files
. "$(dirname "$0")/../cmd/common.sh"

cases=$PWD/tests/cases/hostile
limit=${HOSTILE_TIMEOUT:-60}
gen=$_ns_tmp/generated
sh "$cases/generate.sh" "$gen" || exit 2
repo=$_ns_tmp/repo
fed_create "$repo" jamtland > /dev/null || exit 2

# hostile_one FILE: run one case; the test name is hostile_<name>.
hostile_one() {
	local f=$1 name out rc t0 t1 secs
	name=$(basename "$f" .yaml)
	out=$_ns_tmp/out-$name
	rm -f "$repo"/records/*.yaml.tmp
	cp "$f" "$repo/records/$name.yaml" || return 1
	t0=$(date +%s)
	(cd "$repo" && timeout -s KILL "$limit" "$NETSYNC" validate \
	    "records/$name.yaml") > "$out.stdout" 2> "$out"
	rc=$?
	t1=$(date +%s)
	rm -f "$repo/records/$name.yaml"
	secs=$((t1 - t0))
	if [ "$rc" -eq 137 ]; then
		echo "  $name: killed after ${limit}s"
		return 1
	fi
	if [ "$rc" -ne 1 ] && [ "$rc" -ne 2 ]; then
		echo "  $name: exit $rc, want 1 or 2 (${secs}s)"
		head -30 "$out" | sed 's/^/  | /'
		return 1
	fi
	if ! head -1 "$out" | grep -Eq "^records/$name\.yaml:[0-9]+:[0-9]+: error: "; then
		echo "  $name: first line is not records/$name.yaml:LINE:COL: error: ..."
		head -5 "$out" | sed 's/^/  | /'
		return 1
	fi
	if [ -n "${HOSTILE_UPDATE:-}" ]; then
		cp "$out" "$cases/$name.expected"
		return 0
	fi
	if [ ! -f "$cases/$name.expected" ]; then
		echo "  $name: no $cases/$name.expected; output was:"
		sed 's/^/  | /' "$out" | head -5
		return 1
	fi
	check_file "$cases/$name.expected" "$out"
}

test_parseargs "$@"
if (cd "$repo" && "$NETSYNC" validate 2>&1) | grep -q 'not implemented'; then
	test_skip hostile_all "netsync validate is not implemented yet"
	test_summary
fi
for f in "$cases"/*.yaml "$gen"/*.yaml; do
	name=$(basename "$f" .yaml)
	fn=hostile_$(echo "$name" | tr -- '-.' '__')
	eval "$fn() { hostile_one '$f'; }"
	if [ -f "$cases/$name.xfail" ]; then
		run_test_xfail "$fn"
	else
		run_test "$fn"
	fi
done
test_summary
