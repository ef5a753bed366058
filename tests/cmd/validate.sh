#!/bin/sh
# End-to-end tests of `netsync validate` on real repositories and files.
. "$(dirname "$0")/common.sh"

cases="$PWD/tests/cases/validate"

# Every tests/cases/validate/NAME.yaml, placed at records/NAME.yaml of a
# jamtland repository, must give exactly the lines of NAME.expected on
# stderr and exit 1.
test_validate_golden_cases() {
	local testroot=$(test_init validate_golden_cases) ret=0 c name
	fed_create "$testroot/repo" jamtland || return 1
	for c in "$cases"/*.yaml; do
		name=$(basename "$c" .yaml)
		rm -f "$testroot"/repo/records/case-*.yaml
		cp "$c" "$testroot/repo/records/$name.yaml"
		(cd "$testroot/repo" && netsync validate "records/$name.yaml") \
		    > "$testroot/out" 2> "$testroot/err"
		if ! check_status $? 1 "$name: exit status" ||
		    ! check_file "$cases/$name.expected" "$testroot/err"; then
			echo "  case $name failed"
			ret=1
		fi
		rm -f "$testroot/repo/records/$name.yaml"
	done
	test_done "$testroot" $ret
}

test_validate_clean_repository() {
	local testroot=$(test_init validate_clean)
	fed_create "$testroot/repo" jamtland || return 1
	mkdir -p "$testroot/repo/records/meetings/2014"
	fed_meeting jamtland 2014-11-06-natverksmote \
	    > "$testroot/repo/records/meetings/2014/2014-11-06-natverksmote.yaml"
	(cd "$testroot/repo" && netsync validate) > "$testroot/out" 2> "$testroot/err"
	check_status $? 0 || { cat "$testroot/err"; test_done "$testroot" 1; return 1; }
	echo "2 records checked: all valid" > "$testroot/out.expected"
	check_file "$testroot/out.expected" "$testroot/out" &&
	    check_file /dev/null "$testroot/err"
	test_done "$testroot" $?
}

test_validate_json_format() {
	local testroot=$(test_init validate_json)
	fed_create "$testroot/repo" jamtland || return 1
	cp "$cases/end-before-start.yaml" "$testroot/repo/records/"
	(cd "$testroot/repo" && netsync validate --format json) \
	    > "$testroot/out" 2> "$testroot/err"
	check_status $? 1 || { test_done "$testroot" 1; return 1; }
	python3 - "$testroot/out" <<'PY' || { test_done "$testroot" 1; return 1; }
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 1, d
e = d[0]
assert e == {"file": "records/end-before-start.yaml", "line": 7, "column": 6,
             "severity": "error", "path": "end",
             "message": e["message"]}, e
assert "before the start" in e["message"]
PY
	check_file /dev/null "$testroot/err"
	test_done "$testroot" $?
}

# --staged checks the index, not the work tree, and the other way round.
test_validate_staged_reads_index() {
	local testroot=$(test_init validate_staged)
	local f=records/end-before-start.yaml
	fed_create "$testroot/repo" jamtland || return 1
	cp "$cases/end-before-start.yaml" "$testroot/repo/$f"
	git -C "$testroot/repo" add "$f"
	sed -i 's/^end: .*/end: 2014-11-08/' "$testroot/repo/$f"
	(cd "$testroot/repo" && netsync validate) > /dev/null 2>&1
	check_status $? 0 "work tree (fixed)" || { test_done "$testroot" 1; return 1; }
	(cd "$testroot/repo" && netsync validate --staged) > /dev/null 2> "$testroot/err"
	check_status $? 1 "index (broken)" || { test_done "$testroot" 1; return 1; }
	check_grep "^$f:7:6: error: end:" "$testroot/err" || { test_done "$testroot" 1; return 1; }
	git -C "$testroot/repo" add "$f"
	echo "broken: [" >> "$testroot/repo/$f"
	(cd "$testroot/repo" && netsync validate --staged) > /dev/null 2>&1
	check_status $? 0 "index (fixed)"
	test_done "$testroot" $?
}

test_validate_from_subdirectory_with_paths() {
	local testroot=$(test_init validate_subdir)
	fed_create "$testroot/repo" jamtland || return 1
	mkdir -p "$testroot/repo/records/meetings"
	cp "$cases/duplicate-question.yaml" "$testroot/repo/records/meetings/"
	cp "$cases/end-before-start.yaml" "$testroot/repo/records/"
	(cd "$testroot/repo/records/meetings" && netsync validate .) \
	    > "$testroot/out" 2> "$testroot/err"
	check_status $? 1 || { test_done "$testroot" 1; return 1; }
	check_grep '^records/meetings/duplicate-question.yaml:11:9: error:' "$testroot/err" &&
	    check_no_grep 'end-before-start' "$testroot/err" &&
	    check_grep '^1 record checked: 1 error$' "$testroot/out"
	test_done "$testroot" $?
}

test_validate_duplicate_ids_across_files() {
	local testroot=$(test_init validate_dup_ids)
	fed_create "$testroot/repo" jamtland || return 1
	mkdir -p "$testroot/repo/records/a" "$testroot/repo/records/b"
	fed_meeting jamtland m1 > "$testroot/repo/records/a/m1.yaml"
	fed_meeting jamtland m1 > "$testroot/repo/records/b/m1.yaml"
	(cd "$testroot/repo" && netsync validate) > /dev/null 2> "$testroot/err"
	check_status $? 1 || { test_done "$testroot" 1; return 1; }
	check_grep '^records/b/m1.yaml:2:5: error: id: "m1" is also the id of records/a/m1.yaml' "$testroot/err"
	test_done "$testroot" $?
}

test_validate_symlink_refused() {
	local testroot=$(test_init validate_symlink)
	fed_create "$testroot/repo" jamtland || return 1
	ln -s /etc/passwd "$testroot/repo/records/passwd.yaml"
	(cd "$testroot/repo" && netsync validate) > /dev/null 2> "$testroot/err"
	check_status $? 1 || { test_done "$testroot" 1; return 1; }
	check_grep '^records/passwd.yaml:1:1: error: not a regular file' "$testroot/err"
	test_done "$testroot" $?
}

test_validate_not_a_repository() {
	local testroot=$(test_init validate_norepo)
	(cd "$testroot" && netsync validate) > /dev/null 2> "$testroot/err"
	check_status $? 2 || { test_done "$testroot" 1; return 1; }
	check_grep '^netsync: .*not inside a git repository' "$testroot/err"
	test_done "$testroot" $?
}

test_validate_bad_config() {
	local testroot=$(test_init validate_bad_config)
	fed_create "$testroot/repo" jamtland || return 1
	printf 'federation: Jämtland\n' > "$testroot/repo/netsync.yaml"
	(cd "$testroot/repo" && netsync validate) > /dev/null 2> "$testroot/err"
	check_status $? 1 || { test_done "$testroot" 1; return 1; }
	check_grep '^netsync.yaml:1:1: error: federation: must be' "$testroot/err"
	test_done "$testroot" $?
}

test_validate_usage() {
	local testroot=$(test_init validate_usage)
	netsync validate --format xml > /dev/null 2> "$testroot/err"
	check_status $? 2 && check_grep "unknown format 'xml'" "$testroot/err"
	test_done "$testroot" $?
}

# --network: a follow-up in a peer's accepted tree that names a question
# the meeting does not have is a warning; the records stay valid.
test_validate_network_cross_references() {
	local testroot=$(test_init validate_network)
	fed_create "$testroot/umea-vannas" umea-vannas || return 1
	mkdir -p "$testroot/umea-vannas/records/followups"
	cat > "$testroot/umea-vannas/records/followups/f1.yaml" <<'Y'
kind: followup
id: f1
federation: umea-vannas
refers_to: jamtland/m1#no-such-question
date: 2015-11-05
status: done
Y
	git_commit "$testroot/umea-vannas" "follow-up" || return 1
	fed_bare "$testroot/umea-vannas" "$testroot/umea-vannas.git" || return 1
	fed_create "$testroot/repo" jamtland "peers:
  - id: umea-vannas
    url: ../umea-vannas.git" || return 1
	fed_meeting jamtland m1 > "$testroot/repo/records/m1.yaml"
	git_commit "$testroot/repo" "meeting" || return 1
	(cd "$testroot/repo" && netsync pull) > /dev/null 2>&1
	check_status $? 0 "pull" || { test_done "$testroot" 1; return 1; }
	(cd "$testroot/repo" && netsync validate) > /dev/null 2> "$testroot/err"
	check_status $? 0 && check_file /dev/null "$testroot/err" ||
	    { test_done "$testroot" 1; return 1; }
	(cd "$testroot/repo" && netsync validate --network) > "$testroot/out" 2> "$testroot/err"
	check_status $? 0 "validate --network" &&
	    check_grep '^umea-vannas:records/followups/f1.yaml:4:12: warning: refers_to: broken reference "jamtland/m1#no-such-question"' "$testroot/err" &&
	    check_grep '^4 records checked: all valid$' "$testroot/out"
	test_done "$testroot" $?
}

test_parseargs "$@"
run_test test_validate_golden_cases
run_test test_validate_clean_repository
run_test test_validate_json_format
run_test test_validate_staged_reads_index
run_test test_validate_from_subdirectory_with_paths
run_test test_validate_duplicate_ids_across_files
run_test test_validate_symlink_refused
run_test test_validate_not_a_repository
run_test test_validate_bad_config
run_test test_validate_usage
run_test test_validate_network_cross_references
test_summary
