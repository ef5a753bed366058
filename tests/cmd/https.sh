# tests/cmd/https.sh: peers over https (git http-backend behind TLS on
# 127.0.0.1, certificates made by openssl here).  The CA bundle is parsed
# only when a TLS session starts (src/lib/repo/tlsdefer.c), so these prove that
# certificates are still verified: an unknown CA is refused, a CA named by
# GIT_SSL_CAINFO is trusted.
. "$(dirname "$0")/common.sh"

# mk_certs DIR: DIR/ca.pem and DIR/server.pem (certificate and key of
# 127.0.0.1, signed by the CA), or fail.
mk_certs() {
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=netsync test CA" \
	    -keyout "$1/ca.key" -out "$1/ca.pem" > /dev/null 2>&1 &&
	openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
	    -keyout "$1/srv.key" -out "$1/srv.csr" > /dev/null 2>&1 &&
	printf 'subjectAltName=DNS:127.0.0.1,IP:127.0.0.1\n' > "$1/ext" &&
	openssl x509 -req -in "$1/srv.csr" -CA "$1/ca.pem" -CAkey "$1/ca.key" \
	    -CAcreateserial -days 2 -extfile "$1/ext" -out "$1/srv.pem" > /dev/null 2>&1 &&
	cat "$1/srv.pem" "$1/srv.key" > "$1/server.pem"
}

# https_setup TESTROOT: certificates, peer umea-vannas over https, a local
# peer lycksele-mala, and home; the server runs (HTTP_PORT, HTTP_PID).
https_setup() {
	mk_certs "$1" || { echo "  openssl could not make certificates"; return 1; }
	mk_peer "$1" umea-vannas && mk_peer "$1" lycksele-mala || return 1
	http_start "$1" "$1/server.pem" || return 1
	mk_home "$1" jamtland "umea-vannas https://127.0.0.1:$HTTP_PORT/umea-vannas.git" \
	    "lycksele-mala ../lycksele-mala.git"
}

test_https_unknown_ca_refused() {
	local testroot=$(test_init https_unknown_ca_refused) ret
	https_setup "$testroot" || { http_stop; test_done "$testroot" 1; return 1; }
	# the system's bundle, parsed only now (the environment may name one)
	(cd "$testroot/home" && unset GIT_SSL_CAINFO GIT_SSL_CAPATH &&
	    NETSYNC_TIMEOUT=20 netsync pull) > "$testroot/out" 2>&1
	ret=$?
	http_stop
	check_status $ret 2 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas: not pulled: .*certificate' "$testroot/out" &&
	check_grep '^lycksele-mala: accepted' "$testroot/out" || {
		test_done "$testroot" 1; return 1; }
	if git --git-dir "$testroot/home/.git" rev-parse -q --verify \
	    refs/netsync/peers/umea-vannas > /dev/null; then
		echo "  data from an untrusted server was kept"
		test_done "$testroot" 1; return 1
	fi
	test_done "$testroot" 0
}

test_https_cainfo_trusted() {
	local testroot=$(test_init https_cainfo_trusted) ret
	https_setup "$testroot" || { http_stop; test_done "$testroot" 1; return 1; }
	(cd "$testroot/home" && GIT_SSL_CAINFO="$testroot/ca.pem" NETSYNC_TIMEOUT=20 \
	    netsync pull) > "$testroot/out" 2>&1
	ret=$?
	http_stop
	check_status $ret 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep '^umea-vannas: accepted' "$testroot/out" || {
		test_done "$testroot" 1; return 1; }
	[ "$(git --git-dir "$testroot/home/.git" rev-parse refs/netsync/peers/umea-vannas)" = \
	    "$(git --git-dir "$testroot/umea-vannas.git" rev-parse refs/heads/main)" ]
	test_done "$testroot" $?
}

test_https_cainfo_missing() {
	local testroot=$(test_init https_cainfo_missing) ret
	fed_create "$testroot/home" jamtland || { test_done "$testroot" 1; return 1; }
	(cd "$testroot/home" && GIT_SSL_CAINFO="$testroot/nope.pem" netsync status) \
	    > "$testroot/out" 2>&1
	check_status $? 2 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	check_grep 'nope.pem' "$testroot/out"
	test_done "$testroot" $?
}

test_parseargs "$@"
run_test test_https_unknown_ca_refused
run_test test_https_cainfo_trusted
run_test test_https_cainfo_missing
test_summary
