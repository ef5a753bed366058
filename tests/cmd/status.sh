# tests/cmd/status.sh: netsync status: uncommitted and invalid records,
# peers' accepted and rejected tips, open questions owned here.
. "$(dirname "$0")/common.sh"

test_status_overview() {
	local testroot=$(test_init status_overview) u
	fed_create "$testroot/umea" umea-vannas || return 1
	# a question umea-vannas raised and jamtland owns
	fed_meeting umea-vannas 2015-03-01-styrelse > "$testroot/umea/records/2015-03-01-styrelse.yaml"
	sed -i 's/federation: umea-vannas$/federation: jamtland/; s/^federation: jamtland$/federation: umea-vannas/' \
	    "$testroot/umea/records/2015-03-01-styrelse.yaml"
	git_commit "$testroot/umea" meeting
	fed_bare "$testroot/umea" "$testroot/umea.git"
	fed_create "$testroot/bad" sundsvall || return 1
	fed_meeting jamtland 2015-01-01-x > "$testroot/bad/records/2015-01-01-x.yaml"
	git_commit "$testroot/bad" stolen
	fed_bare "$testroot/bad" "$testroot/bad.git"
	fed_create "$testroot/home" jamtland "peers:
  - id: umea-vannas
    url: ../umea.git
  - id: sundsvall
    url: ../bad.git
  - id: gavleborg
    url: ../gavle.git"
	fed_meeting jamtland 2014-11-06-natverksmote done > "$testroot/home/records/2014-11-06-natverksmote.yaml"
	git_commit "$testroot/home" meeting
	(cd "$testroot/home" && netsync pull) > /dev/null 2>&1
	fed_meeting jamtland 2015-05-05-new > "$testroot/home/records/2015-05-05-new.yaml"
	echo "unknown_field: 1" >> "$testroot/home/records/2014-11-06-natverksmote.yaml"
	(cd "$testroot/home" && netsync status) > "$testroot/out" 2> "$testroot/err"
	check_status $? 1 || { cat "$testroot/out" "$testroot/err"; test_done "$testroot" 1; return 1; }
	u=$(git -C "$testroot/home" rev-parse --short=7 refs/netsync/peers/umea-vannas)
	check_grep '^federation: jamtland$' "$testroot/out" &&
	check_grep '^records: 3 in the work tree, 2 uncommitted changes$' "$testroot/out" &&
	check_grep '^   M records/2014-11-06-natverksmote.yaml$' "$testroot/out" &&
	check_grep '^  \?\? records/2015-05-05-new.yaml$' "$testroot/out" &&
	check_grep '^invalid records: 1 problem' "$testroot/out" &&
	check_grep '^records/2014-11-06-natverksmote.yaml:[0-9]+:1: error: .*unknown_field' "$testroot/err" &&
	check_grep "^  umea-vannas +accepted $u of [0-9]{4}-[0-9]{2}-[0-9]{2}, pulled [0-9-]+ [0-9:]+ UTC$" "$testroot/out" &&
	check_grep '^  sundsvall +never accepted$' "$testroot/out" &&
	check_grep '^  sundsvall +rejected [0-9a-f]{7} of .*, pulled ' "$testroot/out" &&
	check_grep '^  gavleborg +never accepted$' "$testroot/out" &&
	check_grep '^open questions owned by jamtland:$' "$testroot/out" &&
	check_grep '^  umea-vannas/2015-03-01-styrelse#q1  open  ' "$testroot/out" &&
	check_no_grep '2014-11-06-natverksmote#q1' "$testroot/out" &&
	check_no_grep '2015-01-01-x' "$testroot/out"
	test_done "$testroot" $?
}

test_status_clean() {
	local testroot=$(test_init status_clean)
	fed_create "$testroot/repo" jamtland || return 1
	(cd "$testroot/repo" && netsync status) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	cat > "$testroot/want" <<'EOF2'
federation: jamtland
records: 1 in the work tree, 0 uncommitted changes
peers: 0
open questions owned by jamtland: none
EOF2
	check_file "$testroot/want" "$testroot/out"
	test_done "$testroot" $?
}

test_parseargs "$@"
run_test test_status_overview
run_test test_status_clean
test_summary
