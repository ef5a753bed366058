# tests/cmd/peer.sh: netsync peer add / list / remove edit netsync.yaml
# in place, keeping comments and order, and never write an invalid file.
. "$(dirname "$0")/common.sh"

mk_repo() {	# mk_repo DIR: jamtland with a commented netsync.yaml
	fed_create "$1" jamtland || return 1
	cat > "$1/netsync.yaml" <<'YAML'
# Jämtland's federation repository
federation: jamtland
name: Samordningsförbundet i Jämtlands län   # the full name
peers:
  # our neighbours
  - id: umea-vannas
    url: ../umea-vannas.git
# signing comes later
YAML
}

test_peer_add_list_remove() {
	local testroot=$(test_init peer_add_list_remove)
	mk_repo "$testroot/repo" || return 1
	(cd "$testroot/repo" && netsync peer add lycksele-mala https://git.example.org/lm.git \
	    --branch trunk --key "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKUSEkT7pZ lm") > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	cat > "$testroot/want" <<'YAML'
# Jämtland's federation repository
federation: jamtland
name: Samordningsförbundet i Jämtlands län   # the full name
peers:
  # our neighbours
  - id: umea-vannas
    url: ../umea-vannas.git
  - id: lycksele-mala
    url: https://git.example.org/lm.git
    branch: trunk
    signing_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKUSEkT7pZ lm"
# signing comes later
YAML
	check_file "$testroot/want" "$testroot/repo/netsync.yaml" || { test_done "$testroot" 1; return 1; }
	(cd "$testroot/repo" && netsync peer list) > "$testroot/out" 2>&1
	printf 'umea-vannas\t../umea-vannas.git\tmain\nlycksele-mala\thttps://git.example.org/lm.git\ttrunk\tsigned (1 key)\n' > "$testroot/want"
	check_file "$testroot/want" "$testroot/out" || { test_done "$testroot" 1; return 1; }
	(cd "$testroot/repo" && netsync peer remove umea-vannas) > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
	cat > "$testroot/want" <<'YAML'
# Jämtland's federation repository
federation: jamtland
name: Samordningsförbundet i Jämtlands län   # the full name
peers:
  - id: lycksele-mala
    url: https://git.example.org/lm.git
    branch: trunk
    signing_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKUSEkT7pZ lm"
# signing comes later
YAML
	check_file "$testroot/want" "$testroot/repo/netsync.yaml" || { test_done "$testroot" 1; return 1; }
	(cd "$testroot/repo/records" && netsync peer remove lycksele-mala) > /dev/null 2>&1
	check_status $? 0 && check_grep '^peers: \[\]$' "$testroot/repo/netsync.yaml"
	test_done "$testroot" $?
}

test_peer_refusals() {
	local testroot=$(test_init peer_refusals)
	mk_repo "$testroot/repo" || return 1
	cp "$testroot/repo/netsync.yaml" "$testroot/before"
	while read -r want args; do
		(cd "$testroot/repo" && eval "netsync peer $args") > "$testroot/out" 2>&1
		check_status $? "$want" "peer $args" || { cat "$testroot/out"; test_done "$testroot" 1; return 1; }
		check_file "$testroot/before" "$testroot/repo/netsync.yaml" || { test_done "$testroot" 1; return 1; }
	done <<'EOF2'
1 add umea-vannas ../again.git
1 add jamtland ../self.git
2 add Bad_Id ../x.git
2 add only-id
2 remove nobody
2 frobnicate
EOF2
	(cd "$testroot/repo" && netsync peer add umea-vannas x) 2> "$testroot/err"
	check_grep 'peer umea-vannas is already listed' "$testroot/err"
	test_done "$testroot" $?
}

test_peer_outside_repository() {
	local testroot=$(test_init peer_outside_repository)
	(cd "$testroot" && netsync peer list) > "$testroot/out" 2>&1
	check_status $? 2
	test_done "$testroot" $?
}

# netsync.yaml's mode is the coordinator's: peer add and remove keep it
# (they once wrote 0644 whatever it was), as key generate does.
test_peer_keeps_mode() {
	local testroot=$(test_init peer_keeps_mode) ret=0 mode
	mk_repo "$testroot/repo" || return 1
	chmod 0664 "$testroot/repo/netsync.yaml"
	(cd "$testroot/repo" && netsync peer add lycksele-mala ../lm.git) \
	    > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; ret=1; }
	mode=$(stat -c %a "$testroot/repo/netsync.yaml")
	[ "$mode" = 664 ] || { echo "  after add: mode $mode, want 664"; ret=1; }
	chmod 0600 "$testroot/repo/netsync.yaml"
	(cd "$testroot/repo" && netsync peer remove lycksele-mala) \
	    > "$testroot/out" 2>&1
	check_status $? 0 || { cat "$testroot/out"; ret=1; }
	mode=$(stat -c %a "$testroot/repo/netsync.yaml")
	[ "$mode" = 600 ] || { echo "  after remove: mode $mode, want 600"; ret=1; }
	test_done "$testroot" $ret
}

test_parseargs "$@"
run_test test_peer_add_list_remove
run_test test_peer_refusals
run_test test_peer_outside_repository
run_test test_peer_keeps_mode
test_summary
