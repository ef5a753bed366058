#!/bin/sh
# tests/suites/examples.sh: the example network in examples/norrland/ must be
# valid.  Every federation directory is copied into a fresh git repository
# and checked with `netsync validate` (exit 0 expected); copies with a typo
# or a bad follow-up must be rejected (exit 1, file:line:col diagnostics).
# The whole network goes through pull, validate --network, status and the
# combined overview.  The content checks make sure the seed documents'
# facts stay in the records.
. "$(dirname "$0")/../cmd/common.sh"

EX=$PWD/examples/norrland
FEDS=$(cd "$EX" && ls -d */ | tr -d /)
M2014=jamtland/records/meetings/2014/2014-11-06-natverksmote.yaml
M2015=jamtland/records/meetings/2015/2015-04-16-konferensdag.yaml
PLANNED=lycksele-mala/records/meetings/2015/2015-11-05-natverksmote.yaml

# ex_repo FED DIR: a git repository in DIR holding examples/norrland/FED.
ex_repo() {
	mkdir -p "$2" && cp -R "$EX/$1/." "$2/" && git init -q "$2" &&
	    git_commit "$2" "example $1"
}

# validate REPO OUT: run netsync validate in REPO, output to OUT.
validate() {
	(cd "$1" && netsync validate) > "$2" 2>&1
}

test_example_valid() {	# FED from $EXFED
	local t=$(test_init "valid_$EXFED")

	ex_repo "$EXFED" "$t/repo" || { test_done "$t" 1; return 1; }
	validate "$t/repo" "$t/out"
	check_status $? 0 "validate of $EXFED" ||
	    { sed 's/^/  | /' "$t/out" | head -30; test_done "$t" 1; return 1; }
	test_done "$t" 0
}

# A typo in a field name must be caught (additionalProperties: false), with
# the position of the offending key.
test_example_typo_rejected() {
	local t=$(test_init typo)

	ex_repo jamtland "$t/repo" || { test_done "$t" 1; return 1; }
	sed 's/^compiled_by:/compiled_bye:/' "$EX/$M2014" \
	    > "$t/repo/records/meetings/2014/2014-11-06-natverksmote.yaml"
	validate "$t/repo" "$t/out"
	check_status $? 1 "validate with a typo" ||
	    { test_done "$t" 1; return 1; }
	local line=$(grep -n '^compiled_bye:' "$t/repo/records/meetings/2014/2014-11-06-natverksmote.yaml" | cut -d: -f1)
	check_grep "^records/meetings/2014/2014-11-06-natverksmote\.yaml:$line:1: error: unknown property \"compiled_bye\"; did you mean \"compiled_by\"" "$t/out" ||
	    { test_done "$t" 1; return 1; }
	test_done "$t" 0
}

# A followup with a malformed date and an unknown status must be rejected.
test_example_bad_followup_rejected() {
	local t=$(test_init badfollowup)
	local f=records/followups/2015/2015-10-15-ledarskap.yaml

	ex_repo umea-vannas "$t/repo" || { test_done "$t" 1; return 1; }
	sed -e 's/^date: .*/date: 2015-13-15/' -e 's/^status: .*/status: klar/' \
	    "$EX/umea-vannas/$f" > "$t/repo/$f"
	validate "$t/repo" "$t/out"
	check_status $? 1 "validate of a bad followup" ||
	    { test_done "$t" 1; return 1; }
	check_grep "^$f:[0-9]+:7: error: date: must be a date \(YYYY-MM-DD\)" \
	    "$t/out" &&
	    check_grep "^$f:[0-9]+:9: error: status: \"klar\" is not one of" \
	    "$t/out" || { test_done "$t" 1; return 1; }
	# the same findings as JSON
	(cd "$t/repo" && netsync validate --format json) > "$t/json" 2> /dev/null
	check_status $? 1 "validate --format json" &&
	    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert sorted(x["path"] for x in d) == ["date", "status"], d
assert all(x["file"] == sys.argv[2] and x["line"] > 0 for x in d), d' \
	    "$t/json" "$f"
	test_done "$t" $?
}

# The whole network as the demo lays it out: a bare repository <id>.git per
# federation side by side (the peers' url ../<id>.git), and jamtland's work
# clone next to them.  `netsync pull` must accept all six peers, validate
# --network everything, status must list the open question jamtland owns,
# and the combined overview must show each question's latest follow-up.
test_example_network_overview() {
	local t=$(test_init network) fed csv json

	for fed in $FEDS; do
		ex_repo "$fed" "$t/src/$fed" > /dev/null &&
		    git clone -q --bare "$t/src/$fed" "$t/$fed.git" ||
		    { test_done "$t" 1; return 1; }
	done
	git clone -q "$t/jamtland.git" "$t/jamtland" ||
	    { test_done "$t" 1; return 1; }
	(cd "$t/jamtland" && netsync pull) > "$t/pull.out" 2>&1
	check_status $? 0 "pull" || { sed 's/^/  | /' "$t/pull.out";
	    test_done "$t" 1; return 1; }
	check_count "accepted peers" \
	    "$(count '^[a-z-]+: accepted [0-9a-f]+ ' "$t/pull.out")" 6 ||
	    { sed 's/^/  | /' "$t/pull.out"; test_done "$t" 1; return 1; }
	(cd "$t/jamtland" && netsync validate --network) > "$t/val.out" 2>&1
	check_status $? 0 "validate --network" ||
	    { sed 's/^/  | /' "$t/val.out"; test_done "$t" 1; return 1; }
	check_grep "^16 records checked: all valid" "$t/val.out" ||
	    { test_done "$t" 1; return 1; }
	# the one open question jamtland owns, with its latest follow-up status
	(cd "$t/jamtland" && netsync status) > "$t/status.out" 2>&1
	check_status $? 0 "status" &&
	    check_grep "^  jamtland/2014-11-06-natverksmote#strategi-och-arbetssatt +in-progress +due 2015-11-05 " "$t/status.out" &&
	    check_count "open questions of jamtland" \
	    "$(count '^  jamtland/2014-11-06-natverksmote#' "$t/status.out")" 1 ||
	    { test_done "$t" 1; return 1; }
	(cd "$t/jamtland" && netsync overview -o "$t/ov" --format csv,json \
	    --today 2015-10-20) > "$t/ov.out" 2>&1
	check_status $? 0 "overview" ||
	    { sed 's/^/  | /' "$t/ov.out"; test_done "$t" 1; return 1; }
	check_grep "7 federations, 3 meetings, 8 questions" "$t/ov.out" ||
	    { test_done "$t" 1; return 1; }
	csv=$t/ov/questions.csv
	json=$t/ov/overview.json
	# question id, number, current status, latest follow-up date
	for q in ledarskap-i-samverkan,1,in-progress,2015-10-15 \
	    norrnatverket-som-plattform,2,done,2015-09-15 \
	    fordelning-av-medel,3,open, \
	    strategi-och-arbetssatt,4,in-progress,2015-10-20 \
	    indikatorer-och-utvardering,5,open, \
	    bjuda-in-varandra,6,in-progress,2015-04-17 \
	    integration,7,open, \
	    esf-som-finansiar,8,in-progress,2015-10-01; do
		set -- $(echo "$q" | tr , ' ')
		check_grep "^jamtland,2014-11-06-natverksmote,.*,$1,$2,.*,$3,${4:-}," \
		    "$csv" || { test_done "$t" 1; return 1; }
	done
	grep -A10 '"ref": "lycksele-mala/2015-11-05-natverksmote"' "$json" |
	    grep -q '"upcoming": true' ||
	    { echo "  the Lycksele meeting is not upcoming"; test_done "$t" 1;
	    return 1; }
	test_done "$t" 0
}

# --- content checks (independent of the validator) -------------------------

# count PATTERN FILE: number of lines matching the ERE.
count() {
	grep -Ec -- "$1" "$2"
}

check_count() {	# WHAT GOT WANT
	if [ "$2" -ne "$3" ]; then
		echo "  $1: got $2, want $3"
		return 1
	fi
	return 0
}

test_example_2014_questions() {
	local f=$EX/$M2014 n=0 ids

	check_count "questions" "$(count '^    number: [1-8]$' "$f")" 8 || return 1
	for i in 1 2 3 4 5 6 7 8; do
		check_count "question number $i" \
		    "$(count "^    number: $i\$" "$f")" 1 || return 1
	done
	# focus on questions 1 and 4 only
	check_count "focus questions" "$(count '^    focus: true$' "$f")" 2 ||
	    return 1
	ids=$(awk '/^    number: /{n=$2} /^    focus: true/{print n}' "$f" |
	    tr '\n' ' ')
	[ "$ids" = "1 4 " ] || { echo "  focus questions: $ids"; return 1; }
	for o in "Mikael Holmlund" "Gunilla Kaev" "Jonas Wells" \
	    "Stellan Berglund"; do
		grep -A1 '^    owner:' "$f" | grep -q "name: $o\$" ||
		    { echo "  no owner $o"; return 1; }
	done
	check_count "due dates" "$(count '^    due: 2015-11-05$' "$f")" 4 ||
	    return 1
	check_grep '^  host: lycksele-mala$' "$f" &&
	    check_grep '^  start: 2015-11-05$' "$f" &&
	    check_grep '^  end: 2015-11-06$' "$f" &&
	    check_grep '^compiled_by: Gunilla Kaev$' "$f"
}

test_example_2014_decisions() {
	local f=$EX/$M2014

	check_count "decisions" "$(awk '/^decisions:/{d=1;next} /^[a-z]/{d=0} d&&/^  - id: /' "$f" | wc -l)" 10 ||
	    return 1
	check_grep 'första torsdag–fredag i november' "$f" &&
	    check_grep 'fråga 1$' "$f" &&
	    check_grep 'Lycksele 5–6$' "$f"
}

test_example_2015_conference() {
	local f=$EX/$M2015

	check_grep '^type: conference$' "$f" &&
	    check_grep '^attendance: 50$' "$f" &&
	    check_grep '^start: 2015-04-16$' "$f" &&
	    check_grep '^location: Östersund$' "$f" || return 1
	check_count "contributions" "$(awk '/^contributions:/{d=1;next} /^[a-z#]/{d=0} d&&/^  - text:/' "$f" | wc -l)" 16 ||
	    return 1
	for p in "Ola Andersson" "Runo Axelsson" "Ann-Marie Johansson" \
	    "Martine Eng" "Hannah-Karin Linck" "Wiveka Kjellgren"; do
		check_grep "^  - name: $p\$" "$f" || return 1
	done
}

test_example_planned_meeting() {
	local f=$EX/$PLANNED

	check_grep '^status: planned$' "$f" &&
	    check_grep '^type: network-meeting$' "$f" &&
	    check_grep '^host: lycksele-mala$' "$f" &&
	    check_grep '^location: Lycksele$' "$f"
}

# Every record: id is the file name, federation the directory's owner; every
# followup refers to a question of the 2014 meeting; invented followups say
# so; one followup is done.
test_example_consistency() {
	local fed f id q rc=0 done_n=0

	for fed in $FEDS; do
		check_grep "^federation: $fed\$" "$EX/$fed/netsync.yaml" || rc=1
		check_count "$fed peers" \
		    "$(count '^  - id: ' "$EX/$fed/netsync.yaml")" \
		    $(($(echo "$FEDS" | wc -w) - 1)) || rc=1
		[ -f "$EX/$fed/records/$fed.yaml" ] ||
		    { echo "  $fed: no profile"; rc=1; }
		for f in $(find "$EX/$fed/records" -name '*.yaml'); do
			id=$(basename "$f" .yaml)
			check_grep "^id: $id\$" "$f" || rc=1
			check_grep "^federation: $fed\$" "$f" || rc=1
		done
		for f in $(grep -rl '^kind: followup$' "$EX/$fed/records"); do
			q=$(sed -n 's|^refers_to: jamtland/2014-11-06-natverksmote#||p' "$f")
			[ -n "$q" ] && grep -q "^  - id: $q\$" "$EX/$M2014" ||
			    { echo "  $f: refers_to no 2014 question"; rc=1; }
			[ "$fed" = jamtland ] && [ "$q" != bjuda-in-varandra ] &&
			    { echo "  $f: a followup by the host"; rc=1; }
			head -1 "$f" | grep -q '^# Exempel: påhittad uppföljning' ||
			    { echo "  $f: not marked as invented"; rc=1; }
			grep -q '^status: done$' "$f" && done_n=$((done_n + 1))
		done
	done
	check_count "done followups" "$done_n" 1 || rc=1
	return $rc
}

test_parseargs "$@"
for EXFED in $FEDS; do
	eval "test_example_valid_$(echo "$EXFED" | tr - _)() { test_example_valid; }"
	run_test "test_example_valid_$(echo "$EXFED" | tr - _)"
done
run_test test_example_typo_rejected
run_test test_example_bad_followup_rejected
run_test test_example_network_overview
run_test test_example_2014_questions
run_test test_example_2014_decisions
run_test test_example_2015_conference
run_test test_example_planned_meeting
run_test test_example_consistency
test_summary
