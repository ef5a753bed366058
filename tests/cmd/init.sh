# tests/cmd/init.sh: `netsync init` makes a valid federation repository,
# refuses a second time without changing anything, and refuses what it
# must not do (bad ids, nested and bare repositories).
. "$(dirname "$0")/common.sh"

NETSYNC_DIR=$(dirname "$NETSYNC")
HOOK_SRC=$PWD/hooks/pre-commit

# snapshot DIR OUT: every file's path, mode and checksum, .git included
# (but not the index, which `git status` may refresh).
snapshot() {
	(cd "$1" && find . -path ./.git/index -prune -o -print | LC_ALL=C sort |
	    while read -r f; do
		if [ -f "$f" ]; then
			printf '%s %s %s\n' "$f" "$(stat -c %a "$f")" \
			    "$(cksum < "$f")"
		else
			printf '%s %s\n' "$f" "$(stat -c %a "$f")"
		fi
	    done) > "$2"
}

# check_hooks_installed DIR: every hook of hooks/ is in DIR, identical
# and executable.
check_hooks_installed() {
	local h

	for h in "$PWD"/hooks/*; do
		case "$h" in *.md) continue ;; esac
		check_file "$h" "$1/$(basename "$h")" &&
		[ -x "$1/$(basename "$h")" ] || return 1
	done
}

test_init_default() {
	local testroot=$(test_init init_default)
	local r="$testroot/Umeå Vännäs"

	(cd "$testroot" && netsync init "Umeå Vännäs") > "$testroot/out" \
	    2> "$testroot/stderr"
	check_status $? 0 "netsync init" || {
		sed 's/^/  | /' "$testroot/stderr"
		test_done "$testroot" 1; return 1; }
	check_grep '^federation: umea-vannas$' "$r/netsync.yaml" &&
	check_grep '^name: umea-vannas$' "$r/netsync.yaml" &&
	check_grep '^peers: \[\]$' "$r/netsync.yaml" &&
	check_no_grep '^network:' "$r/netsync.yaml" &&
	check_grep '^kind: federation$' "$r/records/umea-vannas.yaml" &&
	check_grep '^id: umea-vannas$' "$r/records/umea-vannas.yaml" &&
	check_grep '^federation: umea-vannas$' "$r/records/umea-vannas.yaml" &&
	check_grep '^name: umea-vannas$' "$r/records/umea-vannas.yaml" &&
	[ "$(git -C "$r" symbolic-ref HEAD)" = refs/heads/main ] &&
	check_file "$HOOK_SRC" "$r/.git/hooks/pre-commit" &&
	[ -x "$r/.git/hooks/pre-commit" ] &&
	check_hooks_installed "$r/.git/hooks" &&
	check_grep '^records/\*\*/\*\.yaml merge=netsync$' \
	    "$r/.gitattributes" &&
	[ "$(git -C "$r" config merge.netsync.driver)" = \
	    "netsync merge-driver %O %A %B %P" ] &&
	[ "$(git -C "$r" config core.logAllRefUpdates)" = always ] &&
	check_grep "Next steps" "$testroot/out" &&
	check_grep "netsync new meeting" "$testroot/out" &&
	check_grep "git commit" "$testroot/out" &&
	check_grep "cd 'Umeå Vännäs'" "$testroot/out" || {
		test_done "$testroot" 1; return 1; }
	(cd "$r" && netsync validate) > "$testroot/validate" 2>&1
	check_status $? 0 "netsync validate after init" || {
		sed 's/^/  | /' "$testroot/validate"
		test_done "$testroot" 1; return 1; }
	# nothing is committed; the first commit passes the hook
	(cd "$r" && git add -A && PATH="$NETSYNC_DIR:$PATH" \
	    git commit -q -m init) 2> "$testroot/stderr"
	check_status $? 0 "first commit"
	test_done "$testroot" $?
}

test_init_options() {
	local testroot=$(test_init init_options)
	local r=$testroot/repo

	netsync init --federation jamtland \
	    --name "Samordningsförbundet i Jämtlands län" "$r" > /dev/null \
	    2> "$testroot/stderr"
	check_status $? 0 "netsync init" &&
	check_grep '^federation: jamtland$' "$r/netsync.yaml" &&
	check_grep '^name: Samordningsförbundet i Jämtlands län$' \
	    "$r/netsync.yaml" &&
	check_grep '^name: Samordningsförbundet i Jämtlands län$' \
	    "$r/records/jamtland.yaml" &&
	(cd "$r" && netsync validate > /dev/null) || {
		test_done "$testroot" 1; return 1; }
	# a name YAML would misread is quoted and reads back unchanged
	netsync init --federation x --name "Förbund: nr #1" \
	    "$testroot/x" > /dev/null 2>&1 &&
	check_grep '^name: "Förbund: nr #1"$' "$testroot/x/netsync.yaml" &&
	(cd "$testroot/x" && netsync validate > /dev/null)
	test_done "$testroot" $?
}

test_init_twice() {
	local testroot=$(test_init init_twice)
	local r=$testroot/repo

	netsync init --federation jamtland "$r" > /dev/null 2>&1 ||
	    { test_done "$testroot" 1; return 1; }
	echo "# edited" >> "$r/netsync.yaml"
	snapshot "$r" "$testroot/before"
	netsync init --federation other --name Other "$r" \
	    > "$testroot/out" 2> "$testroot/stderr"
	check_status $? 2 "second netsync init" &&
	check_grep "netsync.yaml exists" "$testroot/stderr" &&
	check_grep "nothing changed" "$testroot/stderr" || {
		test_done "$testroot" 1; return 1; }
	snapshot "$r" "$testroot/after"
	check_file "$testroot/before" "$testroot/after" &&
	[ ! -e "$r/records/other.yaml" ]
	test_done "$testroot" $?
}

test_init_bad_federation() {
	local testroot=$(test_init init_bad_federation)

	netsync init --federation "Umeå-Vännäs" "$testroot/a" \
	    2> "$testroot/stderr"
	check_status $? 2 "bad --federation" &&
	check_grep "did you mean --federation umea-vannas" \
	    "$testroot/stderr" &&
	[ ! -e "$testroot/a" ] || { test_done "$testroot" 1; return 1; }
	mkdir "$testroot/日本"
	(cd "$testroot/日本" && netsync init) 2> "$testroot/stderr"
	check_status $? 2 "directory name without a slug" &&
	check_grep "give one with --federation" "$testroot/stderr" &&
	[ ! -e "$testroot/日本/.git" ] &&
	[ ! -e "$testroot/日本/netsync.yaml" ] || {
		test_done "$testroot" 1; return 1; }
	netsync init --name "$(printf 'two\nlines')" "$testroot/b" \
	    2> "$testroot/stderr"
	check_status $? 2 "two-line --name" &&
	[ ! -e "$testroot/b" ] &&
	netsync init a b 2> "$testroot/stderr"
	check_status $? 2 "two directories"
	test_done "$testroot" $?
}

# An existing repository keeps its history, files and own hooks.
test_init_existing_repo() {
	local testroot=$(test_init init_existing_repo)
	local r=$testroot/jamtland

	git init -q "$r" && echo hej > "$r/README" &&
	    git_commit "$r" first || return 1
	printf '#!/bin/sh\nexit 0\n' > "$r/.git/hooks/pre-commit"
	cp "$r/.git/hooks/pre-commit" "$testroot/mine"
	(cd "$r" && netsync init) > "$testroot/out" 2> "$testroot/stderr"
	check_status $? 0 "netsync init in a repository" &&
	check_grep "using the git repository" "$testroot/out" &&
	check_grep '^federation: jamtland$' "$r/netsync.yaml" &&
	check_file "$testroot/mine" "$r/.git/hooks/pre-commit" &&
	check_grep "hooks install --force" "$testroot/stderr" &&
	[ "$(git -C "$r" log --format=%s)" = first ] &&
	(cd "$r" && netsync validate > /dev/null)
	test_done "$testroot" $?
}

test_init_keeps_profile() {
	local testroot=$(test_init init_keeps_profile)
	local r=$testroot/jamtland

	mkdir -p "$r/records"
	fed_profile jamtland > "$r/records/jamtland.yaml"
	echo "region: Jämtlands län" >> "$r/records/jamtland.yaml"
	cp "$r/records/jamtland.yaml" "$testroot/profile"
	netsync init "$r" > "$testroot/out" 2>&1
	check_status $? 0 "netsync init" &&
	check_file "$testroot/profile" "$r/records/jamtland.yaml" &&
	check_grep "kept the existing records/jamtland.yaml" "$testroot/out"
	test_done "$testroot" $?
}

test_init_refuses_nested_and_bare() {
	local testroot=$(test_init init_refuses_nested_and_bare)

	git init -q "$testroot/outer" || return 1
	mkdir "$testroot/outer/sub"
	netsync init "$testroot/outer/sub" 2> "$testroot/stderr"
	check_status $? 2 "init inside another repository" &&
	check_grep "is inside the git repository" "$testroot/stderr" &&
	[ ! -e "$testroot/outer/sub/netsync.yaml" ] &&
	[ ! -e "$testroot/outer/sub/.git" ] &&
	netsync init "$testroot/outer/new/dir" 2> "$testroot/stderr"
	check_status $? 2 "init of a new directory inside a repository" &&
	[ ! -e "$testroot/outer/new" ] || { test_done "$testroot" 1;
	    return 1; }
	git init -q --bare "$testroot/bare.git"
	netsync init --federation x "$testroot/bare.git" \
	    2> "$testroot/stderr"
	check_status $? 2 "init in a bare repository" &&
	check_grep "bare" "$testroot/stderr" &&
	[ ! -e "$testroot/bare.git/netsync.yaml" ]
	test_done "$testroot" $?
}

test_parseargs "$@"
run_test test_init_default
run_test test_init_options
run_test test_init_twice
run_test test_init_bad_federation
run_test test_init_existing_repo
run_test test_init_keeps_profile
run_test test_init_refuses_nested_and_bare
test_summary
