# tests/cmd/push.sh: netsync push validates what is committed, signs the
# tip when a key is configured, pushes branch and tag; peers verify the
# signature when they pull; hooks/pre-push refuses invalid records.
. "$(dirname "$0")/common.sh"

# signed_fed DIR ID: federation ID in DIR/ID with origin DIR/ID.git and a
# signing key in DIR/keys; the key line in DIR/ID.pub.
signed_fed() {
	fed_create "$1/$2" "$2" || return 1
	fed_meeting "$2" "2014-11-06-$2" > "$1/$2/records/2014-11-06-$2.yaml"
	git_commit "$1/$2" meeting
	git init -q --bare "$1/$2.git"
	git -C "$1/$2" remote add origin "$1/$2.git"
	git -C "$1/$2" push -q -u origin main
	(cd "$1/$2" && NETSYNC_CONFIG_DIR="$1/keys" netsync key generate) > /dev/null 2>&1 || return 1
	sed -n 's/^signing_key: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$1/$2/netsync.yaml" > "$1/$2.pub"
	git_commit "$1/$2" key
}

test_push_signed_and_pulled() {
	local testroot=$(test_init push_signed_and_pulled) key
	signed_fed "$testroot" umea-vannas || return 1
	(cd "$testroot/umea-vannas" && NETSYNC_CONFIG_DIR="$testroot/keys" netsync push --dry-run) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep '^push: dry run: would push main to origin/main with the tag' "$testroot/out" || {
		test_done "$testroot" 1; return 1; }
	[ -z "$(git --git-dir "$testroot/umea-vannas.git" for-each-ref refs/tags)" ] || {
		echo "  --dry-run pushed"; test_done "$testroot" 1; return 1; }
	(cd "$testroot/umea-vannas" && NETSYNC_CONFIG_DIR="$testroot/keys" netsync push) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	[ "$(git --git-dir "$testroot/umea-vannas.git" rev-parse main)" = \
	    "$(git -C "$testroot/umea-vannas" rev-parse HEAD)" ] &&
	[ "$(git --git-dir "$testroot/umea-vannas.git" rev-parse 'netsync/tip-main^{commit}')" = \
	    "$(git -C "$testroot/umea-vannas" rev-parse HEAD)" ] || {
		echo "  origin does not have the branch and the tag"; test_done "$testroot" 1; return 1; }
	# a peer with the right key accepts, a peer with another key rejects
	key=$(cat "$testroot/umea-vannas.pub")
	fed_create "$testroot/home" jamtland "peers:
  - id: umea-vannas
    url: ../umea-vannas.git
    signing_key: \"$key\""
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas: accepted' "$testroot/out" || { test_done "$testroot" 1; return 1; }
	signed_fed "$testroot" other || return 1
	sed -i "s|$key|$(cat "$testroot/other.pub")|" "$testroot/home/netsync.yaml"
	echo "summary: more" >> "$testroot/umea-vannas/records/2014-11-06-umea-vannas.yaml"
	git_commit "$testroot/umea-vannas" more
	(cd "$testroot/umea-vannas" && NETSYNC_CONFIG_DIR="$testroot/keys" netsync push) > /dev/null 2>&1
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2> "$testroot/err"
	check_status $? 1 || { test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas: error: signature: .*wrong-key' "$testroot/err" &&
	check_grep '^umea-vannas: rejected' "$testroot/out"
	test_done "$testroot" $?
}

test_push_unsigned_peer_rejected() {
	local testroot=$(test_init push_unsigned_peer_rejected)
	signed_fed "$testroot" umea-vannas || return 1
	# published without netsync push: no signature anywhere
	git -C "$testroot/umea-vannas" push -q origin main
	fed_create "$testroot/home" jamtland "peers:
  - id: umea-vannas
    url: ../umea-vannas.git
    signing_key: \"$(cat "$testroot/umea-vannas.pub")\""
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2> "$testroot/err"
	check_status $? 1 && check_grep '^umea-vannas: error: signature: .*unsigned' "$testroot/err"
	test_done "$testroot" $?
}

test_push_key_added_later() {
	local testroot=$(test_init push_key_added_later)
	signed_fed "$testroot" umea-vannas || return 1
	git -C "$testroot/umea-vannas" push -q origin main
	fed_create "$testroot/home" jamtland "peers:
  - id: umea-vannas
    url: ../umea-vannas.git"
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	# the same, unsigned tip once the peer's key is configured
	(cd "$testroot/home" && netsync peer remove umea-vannas &&
	    netsync peer add umea-vannas ../umea-vannas.git \
	    --key "$(cat "$testroot/umea-vannas.pub")") > /dev/null 2>&1
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2> "$testroot/err"
	check_status $? 1 && check_grep '^umea-vannas: error: signature: .*unsigned' "$testroot/err"
	test_done "$testroot" $?
}

test_push_refuses_invalid() {
	local testroot=$(test_init push_refuses_invalid) before
	fed_create "$testroot/repo" jamtland || return 1
	git init -q --bare "$testroot/origin.git"
	git -C "$testroot/repo" remote add origin "$testroot/origin.git"
	printf 'kind: meeting\nid: 2014-11-06-x\nfederation: jamtland\n' > "$testroot/repo/records/2014-11-06-x.yaml"
	git_commit "$testroot/repo" broken
	(cd "$testroot/repo" && netsync push) > "$testroot/out" 2> "$testroot/err"
	check_status $? 1 || { test_done "$testroot" 1; return 1; }
	check_grep '^records/2014-11-06-x.yaml:1:1: error: ' "$testroot/err" &&
	check_grep 'push refused' "$testroot/err" || { test_done "$testroot" 1; return 1; }
	[ -z "$(git --git-dir "$testroot/origin.git" for-each-ref)" ] || {
		echo "  pushed anyway"; test_done "$testroot" 1; return 1; }
	# the work tree does not count: only what is committed
	git -C "$testroot/repo" rm -q records/2014-11-06-x.yaml
	git -C "$testroot/repo" commit -q -m fixed
	printf 'junk: [\n' > "$testroot/repo/records/2014-11-06-x.yaml"
	(cd "$testroot/repo" && netsync push) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	# the pre-push hook stops `git push` of invalid records
	cp hooks/pre-push "$testroot/repo/.git/hooks/pre-push"
	mkdir -p "$testroot/bin" && ln -s "$NETSYNC" "$testroot/bin/netsync"
	git -C "$testroot/repo" add records && git -C "$testroot/repo" commit -q -m broken-again
	before=$(git --git-dir "$testroot/origin.git" rev-parse main)
	PATH="$testroot/bin:$PATH" git -C "$testroot/repo" push -q origin main > "$testroot/out" 2>&1
	check_status $? 1 "git push with the hook" || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep 'records/2014-11-06-x.yaml:' "$testroot/out" &&
	[ "$(git --git-dir "$testroot/origin.git" rev-parse main)" = "$before" ]
	test_done "$testroot" $?
}

test_push_no_origin() {
	local testroot=$(test_init push_no_origin)
	fed_create "$testroot/repo" jamtland || return 1
	(cd "$testroot/repo" && netsync push) > "$testroot/out" 2>&1
	check_status $? 2 && check_grep 'no origin' "$testroot/out"
	test_done "$testroot" $?
}

test_push_refused_and_stalled() {
	local testroot=$(test_init push_refused_and_stalled) t0 t1
	fed_create "$testroot/repo" jamtland || return 1
	git init -q --bare "$testroot/origin.git"
	git -C "$testroot/repo" remote add origin "$testroot/origin.git"
	git -C "$testroot/repo" push -q -u origin main
	git clone -q "$testroot/origin.git" "$testroot/other"
	echo "name: other" >> "$testroot/other/records/jamtland.yaml"
	git_commit "$testroot/other" other && git -C "$testroot/other" push -q origin main
	echo "region: Jämtland" >> "$testroot/repo/records/jamtland.yaml"
	git_commit "$testroot/repo" mine
	(cd "$testroot/repo" && netsync push) > "$testroot/out" 2>&1
	check_status $? 2 && check_grep 'push to origin: .*\(netsync pull first\)' "$testroot/out" || {
		test_done "$testroot" 1; return 1; }
	stall_start 30
	git -C "$testroot/repo" remote set-url origin "git://127.0.0.1:$STALL_PORT/x.git"
	t0=$(date +%s)
	(cd "$testroot/repo" && netsync push --timeout 2) > "$testroot/out" 2>&1
	ret=$?
	t1=$(date +%s)
	stall_stop
	check_status $ret 2 && check_grep 'push to origin: no answer within 2 s' "$testroot/out" &&
	[ $((t1 - t0)) -le 10 ]
	test_done "$testroot" $?
}

test_parseargs "$@"
run_test test_push_signed_and_pulled
run_test test_push_unsigned_peer_rejected
run_test test_push_key_added_later
run_test test_push_refuses_invalid
run_test test_push_no_origin
run_test test_push_refused_and_stalled
test_summary
