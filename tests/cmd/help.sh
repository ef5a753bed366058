# tests/cmd/help.sh: `netsync --version`, `netsync help [COMMAND]` and
# every command's usage text.
. "$(dirname "$0")/common.sh"

COMMANDS="init validate new peer pull push status overview key merge-driver
hooks help"

test_help_version() {
	local testroot=$(test_init help_version)

	netsync --version > "$testroot/out" 2>&1
	check_status $? 0 "--version" &&
	check_grep '^netsync [0-9]+\.[0-9]+\.[0-9]+' "$testroot/out" &&
	[ "$(wc -l < "$testroot/out")" -eq 1 ]
	test_done "$testroot" $?
}

test_help_lists_commands() {
	local testroot=$(test_init help_lists_commands) c

	for how in "help" "--help" "-h" ""; do
		# shellcheck disable=SC2086
		netsync $how > "$testroot/out" 2>&1
		check_status $? 0 "netsync $how" &&
		check_grep '^usage: netsync ' "$testroot/out" &&
		check_grep 'Exit status' "$testroot/out" ||
		    { test_done "$testroot" 1; return 1; }
		for c in $COMMANDS; do
			check_grep "^   $c +[a-z]" "$testroot/out" ||
			    { test_done "$testroot" 1; return 1; }
		done
	done
	test_done "$testroot" 0
}

test_help_each_command() {
	local testroot=$(test_init help_each_command) c

	for c in $COMMANDS; do
		netsync help "$c" > "$testroot/out" 2>&1
		check_status $? 0 "netsync help $c" &&
		check_grep "^usage: netsync $c" "$testroot/out" ||
		    { test_done "$testroot" 1; return 1; }
	done
	for c in init new hooks; do
		netsync "$c" --help > "$testroot/out2" 2>&1
		check_status $? 0 "netsync $c --help" &&
		netsync help "$c" > "$testroot/out" &&
		check_file "$testroot/out" "$testroot/out2" &&
		check_grep "Exit status" "$testroot/out" ||
		    { test_done "$testroot" 1; return 1; }
	done
	test_done "$testroot" 0
}

test_help_unknown() {
	local testroot=$(test_init help_unknown)

	netsync help frobnicate 2> "$testroot/stderr"
	check_status $? 2 "help of an unknown command" &&
	check_grep "'frobnicate' is not a netsync command" "$testroot/stderr" &&
	netsync frobnicate 2> "$testroot/stderr"
	check_status $? 2 "unknown command" &&
	netsync help init new 2> "$testroot/stderr"
	check_status $? 2 "help of two commands"
	test_done "$testroot" $?
}

test_parseargs "$@"
run_test test_help_version
run_test test_help_lists_commands
run_test test_help_each_command
run_test test_help_unknown
test_summary
