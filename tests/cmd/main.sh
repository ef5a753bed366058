#!/bin/sh
# The global command line: --version, help, unknown commands.
. "$(dirname "$0")/common.sh"

test_main_version() {
	local testroot=$(test_init main_version)
	netsync --version > "$testroot/out" 2>&1
	check_status $? 0 && check_grep '^netsync [0-9]+\.[0-9]+\.[0-9]+$' "$testroot/out"
	test_done "$testroot" $?
}

test_main_help_lists_commands() {
	local testroot=$(test_init main_help) c ret=0
	netsync help > "$testroot/out" 2>&1
	check_status $? 0 || ret=1
	for c in init validate new peer pull push status overview key merge-driver hooks; do
		check_grep "^   $c " "$testroot/out" || ret=1
		netsync help "$c" > "$testroot/one" 2>&1 || ret=1
		check_grep "^usage: netsync $c" "$testroot/one" || ret=1
	done
	test_done "$testroot" $ret
}

test_main_unknown_command() {
	local testroot=$(test_init main_unknown)
	netsync frobnicate > "$testroot/out" 2> "$testroot/err"
	check_status $? 2 && check_grep "'frobnicate' is not a netsync command" "$testroot/err" &&
	    check_file /dev/null "$testroot/out"
	test_done "$testroot" $?
}

test_parseargs "$@"
run_test test_main_version
run_test test_main_help_lists_commands
run_test test_main_unknown_command
test_summary
