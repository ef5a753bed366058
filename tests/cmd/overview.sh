#!/bin/sh
# tests/cmd/overview.sh: `netsync overview` end to end, over real git
# repositories built by tests/tools/overview_fixture.sh: committed records
# only, accepted peers only, cross-references, every format's content and
# escaping, determinism, a real browser (chromium) and a real calendar
# parser (python3-icalendar) when they are installed.
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/../tools/overview_fixture.sh"
. "$(dirname "$0")/../tools/example_network.sh"

TODAY=2015-10-31
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SHOTS=$PWD/build/test-logs

# make the fixture and run the overview with all formats into $1/out
ov_run() {	# TESTROOT [ARGS...]
	local r=$1
	shift
	ov_fixture "$r" > "$r/fixture.log" 2>&1 || { cat "$r/fixture.log"; return 1; }
	(cd "$r/jamtland" && netsync overview -o "$r/out" --today "$TODAY" \
	    --format html,md,json,ics,csv "$@") > "$r/stdout" 2> "$r/stderr"
}

test_overview_questions_and_owners() {
	local testroot=$(test_init overview_questions_and_owners) ret=0
	local page
	ov_run "$testroot" || ret=1
	check_status $ret 0 || { cat "$testroot/stderr"; test_done "$testroot" 1; return 1; }
	page=$testroot/out/meetings/jamtland/2014-11-06-natverksmote.html
	[ "$(grep -c '<section class="question' "$page")" -eq 8 ] || {
		echo "  want 8 question sections"; ret=1; }
	for o in "Mikael Holmlund" "Gunilla Kaev" "Åke Rönnberg" \
	    "Bodil Mattsson" "Jonas Wells" "Stellan Berglund"; do
		check_grep "$o" "$page" || ret=1
	done
	check_grep '8\. ESF som finansiär' "$page" || ret=1
	# the two focus questions, on the index
	[ "$(grep -c 'Fokusfråga' "$testroot/out/index.html")" -ge 2 ] || ret=1
	check_grep 'Ledarskap i samverkan' "$testroot/out/index.html" || ret=1
	check_grep 'Strategi och arbetssätt' "$testroot/out/index.html" || ret=1
	# CSV: one row per question (header + 8), owners in place
	[ "$(grep -c "^jamtland,2014-11-06-natverksmote," \
	    "$testroot/out/questions.csv")" -eq 8 ] || { echo "  csv rows"; ret=1; }
	test_done "$testroot" $ret
}

test_overview_followups_from_peers() {
	local testroot=$(test_init overview_followups_from_peers) ret=0
	ov_run "$testroot" || ret=1
	check_status $ret 0 || { test_done "$testroot" 1; return 1; }
	local page=$testroot/out/meetings/jamtland/2014-11-06-natverksmote.html
	# q1: umea-vannas's latest follow-up (in-progress) is the status
	sed -n '/id="q-ledarskap-i-samverkan"/,/<\/section>/p' "$page" \
	    > "$testroot/q1"
	check_grep 'Aktuell status</dt><dd><span class="badge s-in-progress">Pågår' \
	    "$testroot/q1" || ret=1
	check_grep 'Webbaserad kortutbildning' "$testroot/q1" || ret=1
	check_grep 'Samordningsförbundet Umeå-Vännäs' "$testroot/q1" || ret=1
	# q4: lycksele-mala reported it done
	check_grep 'strategi-och-arbetssatt,4,.*,done,2015-10-20,lycksele-mala/2015-10-20-strategi' \
	    "$testroot/out/questions.csv" || ret=1
	check_grep 'ledarskap-i-samverkan,1,.*,in-progress,2015-10-15,umea-vannas/2015-10-15-ledarskap' \
	    "$testroot/out/questions.csv" || ret=1
	# the broken reference is a warning at refers_to's position
	check_grep '^umea-vannas:records/followups/2015-10-16-trasig.yaml:4:12: warning: ' \
	    "$testroot/stderr" || ret=1
	check_grep '^records/broken.yaml:2:1: warning: record skipped' \
	    "$testroot/stderr" || ret=1
	# when each federation was last pulled (reflog), HEAD's commit time
	check_grep '2015-10-30 12:00 UTC' "$testroot/out/index.html" || ret=1
	check_grep '2015-10-01 10:00 UTC' "$testroot/out/index.html" || ret=1
	test_done "$testroot" $ret
}

test_overview_pulled_time_follows_reflog() {
	local testroot=$(test_init overview_pulled_time_follows_reflog) ret=0
	ov_fixture "$testroot" > /dev/null 2>&1 || ret=1
	# a no-op pull: same tip, a new reflog entry (git update-ref skips
	# those, so append it as sync does)
	local oid=$(git -C "$testroot/jamtland" rev-parse refs/netsync/peers/umea-vannas)
	printf '%s %s Sync <sync@example.org> 1446452100 +0100\tpull: no change\n' \
	    "$oid" "$oid" >> "$testroot/jamtland/.git/logs/refs/netsync/peers/umea-vannas"
	(cd "$testroot/jamtland" && netsync overview -o "$testroot/out" \
	    --today "$TODAY" --format json) > /dev/null 2>&1 || ret=1
	check_grep '"updated": "2015-11-02T08:15:00Z"' "$testroot/out/overview.json" || ret=1
	check_grep '"updated": "2015-10-30T12:00:00Z"' "$testroot/out/overview.json" || ret=1
	test_done "$testroot" $ret
}

test_overview_upcoming() {
	local testroot=$(test_init overview_upcoming) ret=0
	ov_run "$testroot" || ret=1
	sed -n '/id="upcoming"/,/<h2/p' "$testroot/out/index.html" > "$testroot/up"
	check_grep 'Nätverksmöte 2015 i Lycksele' "$testroot/up" || ret=1
	check_grep '5–6 november 2015' "$testroot/up" || ret=1
	check_no_grep 'Nätverksmöte för Norrlands' "$testroot/up" || ret=1
	# the Lycksele announcement has a record: one event, not two
	[ "$(grep -c 'Lycksele' "$testroot/up")" -le 2 ] || ret=1
	(cd "$testroot/jamtland" && netsync overview -o "$testroot/later" \
	    --today 2016-05-01) > /dev/null 2>&1 || ret=1
	sed -n '/id="upcoming"/,/<h2/p' "$testroot/later/index.html" > "$testroot/up2"
	check_grep 'Inga kommande möten' "$testroot/up2" || ret=1
	test_done "$testroot" $ret
}

test_overview_never_rejected_or_uncommitted() {
	local testroot=$(test_init overview_never_rejected_or_uncommitted) ret=0
	ov_run "$testroot" || ret=1
	if grep -rq 'REJECTED-SECRET\|rejected-secret\|UNCOMMITTED\|EXECUTABLE-RECORD' \
	    "$testroot/out"; then
		echo "  rejected or uncommitted data in the overview"; ret=1
	fi
	check_grep '"id": "evil"' "$testroot/out/overview.json" || ret=1
	check_grep '"has_data": false' "$testroot/out/overview.json" || ret=1
	test_done "$testroot" $ret
}

test_overview_escaping() {
	local testroot=$(test_init overview_escaping) ret=0
	ov_run "$testroot" || ret=1
	local o=$testroot/out
	if grep -rq '<script>alert' "$o"/*.html "$o"/meetings; then
		echo "  raw <script> in HTML"; ret=1
	fi
	check_grep 'Integration &lt;script&gt;alert\(&quot;x&quot;\)&lt;/script&gt;, &quot;citat&quot; &amp; mer' \
	    "$o/meetings/jamtland/2014-11-06-natverksmote.html" || ret=1
	check_grep '^Rad två; med semikolon, komma och \\ bakstreck</p>' \
	    "$o/meetings/jamtland/2014-11-06-natverksmote.html" || ret=1
	check_grep 'Integration \\<script\\>alert\("x"\)\\</script\\>, "citat" \\& mer' \
	    "$o/overview.md" || ret=1
	"$PY" - "$o" > "$testroot/py.out" 2>&1 <<'EOF' || { cat "$testroot/py.out"; ret=1; }
import csv, io, json, sys
o = sys.argv[1]
title = 'Integration <script>alert("x")</script>, "citat" & mer'
desc = 'Rad ett\nRad två; med semikolon, komma och \\ bakstreck'
d = json.load(open(o + '/overview.json', encoding='utf-8'))
qs = [q for m in d['meetings'] for q in m['questions']]
q = [q for q in qs if q['id'] == 'integration'][0]
assert q['title'] == title, q['title']
assert q['description'] == desc, q['description']
assert q['owner']['name'] == "=cmd|' /C calc'!A0"
raw = open(o + '/questions.csv', 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf'), 'no BOM'
assert b'\r\n' in raw and raw.count(b'\n') == raw.count(b'\r\n'), 'not CRLF'
rows = list(csv.DictReader(io.StringIO(raw.decode('utf-8-sig'), newline='')))
assert len(rows) == 8, len(rows)
r = [r for r in rows if r['question'] == 'integration'][0]
assert r['title'] == title, r['title']
assert r['owner'] == "'=cmd|' /C calc'!A0", r['owner']
assert all(not v.startswith(('=', '+', '-', '@')) for row in rows for v in row.values())
print('ok')
EOF
	test_done "$testroot" $ret
}

# Every page: tags balanced, ids unique, one h1, no skipped heading level,
# every table header cell with a scope, no script, no external resource.
test_overview_html_structure() {
	local testroot=$(test_init overview_html_structure) ret=0
	ov_run "$testroot" || ret=1
	"$PY" - "$testroot/out" > "$testroot/py.out" 2>&1 <<'EOF' || { cat "$testroot/py.out"; ret=1; }
import glob, html.parser, sys
VOID = {'meta', 'br', 'col', 'link', 'img', 'input', 'hr'}
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.stack = []; s.err = []; s.ids = set()
        s.levels = []
    def handle_starttag(s, t, a):
        a = dict(a)
        if 'id' in a:
            if a['id'] in s.ids: s.err.append('duplicate id ' + a['id'])
            s.ids.add(a['id'])
        if t in ('h1', 'h2', 'h3', 'h4', 'h5', 'h6'):
            lv = int(t[1])
            if s.levels and lv > max(s.levels) + 1:
                s.err.append('heading level skipped: ' + t)
            s.levels.append(lv)
        if t == 'th' and 'scope' not in a: s.err.append('th without scope')
        if t in ('script', 'link', 'img', 'iframe'): s.err.append('has ' + t)
        for k, v in a.items():
            if k == 'src' or (k == 'style' and 'url(' in v):
                s.err.append('external resource ' + v)
        if t not in VOID: s.stack.append(t)
    def handle_endtag(s, t):
        if not s.stack or s.stack[-1] != t: s.err.append('unbalanced ' + t)
        else: s.stack.pop()
n = 0
for f in sorted(glob.glob(sys.argv[1] + '/**/*.html', recursive=True)):
    p = P(); p.feed(open(f, encoding='utf-8').read()); n += 1
    if p.levels.count(1) != 1: p.err.append('h1 count %d' % p.levels.count(1))
    assert not p.err and not p.stack, (f, p.err[:5], p.stack)
assert n == 11, n
print('ok', n)
EOF
	test_done "$testroot" $ret
}

test_overview_deterministic() {
	local testroot=$(test_init overview_deterministic) ret=0
	ov_run "$testroot" || ret=1
	(cd "$testroot/jamtland" && netsync overview -o "$testroot/again" \
	    --today "$TODAY" --format html,md,json,ics,csv) > /dev/null 2>&1 || ret=1
	diff -r "$testroot/out" "$testroot/again" > "$testroot/diff" || {
		echo "  two runs differ"; head -20 "$testroot/diff"; ret=1; }
	# a third run into the same directory rewrites nothing
	local before=$(stat -c %y "$testroot/out/index.html" "$testroot/out/overview.ics")
	(cd "$testroot/jamtland" && netsync overview -o "$testroot/out" \
	    --today "$TODAY" --format html,md,json,ics,csv) > /dev/null 2>&1 || ret=1
	[ "$before" = "$(stat -c %y "$testroot/out/index.html" "$testroot/out/overview.ics")" ] || {
		echo "  unchanged files were rewritten"; ret=1; }
	# a different --today changes what is upcoming: index.html is rewritten
	(cd "$testroot/jamtland" && netsync overview -o "$testroot/out" \
	    --today 2016-06-01) > /dev/null 2>&1 || ret=1
	check_grep 'Inga kommande möten' "$testroot/out/index.html" || ret=1
	[ "$(find "$testroot/out" -type f | wc -l)" -eq 15 ] || {
		echo "  want 15 files"; find "$testroot/out" -type f; ret=1; }
	test_done "$testroot" $ret
}

test_overview_english() {
	local testroot=$(test_init overview_english) ret=0
	ov_run "$testroot" --lang en || ret=1
	check_grep '<html lang="en">' "$testroot/out/index.html" || ret=1
	check_grep '>Upcoming meetings</h2>' "$testroot/out/index.html" || ret=1
	check_grep '5–6 November 2015' "$testroot/out/index.html" || ret=1
	check_no_grep 'Kommande' "$testroot/out/index.html" || ret=1
	test_done "$testroot" $ret
}

test_overview_usage() {
	local testroot=$(test_init overview_usage) ret=0
	(cd "$testroot" && netsync overview --format pdf) 2> "$testroot/e1"
	check_status $? 2 || ret=1
	check_grep "unknown format 'pdf'" "$testroot/e1" || ret=1
	(cd "$testroot" && netsync overview --today 2015-02-30) 2> "$testroot/e2"
	check_status $? 2 || ret=1
	(cd "$testroot" && netsync overview --lang de) 2> /dev/null
	check_status $? 2 || ret=1
	mkdir "$testroot/plain"
	(cd "$testroot/plain" && netsync overview) 2> "$testroot/e3"
	check_status $? 2 || ret=1
	git init -q "$testroot/empty"
	(cd "$testroot/empty" && netsync overview) 2> "$testroot/e4"
	check_status $? 2 || ret=1
	check_grep 'nothing committed yet' "$testroot/e4" || ret=1
	echo x > "$testroot/empty/file" && git_commit "$testroot/empty" x
	(cd "$testroot/empty" && netsync overview) 2> "$testroot/e5"
	check_status $? 2 || ret=1
	check_grep 'netsync.yaml is not committed' "$testroot/e5" || ret=1
	[ ! -e "$testroot/empty/overview" ] || { echo "  output written"; ret=1; }
	test_done "$testroot" $ret
}

test_overview_chromium() {
	local testroot=$(test_init overview_chromium) ret=0 h
	ov_run "$testroot" || ret=1
	h=$(mktemp -d)
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --user-data-dir="$h" \
	    --dump-dom "file://$testroot/out/index.html" \
	    > "$testroot/dom" 2> /dev/null || ret=1
	check_grep '<h1>Nätverket Norrland</h1>' "$testroot/dom" || ret=1
	for id in upcoming focus open decisions federations warnings; do
		check_grep "<h2 id=\"$id\">" "$testroot/dom" || ret=1
	done
	check_grep '<th scope="col">Ansvarig</th>' "$testroot/dom" || ret=1
	check_grep '<th scope="row">' "$testroot/dom" || ret=1
	check_grep 'class="skip" href="#main"' "$testroot/dom" || ret=1
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --user-data-dir="$h" \
	    --dump-dom "file://$testroot/out/meetings/jamtland/2014-11-06-natverksmote.html" \
	    > "$testroot/dom2" 2> /dev/null || ret=1
	check_grep '<h2 id="questions">Frågor</h2>' "$testroot/dom2" || ret=1
	check_grep '<h3>1. Ledarskap i samverkan' "$testroot/dom2" || ret=1
	check_no_grep '<script' "$testroot/dom2" || ret=1
	mkdir -p "$SHOTS"
	for p in index meetings/jamtland/2014-11-06-natverksmote; do
		local png="$SHOTS/overview-$(basename "$p").png"
		rm -f "$png"
		timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		    --disable-quic --no-first-run --disable-background-networking \
		    --disable-component-update --disable-sync --user-data-dir="$h" \
		    --window-size=1280,2000 --screenshot="$png" \
		    "file://$testroot/out/$p.html" > /dev/null 2>&1 || ret=1
		[ -s "$png" ] && [ "$(head -c 4 "$png" | od -An -c | tr -d ' ')" = '211PNG' ] || {
			echo "  no PNG screenshot of $p"; ret=1; }
	done
	rm -rf "$h"
	test_done "$testroot" $ret
}

test_overview_icalendar() {
	local testroot=$(test_init overview_icalendar) ret=0
	ov_run "$testroot" || ret=1
	"$PY" - "$testroot/out/overview.ics" > "$testroot/py.out" 2>&1 <<'EOF' || { cat "$testroot/py.out"; ret=1; }
import sys, icalendar
raw = open(sys.argv[1], 'rb').read()
lines = raw.split(b'\r\n')
assert lines[-1] == b'', 'no final CRLF'
assert b'\n' not in raw.replace(b'\r\n', b''), 'bare LF'
assert all(len(l) <= 75 for l in lines), max(len(l) for l in lines)
for l in lines:
    l.decode('utf-8')      # no UTF-8 sequence split by folding
cal = icalendar.Calendar.from_ical(raw)
assert str(cal['PRODID']) and str(cal['VERSION']) == '2.0'
ev = {str(e['UID']): e for e in cal.walk('VEVENT')}
want = {'jamtland/2014-11-06-natverksmote@netsync',
        'jamtland/2015-04-16-konferensdag@netsync',
        'jamtland/2015-04-16-konferensdag/next@netsync',
        'lycksele-mala/2015-09-01-styrelse@netsync',
        'lycksele-mala/2015-11-05-natverksmote@netsync'}
assert set(ev) == want, sorted(ev)
assert str(ev['lycksele-mala/2015-09-01-styrelse@netsync']['STATUS']) == 'CANCELLED'
m = ev['jamtland/2014-11-06-natverksmote@netsync']
assert str(m['SUMMARY']) == 'Nätverksmöte för Norrlands samordningsförbund'
assert str(m['LOCATION']) == 'Östersund; Stora salen, plan 2', str(m['LOCATION'])
assert str(ev['jamtland/2015-04-16-konferensdag@netsync']['SUMMARY']) == 'Samordning – kittet i välfärdsbygget'
import datetime
assert m.decoded('DTSTART') == datetime.date(2014, 11, 6)
assert m.decoded('DTEND') == datetime.date(2014, 11, 8)   # exclusive
assert m.decoded('DTSTAMP').year == 2014
print('ok')
EOF
	test_done "$testroot" $ret
}

# The example network (examples/norrland): the 2014 network meeting's 8
# questions and owners, follow-ups from other federations as the current
# status, the planned Lycksele meeting as upcoming.
test_overview_examples() {
	local testroot=$(test_init overview_examples) ret=0
	ex_network "$PWD/examples/norrland" "$testroot" > "$testroot/log" 2>&1 ||
	    { cat "$testroot/log"; test_done "$testroot" 1; return 1; }
	(cd "$testroot/jamtland" && netsync overview -o "$testroot/out" \
	    --today "$TODAY" --format html,csv,json) > "$testroot/stdout" \
	    2> "$testroot/stderr" || ret=1
	check_grep '7 federations, 3 meetings, 8 questions, 0 warnings' \
	    "$testroot/stdout" || ret=1
	local page=$testroot/out/meetings/jamtland/2014-11-06-natverksmote.html
	[ "$(grep -c '<section class="question' "$page")" -eq 8 ] || ret=1
	[ "$(grep -c '<section class="question focus"' "$page")" -eq 2 ] || ret=1
	for o in "Mikael Holmlund" "Gunilla Kaev" "Jonas Wells" "Stellan Berglund"; do
		check_grep "<dt>Ansvarig</dt><dd>$o" "$page" || ret=1
	done
	# follow-ups of other federations decide the current status
	check_grep 'norrnatverket-som-plattform,2,.*,done,2015-09-15,lycksele-mala/' \
	    "$testroot/out/questions.csv" || ret=1
	check_grep 'strategi-och-arbetssatt,4,.*,in-progress,2015-10-20,timra-harnosand/' \
	    "$testroot/out/questions.csv" || ret=1
	check_grep 'ledarskap-i-samverkan,1,.*,in-progress,2015-10-15,umea-vannas/2015-10-15-ledarskap' \
	    "$testroot/out/questions.csv" || ret=1
	sed -n '/id="upcoming"/,/<h2/p' "$testroot/out/index.html" > "$testroot/up"
	check_grep '5–6 november 2015' "$testroot/up" || ret=1
	check_grep 'meetings/lycksele-mala/2015-11-05-natverksmote.html' "$testroot/up" || ret=1
	check_grep 'Samordningsförbundet i Lycksele-Malå' "$testroot/out/index.html" || ret=1
	# the planned meeting lists the questions due to be reported there
	sed -n '/id="reported"/,/<\/table>/p' \
	    "$testroot/out/meetings/lycksele-mala/2015-11-05-natverksmote.html" \
	    > "$testroot/reported"
	check_grep 'Återrapporteras vid mötet' "$testroot/reported" || ret=1
	check_grep 'Ledarskap i samverkan' "$testroot/reported" || ret=1
	check_grep '<td data-label="Ansvarig">Mikael Holmlund</td>' \
	    "$testroot/reported" || ret=1
	test_done "$testroot" $ret
}

test_parseargs "$@"
run_test test_overview_questions_and_owners
run_test test_overview_followups_from_peers
run_test test_overview_pulled_time_follows_reflog
run_test test_overview_upcoming
run_test test_overview_never_rejected_or_uncommitted
run_test test_overview_escaping
run_test test_overview_html_structure
run_test test_overview_deterministic
run_test test_overview_english
run_test test_overview_usage
if [ -d examples/norrland/jamtland ]; then
	run_test test_overview_examples
else
	test_skip test_overview_examples "no examples/norrland"
fi
if [ -x "$CHROMIUM" ]; then
	run_test test_overview_chromium
else
	test_skip test_overview_chromium "no chromium at $CHROMIUM"
fi
if "$PY" -c 'import icalendar' 2> /dev/null; then
	run_test test_overview_icalendar
else
	test_skip test_overview_icalendar "python3-icalendar is not installed"
fi
test_summary
