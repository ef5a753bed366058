# tests/cmd/new.sh: `netsync new meeting|followup` writes skeletons that
# validate as written and with every optional field uncommented, never
# overwrites (unless --force), and checks its options.
. "$(dirname "$0")/common.sh"

NETSYNC_DIR=$(dirname "$NETSYNC")
M=records/meetings/2014/2014-11-06-natverksmote.yaml

new_repo() {
	netsync init --federation jamtland "$1" > /dev/null
}

# uncomment FILE: remove "# " before commented-out fields (a key and ':'
# or an indented line), as a user does to use them.
uncomment() {
	sed -E 's/^# (  |[a-z_]+:)/\1/' "$1"
}

# validate_ok DIR WHAT: `netsync validate` in DIR must pass.
validate_ok() {
	(cd "$1" && netsync validate) > "$1/../validate.out" 2>&1 || {
		echo "  $2: netsync validate failed:"
		sed 's/^/  | /' "$1/../validate.out"
		return 1
	}
}

test_new_meeting_validates() {
	local testroot=$(test_init new_meeting_validates)
	local r=$testroot/repo

	new_repo "$r" || { test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new meeting --date 2014-11-06 \
	    --title "Nätverksmöte") > "$testroot/out" 2> "$testroot/stderr"
	check_status $? 0 "new meeting" || {
		sed 's/^/  | /' "$testroot/stderr"
		test_done "$testroot" 1; return 1; }
	echo "$M" > "$testroot/out.expected"
	check_file "$testroot/out.expected" "$testroot/out" &&
	check_grep '^id: 2014-11-06-natverksmote$' "$r/$M" &&
	check_grep '^federation: jamtland$' "$r/$M" &&
	check_grep '^title: Nätverksmöte$' "$r/$M" &&
	check_grep '^status: planned ' "$r/$M" &&
	check_grep '^# questions:' "$r/$M" &&
	check_grep '^#   - id: exempelfraga ' "$r/$M" &&
	validate_ok "$r" "skeleton as written" || {
		test_done "$testroot" 1; return 1; }
	uncomment "$r/$M" > "$testroot/full.yaml"
	cp "$testroot/full.yaml" "$r/$M"
	check_grep '^questions:' "$r/$M" &&
	check_grep '^next_meeting:' "$r/$M" &&
	check_grep '^purpose:' "$r/$M" &&
	validate_ok "$r" "skeleton with every field uncommented"
	test_done "$testroot" $?
}

test_new_meeting_defaults() {
	local testroot=$(test_init new_meeting_defaults)
	local r=$testroot/repo f

	new_repo "$r" || { test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new meeting --date 2015-03-02 --type conference \
	    --location "Umeå") > "$testroot/out" 2>&1
	check_status $? 0 "new meeting" || { test_done "$testroot" 1;
	    return 1; }
	f=records/meetings/2015/2015-03-02-konferens.yaml
	echo "$f" > "$testroot/out.expected"
	check_file "$testroot/out.expected" "$testroot/out" &&
	check_grep '^title: Konferens$' "$r/$f" &&
	check_grep '^type: conference ' "$r/$f" &&
	check_grep '^location: Umeå$' "$r/$f" || {
		test_done "$testroot" 1; return 1; }
	# a title YAML would misread is quoted; the id drops what a slug can't
	(cd "$r" && netsync new meeting --date 2015-03-03 \
	    --title "Möte: ja? #2") > "$testroot/out" 2>&1
	check_status $? 0 "new meeting, odd title" &&
	check_grep '^title: "Möte: ja\? #2"$' \
	    "$r/records/meetings/2015/2015-03-03-mote-ja-2.yaml" &&
	validate_ok "$r" "quoted title"
	test_done "$testroot" $?
}

test_new_no_overwrite() {
	local testroot=$(test_init new_no_overwrite)
	local r=$testroot/repo

	new_repo "$r" || { test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new meeting --date 2014-11-06) > /dev/null 2>&1 ||
	    { test_done "$testroot" 1; return 1; }
	echo "purpose: Mitt eget" >> "$r/$M"
	cp "$r/$M" "$testroot/edited"
	(cd "$r" && netsync new meeting --date 2014-11-06) \
	    > "$testroot/out" 2> "$testroot/stderr"
	check_status $? 2 "new over an existing record" &&
	check_file "$testroot/edited" "$r/$M" &&
	check_grep "exists" "$testroot/stderr" &&
	check_grep "--force" "$testroot/stderr" || {
		test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new meeting --date 2014-11-06 --force) \
	    > "$testroot/out" 2>&1
	check_status $? 0 "new --force" &&
	check_no_grep "Mitt eget" "$r/$M" &&
	validate_ok "$r" "after --force"
	test_done "$testroot" $?
}

test_new_followup() {
	local testroot=$(test_init new_followup)
	local r=$testroot/repo f

	new_repo "$r" || { test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new followup --date 2015-11-05 --refers-to \
	    umea-vannas/2014-11-06-natverksmote#ledarskap-i-samverkan) \
	    > "$testroot/out" 2> "$testroot/stderr"
	check_status $? 0 "new followup" || {
		sed 's/^/  | /' "$testroot/stderr"
		test_done "$testroot" 1; return 1; }
	f=records/followups/2015/2015-11-05-ledarskap-i-samverkan.yaml
	echo "$f" > "$testroot/out.expected"
	check_file "$testroot/out.expected" "$testroot/out" &&
	check_grep '^kind: followup$' "$r/$f" &&
	check_grep '^refers_to: umea-vannas/2014-11-06-natverksmote#ledarskap-i-samverkan$' "$r/$f" &&
	check_grep '^date: 2015-11-05 ' "$r/$f" &&
	check_grep '^status: in-progress ' "$r/$f" &&
	check_grep '^by: Test User$' "$r/$f" &&
	check_grep '^# note: \|' "$r/$f" &&
	validate_ok "$r" "followup as written" || {
		test_done "$testroot" 1; return 1; }
	uncomment "$r/$f" > "$testroot/full.yaml"
	cp "$testroot/full.yaml" "$r/$f"
	check_grep '^note: \|' "$r/$f" &&
	validate_ok "$r" "followup with note"
	test_done "$testroot" $?
}

test_new_followup_options() {
	local testroot=$(test_init new_followup_options)
	local r=$testroot/repo f

	new_repo "$r" || { test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new followup --date 2016-01-10 --status done \
	    --by "Gunilla Kaev" --title "Ledarskap, slutrapport" \
	    --refers-to jamtland/2014-11-06-natverksmote#q1) \
	    > "$testroot/out" 2>&1
	check_status $? 0 "new followup" || { test_done "$testroot" 1;
	    return 1; }
	f=records/followups/2016/2016-01-10-ledarskap-slutrapport.yaml
	check_grep '^status: done ' "$r/$f" &&
	check_grep '^by: Gunilla Kaev$' "$r/$f" &&
	validate_ok "$r" "followup with options" || {
		test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new followup --date 2016-01-10) \
	    2> "$testroot/stderr"
	check_status $? 2 "followup without --refers-to" &&
	check_grep "refers-to" "$testroot/stderr"
	test_done "$testroot" $?
}

# Without --refers-to the open questions are offered; an unknown one is
# warned about.
test_new_followup_choices() {
	local testroot=$(test_init new_followup_choices)
	local r=$testroot/repo

	new_repo "$r" || { test_done "$testroot" 1; return 1; }
	mkdir -p "$r/records/meetings/2014"
	fed_meeting jamtland 2014-11-06-natverksmote > "$r/$M"
	(cd "$r" && git add -A && PATH="$NETSYNC_DIR:$PATH" \
	    git commit -q -m meeting) || { test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new followup --date 2015-11-05) \
	    2> "$testroot/stderr"
	check_status $? 2 "followup without --refers-to" &&
	check_grep '^open questions' "$testroot/stderr" &&
	check_grep '^  --refers-to jamtland/2014-11-06-natverksmote#q1 +Ledarskap i samverkan$' \
	    "$testroot/stderr" || { test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new followup --date 2015-11-05 \
	    --refers-to jamtland/2014-11-06-natverksmote#q1) \
	    > /dev/null 2> "$testroot/stderr"
	check_status $? 0 "followup of a known question" &&
	check_no_grep "warning" "$testroot/stderr" &&
	(cd "$r" && netsync new followup --date 2015-11-06 \
	    --refers-to jamtland/2014-11-06-natverksmote#q2) \
	    > /dev/null 2> "$testroot/stderr"
	check_status $? 0 "followup of an unknown question" &&
	check_grep "warning: jamtland/2014-11-06-natverksmote#q2 is not a question" \
	    "$testroot/stderr" &&
	[ -f "$r/records/followups/2015/2015-11-06-q2.yaml" ]
	test_done "$testroot" $?
}

test_new_output_path() {
	local testroot=$(test_init new_output_path)
	local r=$testroot/repo

	new_repo "$r" || { test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new meeting --date 2015-05-05 \
	    -o records/styrelse/2015-05-05-styrelsemote.yaml --type \
	    board-meeting) > "$testroot/out" 2>&1
	check_status $? 0 "new -o" &&
	check_grep '^id: 2015-05-05-styrelsemote$' \
	    "$r/records/styrelse/2015-05-05-styrelsemote.yaml" &&
	validate_ok "$r" "-o" || { test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new meeting --id other -o records/x/y.yaml) \
	    2> "$testroot/stderr"
	check_status $? 2 "--id differing from -o" &&
	[ ! -e "$r/records/x/y.yaml" ] &&
	(cd "$r" && netsync new meeting -o records/x/Bad_Name.yaml) \
	    2> "$testroot/stderr"
	check_status $? 2 "-o name not an id" &&
	(cd "$r" && netsync new meeting -o records/x/y.yml) \
	    2> "$testroot/stderr"
	check_status $? 2 "-o not .yaml"
	test_done "$testroot" $?
}

test_new_from_subdir() {
	local testroot=$(test_init new_from_subdir)
	local r=$testroot/repo

	new_repo "$r" || { test_done "$testroot" 1; return 1; }
	mkdir -p "$r/records/meetings"
	(cd "$r/records/meetings" && netsync new meeting --date 2014-11-06 \
	    --id 2014-11-06-natverksmote) > "$testroot/out" 2>&1
	check_status $? 0 "new in a subdirectory" &&
	echo "2014/2014-11-06-natverksmote.yaml" > "$testroot/out.expected" &&
	check_file "$testroot/out.expected" "$testroot/out" &&
	[ -f "$r/$M" ]
	test_done "$testroot" $?
}

test_new_bad_options() {
	local testroot=$(test_init new_bad_options)
	local r=$testroot/repo

	new_repo "$r" || { test_done "$testroot" 1; return 1; }
	for args in "meeting --date 2014-13-01" "meeting --date 6/11" \
	    "meeting --type party" "meeting --id Bad_Id" \
	    "followup --refers-to jamtland/x --date 2015-01-01" \
	    "followup --refers-to a/b#c --status closed" "report" "" \
	    "meeting --title !!!" "meeting extra"; do
		# shellcheck disable=SC2086
		(cd "$r" && netsync new $args) > /dev/null \
		    2> "$testroot/stderr"
		check_status $? 2 "netsync new $args" ||
		    { test_done "$testroot" 1; return 1; }
	done
	[ ! -d "$r/records/meetings" ] && [ ! -d "$r/records/followups" ] ||
	    { echo "  a bad option wrote a file"; test_done "$testroot" 1;
	    return 1; }
	(cd "$testroot" && netsync new meeting) 2> "$testroot/stderr"
	check_status $? 2 "outside a repository"
	test_done "$testroot" $?
}

# The whole path a user takes: init, new, commit through the hook.
test_new_commit() {
	local testroot=$(test_init new_commit)
	local r=$testroot/repo

	new_repo "$r" || { test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync new meeting --date 2014-11-06 && \
	    netsync new followup --date 2015-11-05 \
	    --refers-to jamtland/2014-11-06-natverksmote#exempelfraga) \
	    > /dev/null 2>&1 || { test_done "$testroot" 1; return 1; }
	(cd "$r" && git add -A && PATH="$NETSYNC_DIR:$PATH" \
	    git commit -q -m "first records") 2> "$testroot/stderr"
	check_status $? 0 "git commit" || {
		sed 's/^/  | /' "$testroot/stderr"
		test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync validate --committed) > /dev/null 2>&1
	check_status $? 0 "validate --committed"
	test_done "$testroot" $?
}

test_parseargs "$@"
run_test test_new_meeting_validates
run_test test_new_meeting_defaults
run_test test_new_no_overwrite
run_test test_new_followup
run_test test_new_followup_options
run_test test_new_followup_choices
run_test test_new_output_path
run_test test_new_from_subdir
run_test test_new_bad_options
run_test test_new_commit
test_summary
