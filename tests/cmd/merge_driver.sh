#!/bin/sh
# merge_driver.sh: `netsync merge-driver` end to end.  Two clones of a bare
# repository edit the same record and integrate with plain `git pull`; the
# driver is configured as netsync init would (.gitattributes + git config).
# Then the driver is run by hand for its exit codes and the line fallback.
# Usage: sh tests/cmd/merge_driver.sh [test-name-filter]
set -u

: "${NETSYNC:=$PWD/build/asan/netsync}"
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.org
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.org
top=$(mktemp -d "${TMPDIR:-/tmp}/netsync-merge.XXXXXX")
export GIT_CONFIG_NOSYSTEM=1 HOME="$top"
filter=${1:-}
passed=0 failed=0
rec=records/meetings/2014/2014-11-06-natverksmote.yaml

fail() {	# message
	echo "  $*"
	return 1
}

# a bare "origin" and two clones a and b, with the record committed
setup() {	# name
	root="$top/$1"
	mkdir -p "$root"
	git init -q --bare -b main "$root/origin.git"
	git clone -q "$root/origin.git" "$root/a" 2>/dev/null
	configure "$root/a"
	mkdir -p "$root/a/records/meetings/2014"
	cat > "$root/a/$rec" <<'EOF'
# yaml-language-server: $schema=../../../schema/meeting.yaml
kind: meeting
id: 2014-11-06-natverksmote
federation: jamtland
title: Nätverksmöte för Norrlands samordningsförbund
start: 2014-11-06
location: Östersund   # the venue
status: planned
# questions raised at the meeting
questions:
  - id: ledarskap-i-samverkan
    title: Ledarskap i samverkan
    status: open
  - id: uppfoljning
    title: Uppföljning
    status: open
tags: [samverkan]
EOF
	echo 'records/**/*.yaml merge=netsync' > "$root/a/.gitattributes"
	(cd "$root/a" && git add -A && git commit -qm init &&
	    git push -q origin HEAD:main) || return 1
	git clone -q "$root/origin.git" "$root/b" 2>/dev/null
	configure "$root/b"
}

configure() {	# clone
	git -C "$1" checkout -q -B main 2>/dev/null
	git -C "$1" config merge.netsync.name "netsync record merge"
	git -C "$1" config merge.netsync.driver \
	    "$NETSYNC merge-driver %O %A %B %P"
	git -C "$1" config pull.rebase false
}

edit() {	# clone sed-expression message
	sed -i "$2" "$1/$rec" && (cd "$1" && git commit -qam "$3")
}

test_different_fields() {
	setup different_fields || return 1
	edit "$root/a" 's/^location: .*/location: Umeå/' "a: location" &&
	    git -C "$root/a" push -q origin main || return 1
	edit "$root/b" 's/^status: planned/status: held/' "b: status" ||
	    return 1
	(cd "$root/b" && git pull -q origin main) > "$root/out" 2>&1 ||
	    fail "git pull failed: $(cat "$root/out")" || return 1
	grep -q '^location: Umeå$' "$root/b/$rec" ||
	    fail "a's edit missing" || return 1
	grep -q '^status: held$' "$root/b/$rec" ||
	    fail "b's edit missing" || return 1
	head -1 "$root/b/$rec" | grep -q '^# yaml-language-server' ||
	    fail "modeline lost" || return 1
	grep -q '^# questions raised at the meeting$' "$root/b/$rec" ||
	    fail "comment lost: $(cat "$root/b/$rec")" || return 1
	grep -q '^tags: \[samverkan\]$' "$root/b/$rec" ||
	    fail "layout of unchanged entries lost" || return 1
	! grep -q '^<<<<<<<' "$root/b/$rec" || fail "markers left" || return 1
	[ -z "$(git -C "$root/b" status --porcelain)" ] ||
	    fail "work tree not clean" || return 1
}

test_different_questions() {
	setup different_questions || return 1
	edit "$root/a" '0,/status: open/s//status: done/' "a: q1 done" &&
	    git -C "$root/a" push -q origin main || return 1
	edit "$root/b" 's/title: Uppföljning/title: Uppföljning 2015/' \
	    "b: q2 title" || return 1
	(cd "$root/b" && git pull -q origin main) > "$root/out" 2>&1 ||
	    fail "git pull failed: $(cat "$root/out")" || return 1
	cat > "$root/want" <<'EOF'
  - id: ledarskap-i-samverkan
    title: Ledarskap i samverkan
    status: done
  - id: uppfoljning
    title: Uppföljning 2015
    status: open
EOF
	sed -n '/^questions:/,/^tags:/p' "$root/b/$rec" | sed '1d;$d' \
	    > "$root/got"
	cmp -s "$root/want" "$root/got" ||
	    fail "$(diff -u "$root/want" "$root/got")" || return 1
}

test_same_field() {
	setup same_field || return 1
	edit "$root/a" 's/^status: planned/status: held/' "a: held" &&
	    git -C "$root/a" push -q origin main || return 1
	edit "$root/b" 's/^status: planned/status: cancelled/' \
	    "b: cancelled" || return 1
	(cd "$root/b" && git pull origin main) > "$root/out" 2>&1 &&
	    fail "git pull succeeded despite the conflict" && return 1
	grep -q "netsync: conflict in $rec: status" "$root/out" ||
	    fail "conflict not named: $(cat "$root/out")" || return 1
	cat > "$root/want" <<'EOF'
<<<<<<< ours
status: cancelled
=======
status: held
>>>>>>> theirs
EOF
	grep -A4 '^<<<<<<<' "$root/b/$rec" > "$root/got"
	cmp -s "$root/want" "$root/got" ||
	    fail "$(diff -u "$root/want" "$root/got")" || return 1
	git -C "$root/b" status --porcelain | grep -q "^UU $rec" ||
	    fail "git status: $(git -C "$root/b" status --porcelain)" ||
	    return 1
	grep -q '^location: Östersund' "$root/b/$rec" ||
	    fail "rest of the record lost" || return 1
}

# the driver by hand: files in a scratch directory
driver() {	# base ours theirs -> status in $st
	printf '%b' "$1" > "$root/O"
	printf '%b' "$2" > "$root/A"
	printf '%b' "$3" > "$root/B"
	"$NETSYNC" merge-driver "$root/O" "$root/A" "$root/B" r.yaml \
	    2> "$root/err"
	st=$?
}

test_driver_exit_codes() {
	root="$top/driver_exit_codes"
	mkdir -p "$root"
	driver 'a: 1\nb: 1\n' 'a: 2\nb: 1\n' 'a: 1\nb: 3\n'
	[ "$st" -eq 0 ] || fail "clean merge exited $st" || return 1
	printf 'a: 2\nb: 3\n' | cmp -s - "$root/A" ||
	    fail "clean result: $(cat "$root/A")" || return 1
	driver 'a: 1\n' 'a: 2\n' 'a: 3\n'
	[ "$st" -eq 1 ] || fail "conflict exited $st" || return 1
	grep -qx 'netsync: conflict in r.yaml: a' "$root/err" ||
	    fail "stderr: $(cat "$root/err")" || return 1
	driver '' 'a: 1\n' 'a: 1\n'
	[ "$st" -eq 0 ] || fail "both added exited $st" || return 1
	"$NETSYNC" merge-driver "$root/O" "$root/A" 2> /dev/null
	[ $? -eq 2 ] || fail "usage error not exit 2" || return 1
	"$NETSYNC" merge-driver "$root/nope" "$root/A" "$root/B" r.yaml \
	    2> /dev/null
	[ $? -eq 2 ] || fail "missing file not exit 2" || return 1
}

test_driver_line_fallback() {
	root="$top/driver_line_fallback"
	mkdir -p "$root"
	driver 'a: 1\nb: [\nc: 1\nd: 1\ne: 1\n' \
	    'a: 2\nb: [\nc: 1\nd: 1\ne: 1\n' \
	    'a: 1\nb: [\nc: 1\nd: 1\ne: 2\n'
	[ "$st" -eq 0 ] || fail "clean line merge exited $st" || return 1
	printf 'a: 2\nb: [\nc: 1\nd: 1\ne: 2\n' | cmp -s - "$root/A" ||
	    fail "line merge: $(cat "$root/A")" || return 1
	grep -q 'merging by lines' "$root/err" ||
	    fail "no fallback note: $(cat "$root/err")" || return 1
	driver 'a: [\n' 'a: [1\n' 'a: [2\n'
	[ "$st" -eq 1 ] || fail "line conflict exited $st" || return 1
	grep -q '^<<<<<<< ours' "$root/A" && grep -q '^>>>>>>> theirs' \
	    "$root/A" || fail "markers: $(cat "$root/A")" || return 1
}

run_test() {	# function
	case "$1" in *"$filter"*) ;; *) return ;; esac
	if ( $1 ); then
		echo "PASS $1"
		passed=$((passed + 1))
	else
		echo "FAIL $1"
		failed=$((failed + 1))
	fi
}

run_test test_different_fields
run_test test_different_questions
run_test test_same_field
run_test test_driver_exit_codes
run_test test_driver_line_fallback

if [ "$failed" -eq 0 ]; then
	rm -rf "$top"
else
	echo "test data left in $top"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
