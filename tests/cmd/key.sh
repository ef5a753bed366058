#!/bin/sh
# tests/cmd/key.sh: `netsync key`, the key files, and signatures that stock
# git and ssh-keygen accept both ways (tests/tools/sigtool.c drives
# gitsig_sign_tip and gitsig_verify_tip).
. "$(dirname "$0")/common.sh"

SIGTOOL=${SIGTOOL:-$PWD/build/asan/tests/sigtool}

sigtool() {
	"$SIGTOOL" "$@"
}

# key_repo TESTROOT: a jamtland repository with a generated key in
# TESTROOT/cfg; prints nothing, fails if generate fails.
key_repo() {
	fed_create "$1/repo" jamtland || return 1
	(cd "$1/repo" && NETSYNC_CONFIG_DIR="$1/cfg" netsync key generate) \
	    > "$1/gen.out" 2>&1
}

# mode FILE: the octal permission bits.
mode() {
	stat -c %a "$1"
}

test_key_generate() {
	local testroot=$(test_init key_generate)
	key_repo "$testroot"
	check_status $? 0 || { cat "$testroot/gen.out"; test_done "$testroot" 1; return 1; }
	local key="$testroot/cfg/jamtland.key" ret=0
	[ "$(mode "$key")" = 600 ] || { echo "  mode $(mode "$key")"; ret=1; }
	head -1 "$key" | grep -q 'BEGIN OPENSSH PRIVATE KEY' || ret=1
	(cd "$testroot/repo" && NETSYNC_CONFIG_DIR="$testroot/cfg" \
	    netsync key show) > "$testroot/show" || ret=1
	check_grep '^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} jamtland$' \
	    "$testroot/show" || ret=1
	# the public key is netsync.yaml's and the private key's (ssh-keygen)
	grep -qxF "signing_key: \"$(cat "$testroot/show")\"" \
	    "$testroot/repo/netsync.yaml" || { echo "  signing_key"; ret=1; }
	ssh-keygen -y -f "$key" | cut -d' ' -f1,2 > "$testroot/ssh.pub"
	cut -d' ' -f1,2 "$testroot/show" > "$testroot/show.pub"
	check_file "$testroot/ssh.pub" "$testroot/show.pub" || ret=1
	# nothing secret in the repository
	if grep -rl 'PRIVATE KEY' "$testroot/repo" --exclude-dir=.git; then
		echo "  a private key inside the repository"; ret=1
	fi
	(cd "$testroot/repo" && NETSYNC_CONFIG_DIR="$testroot/cfg" \
	    netsync key path) > "$testroot/path"
	echo "$key" > "$testroot/path.expected"
	check_file "$testroot/path.expected" "$testroot/path" || ret=1
	test_done "$testroot" $ret
}

test_key_default_dirs() {
	local testroot=$(test_init key_default_dirs) ret=0
	fed_create "$testroot/repo" jamtland
	(cd "$testroot/repo" && unset NETSYNC_CONFIG_DIR &&
	    XDG_CONFIG_HOME="$testroot/xdg" netsync key generate) > /dev/null ||
	    ret=1
	[ "$(mode "$testroot/xdg/netsync/jamtland.key")" = 600 ] || ret=1
	[ "$(mode "$testroot/xdg/netsync")" = 700 ] || ret=1
	fed_create "$testroot/repo2" umea-vannas
	(cd "$testroot/repo2" && unset NETSYNC_CONFIG_DIR XDG_CONFIG_HOME &&
	    netsync key generate) > /dev/null || ret=1
	[ "$(mode "$HOME/.config/netsync/umea-vannas.key")" = 600 ] || ret=1
	test_done "$testroot" $ret
}

test_key_refuses_repo_dir() {
	local testroot=$(test_init key_refuses_repo_dir) ret=0
	fed_create "$testroot/repo" jamtland
	(cd "$testroot/repo" && NETSYNC_CONFIG_DIR="$testroot/repo/keys" \
	    netsync key generate) 2> "$testroot/err"
	check_status $? 2 || ret=1
	check_grep 'is inside the repository .*; a private key must never be stored in it' \
	    "$testroot/err" || ret=1
	[ ! -e "$testroot/repo/keys" ] || { echo "  keys/ created"; ret=1; }
	# key_file in netsync.yaml pointing into the repository: refused too
	echo 'key_file: secret/j.key' >> "$testroot/repo/netsync.yaml"
	(cd "$testroot/repo" && netsync key generate) 2> "$testroot/err"
	check_status $? 2 || ret=1
	check_grep 'inside the repository' "$testroot/err" || ret=1
	test_done "$testroot" $ret
}

test_key_twice_and_rotate() {
	local testroot=$(test_init key_twice_and_rotate) ret=0
	key_repo "$testroot" || { test_done "$testroot" 1; return 1; }
	cd "$testroot/repo" && export NETSYNC_CONFIG_DIR="$testroot/cfg"
	cp "$testroot/cfg/jamtland.key" "$testroot/first.key"
	netsync key show > "$testroot/old"
	netsync key generate 2> "$testroot/err"
	check_status $? 2 || ret=1
	check_grep 'a private key exists at .*--rotate' "$testroot/err" || ret=1
	cmp -s "$testroot/cfg/jamtland.key" "$testroot/first.key" || ret=1
	netsync key generate --rotate > /dev/null 2> "$testroot/err" || ret=1
	netsync key show > "$testroot/both"
	[ "$(wc -l < "$testroot/both")" -eq 2 ] || ret=1
	[ "$(sed -n 2p "$testroot/both")" = "$(cat "$testroot/old")" ] || ret=1
	ls "$testroot/cfg"/jamtland.key.old-* > /dev/null || ret=1
	cmp -s "$testroot"/cfg/jamtland.key.old-* "$testroot/first.key" || ret=1
	# tags by the old and by the new key both verify while both are listed
	sigtool sign-tag . HEAD by-old "$testroot"/cfg/jamtland.key.old-* \
	    jamtland j@x old > /dev/null || ret=1
	sigtool sign-tag . HEAD by-new "$testroot/cfg/jamtland.key" \
	    jamtland j@x new > /dev/null || ret=1
	sigtool verify . HEAD by-old "$(sed -n 1p "$testroot/both")" \
	    "$(sed -n 2p "$testroot/both")" > /dev/null || ret=1
	sigtool verify . HEAD by-new "$(sed -n 1p "$testroot/both")" \
	    "$(sed -n 2p "$testroot/both")" > /dev/null || ret=1
	netsync key allowed-signers > "$testroot/as"
	git -c gpg.ssh.allowedSignersFile="$testroot/as" verify-tag by-old \
	    2> /dev/null || ret=1
	git -c gpg.ssh.allowedSignersFile="$testroot/as" verify-tag by-new \
	    2> /dev/null || ret=1
	# once the old key is dropped from the list, its tags are refused
	sigtool verify . HEAD by-old "$(sed -n 1p "$testroot/both")" \
	    > "$testroot/v"
	check_status $? 1 || ret=1
	check_grep '^wrong-key: ' "$testroot/v" || ret=1
	test_done "$testroot" $ret
}

# A key listed in netsync.yaml, made on another machine: --rotate adds one
# here; rotating twice within a second keeps both old private keys.
test_key_rotate_elsewhere() {
	local testroot=$(test_init key_rotate_elsewhere) ret=0
	ssh-keygen -q -t ed25519 -N '' -C laptop -f "$testroot/laptop"
	fed_create "$testroot/repo" jamtland \
	    "signing_key: \"$(cat "$testroot/laptop.pub")\""
	cd "$testroot/repo" && export NETSYNC_CONFIG_DIR="$testroot/cfg"
	netsync key generate 2> "$testroot/err"
	check_status $? 2 || ret=1
	check_grep 'already has a signing_key; use --rotate' "$testroot/err" ||
	    ret=1
	netsync key generate --rotate > /dev/null 2>&1 || ret=1
	netsync key generate --rotate > /dev/null 2>&1 || ret=1
	netsync key generate --rotate > /dev/null 2>&1 || ret=1
	[ "$(netsync key show | wc -l)" -eq 4 ] || ret=1
	[ "$(netsync key show | tail -1)" = "$(cat "$testroot/laptop.pub")" ] ||
	    ret=1
	[ "$(ls "$testroot"/cfg/jamtland.key.old-* | wc -l)" -eq 2 ] || ret=1
	test_done "$testroot" $ret
}

test_key_passphrase() {
	local testroot=$(test_init key_passphrase) ret=0
	fed_create "$testroot/repo" jamtland
	cd "$testroot/repo" && export NETSYNC_CONFIG_DIR="$testroot/cfg"
	echo 'correct horse' > "$testroot/pass"
	netsync key generate --passphrase-file "$testroot/pass" \
	    > "$testroot/out" || ret=1
	check_grep 'passphrase-protected' "$testroot/out" || ret=1
	head -1 "$testroot/cfg/jamtland.key" |
	    grep -q 'BEGIN ENCRYPTED PRIVATE KEY' || ret=1
	[ "$(mode "$testroot/cfg/jamtland.key")" = 600 ] || ret=1
	(unset NETSYNC_PASSPHRASE; sigtool sign-tag . HEAD t1 \
	    "$testroot/cfg/jamtland.key" jamtland j@x m) 2> "$testroot/err"
	check_status $? 2 || ret=1
	check_grep 'the key is encrypted: give its passphrase' "$testroot/err" ||
	    ret=1
	NETSYNC_PASSPHRASE=wrong sigtool sign-tag . HEAD t1 \
	    "$testroot/cfg/jamtland.key" jamtland j@x m 2> "$testroot/err"
	check_grep 'wrong passphrase' "$testroot/err" || ret=1
	NETSYNC_PASSPHRASE='correct horse' sigtool sign-tag . HEAD t1 \
	    "$testroot/cfg/jamtland.key" jamtland j@x m > /dev/null || ret=1
	sigtool verify . HEAD t1 "$(netsync key show)" > "$testroot/v" || ret=1
	test_done "$testroot" $ret
}

test_key_import() {
	local testroot=$(test_init key_import) ret=0
	fed_create "$testroot/repo" jamtland
	ssh-keygen -q -t ed25519 -N '' -C me -f "$testroot/id_ed25519"
	ssh-keygen -q -t ed25519 -N secret -C me -f "$testroot/id_enc"
	cd "$testroot/repo" && export NETSYNC_CONFIG_DIR="$testroot/cfg"
	netsync key generate --import "$testroot/id_enc" 2> "$testroot/err"
	check_status $? 2 || ret=1
	check_grep 'protected by a passphrase \(bcrypt\), which netsync cannot read' \
	    "$testroot/err" || ret=1
	netsync key generate --import "$testroot/id_ed25519" > /dev/null ||
	    ret=1
	[ "$(netsync key show | cut -d' ' -f1,2)" = \
	    "$(cut -d' ' -f1,2 "$testroot/id_ed25519.pub")" ] || ret=1
	[ "$(mode "$testroot/cfg/jamtland.key")" = 600 ] || ret=1
	ssh-keygen -lf "$testroot/id_ed25519.pub" | cut -d' ' -f2 \
	    > "$testroot/fp.expected"
	netsync key show -l | cut -d' ' -f1 > "$testroot/fp"
	check_file "$testroot/fp.expected" "$testroot/fp" || ret=1
	# a PKCS#8 PEM key made by openssl(1), when installed, in a second
	# federation
	if ! command -v openssl > /dev/null; then
		test_done "$testroot" $ret
		return
	fi
	fed_create "$testroot/repo2" umea-vannas
	openssl genpkey -algorithm ed25519 -out "$testroot/k.pem" 2> /dev/null
	chmod 644 "$testroot/k.pem"
	cd "$testroot/repo2"
	netsync key generate --import "$testroot/k.pem" 2> "$testroot/err"
	check_status $? 2 || ret=1
	check_grep 'accessible by others \(mode 0644\); run chmod 600' \
	    "$testroot/err" || ret=1
	chmod 600 "$testroot/k.pem"
	netsync key generate --import "$testroot/k.pem" > /dev/null || ret=1
	openssl pkey -in "$testroot/k.pem" -pubout -outform DER 2> /dev/null |
	    tail -c 32 > "$testroot/raw.expected"
	netsync key show | cut -d' ' -f2 | base64 -d | tail -c 32 \
	    > "$testroot/raw"
	cmp -s "$testroot/raw.expected" "$testroot/raw" ||
	    { echo "  PEM import: public key differs"; ret=1; }
	test_done "$testroot" $ret
}

test_key_allowed_signers() {
	local testroot=$(test_init key_allowed_signers) ret=0
	ssh-keygen -q -t ed25519 -N '' -C u -f "$testroot/u1"
	ssh-keygen -q -t ed25519 -N '' -C u -f "$testroot/u2"
	fed_create "$testroot/repo" jamtland "peers:
  - id: umea-vannas
    url: /nowhere
    signing_key:
      - \"$(cat "$testroot/u1.pub")\"
      - \"$(cat "$testroot/u2.pub")\"
  - id: sundsvall
    url: /nowhere"
	cd "$testroot/repo" && export NETSYNC_CONFIG_DIR="$testroot/cfg"
	netsync key generate > /dev/null || ret=1
	netsync key allowed-signers > "$testroot/as" || ret=1
	{
		echo "jamtland namespaces=\"git\" $(netsync key show | cut -d' ' -f1,2)"
		echo "umea-vannas namespaces=\"git\" $(cut -d' ' -f1,2 "$testroot/u1.pub")"
		echo "umea-vannas namespaces=\"git\" $(cut -d' ' -f1,2 "$testroot/u2.pub")"
	} > "$testroot/as.expected"
	check_file "$testroot/as.expected" "$testroot/as" || ret=1
	test_done "$testroot" $ret
}

# What netsync signs, git verify-tag and ssh-keygen -Y verify accept.
test_key_interop_netsync_to_git() {
	local testroot=$(test_init key_interop_netsync_to_git) ret=0
	key_repo "$testroot" || { test_done "$testroot" 1; return 1; }
	cd "$testroot/repo" && export NETSYNC_CONFIG_DIR="$testroot/cfg"
	git_commit . "with key"
	sigtool sign-tag . HEAD netsync/tip-main "$testroot/cfg/jamtland.key" \
	    jamtland jamtland@netsync.invalid \
	    "netsync: tip of main, signed by federation jamtland" \
	    > /dev/null || ret=1
	netsync key allowed-signers > "$testroot/as"
	git -c gpg.format=ssh -c gpg.ssh.allowedSignersFile="$testroot/as" \
	    verify-tag netsync/tip-main 2> "$testroot/git.out"
	check_status $? 0 "git verify-tag" || ret=1
	check_grep '^Good "git" signature for jamtland with ED25519 key SHA256:' \
	    "$testroot/git.out" || ret=1
	git cat-file tag netsync/tip-main > "$testroot/tag"
	sed '/^-----BEGIN SSH SIGNATURE-----$/,$d' "$testroot/tag" \
	    > "$testroot/payload"
	sed -n '/^-----BEGIN SSH SIGNATURE-----$/,$p' "$testroot/tag" \
	    > "$testroot/sig"
	ssh-keygen -Y verify -f "$testroot/as" -I jamtland -n git \
	    -s "$testroot/sig" < "$testroot/payload" > "$testroot/ssh.out" 2>&1
	check_status $? 0 "ssh-keygen -Y verify" || { cat "$testroot/ssh.out"; ret=1; }
	# and the other way round: what sigtool signs as a file
	sigtool sign-file "$testroot/cfg/jamtland.key" < "$testroot/payload" \
	    > "$testroot/sig2"
	ssh-keygen -Y verify -f "$testroot/as" -I jamtland -n git \
	    -s "$testroot/sig2" < "$testroot/payload" > /dev/null 2>&1 || ret=1
	test_done "$testroot" $ret
}

# What git signs with an ssh-keygen key, netsync accepts.
test_key_interop_git_to_netsync() {
	local testroot=$(test_init key_interop_git_to_netsync) ret=0
	fed_create "$testroot/repo" jamtland
	ssh-keygen -q -t ed25519 -N '' -C jamtland -f "$testroot/id"
	cd "$testroot/repo"
	git config gpg.format ssh
	git config user.signingkey "$testroot/id"
	echo x > x && git add x && git commit -q -S -m "signed by git" || ret=1
	sigtool verify . HEAD - "$(cat "$testroot/id.pub")" > "$testroot/out" ||
	    { cat "$testroot/out"; ret=1; }
	git tag -s -m "netsync tip, by hand" netsync/tip-main HEAD~1 || ret=1
	sigtool verify . HEAD~1 netsync/tip-main "$(cat "$testroot/id.pub")" \
	    > "$testroot/out" || { cat "$testroot/out"; ret=1; }
	test_done "$testroot" $ret
}

# verify_expect TAGREV VERDICT PATTERN KEY: sigtool verify on HEAD.
verify_expect() {
	sigtool verify . HEAD "$1" "$4" > "$testroot/v.$2" 2>&1
	check_status $? 1 "$2" || return 1
	check_grep "^$2: $3" "$testroot/v.$2"
}

test_key_rejections() {
	local testroot=$(test_init key_rejections) ret=0
	key_repo "$testroot" || { test_done "$testroot" 1; return 1; }
	cd "$testroot/repo" && export NETSYNC_CONFIG_DIR="$testroot/cfg"
	local pub=$(netsync key show) k="$testroot/cfg/jamtland.key"
	ssh-keygen -q -t ed25519 -N '' -C umea -f "$testroot/umea"
	git_commit . "tip"
	verify_expect - unsigned 'tip [0-9a-f]{7} is unsigned' "$pub" || ret=1
	# signed by another federation's key
	sigtool sign-tag . HEAD other "$testroot/umea" umea u@x m > /dev/null
	verify_expect other wrong-key \
	    'tag other \([0-9a-f]{7}\): signed by another key, SHA256:[A-Za-z0-9+/]{43}, which is not among the 1 key' \
	    "$pub" || ret=1
	grep -qF "$(ssh-keygen -lf "$testroot/umea.pub" | cut -d' ' -f2)," \
	    "$testroot/v.wrong-key" || { echo "  fingerprint"; ret=1; }
	sigtool sign-tag . HEAD good "$k" jamtland j@x "signed tip" > /dev/null
	git cat-file tag good > "$testroot/good"
	# message altered after signing
	sed 's/signed tip/signed tap/' "$testroot/good" |
	    git hash-object -t tag -w --stdin > "$testroot/id"
	git tag altered "$(cat "$testroot/id")"
	verify_expect altered bad-signature \
	    'tag good \([0-9a-f]{7}\): bad signature: it does not match the signed content' \
	    "$pub" || ret=1
	# signature transplanted from a tag of the parent commit
	sigtool sign-tag . HEAD~1 old "$k" jamtland j@x "signed tip" > /dev/null
	{ sed '/^-----BEGIN SSH/,$d' "$testroot/good"
	  git cat-file tag old | sed -n '/^-----BEGIN SSH/,$p'; } |
	    git hash-object -t tag -w --stdin > "$testroot/id"
	git tag transplanted "$(cat "$testroot/id")"
	verify_expect transplanted bad-signature 'tag good .*does not match' \
	    "$pub" || ret=1
	# truncated and garbage signatures
	sed '$d' "$testroot/good" | git hash-object -t tag -w --stdin \
	    > "$testroot/id"
	git tag truncated "$(cat "$testroot/id")"
	verify_expect truncated malformed-signature \
	    'tag good .*: malformed signature: signature is truncated' "$pub" || ret=1
	sed 's/^U1NIU0lH.*/this is garbage/' "$testroot/good" |
	    git hash-object -t tag -w --stdin > "$testroot/id"
	git tag garbage "$(cat "$testroot/id")"
	verify_expect garbage malformed-signature \
	    'tag good .*: malformed signature: invalid base64' "$pub" || ret=1
	# a good tag of another commit
	verify_expect old tag-mismatch \
	    'tag old \([0-9a-f]{7}\) points at [0-9a-f]{7}, not at the tip' \
	    "$pub" || ret=1
	sigtool verify . HEAD good "$pub" > "$testroot/ok" || ret=1
	check_grep '^ok: $' "$testroot/ok" || ret=1
	test_done "$testroot" $ret
}

test_key_usage() {
	local testroot=$(test_init key_usage) ret=0
	fed_create "$testroot/repo" jamtland
	cd "$testroot/repo" && export NETSYNC_CONFIG_DIR="$testroot/cfg"
	netsync key show 2> "$testroot/err"
	check_status $? 2 || ret=1
	check_grep 'no signing_key; run netsync key generate' "$testroot/err" ||
	    ret=1
	netsync key frobnicate 2> /dev/null
	check_status $? 2 || ret=1
	netsync key show --rotate 2> /dev/null
	check_status $? 2 || ret=1
	cd "$testroot" && netsync key show 2> "$testroot/err"
	check_status $? 2 || ret=1
	check_grep 'not a netsync repository' "$testroot/err" || ret=1
	test_done "$testroot" $ret
}

test_parseargs "$@"
run_test test_key_generate
run_test test_key_default_dirs
run_test test_key_refuses_repo_dir
run_test test_key_twice_and_rotate
run_test test_key_rotate_elsewhere
run_test test_key_passphrase
run_test test_key_import
run_test test_key_allowed_signers
run_test test_key_interop_netsync_to_git
run_test test_key_interop_git_to_netsync
run_test test_key_rejections
run_test test_key_usage
test_summary
