# tests/cmd/common.sh: shared helpers for the end-to-end suites in
# tests/cmd/ (got's regress/cmdline/common.sh, in POSIX sh).
#
# A suite looks like this:
#
#   . "$(dirname "$0")/common.sh"
#
#   test_foo_bar() {
#   	local testroot=$(test_init foo_bar)
#   	fed_create "$testroot/repo" jamtland
#   	(cd "$testroot/repo" && netsync validate) > "$testroot/out" 2>&1
#   	check_status $? 0 || { test_done "$testroot" 1; return 1; }
#   	echo "..." > "$testroot/out.expected"
#   	check_file "$testroot/out.expected" "$testroot/out"
#   	test_done "$testroot" $?
#   }
#
#   test_parseargs "$@"
#   run_test test_foo_bar
#   test_summary            # prints "N passed, N failed, N skipped"
#
# Every test runs in a subshell (so cd and set -e stay inside it) with HOME
# pointing at a private directory holding a .gitconfig (user, main as the
# default branch), so neither git nor libgit2 reads the user's settings.
# A test returns 0 for success.  Its data is removed when it passes and
# kept (path printed) when it fails, or always with NETSYNC_KEEP=1.
# `sh tests/cmd/x.sh NAME` (or NETSYNC_TEST_FILTER=NAME) runs only the tests
# whose name contains NAME.

: "${NETSYNC:=$PWD/build/asan/netsync}"
export LC_ALL=C
export NETSYNC_PROGRESS=0
export GIT_TERMINAL_PROMPT=0
export GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL="author@example.org"
export GIT_COMMITTER_NAME="Test Committer"
export GIT_COMMITTER_EMAIL="committer@example.org"

_ns_pass=0
_ns_fail=0
_ns_skip=0
_ns_filter=${NETSYNC_TEST_FILTER:-}
_ns_tmp=$(mktemp -d "${TMPDIR:-/tmp}/netsync-test.XXXXXX") || exit 2

export HOME="$_ns_tmp/home"
mkdir -p "$HOME"
cat > "$HOME/.gitconfig" <<'EOF'
[user]
	name = Test User
	email = test@example.org
[init]
	defaultBranch = main
[advice]
	detachedHead = false
[protocol "file"]
	allow = always
EOF

# The netsync under test (ASan build by default; $NETSYNC overrides).
netsync() {
	"$NETSYNC" "$@"
}

# test_parseargs "$@": a first argument filters tests by name.
test_parseargs() {
	if [ $# -gt 0 ]; then
		_ns_filter=$1
	fi
}

# test_init NAME: make and print a fresh directory for one test.
test_init() {
	local d="$_ns_tmp/$1"

	rm -rf "$d"
	mkdir -p "$d" || return 1
	echo "$d"
}

# test_done TESTROOT STATUS: clean up after a passing test, keep the data
# of a failing one.  Returns STATUS.
test_done() {
	if [ "$2" -eq 0 ] && [ -z "${NETSYNC_KEEP:-}" ]; then
		rm -rf "$1"
	else
		echo "  test data kept in $1"
	fi
	return "$2"
}

# check_status GOT WANT [WHAT]: compare exit statuses.
check_status() {
	if [ "$1" -ne "$2" ]; then
		echo "  ${3:-exit status}: got $1, want $2"
		return 1
	fi
	return 0
}

# check_file EXPECTED ACTUAL: the files must be equal; shows a diff if not.
check_file() {
	if ! cmp -s "$1" "$2"; then
		echo "  $2 differs from $1:"
		diff -u "$1" "$2" | sed 's/^/  | /' | head -60
		return 1
	fi
	return 0
}

# check_grep PATTERN FILE: FILE must contain a line matching PATTERN (ERE).
check_grep() {
	if ! grep -Eq -- "$1" "$2"; then
		echo "  no line matching /$1/ in $2:"
		sed 's/^/  | /' "$2" | head -40
		return 1
	fi
	return 0
}

# check_no_grep PATTERN FILE: FILE must not contain a line matching PATTERN.
check_no_grep() {
	if grep -Eq -- "$1" "$2"; then
		echo "  unexpected line matching /$1/ in $2:"
		grep -E -- "$1" "$2" | sed 's/^/  | /' | head -20
		return 1
	fi
	return 0
}

# run_test NAME: run test function NAME in a subshell and count it.
run_test() {
	case "$1" in *"$_ns_filter"*) ;; *) return 0 ;; esac
	if ( "$1" ); then
		echo "PASS $1"
		_ns_pass=$((_ns_pass + 1))
	else
		echo "FAIL $1"
		_ns_fail=$((_ns_fail + 1))
	fi
}

# run_test_xfail NAME: a test of a known bug; it counts as passed while it
# fails (printing XFAIL) and fails once it starts passing.
run_test_xfail() {
	case "$1" in *"$_ns_filter"*) ;; *) return 0 ;; esac
	if ( "$1" ) > /dev/null 2>&1; then
		echo "FAIL $1 (expected to fail, but passed: remove the xfail)"
		_ns_fail=$((_ns_fail + 1))
	else
		echo "XFAIL $1"
		_ns_pass=$((_ns_pass + 1))
	fi
}

# test_skip NAME REASON: count NAME as skipped.
test_skip() {
	case "$1" in *"$_ns_filter"*) ;; *) return 0 ;; esac
	echo "SKIP $1: $2"
	_ns_skip=$((_ns_skip + 1))
}

# test_summary: the closing line run.sh reads; exits 1 when a test failed.
test_summary() {
	if [ "$_ns_fail" -eq 0 ] && [ -z "${NETSYNC_KEEP:-}" ]; then
		rm -rf "$_ns_tmp"
	fi
	echo "$_ns_pass passed, $_ns_fail failed, $_ns_skip skipped"
	[ "$_ns_fail" -eq 0 ] || exit 1
	exit 0
}

# git_commit DIR MESSAGE: stage everything in DIR and commit it.
git_commit() {
	git -C "$1" add -A && git -C "$1" commit -q -m "$2"
}

# fed_profile FED: the text of a minimal valid federation profile.
fed_profile() {
	cat <<EOF
kind: federation
id: $1
federation: $1
name: Samordningsförbundet $1
EOF
}

# fed_meeting FED ID [STATUS]: the text of a small valid meeting record
# with one question (id q1) owned by FED.
fed_meeting() {
	cat <<EOF
kind: meeting
id: $2
federation: $1
title: Nätverksmöte $2
type: network-meeting
start: 2014-11-06
location: Östersund
questions:
  - id: q1
    title: Ledarskap i samverkan
    owner:
      name: Mikael Holmlund
      federation: $1
    status: ${3:-open}
EOF
}

# fed_create DIR FED [PEERS_YAML]: a new federation repository in DIR on
# branch main: netsync.yaml (with PEERS_YAML, the text of a peers: list,
# appended when given), records/FED.yaml, one commit.
fed_create() {
	mkdir -p "$1/records" || return 1
	git init -q "$1" || return 1
	{
		echo "federation: $2"
		echo "name: Samordningsförbundet $2"
		echo "network: norrland"
		[ -n "${3:-}" ] && printf '%s\n' "$3"
	} > "$1/netsync.yaml"
	fed_profile "$2" > "$1/records/$2.yaml"
	git_commit "$1" "init $2"
}

# fed_bare SRC DEST: a bare clone of SRC at DEST (a peer's published repo).
fed_bare() {
	git clone -q --bare "$1" "$2"
}

# free_port: print a TCP port on 127.0.0.1 that is free right now.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# git_mktree_raw GITDIR MODE:NAME:OID...: write a tree object with exactly
# these entries, in this order, unchecked (names may repeat, hold '/', be
# '..'; \xNN escapes in NAME), and print its id.  For hostile-tree tests:
# git mktree refuses such trees.
git_mktree_raw() {
	python3 - "$@" <<'PYEOF'
import subprocess, sys
gitdir, data = sys.argv[1], b""
for spec in sys.argv[2:]:
    mode, rest = spec.split(":", 1)
    name, oid = rest.rsplit(":", 1)
    name = name.encode("latin-1").decode("unicode_escape").encode("latin-1")
    data += mode.encode() + b" " + name + b"\0" + bytes.fromhex(oid)
r = subprocess.run(["git", "--git-dir", gitdir, "hash-object", "-t", "tree",
    "--literally", "-w", "--stdin"], input=data, capture_output=True,
    check=True)
print(r.stdout.decode().strip())
PYEOF
}

# daemon_start BASEDIR: serve the repositories under BASEDIR with
# wait_port PORT WHAT: wait up to 20 s until something listens on PORT of
# 127.0.0.1 (a fixed sleep races on a loaded machine).
wait_port() {
	local i=0
	while [ $i -lt 200 ]; do
		python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1).close()" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "  $2 did not start"
	return 1
}

# stop_bg PID: end a server this shell started in the background (if any).
stop_bg() {
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# `git daemon` on a free loopback port; sets DAEMON_PORT and DAEMON_PID.
# URLs are git://127.0.0.1:$DAEMON_PORT/<path under BASEDIR>.
daemon_start() {
	DAEMON_PORT=$(free_port)
	git daemon --reuseaddr --base-path="$1" --export-all \
	    --port="$DAEMON_PORT" --listen=127.0.0.1 "$1" \
	    > /dev/null 2>&1 &
	DAEMON_PID=$!
	wait_port "$DAEMON_PORT" "git daemon"
}

daemon_stop() {
	stop_bg "${DAEMON_PID:-}"
	DAEMON_PID=
}

# stall_start [SECONDS]: a server on a free loopback port that accepts
# connections and never answers (for at most SECONDS, default 30); sets
# STALL_PORT and STALL_PID.
stall_start() {
	STALL_PORT=$(free_port)
	python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16); s.settimeout(0.2)
end, conns = time.time() + float(sys.argv[2]), []
while time.time() < end:
    try:
        c, _ = s.accept(); conns.append(c)
    except socket.timeout:
        pass
' "$STALL_PORT" "${1:-30}" &
	STALL_PID=$!
	wait_port "$STALL_PORT" "the stalling server"
}

stall_stop() {
	stop_bg "${STALL_PID:-}"
	STALL_PID=
}

# cut_start PORT BYTES: a proxy to 127.0.0.1:PORT that hangs up on both
# sides once BYTES bytes came back from the server: a peer that dies in
# the middle of sending its pack.  Sets CUT_PORT and CUT_PID.
cut_start() {
	CUT_PORT=$(free_port)
	python3 - "$CUT_PORT" "$1" "$2" > /dev/null 2>&1 <<'PYEOF' &
import socket, sys, threading
port, target, limit = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def serve(c):
    u = socket.create_connection(("127.0.0.1", target))
    def up():
        try:
            while True:
                d = c.recv(65536)
                if not d:
                    break
                u.sendall(d)
        except OSError:
            pass
    threading.Thread(target=up, daemon=True).start()
    sent = 0
    try:
        while sent < limit:
            d = u.recv(min(65536, limit - sent))
            if not d:
                break
            c.sendall(d)
            sent += len(d)
    except OSError:
        pass
    for s in (c, u):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port)); s.listen(16)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PYEOF
	CUT_PID=$!
	wait_port "$CUT_PORT" "the cutting proxy"
}

cut_stop() {
	stop_bg "${CUT_PID:-}"
	CUT_PID=
}

# http_start BASEDIR [PEM]: serve the repositories under BASEDIR over smart
# HTTP (git http-backend behind a small CGI bridge in Python, on a free
# loopback port); sets HTTP_PORT and HTTP_PID.  URLs are
# http://127.0.0.1:$HTTP_PORT/<path under BASEDIR>, or https:// when PEM
# (certificate and key) is given.
http_start() {
	HTTP_PORT=$(free_port)
	python3 - "$1" "$HTTP_PORT" ${2:+"$2"} > /dev/null 2>&1 <<'PYEOF' &
import http.server, os, ssl, subprocess, sys
root, port = sys.argv[1], int(sys.argv[2])
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                n = int(self.rfile.readline().split(b";")[0], 16)
                if n == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(n)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))
    def cgi(self, method):
        path, _, query = self.path.partition("?")
        data = self.body() if method == "POST" else b""
        env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL="1",
            REQUEST_METHOD=method, PATH_INFO=path, QUERY_STRING=query,
            CONTENT_TYPE=self.headers.get("Content-Type", ""),
            CONTENT_LENGTH=str(len(data)), REMOTE_ADDR="127.0.0.1",
            HTTP_CONTENT_ENCODING=self.headers.get("Content-Encoding", ""),
            GIT_PROTOCOL=self.headers.get("Git-Protocol", ""))
        out = subprocess.run(["git", "http-backend"], input=data, env=env,
            capture_output=True).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        status, headers = 200, []
        for line in head.split(b"\r\n"):
            k, _, v = line.decode().partition(":")
            if k.lower() == "status":
                status = int(v.split()[0])
            elif k:
                headers.append((k, v.strip()))
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
    def do_GET(self):
        self.cgi("GET")
    def do_POST(self):
        self.cgi("POST")
srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), H)
if len(sys.argv) > 3:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[3])
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
PYEOF
	HTTP_PID=$!
	wait_port "$HTTP_PORT" "the HTTP server"
}

http_stop() {
	stop_bg "${HTTP_PID:-}"
	HTTP_PID=
}

# mk_peer DIR ID: a peer federation: work repo DIR/src-ID with a profile
# and a meeting, published as the bare DIR/ID.git.
mk_peer() {
	fed_create "$1/src-$2" "$2" || return 1
	fed_meeting "$2" "2014-11-06-$2" > "$1/src-$2/records/2014-11-06-$2.yaml"
	git_commit "$1/src-$2" "meeting" || return 1
	git -C "$1/src-$2" remote add origin "$1/$2.git"
	fed_bare "$1/src-$2" "$1/$2.git"
}

# peer_update DIR ID: a new commit in the peer, published.
peer_update() {
	{ fed_meeting "$2" "2014-11-06-$2"; echo "summary: updated $(date +%s%N)"; } \
	    > "$1/src-$2/records/2014-11-06-$2.yaml"
	git_commit "$1/src-$2" "update" && git -C "$1/src-$2" push -q origin main
}

# mk_home DIR ID "PEER URL" ...: the pulling federation DIR/home.
mk_home() {
	local dir=$1 id=$2 peers="peers:"
	shift 2
	while [ $# -gt 0 ]; do
		peers="$peers
  - id: ${1%% *}
    url: ${1#* }"
		shift
	done
	fed_create "$dir/home" "$id" "$peers"
}

tip() {	# tip GITDIR REF
	git --git-dir "$1" rev-parse -q --verify "$2" 2>/dev/null
}
