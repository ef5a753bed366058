#!/bin/sh
# tests/suites/validate_cache.sh: the validation cache and parallel
# checking never change what `netsync validate` says: the same output cold
# and warm, on one CPU and on all, and every change (content, name, a
# duplicate id elsewhere, a damaged cache) is seen.
. "$(dirname "$0")/../cmd/common.sh"

# many_records DIR N: N valid meetings (m-1 ... m-N) in DIR's records/.
many_records() {
	local i=1
	mkdir -p "$1/records/meetings"
	while [ "$i" -le "$2" ]; do
		fed_meeting jamtland "m-$i" > "$1/records/meetings/m-$i.yaml"
		i=$((i + 1))
	done
}

# validate_to DIR OUT [ARGS...]: run validate in DIR, stdout+stderr to
# OUT, exit status appended as a last line.
validate_to() {
	local d=$1 out=$2
	shift 2
	(cd "$d" && netsync validate "$@") > "$out" 2>&1
	echo "exit $?" >> "$out"
}

# one_cpu: run the rest of the command line pinned to one CPU if possible.
one_cpu() {
	if command -v taskset > /dev/null; then
		taskset -c 0 "$@"
	else
		"$@"
	fi
}

test_cache_warm_equals_cold() {
	local testroot=$(test_init cache_warm_equals_cold) r
	r=$testroot/repo
	fed_create "$r" jamtland > /dev/null || return 1
	many_records "$r" 40
	# a few invalid ones, findings in several files
	sed -i 's/^type: network-meeting/type: party/' "$r/records/meetings/m-3.yaml"
	sed -i 's/^start: 2014-11-06/start: 2014-13-06/' "$r/records/meetings/m-17.yaml"
	sed -i 's/^id: m-30/id: m-31/' "$r/records/meetings/m-30.yaml"
	validate_to "$r" "$testroot/cold"
	check_grep '^exit 1$' "$testroot/cold" || return 1
	check_grep '^records/meetings/m-3.yaml:5:7: error: type' "$testroot/cold" || return 1
	test -f "$r/.git/netsync/cache" || { echo "  no cache written"; return 1; }
	validate_to "$r" "$testroot/warm"
	check_file "$testroot/cold" "$testroot/warm" || return 1
	rm -rf "$r/.git/netsync"
	one_cpu "$NETSYNC" --version > /dev/null || return 1
	(cd "$r" && one_cpu "$NETSYNC" validate) > "$testroot/one" 2>&1
	echo "exit $?" >> "$testroot/one"
	check_file "$testroot/cold" "$testroot/one" || return 1
	validate_to "$r" "$testroot/json" --format json
	rm -rf "$r/.git/netsync"
	validate_to "$r" "$testroot/json-cold" --format json
	check_file "$testroot/json-cold" "$testroot/json"
	test_done "$testroot" $?
}

test_cache_sees_same_size_edit() {
	local testroot=$(test_init cache_sees_same_size_edit) r f
	r=$testroot/repo
	fed_create "$r" jamtland > /dev/null || return 1
	many_records "$r" 3
	f=$r/records/meetings/m-2.yaml
	touch -d '2020-01-01 00:00:00' "$f"
	sleep 1	# older than the run: its stat data is cached too
	validate_to "$r" "$testroot/out"
	check_grep 'all valid' "$testroot/out" || return 1
	validate_to "$r" "$testroot/out"
	check_grep 'all valid' "$testroot/out" || return 1
	# same inode, size and mtime: only the content (and ctime) differ
	sed 's/^    status: open/    status: opxn/' "$f" > "$testroot/new"
	cat "$testroot/new" > "$f"
	touch -d '2020-01-01 00:00:00' "$f"
	sleep 1	# not "racy": only its stat data can tell it changed
	validate_to "$r" "$testroot/out"
	check_grep '^exit 1$' "$testroot/out" &&
	check_grep '^records/meetings/m-2.yaml:.*: error: questions\[0\]\.status' "$testroot/out"
	test_done "$testroot" $?
}

# A committed, unchanged file's blob id is the index's (not hashed); a file
# whose size, mtime and inode still match its index entry but whose content
# changed (ctime tells) is hashed and checked.
test_cache_index_blob_ids() {
	local testroot=$(test_init cache_index_blob_ids) r f
	r=$testroot/repo
	fed_create "$r" jamtland > /dev/null || return 1
	many_records "$r" 5
	git_commit "$r" records || return 1
	(cd "$r" && NETSYNC_TRACE=1 netsync validate) > "$testroot/out" 2>&1
	check_grep 'all valid' "$testroot/out" &&
	check_grep '^netsync: trace: 6 files read, 0 hashed, schemas compiled$' "$testroot/out" || return 1
	f=$r/records/meetings/m-2.yaml
	cp -p "$f" "$testroot/ref"
	sed 's/^    status: open/    status: opxn/' "$f" > "$testroot/new"
	cat "$testroot/new" > "$f"
	touch -r "$testroot/ref" "$f"
	(cd "$r" && NETSYNC_TRACE=1 netsync validate) > "$testroot/out" 2>&1
	check_grep '^records/meetings/m-2.yaml:.*: error: questions\[0\]\.status' "$testroot/out" &&
	check_grep '^netsync: trace: [0-9]+ files read, 1 hashed, schemas compiled$' "$testroot/out"
	test_done "$testroot" $?
}

# Nothing changed: the schemas are not even compiled, netsync.yaml
# included; a changed or invalid netsync.yaml is checked on every run.
test_cache_schemas_compiled_when_needed() {
	local testroot=$(test_init cache_schemas_compiled_when_needed) r
	r=$testroot/repo
	fed_create "$r" jamtland > /dev/null || return 1
	many_records "$r" 3
	validate_to "$r" "$testroot/cold"
	(cd "$r" && NETSYNC_TRACE=1 netsync validate) > "$testroot/out" 2>&1
	check_grep '^netsync: trace: [0-9]+ files read, [0-9]+ hashed, schemas not compiled$' "$testroot/out" &&
	check_grep 'all valid' "$testroot/out" || return 1
	echo 'nonsense: 1' >> "$r/netsync.yaml"
	for run in 1 2; do
		(cd "$r" && NETSYNC_TRACE=1 netsync validate) > "$testroot/out$run" 2>&1
		check_grep '^netsync.yaml:.*error' "$testroot/out$run" &&
		check_grep '^netsync: trace: [0-9]+ files read, [0-9]+ hashed, schemas compiled$' "$testroot/out$run" || return 1
	done
	# the findings, not the counts (how many files were read depends on
	# the clock: stat keys wait until a file is older than the run)
	grep -v '^netsync: trace:' "$testroot/out1" > "$testroot/find1"
	grep -v '^netsync: trace:' "$testroot/out2" > "$testroot/find2"
	check_file "$testroot/find1" "$testroot/find2"
	test_done "$testroot" $?
}

test_cache_rename_is_checked() {
	local testroot=$(test_init cache_rename_is_checked) r
	r=$testroot/repo
	fed_create "$r" jamtland > /dev/null || return 1
	many_records "$r" 2
	validate_to "$r" "$testroot/out"
	check_grep 'all valid' "$testroot/out" || return 1
	# same content under another name: its id no longer matches
	mv "$r/records/meetings/m-2.yaml" "$r/records/meetings/m-9.yaml"
	validate_to "$r" "$testroot/out"
	check_grep '^records/meetings/m-9.yaml:2:5: error: id: "m-2" must equal the file name' "$testroot/out"
	test_done "$testroot" $?
}

test_cache_duplicate_id_with_cached() {
	local testroot=$(test_init cache_duplicate_id_with_cached) r
	r=$testroot/repo
	fed_create "$r" jamtland > /dev/null || return 1
	many_records "$r" 2
	validate_to "$r" "$testroot/out"
	check_grep 'all valid' "$testroot/out" || return 1
	# a second m-1 elsewhere: the cached one still counts for uniqueness
	mkdir -p "$r/records/other"
	cp "$r/records/meetings/m-1.yaml" "$r/records/other/m-1.yaml"
	validate_to "$r" "$testroot/warm"
	check_grep 'error: id: "m-1" is also the id of' "$testroot/warm" || return 1
	rm -rf "$r/.git/netsync"
	validate_to "$r" "$testroot/cold"
	check_file "$testroot/cold" "$testroot/warm"
	test_done "$testroot" $?
}

test_cache_damaged_is_ignored() {
	local testroot=$(test_init cache_damaged_is_ignored) r c
	r=$testroot/repo
	c=$r/.git/netsync/cache
	fed_create "$r" jamtland > /dev/null || return 1
	many_records "$r" 5
	sed -i 's/^type: network-meeting/type: party/' "$r/records/meetings/m-4.yaml"
	validate_to "$r" "$testroot/cold"
	for damage in garbage truncate flip; do
		case $damage in
		garbage) head -c 5000 /dev/urandom > "$c" ;;
		truncate) head -c 100 "$c" > "$c.t" && mv "$c.t" "$c" ;;
		flip) printf 'X' | dd of="$c" bs=1 seek=40 conv=notrunc 2> /dev/null ;;
		esac
		validate_to "$r" "$testroot/$damage"
		check_file "$testroot/cold" "$testroot/$damage" || return 1
	done
	# and it was rebuilt: a proper cache file again
	head -c 9 "$c" > "$testroot/magic"
	printf 'NSVCACHE3' > "$testroot/magic.expected"
	check_file "$testroot/magic.expected" "$testroot/magic"
	test_done "$testroot" $?
}

test_cache_staged_uses_index() {
	local testroot=$(test_init cache_staged_uses_index) r f
	r=$testroot/repo
	fed_create "$r" jamtland > /dev/null || return 1
	many_records "$r" 2
	git -C "$r" add -A || return 1
	validate_to "$r" "$testroot/out" --staged
	check_grep 'all valid' "$testroot/out" || return 1
	f=$r/records/meetings/m-1.yaml
	sed -i 's/^type: network-meeting/type: party/' "$f"
	validate_to "$r" "$testroot/staged" --staged
	check_grep 'all valid' "$testroot/staged" || return 1
	validate_to "$r" "$testroot/work"
	check_grep '^records/meetings/m-1.yaml:5:7: error: type' "$testroot/work" || return 1
	git -C "$r" add -A || return 1
	validate_to "$r" "$testroot/staged2" --staged
	check_file "$testroot/work" "$testroot/staged2"
	test_done "$testroot" $?
}

test_cache_committed_tree() {
	local testroot=$(test_init cache_committed_tree) r
	r=$testroot/repo
	fed_create "$r" jamtland > /dev/null || return 1
	many_records "$r" 6
	sed -i 's/^type: network-meeting/type: party/' "$r/records/meetings/m-5.yaml"
	git_commit "$r" records || return 1
	validate_to "$r" "$testroot/cold" --committed
	check_grep '^records/meetings/m-5.yaml:5:7: error: type' "$testroot/cold" || return 1
	validate_to "$r" "$testroot/warm" --committed
	check_file "$testroot/cold" "$testroot/warm" || return 1
	# the work tree shares the cache entries (same blob, same path)
	validate_to "$r" "$testroot/work"
	check_file "$testroot/cold" "$testroot/work"
	test_done "$testroot" $?
}

test_cache_unwritable_is_harmless() {
	local testroot=$(test_init cache_unwritable_is_harmless) r
	r=$testroot/repo
	fed_create "$r" jamtland > /dev/null || return 1
	many_records "$r" 2
	# a file where the cache directory should be: it cannot be written
	touch "$r/.git/netsync"
	validate_to "$r" "$testroot/out"
	check_grep 'all valid' "$testroot/out" && check_grep '^exit 0$' "$testroot/out"
	test_done "$testroot" $?
}

test_parseargs "$@"
run_test test_cache_warm_equals_cold
run_test test_cache_sees_same_size_edit
run_test test_cache_index_blob_ids
run_test test_cache_schemas_compiled_when_needed
run_test test_cache_rename_is_checked
run_test test_cache_duplicate_id_with_cached
run_test test_cache_damaged_is_ignored
run_test test_cache_staged_uses_index
run_test test_cache_committed_tree
run_test test_cache_unwritable_is_harmless
test_summary
