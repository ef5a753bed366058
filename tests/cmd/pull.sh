# tests/cmd/pull.sh: netsync pull end to end: peers over local paths,
# file://, git daemon and smart HTTP (git http-backend); gating (ownership, validity, rewrites, hostile
# trees built with git plumbing); deadlines; SIGKILL mid-pull; origin
# integration (fast-forward, field-level merge, conflict, local changes).
. "$(dirname "$0")/common.sh"

test_pull_four_federations() {
	local testroot=$(test_init pull_four_federations) ret
	mk_peer "$testroot" umea-vannas && mk_peer "$testroot" lycksele-mala &&
	    mk_peer "$testroot" skelleftea-norsjo &&
	    mk_peer "$testroot" sundsvall || return 1
	daemon_start "$testroot" || return 1
	http_start "$testroot" || { daemon_stop; return 1; }
	mk_home "$testroot" jamtland "umea-vannas ../umea-vannas.git" \
	    "lycksele-mala file://$testroot/lycksele-mala.git" \
	    "skelleftea-norsjo git://127.0.0.1:$DAEMON_PORT/skelleftea-norsjo.git" \
	    "sundsvall http://127.0.0.1:$HTTP_PORT/sundsvall.git"
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2> "$testroot/err"
	ret=$?
	daemon_stop
	http_stop
	check_status $ret 0 || { cat "$testroot/err"; test_done "$testroot" 1; return 1; }
	for p in umea-vannas lycksele-mala skelleftea-norsjo sundsvall; do
		[ "$(tip "$testroot/home/.git" refs/netsync/peers/$p)" = \
		    "$(tip "$testroot/$p.git" refs/heads/main)" ] || {
			echo "  refs/netsync/peers/$p is wrong"
			test_done "$testroot" 1; return 1; }
		check_grep "^$p: accepted [0-9a-f]{7} \(2 records: 2 new" \
		    "$testroot/out" || { test_done "$testroot" 1; return 1; }
	done
	# no transient refs left, a reflog per accepted peer
	git -C "$testroot/home" for-each-ref refs/netsync/incoming > "$testroot/inc"
	[ ! -s "$testroot/inc" ] || { echo "  incoming refs left"; test_done "$testroot" 1; return 1; }
	git -C "$testroot/home" reflog show refs/netsync/peers/umea-vannas > "$testroot/log"
	check_grep "netsync: pull umea-vannas: accepted" "$testroot/log" || {
		test_done "$testroot" 1; return 1; }
	# a no-op pull: unchanged, and a new reflog entry
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2>&1
	check_status $? 2 || { test_done "$testroot" 1; return 1; } # daemon is gone
	check_grep "^umea-vannas: unchanged" "$testroot/out" &&
	    check_grep "^skelleftea-norsjo: not pulled: " "$testroot/out" &&
	    check_grep "^sundsvall: not pulled: " "$testroot/out" || {
		test_done "$testroot" 1; return 1; }
	[ "$(git -C "$testroot/home" reflog show refs/netsync/peers/umea-vannas | wc -l)" -eq 2 ] || {
		echo "  no reflog entry for the unchanged pull"; test_done "$testroot" 1; return 1; }
	test_done "$testroot" 0
}

test_pull_rejects_bad_peers() {
	local testroot=$(test_init pull_rejects_bad_peers) ret
	mk_peer "$testroot" umea-vannas && mk_peer "$testroot" lycksele-mala &&
	    mk_peer "$testroot" sundsvall && mk_peer "$testroot" gavleborg || return 1
	mk_home "$testroot" jamtland "umea-vannas ../umea-vannas.git" \
	    "lycksele-mala ../lycksele-mala.git" "sundsvall ../sundsvall.git" \
	    "gavleborg ../gavleborg.git"
	(cd "$testroot/home" && netsync pull) > /dev/null 2>&1 || {
		echo "  first pull failed"; test_done "$testroot" 1; return 1; }
	old_l=$(tip "$testroot/home/.git" refs/netsync/peers/lycksele-mala)
	old_s=$(tip "$testroot/home/.git" refs/netsync/peers/sundsvall)
	old_g=$(tip "$testroot/home/.git" refs/netsync/peers/gavleborg)
	# lycksele-mala publishes a record claiming another federation
	fed_meeting jamtland 2015-01-01-stolen > "$testroot/src-lycksele-mala/records/2015-01-01-stolen.yaml"
	git_commit "$testroot/src-lycksele-mala" stolen
	git -C "$testroot/src-lycksele-mala" push -q origin main
	# sundsvall publishes a record that does not parse
	printf 'kind: meeting\nid: [unclosed\n' > "$testroot/src-sundsvall/records/2015-02-02-bad.yaml"
	git_commit "$testroot/src-sundsvall" bad
	git -C "$testroot/src-sundsvall" push -q origin main
	# gavleborg rewrites its history
	git -C "$testroot/src-gavleborg" commit -q --amend -m rewritten
	git -C "$testroot/src-gavleborg" push -q -f origin main
	peer_update "$testroot" umea-vannas
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2> "$testroot/err"
	ret=$?
	check_status $ret 1 || { test_done "$testroot" 1; return 1; }
	check_grep '^lycksele-mala:records/2015-01-01-stolen.yaml:3:[0-9]+: error: .*jamtland' "$testroot/err" &&
	check_grep '^sundsvall:records/2015-02-02-bad.yaml:[0-9]+:[0-9]+: error: ' "$testroot/err" &&
	check_grep '^gavleborg: error: history rewritten: .* --accept-rewrite' "$testroot/err" &&
	check_grep "^lycksele-mala: rejected [0-9a-f]{7} \(1 problem\); keeping ${old_l%${old_l#???????}}" "$testroot/out" &&
	check_grep '^umea-vannas: accepted .*1 changed' "$testroot/out" || {
		test_done "$testroot" 1; return 1; }
	[ "$(tip "$testroot/home/.git" refs/netsync/peers/lycksele-mala)" = "$old_l" ] &&
	[ "$(tip "$testroot/home/.git" refs/netsync/peers/sundsvall)" = "$old_s" ] &&
	[ "$(tip "$testroot/home/.git" refs/netsync/peers/gavleborg)" = "$old_g" ] &&
	[ "$(tip "$testroot/home/.git" refs/netsync/rejected/gavleborg)" = \
	    "$(tip "$testroot/gavleborg.git" refs/heads/main)" ] &&
	[ "$(tip "$testroot/home/.git" refs/netsync/peers/umea-vannas)" = \
	    "$(tip "$testroot/umea-vannas.git" refs/heads/main)" ] || {
		echo "  refs after rejection are wrong"; test_done "$testroot" 1; return 1; }
	# --accept-rewrite takes gavleborg's new history, keeps the old tip
	(cd "$testroot/home" && netsync pull --peer gavleborg --accept-rewrite) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep '^gavleborg: accepted .*rewritten history accepted' "$testroot/out" || {
		test_done "$testroot" 1; return 1; }
	[ "$(tip "$testroot/home/.git" refs/netsync/previous/gavleborg)" = "$old_g" ] &&
	[ -z "$(tip "$testroot/home/.git" refs/netsync/rejected/gavleborg)" ] || {
		echo "  previous/rejected refs wrong after --accept-rewrite"
		test_done "$testroot" 1; return 1; }
	git -C "$testroot/home" fsck --no-progress > "$testroot/fsck" 2>&1 || {
		cat "$testroot/fsck"; test_done "$testroot" 1; return 1; }
	test_done "$testroot" 0
}

# git_deep_tree GITDIR DEPTH LEAF: DEPTH trees, each holding only "d", the
# innermost holding tree LEAF; prints the outermost.  Loose objects are
# written directly: a git process per level would take minutes.
git_deep_tree() {
	python3 - "$@" <<'PYEOF'
import hashlib, os, sys, zlib
gitdir, depth, oid = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for _ in range(depth):
    body = b"40000 d\0" + bytes.fromhex(oid)
    obj = b"tree %d\0" % len(body) + body
    oid = hashlib.sha1(obj).hexdigest()
    path = os.path.join(gitdir, "objects", oid[:2], oid[2:])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(zlib.compress(obj))
print(oid)
PYEOF
}

# hostile_peer DIR ID KIND: peer ID's main gets a tree with a hostile entry.
hostile_peer() {
	local g="$1/$2.git" blob tree rec sub deep i entries recs
	mk_peer "$1" "$2" || return 1
	blob=$(echo "/etc/passwd" | git --git-dir "$g" hash-object -w --stdin)
	rec=$(git --git-dir "$g" rev-parse "main:records/$2.yaml")
	recs=$(git --git-dir "$g" ls-tree main:records | awk '{ printf "%s:%s:%s ", $1, $4, $3 }')
	entries=$(git --git-dir "$g" ls-tree main | awk '$4 != "records" { printf "%s:%s:%s ", $1, $4, $3 }')
	sub=$(git_mktree_raw "$g" "100644:config:$blob")
	case $3 in
	dotdot)	extra="100644:..:$blob" ;;
	dot)	extra="040000:.:$sub" ;;
	dotgit)	extra="040000:.git:$sub" ;;
	dotgit-upper) extra="040000:.GIT:$sub" ;;
	git-short) extra="040000:git~1:$sub" ;;
	dotgit-space) extra="040000:.git\\x20:$sub" ;;
	dotgit-dot) extra="040000:.git.:$sub" ;;
	hfs)	extra="040000:.g\\xe2\\x80\\x8cit:$sub" ;;
	slash)	extra="100644:a/b:$blob" ;;
	symlink) recs="$recs 120000:evil.yaml:$blob" ;;
	submodule) extra="160000:vendor:$(git --git-dir "$g" rev-parse main)" ;;
	dup)	recs="$recs 100644:$2.yaml:$rec" ;;
	# 64 MB of zeros: a pack of a few hundred KB
	big)	extra="100644:big.bin:$(head -c 67108864 /dev/zero | git --git-dir "$g" hash-object -w --stdin)" ;;
	deep)	extra="040000:deep:$(git_deep_tree "$g" 5000 "$sub")" ;;
	bomb)	recs="$recs 100644:2015-01-01-bomb.yaml:$(git --git-dir "$g" hash-object -w tests/cases/hostile/billion-laughs.yaml)" ;;
	esac
	rtree=$(git_mktree_raw "$g" $recs)
	tree=$(git_mktree_raw "$g" $entries "040000:records:$rtree" ${extra:-})
	commit=$(git --git-dir "$g" commit-tree -p main -m "hostile $3" "$tree")
	git --git-dir "$g" update-ref refs/heads/main "$commit"
	extra=
}

test_pull_hostile_trees() {
	local testroot=$(test_init pull_hostile_trees) ret peers k
	local kinds="dotdot dot dotgit dotgit-upper git-short dotgit-space dotgit-dot hfs slash symlink submodule dup big deep bomb"
	local t0 t1
	mk_peer "$testroot" umea-vannas || return 1
	for k in $kinds; do
		hostile_peer "$testroot" "h-$k" "$k" || { echo "  cannot build $k"; return 1; }
	done
	peers=$(
		echo "peers:"
		echo "  - id: umea-vannas"
		echo "    url: ../umea-vannas.git"
		for k in $kinds; do
			echo "  - id: h-$k"
			echo "    url: ../h-$k.git"
		done)
	fed_create "$testroot/home" jamtland "$peers"
	t0=$(date +%s)
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2> "$testroot/err"
	ret=$?
	t1=$(date +%s)
	check_status $ret 1 || { cat "$testroot/err"; test_done "$testroot" 1; return 1; }
	# bounded: nothing of the 64 MB blob or the 5,000 trees is walked
	[ $((t1 - t0)) -le 120 ] || { echo "  took $((t1 - t0)) s"; test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas: accepted' "$testroot/out" || { test_done "$testroot" 1; return 1; }
	for k in $kinds; do
		check_grep "^h-$k: rejected [0-9a-f]{7} \(" "$testroot/out" || { test_done "$testroot" 1; return 1; }
		[ -z "$(tip "$testroot/home/.git" refs/netsync/peers/h-$k)" ] &&
		[ -n "$(tip "$testroot/home/.git" refs/netsync/rejected/h-$k)" ] || {
			echo "  h-$k: wrong refs"; test_done "$testroot" 1; return 1; }
	done
	while read -r k pat; do
		check_grep "^h-$k:$pat" "$testroot/err" || { test_done "$testroot" 1; return 1; }
	done <<'EOF'
dotdot ..: error: path component '.' or '..'
dot .: error: path component '.' or '..'
dotgit .git: error: '.git' \(in some spelling\)
dotgit-upper .GIT: error: '.git' \(in some spelling\)
git-short git~1: error: NTFS short name of '.git'
dotgit-space .git : error: '.git' \(in some spelling\)
dotgit-dot .git.: error: '.git' \(in some spelling\)
hfs .g.*it: error: '.git' \(in some spelling\)
slash a/b: error: name contains '/'
symlink records/evil.yaml: error: symbolic link
submodule vendor: error: submodule
dup records: error: two entries named 'h-dup.yaml'
big big.bin: error: file too large: 67108864 bytes \(limit 1048576\)
deep deep(/d)+: error: trees nested too deep
bomb records/2015-01-01-bomb.yaml:6:11: error: document too large: more than 200000 nodes
EOF
	# nothing of a peer was checked out; the work tree is clean
	[ -z "$(git -C "$testroot/home" status --porcelain)" ] || {
		git -C "$testroot/home" status; test_done "$testroot" 1; return 1; }
	test_done "$testroot" 0
}

test_pull_stalled_peer() {
	local testroot=$(test_init pull_stalled_peer) ret t0 t1
	mk_peer "$testroot" umea-vannas && mk_peer "$testroot" lycksele-mala || return 1
	stall_start 30
	mk_home "$testroot" jamtland "umea-vannas ../umea-vannas.git" \
	    "sundsvall git://127.0.0.1:$STALL_PORT/sundsvall.git" \
	    "lycksele-mala ../lycksele-mala.git"
	t0=$(date +%s)
	(cd "$testroot/home" && NETSYNC_TIMEOUT=2 netsync pull) > "$testroot/out" 2>&1
	ret=$?
	t1=$(date +%s)
	check_status $ret 2 || { cat "$testroot/out"; stall_stop; test_done "$testroot" 1; return 1; }
	[ $((t1 - t0)) -le 10 ] || { echo "  took $((t1 - t0)) s"; stall_stop; test_done "$testroot" 1; return 1; }
	check_grep '^sundsvall: not pulled: no answer within 2 s; skipped' "$testroot/out" &&
	check_grep '^umea-vannas: accepted' "$testroot/out" &&
	check_grep '^lycksele-mala: accepted' "$testroot/out" || { stall_stop; test_done "$testroot" 1; return 1; }
	# one worker process: killed at sundsvall's deadline, another one
	# fetches what is left
	peer_update "$testroot" lycksele-mala || { stall_stop; return 1; }
	(cd "$testroot/home" && NETSYNC_TIMEOUT=2 netsync pull --jobs 1) > "$testroot/out1" 2>&1
	ret=$?
	stall_stop
	check_status $ret 2 || { cat "$testroot/out1"; test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas: unchanged' "$testroot/out1" &&
	check_grep '^sundsvall: not pulled: no answer within 2 s; skipped' "$testroot/out1" &&
	check_grep '^lycksele-mala: accepted .*1 changed' "$testroot/out1" || { test_done "$testroot" 1; return 1; }
	# the order of the summary is the order of netsync.yaml
	sed -n 's/^\([a-z-]*\): .*/\1/p' "$testroot/out" > "$testroot/order"
	printf 'umea-vannas\nsundsvall\nlycksele-mala\n' > "$testroot/order.expected"
	check_file "$testroot/order.expected" "$testroot/order"
	test_done "$testroot" $?
}

# check_refs_old_or_new HOME OLDFILE NEWFILE: every refs/netsync ref of
# HOME has its value from OLDFILE or from NEWFILE (for-each-ref lines).
check_refs_old_or_new() {
	git -C "$1" for-each-ref --format='%(refname) %(objectname)' refs/netsync/peers |
	while read -r name oid; do
		grep -qx "$name $oid" "$2" || grep -qx "$name $oid" "$3" || {
			echo "  $name = $oid is neither old nor new"; exit 1; }
	done
}

# A worker process that dies mid-fetch fails that fetch only; a new worker
# fetches the peers left.
test_pull_worker_killed() {
	local testroot=$(test_init pull_worker_killed) pid w i ret
	mk_peer "$testroot" umea-vannas || return 1
	stall_start 30
	mk_home "$testroot" jamtland \
	    "sundsvall git://127.0.0.1:$STALL_PORT/sundsvall.git" \
	    "umea-vannas ../umea-vannas.git"
	(cd "$testroot/home" && NETSYNC_TIMEOUT=20 exec "$NETSYNC" pull --jobs 1) > "$testroot/out" 2>&1 &
	pid=$!
	# the one worker is stalled on sundsvall: kill it
	for i in $(seq 100); do
		w=$(pgrep -P "$pid" | head -1)
		[ -n "$w" ] && break
		sleep 0.1
	done
	[ -n "$w" ] || { echo "  no worker process"; kill -9 "$pid"; stall_stop; test_done "$testroot" 1; return 1; }
	sleep 0.5
	kill -9 "$w"
	wait "$pid"
	ret=$?
	stall_stop
	check_status $ret 2 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep '^sundsvall: not pulled: the fetch process died \(killed by a signal\)$' "$testroot/out" &&
	    check_grep '^umea-vannas: accepted' "$testroot/out" || { test_done "$testroot" 1; return 1; }
	test_done "$testroot" 0
}

# A peer that dies mid-fetch (the connection cut after 20 KB of a ~300 KB
# pack): that peer is not pulled, nothing of it is kept, the others are
# accepted, and a later pull from the whole server works.
test_pull_peer_dies_mid_fetch() {
	local testroot=$(test_init pull_peer_dies_mid_fetch) ret
	mk_peer "$testroot" umea-vannas && mk_peer "$testroot" sundsvall || return 1
	head -c 300000 /dev/urandom > "$testroot/src-sundsvall/noise.bin"
	git_commit "$testroot/src-sundsvall" noise &&
	    git -C "$testroot/src-sundsvall" push -q origin main || return 1
	daemon_start "$testroot" || return 1
	cut_start "$DAEMON_PORT" 20000 || { daemon_stop; return 1; }
	mk_home "$testroot" jamtland \
	    "sundsvall git://127.0.0.1:$CUT_PORT/sundsvall.git" \
	    "umea-vannas ../umea-vannas.git"
	(cd "$testroot/home" && NETSYNC_TIMEOUT=20 netsync pull) > "$testroot/out" 2>&1
	ret=$?
	cut_stop
	check_status $ret 2 || { cat "$testroot/out"; daemon_stop; test_done "$testroot" 1; return 1; }
	check_grep '^sundsvall: not pulled: ' "$testroot/out" &&
	    check_grep '^umea-vannas: accepted' "$testroot/out" || {
		daemon_stop; test_done "$testroot" 1; return 1; }
	[ -z "$(tip "$testroot/home/.git" refs/netsync/peers/sundsvall)" ] &&
	[ -z "$(git -C "$testroot/home" for-each-ref refs/netsync/incoming)" ] || {
		echo "  refs of the cut fetch were kept"; daemon_stop; test_done "$testroot" 1; return 1; }
	git -C "$testroot/home" fsck --no-progress > "$testroot/fsck" 2>&1 || {
		cat "$testroot/fsck"; daemon_stop; test_done "$testroot" 1; return 1; }
	# the server is whole again
	sed -i "s|127.0.0.1:$CUT_PORT|127.0.0.1:$DAEMON_PORT|" "$testroot/home/netsync.yaml"
	(cd "$testroot/home" && netsync pull) > "$testroot/out2" 2>&1
	ret=$?
	daemon_stop
	check_status $ret 0 || { cat "$testroot/out2"; test_done "$testroot" 1; return 1; }
	check_grep '^sundsvall: accepted' "$testroot/out2"
	test_done "$testroot" $?
}

test_pull_killed() {
	local testroot=$(test_init pull_killed) d pid
	mk_peer "$testroot" umea-vannas && mk_peer "$testroot" lycksele-mala || return 1
	mk_home "$testroot" jamtland "umea-vannas ../umea-vannas.git" \
	    "lycksele-mala ../lycksele-mala.git"
	fed_meeting jamtland 2014-11-06-local > "$testroot/home/records/2014-11-06-local.yaml"
	echo "# local edit" >> "$testroot/home/netsync.yaml"
	cp "$testroot/home/netsync.yaml" "$testroot/netsync.yaml.kept"
	for d in 0.05 0.1 0.2 0.3 0.5 0.8 1.2; do
		peer_update "$testroot" umea-vannas
		peer_update "$testroot" lycksele-mala
		git -C "$testroot/home" for-each-ref --format='%(refname) %(objectname)' refs/netsync/peers > "$testroot/old"
		printf 'refs/netsync/peers/umea-vannas %s\nrefs/netsync/peers/lycksele-mala %s\n' \
		    "$(tip "$testroot/umea-vannas.git" main)" \
		    "$(tip "$testroot/lycksele-mala.git" main)" > "$testroot/new"
		(cd "$testroot/home" && exec "$NETSYNC" pull) > /dev/null 2>&1 &
		pid=$!
		sleep $d
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		check_refs_old_or_new "$testroot/home" "$testroot/old" "$testroot/new" || {
			test_done "$testroot" 1; return 1; }
		git -C "$testroot/home" fsck --no-progress --no-dangling > "$testroot/fsck" 2>&1 || {
			echo "  fsck after kill at $d s:"; cat "$testroot/fsck"
			test_done "$testroot" 1; return 1; }
	done
	# while a peer stalls
	stall_start 30
	printf '  - id: sundsvall\n    url: git://127.0.0.1:%s/x.git\n' "$STALL_PORT" >> "$testroot/home/netsync.yaml"
	cp "$testroot/home/netsync.yaml" "$testroot/netsync.yaml.kept"
	(cd "$testroot/home" && NETSYNC_TIMEOUT=20 exec "$NETSYNC" pull) > "$testroot/stall.out" 2>&1 &
	pid=$!
	sleep 1.5
	kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
	stall_stop
	git -C "$testroot/home" fsck --no-progress --no-dangling > "$testroot/fsck" 2>&1 || {
		cat "$testroot/fsck"; test_done "$testroot" 1; return 1; }
	# the work tree is intact: the local changes are all there
	cmp -s "$testroot/home/netsync.yaml" "$testroot/netsync.yaml.kept" &&
	    [ -f "$testroot/home/records/2014-11-06-local.yaml" ] || {
		echo "  local changes lost"; test_done "$testroot" 1; return 1; }
	# and the next pull works, whatever lock files a kill left behind
	sed -i '/sundsvall/,$d' "$testroot/home/netsync.yaml"
	mkdir -p "$testroot/home/.git/logs/refs/netsync/peers" \
	    "$testroot/home/.git/refs/netsync/peers"
	: > "$testroot/home/.git/refs/netsync/peers/umea-vannas.lock"
	: > "$testroot/home/.git/logs/refs/netsync/peers/lycksele-mala.lock"
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	printf 'refs/netsync/peers/lycksele-mala %s\nrefs/netsync/peers/umea-vannas %s\n' \
	    "$(tip "$testroot/lycksele-mala.git" main)" \
	    "$(tip "$testroot/umea-vannas.git" main)" > "$testroot/want"
	git -C "$testroot/home" for-each-ref --format='%(refname) %(objectname)' refs/netsync/peers > "$testroot/got"
	check_file "$testroot/want" "$testroot/got"
	test_done "$testroot" $?
}

test_pull_one_at_a_time() {
	local testroot=$(test_init pull_one_at_a_time) pid
	mk_peer "$testroot" umea-vannas || return 1
	mk_home "$testroot" jamtland "umea-vannas ../umea-vannas.git"
	# the holder says when it has the lock: a fixed sleep races under load
	python3 -c '
import fcntl, sys, time
f = open(sys.argv[1], "a"); fcntl.lockf(f, fcntl.LOCK_EX)
open(sys.argv[2], "w").close(); time.sleep(20)
' "$testroot/home/.git/netsync-pull.lock" "$testroot/locked" &
	pid=$!
	for _ in $(seq 200); do
		[ -e "$testroot/locked" ] && break
		sleep 0.1
	done
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2>&1
	check_status $? 2 && check_grep 'another netsync pull is running' "$testroot/out"
	ret=$?
	kill $pid 2>/dev/null; wait $pid 2>/dev/null
	[ -z "$(tip "$testroot/home/.git" refs/netsync/peers/umea-vannas)" ] || ret=1
	test_done "$testroot" $ret
}

test_pull_unknown_peer_option() {
	local testroot=$(test_init pull_unknown_peer_option)
	mk_peer "$testroot" umea-vannas || return 1
	mk_home "$testroot" jamtland "umea-vannas ../umea-vannas.git"
	(cd "$testroot/home" && netsync pull --peer nope) > "$testroot/out" 2>&1
	check_status $? 2 && check_grep "no peer 'nope' in netsync.yaml" "$testroot/out"
	test_done "$testroot" $?
}

# clones DIR: origin DIR/origin.git (jamtland, one meeting) and two clones
# DIR/a and DIR/b tracking it.
clones() {
	fed_create "$1/seed" jamtland || return 1
	fed_meeting jamtland 2014-11-06-natverksmote > "$1/seed/records/2014-11-06-natverksmote.yaml"
	git_commit "$1/seed" meeting
	fed_bare "$1/seed" "$1/origin.git"
	git clone -q "$1/origin.git" "$1/a" && git clone -q "$1/origin.git" "$1/b"
}

test_pull_origin_fast_forward() {
	local testroot=$(test_init pull_origin_fast_forward)
	clones "$testroot" || return 1
	sed -i 's/^location: .*/location: Umeå/' "$testroot/a/records/2014-11-06-natverksmote.yaml"
	git_commit "$testroot/a" moved && git -C "$testroot/a" push -q origin main
	(cd "$testroot/b" && netsync pull) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep '^origin: main fast-forwarded' "$testroot/out" &&
	check_grep '^location: Umeå' "$testroot/b/records/2014-11-06-natverksmote.yaml" || {
		test_done "$testroot" 1; return 1; }
	[ "$(git -C "$testroot/b" rev-parse HEAD)" = "$(git -C "$testroot/a" rev-parse HEAD)" ] &&
	    [ -z "$(git -C "$testroot/b" status --porcelain)" ] || {
		echo "  b is not at a's commit, or not clean"; test_done "$testroot" 1; return 1; }
	(cd "$testroot/b" && netsync pull) > "$testroot/out" 2>&1
	check_status $? 0 && check_grep '^origin: main is up to date' "$testroot/out" || {
		test_done "$testroot" 1; return 1; }
	# fetched by git already (nothing for netsync to download): the
	# branch is still fast-forwarded
	sed -i 's/^location: .*/location: Luleå/' "$testroot/a/records/2014-11-06-natverksmote.yaml"
	git_commit "$testroot/a" again && git -C "$testroot/a" push -q origin main
	git -C "$testroot/b" fetch -q origin
	(cd "$testroot/b" && netsync pull) > "$testroot/out" 2>&1
	check_status $? 0 && check_grep '^origin: main fast-forwarded' "$testroot/out" &&
	    [ "$(git -C "$testroot/b" rev-parse HEAD)" = "$(git -C "$testroot/a" rev-parse HEAD)" ]
	test_done "$testroot" $?
}

test_pull_origin_local_changes() {
	local testroot=$(test_init pull_origin_local_changes)
	clones "$testroot" || return 1
	sed -i 's/^location: .*/location: Umeå/' "$testroot/a/records/2014-11-06-natverksmote.yaml"
	git_commit "$testroot/a" moved && git -C "$testroot/a" push -q origin main
	sed -i 's/^location: .*/location: Luleå/' "$testroot/b/records/2014-11-06-natverksmote.yaml"
	cp "$testroot/b/records/2014-11-06-natverksmote.yaml" "$testroot/kept"
	old=$(git -C "$testroot/b" rev-parse HEAD)
	(cd "$testroot/b" && netsync pull) > "$testroot/out" 2> "$testroot/err"
	check_status $? 2 || { test_done "$testroot" 1; return 1; }
	check_grep 'your local changes to the following files would be overwritten' "$testroot/err" &&
	check_grep '^	records/2014-11-06-natverksmote.yaml$' "$testroot/err" &&
	cmp -s "$testroot/kept" "$testroot/b/records/2014-11-06-natverksmote.yaml" &&
	[ "$(git -C "$testroot/b" rev-parse HEAD)" = "$old" ] || {
		echo "  local change touched"; test_done "$testroot" 1; return 1; }
	test_done "$testroot" 0
}

test_pull_origin_field_merge() {
	local testroot=$(test_init pull_origin_field_merge) f
	f=records/2014-11-06-natverksmote.yaml
	clones "$testroot" || return 1
	# adjacent lines: git alone would see one conflicting hunk
	sed -i 's/^title: .*/title: Nätverksmöte i Östersund/' "$testroot/a/$f"
	sed -i 's/^location: .*/location: Umeå/' "$testroot/a/$f"
	git_commit "$testroot/a" moved && git -C "$testroot/a" push -q origin main
	sed -i 's/^type: .*/type: conference/' "$testroot/b/$f"
	sed -i 's/^    status: open/    status: done/' "$testroot/b/$f"
	git_commit "$testroot/b" done
	(cd "$testroot/b" && netsync pull) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep '^origin: main merged' "$testroot/out" &&
	check_grep '^title: Nätverksmöte i Östersund' "$testroot/b/$f" &&
	check_grep '^type: conference' "$testroot/b/$f" &&
	check_grep '^location: Umeå' "$testroot/b/$f" &&
	check_grep '^    status: done' "$testroot/b/$f" || { test_done "$testroot" 1; return 1; }
	(cd "$testroot/b" && netsync validate) > "$testroot/val" 2>&1 || {
		cat "$testroot/val"; test_done "$testroot" 1; return 1; }
	[ "$(git -C "$testroot/b" log -1 --format=%s)" = "netsync: merge origin/main" ] &&
	[ "$(git -C "$testroot/b" log -1 --format=%p | wc -w)" -eq 2 ] &&
	[ -z "$(git -C "$testroot/b" status --porcelain)" ] || {
		git -C "$testroot/b" log --graph --oneline; git -C "$testroot/b" status
		test_done "$testroot" 1; return 1; }
	test_done "$testroot" 0
}

test_pull_origin_field_conflict() {
	local testroot=$(test_init pull_origin_field_conflict) f
	f=records/2014-11-06-natverksmote.yaml
	clones "$testroot" || return 1
	sed -i 's/^    status: open/    status: dropped/' "$testroot/a/$f"
	sed -i 's/^location: .*/location: Umeå/' "$testroot/a/$f"
	git_commit "$testroot/a" dropped && git -C "$testroot/a" push -q origin main
	sed -i 's/^    status: open/    status: done/' "$testroot/b/$f"
	git_commit "$testroot/b" done
	(cd "$testroot/b" && netsync pull) > "$testroot/out" 2> "$testroot/err"
	check_status $? 1 || { cat "$testroot/out" "$testroot/err"; test_done "$testroot" 1; return 1; }
	check_grep "^netsync: conflict in $f: questions.*status" "$testroot/err" || {
		test_done "$testroot" 1; return 1; }
	# git's merge state, nothing lost
	[ -f "$testroot/b/.git/MERGE_HEAD" ] || { echo "  no MERGE_HEAD"; test_done "$testroot" 1; return 1; }
	git -C "$testroot/b" status --porcelain > "$testroot/st"
	check_grep "^UU $f" "$testroot/st" &&
	check_grep 'status: done' "$testroot/b/$f" &&
	check_grep 'status: dropped' "$testroot/b/$f" &&
	check_grep '^<<<<<<< ' "$testroot/b/$f" &&
	check_grep '^location: Umeå' "$testroot/b/$f" || { test_done "$testroot" 1; return 1; }
	# a second pull refuses while the merge is unresolved
	(cd "$testroot/b" && netsync pull) > "$testroot/out" 2>&1
	check_status $? 2 && check_grep 'a merge is in progress' "$testroot/out"
	test_done "$testroot" $?
}

test_pull_origin_line_conflicts() {
	local testroot=$(test_init pull_origin_line_conflicts) f
	f=records/2014-11-06-natverksmote.yaml
	clones "$testroot" || return 1
	echo "notes from a" > "$testroot/a/NOTES"
	sed -i 's/^type: .*/type: workshop/' "$testroot/a/$f"
	git_commit "$testroot/a" a && git -C "$testroot/a" push -q origin main
	echo "notes from b" > "$testroot/b/NOTES"
	# b's record does not parse: git's line-level result stays
	sed -i 's/^type: .*/type: [seminar/' "$testroot/b/$f"
	git_commit "$testroot/b" b
	(cd "$testroot/b" && netsync pull) > "$testroot/out" 2> "$testroot/err"
	check_status $? 1 || { cat "$testroot/out" "$testroot/err"; test_done "$testroot" 1; return 1; }
	check_grep "^netsync: conflict in NOTES$" "$testroot/err" &&
	check_grep "^netsync: conflict in $f$" "$testroot/err" &&
	check_grep '^type: \[seminar' "$testroot/b/$f" &&
	check_grep '^type: workshop' "$testroot/b/$f" &&
	check_grep 'notes from a' "$testroot/b/NOTES" &&
	check_grep 'notes from b' "$testroot/b/NOTES"
	test_done "$testroot" $?
}

# cache_entries GITDIR: entries in the validation cache (vcache.c: a
# 10-byte magic, a count, 28 bytes an entry, a 16-byte checksum).
cache_entries() {
	local f="$1/netsync/cache"
	[ -f "$f" ] || { echo 0; return; }
	echo $((($(wc -c < "$f") - 30) / 28))
}

# pull_traced DIR OUT ERR [ARGS]: netsync pull in DIR/home with
# NETSYNC_TRACE=1 (a line per peer: records, and how many were read).
pull_traced() {
	local d=$1 out=$2 err=$3
	shift 3
	(cd "$d/home" && NETSYNC_TRACE=1 netsync pull "$@") > "$out" 2> "$err"
}

# A changed peer: only the changed record is read; the cache grows by one.
test_pull_cache_reads_changed_only() {
	local testroot=$(test_init pull_cache_reads_changed_only) i n
	mk_peer "$testroot" umea-vannas || return 1
	for i in 1 2 3 4; do
		fed_meeting umea-vannas "2015-0$i-01-m" > \
		    "$testroot/src-umea-vannas/records/2015-0$i-01-m.yaml"
	done
	git_commit "$testroot/src-umea-vannas" four &&
	    git -C "$testroot/src-umea-vannas" push -q origin main || return 1
	mk_home "$testroot" jamtland "umea-vannas ../umea-vannas.git"
	pull_traced "$testroot" "$testroot/out" "$testroot/err"
	check_status $? 0 || { cat "$testroot/err"; test_done "$testroot" 1; return 1; }
	check_grep '^netsync: trace: umea-vannas: 6 records, 6 read and checked$' "$testroot/err" ||
	    { test_done "$testroot" 1; return 1; }
	n=$(cache_entries "$testroot/home/.git")
	[ "$n" -eq 6 ] || { echo "  $n cache entries, want 6"; test_done "$testroot" 1; return 1; }
	# nothing new: the accepted tip is not gated at all
	pull_traced "$testroot" "$testroot/out" "$testroot/err"
	check_grep '^umea-vannas: unchanged [0-9a-f]{7} \(6 records\)' "$testroot/out" &&
	    check_grep '^netsync: trace: umea-vannas: 6 records, 0 read and checked$' "$testroot/err" ||
	    { test_done "$testroot" 1; return 1; }
	peer_update "$testroot" umea-vannas || return 1
	pull_traced "$testroot" "$testroot/out" "$testroot/err"
	check_status $? 0 || { cat "$testroot/err"; test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas: accepted [0-9a-f]{7} \(6 records: 0 new, 1 changed, 0 removed\)' "$testroot/out" &&
	    check_grep '^netsync: trace: umea-vannas: 6 records, 1 read and checked$' "$testroot/err" ||
	    { test_done "$testroot" 1; return 1; }
	n=$(cache_entries "$testroot/home/.git")
	[ "$n" -eq 7 ] || { echo "  $n cache entries, want 7"; test_done "$testroot" 1; return 1; }
	# without the cache the same tip is read in full, with the same verdict
	peer_update "$testroot" umea-vannas || return 1
	rm -f "$testroot/home/.git/netsync/cache"
	pull_traced "$testroot" "$testroot/out" "$testroot/err"
	check_grep '^umea-vannas: accepted [0-9a-f]{7} \(6 records: 0 new, 1 changed' "$testroot/out" &&
	    check_grep '^netsync: trace: umea-vannas: 6 records, 6 read and checked$' "$testroot/err" ||
	    { test_done "$testroot" 1; return 1; }
	test_done "$testroot" 0
}

# publish_pull_rejected DIR MESSAGE: commit and publish umea-vannas's
# change, pull it (traced): it must be rejected.
publish_pull_rejected() {
	git_commit "$1/src-umea-vannas" "$2" &&
	    git -C "$1/src-umea-vannas" push -q origin main || return 1
	pull_traced "$1" "$1/out" "$1/err" --peer umea-vannas
	check_status $? 1
}

# A cached blob is trusted only for its owner and path: the same blob for
# another peer, under another name, or with mode 100755 is rejected.
test_pull_cache_owner_path_mode() {
	local testroot=$(test_init pull_cache_owner_path_mode) s
	mk_peer "$testroot" umea-vannas || return 1
	s=$testroot/src-umea-vannas
	# "copycat" serves umea-vannas's repository: the same blobs and paths
	mk_home "$testroot" jamtland "umea-vannas ../umea-vannas.git" \
	    "copycat ../umea-vannas.git"
	pull_traced "$testroot" "$testroot/out" "$testroot/err"
	check_status $? 1 || { cat "$testroot/err"; test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas: accepted' "$testroot/out" &&
	    check_grep '^copycat: rejected [0-9a-f]{7} \(3 problems\)' "$testroot/out" &&
	    check_grep '^copycat:records/2014-11-06-umea-vannas.yaml:3:[0-9]+: error: federation: "umea-vannas" is not' "$testroot/err" &&
	    check_grep '^netsync: trace: copycat: 2 records, 2 read and checked$' "$testroot/err" ||
	    { test_done "$testroot" 1; return 1; }
	# the same again: nothing of copycat's was cached
	pull_traced "$testroot" "$testroot/out2" "$testroot/err2"
	check_grep '^copycat: rejected [0-9a-f]{7} \(3 problems\)' "$testroot/out2" &&
	    check_grep '^netsync: trace: copycat: 2 records, 2 read and checked$' "$testroot/err2" ||
	    { test_done "$testroot" 1; return 1; }
	# a cached record renamed (same blob, another path): its id is wrong
	git -C "$s" mv records/2014-11-06-umea-vannas.yaml records/2014-11-07-umea-vannas.yaml
	publish_pull_rejected "$testroot" rename || { test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas:records/2014-11-07-umea-vannas.yaml:2:[0-9]+: error: id: "2014-11-06-umea-vannas" must equal the file name' "$testroot/err" &&
	    check_grep '^netsync: trace: umea-vannas: 2 records, 1 read and checked$' "$testroot/err" ||
	    { test_done "$testroot" 1; return 1; }
	# moved back and copied to another directory (same name): each is
	# valid, but the cached one and the copy name one id twice
	git -C "$s" mv records/2014-11-07-umea-vannas.yaml records/2014-11-06-umea-vannas.yaml
	mkdir -p "$s/records/old"
	cp "$s/records/2014-11-06-umea-vannas.yaml" "$s/records/old/"
	publish_pull_rejected "$testroot" copy || { test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas:records/old/2014-11-06-umea-vannas.yaml:2:[0-9]+: error: id: "2014-11-06-umea-vannas" is also the id of records/2014-11-06-umea-vannas.yaml' "$testroot/err" &&
	    check_grep '^netsync: trace: umea-vannas: 3 records, 1 read and checked$' "$testroot/err" ||
	    { test_done "$testroot" 1; return 1; }
	# a cached record made executable: refused before the cache is asked
	git -C "$s" rm -q -r records/old
	chmod +x "$s/records/umea-vannas.yaml"
	publish_pull_rejected "$testroot" chmod || { test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas:records/umea-vannas.yaml: error: record file is executable' "$testroot/err" &&
	    check_grep '^umea-vannas: rejected [0-9a-f]{7} \(1 problem\)' "$testroot/out" ||
	    { test_done "$testroot" 1; return 1; }
	test_done "$testroot" 0
}

# Findings of the tree walk and of records come out in tree order, the
# same with a cold cache, a warm one, and on one CPU.
test_pull_cache_same_findings() {
	local testroot=$(test_init pull_cache_same_findings) s g blob rtree tree commit recs order
	mk_peer "$testroot" umea-vannas || return 1
	s=$testroot/src-umea-vannas
	fed_meeting umea-vannas a-first > "$s/records/a-first.yaml"
	printf 'kind: meeting\nid: [unclosed\n' > "$s/records/c-bad.yaml"
	fed_meeting umea-vannas e-last | sed 's/^type: network-meeting/type: party/' > "$s/records/e-last.yaml"
	fed_meeting umea-vannas g-ok > "$s/records/g-ok.yaml"
	git_commit "$s" mixed && git -C "$s" push -q origin main || return 1
	# in between: a symbolic link and a 100755 record (walk findings)
	g=$testroot/umea-vannas.git
	blob=$(echo x | git --git-dir "$g" hash-object -w --stdin)
	recs=$({ git --git-dir "$g" ls-tree main:records |
	    awk '{ printf "%s:%s:%s\n", $1, $4, $3 }'
	    echo "120000:b-link.yaml:$blob"
	    echo "100755:d-exec.yaml:$(git --git-dir "$g" rev-parse main:records/g-ok.yaml)"
	    } | sort -t: -k2,2)
	rtree=$(git_mktree_raw "$g" $recs)
	tree=$(git_mktree_raw "$g" "100644:netsync.yaml:$(git --git-dir "$g" rev-parse main:netsync.yaml)" \
	    "040000:records:$rtree")
	commit=$(git --git-dir "$g" commit-tree -p main -m "mixed" "$tree")
	git --git-dir "$g" update-ref refs/heads/main "$commit"
	mk_home "$testroot" jamtland "umea-vannas ../umea-vannas.git"
	pull_traced "$testroot" "$testroot/out1" "$testroot/err1"
	check_status $? 1 || { cat "$testroot/err1"; test_done "$testroot" 1; return 1; }
	grep -v '^netsync: trace' "$testroot/err1" > "$testroot/cold"
	order=$(cut -d: -f2 "$testroot/cold" | uniq | tr '\n' ' ')
	[ "$order" = "records/b-link.yaml records/c-bad.yaml records/d-exec.yaml records/e-last.yaml " ] || {
		echo "  findings out of tree order: $order"; test_done "$testroot" 1; return 1; }
	check_grep "^umea-vannas:records/b-link.yaml: error: symbolic link" "$testroot/cold" &&
	    check_grep "^umea-vannas:records/d-exec.yaml: error: record file is executable" "$testroot/cold" &&
	    check_grep '^netsync: trace: umea-vannas: 6 records, 6 read and checked$' "$testroot/err1" ||
	    { test_done "$testroot" 1; return 1; }
	# warm: the valid records come from the cache; the same findings
	pull_traced "$testroot" "$testroot/out2" "$testroot/err2"
	check_grep '^netsync: trace: umea-vannas: 6 records, 2 read and checked$' "$testroot/err2" ||
	    { test_done "$testroot" 1; return 1; }
	grep -v '^netsync: trace' "$testroot/err2" > "$testroot/warm"
	check_file "$testroot/cold" "$testroot/warm" || { test_done "$testroot" 1; return 1; }
	check_file "$testroot/out1" "$testroot/out2" || { test_done "$testroot" 1; return 1; }
	if command -v taskset > /dev/null; then
		rm -f "$testroot/home/.git/netsync/cache"
		(cd "$testroot/home" && taskset -c 0 "$NETSYNC" pull) > "$testroot/out3" 2> "$testroot/one"
		check_file "$testroot/cold" "$testroot/one" || { test_done "$testroot" 1; return 1; }
	fi
	test_done "$testroot" 0
}

# A pull with nothing new writes only the "last pulled" reflog entries
# (no incoming refs, no objects, no cache), and each carries the record
# count the next no-op pull prints without walking the tree.
# What pull's gate cached, `validate --network` finds: the same records
# of the same peer are one cache entry (findings still named "<id>:path").
test_pull_cache_shared_with_network_validate() {
	local testroot=$(test_init pull_cache_shared_with_network_validate) g c1 c2
	mk_peer "$testroot" umea-vannas && mk_peer "$testroot" sundsvall || return 1
	mk_home "$testroot" jamtland "umea-vannas ../umea-vannas.git" \
	    "sundsvall ../sundsvall.git"
	g=$testroot/home/.git
	(cd "$testroot/home" && netsync pull && netsync validate) > "$testroot/out" 2>&1 || {
		cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	c1=$(cache_entries "$g")
	(cd "$testroot/home" && netsync validate --network) > "$testroot/out" 2>&1 || {
		cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	c2=$(cache_entries "$g")
	[ "$c1" -eq "$c2" ] || { echo "  cache grew from $c1 to $c2 entries"; test_done "$testroot" 1; return 1; }
	# a finding in a peer's record is still named by the peer
	printf 'kind: meeting\nid: 2015-02-02-bad\nfederation: sundsvall\n' \
	    > "$testroot/src-sundsvall/records/2015-02-02-bad.yaml"
	git_commit "$testroot/src-sundsvall" bad &&
	    git -C "$testroot/src-sundsvall" push -q origin main || return 1
	git -C "$testroot/home" fetch -q ../sundsvall.git "+main:refs/netsync/peers/sundsvall" || return 1
	(cd "$testroot/home" && netsync validate --network) > "$testroot/out" 2>&1
	check_status $? 1 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep '^sundsvall:records/2015-02-02-bad.yaml:[0-9]+:[0-9]+: error: ' "$testroot/out"
	test_done "$testroot" $?
}

test_pull_noop_writes_only_reflogs() {
	local testroot=$(test_init pull_noop_writes_only_reflogs) g
	mk_peer "$testroot" umea-vannas && mk_peer "$testroot" sundsvall || return 1
	mk_home "$testroot" jamtland "umea-vannas ../umea-vannas.git" \
	    "sundsvall ../sundsvall.git"
	g=$testroot/home/.git
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2>&1 || {
		cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	# one cache for the whole pull: both peers' records are in it
	[ "$(cache_entries "$g")" -eq 4 ] || {
		echo "  $(cache_entries "$g") cache entries, want 4"; test_done "$testroot" 1; return 1; }
	touch "$testroot/marker"
	sleep 1
	(cd "$testroot/home" && netsync pull) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	(cd "$g" && find . -newer "$testroot/marker" | sort) > "$testroot/written"
	# the two reflogs, appended to (no lock file, so no directory change)
	printf '%s\n' ./logs/refs/netsync/peers/sundsvall \
	    ./logs/refs/netsync/peers/umea-vannas > "$testroot/written.expected"
	check_file "$testroot/written.expected" "$testroot/written" ||
	    { test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas: unchanged [0-9a-f]{7} \(2 records\)$' "$testroot/out" &&
	    check_grep 'netsync: pull umea-vannas: unchanged \(records: 2\)$' "$g/logs/refs/netsync/peers/umea-vannas" ||
	    { test_done "$testroot" 1; return 1; }
	# a reflog without counts (an older netsync, or removed): counted
	# from the tree; a changed peer's count is logged when accepted
	rm "$g/logs/refs/netsync/peers/umea-vannas"
	fed_meeting sundsvall 2015-01-01-sundsvall > "$testroot/src-sundsvall/records/2015-01-01-sundsvall.yaml"
	git_commit "$testroot/src-sundsvall" more &&
	    git -C "$testroot/src-sundsvall" push -q origin main || return 1
	(cd "$testroot/home" && netsync pull && netsync pull) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas: unchanged [0-9a-f]{7} \(2 records\)$' "$testroot/out" &&
	    check_grep '^sundsvall: accepted [0-9a-f]{7} \(3 records: 1 new' "$testroot/out" &&
	    check_grep '^sundsvall: unchanged [0-9a-f]{7} \(3 records\)$' "$testroot/out" &&
	    check_grep 'netsync: pull sundsvall: accepted \(records: 3\)$' "$g/logs/refs/netsync/peers/sundsvall" ||
	    { test_done "$testroot" 1; return 1; }
	[ -z "$(git -C "$testroot/home" for-each-ref refs/netsync/incoming refs/netsync/incoming-sig)" ] || {
		echo "  incoming refs left"; test_done "$testroot" 1; return 1; }
	test_done "$testroot" 0
}

# A peer still serving the tip rejected before: gated again (the same
# findings), but nothing downloaded and nothing written.
test_pull_rejected_again_writes_nothing() {
	local testroot=$(test_init pull_rejected_again_writes_nothing)
	mk_peer "$testroot" umea-vannas || return 1
	mk_home "$testroot" jamtland "copycat ../umea-vannas.git"
	(cd "$testroot/home" && netsync pull) > "$testroot/out1" 2> "$testroot/err1"
	check_status $? 1 || { cat "$testroot/err1"; test_done "$testroot" 1; return 1; }
	touch "$testroot/marker"
	sleep 1
	(cd "$testroot/home" && netsync pull) > "$testroot/out2" 2> "$testroot/err2"
	check_status $? 1 || { cat "$testroot/err2"; test_done "$testroot" 1; return 1; }
	check_file "$testroot/out1" "$testroot/out2" &&
	    check_file "$testroot/err1" "$testroot/err2" &&
	    check_grep '^copycat: rejected [0-9a-f]{7} \(3 problems\)' "$testroot/out2" ||
	    { test_done "$testroot" 1; return 1; }
	(cd "$testroot/home/.git" && find . -newer "$testroot/marker") > "$testroot/written"
	[ ! -s "$testroot/written" ] || {
		echo "  written:"; cat "$testroot/written"; test_done "$testroot" 1; return 1; }
	test_done "$testroot" 0
}

test_parseargs "$@"
run_test test_pull_four_federations
run_test test_pull_rejects_bad_peers
run_test test_pull_hostile_trees
run_test test_pull_stalled_peer
run_test test_pull_worker_killed
run_test test_pull_peer_dies_mid_fetch
run_test test_pull_killed
run_test test_pull_one_at_a_time
run_test test_pull_unknown_peer_option
run_test test_pull_origin_fast_forward
run_test test_pull_origin_local_changes
run_test test_pull_origin_field_merge
run_test test_pull_origin_field_conflict
run_test test_pull_origin_line_conflicts
run_test test_pull_cache_reads_changed_only
run_test test_pull_cache_owner_path_mode
run_test test_pull_cache_same_findings
run_test test_pull_cache_shared_with_network_validate
run_test test_pull_noop_writes_only_reflogs
run_test test_pull_rejected_again_writes_nothing
test_summary
