#!/bin/sh
# Run every test suite and add up their closing "N passed, N failed[, N
# skipped]" lines.  Each suite is a program or script that prints such a
# line last.  Usage: sh tests/run.sh [suite-name-filter]
set -u
cd "$(dirname "$0")/.."
export LC_ALL=C
export NETSYNC="$PWD/build/asan/netsync"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=99"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
filter=${1:-}
log=build/test-logs
mkdir -p "$log"
tp=0 tf=0 ts=0

run_suite() {	# name command...
	name=$1; shift
	case "$name" in *"$filter"*) ;; *) return ;; esac
	printf '== %s\n' "$name"
	"$@" > "$log/$name.log" 2>&1
	rc=$?
	grep -E '^(FAIL|XFAIL|SKIP)' "$log/$name.log" | sed 's/^/   /'
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log/$name.log" | tail -1)
	if [ -z "$last" ]; then
		echo "   suite $name did not finish (exit $rc); see $log/$name.log"
		tail -20 "$log/$name.log" | sed 's/^/   | /'
		tf=$((tf + 1))
		return
	fi
	p=$(echo "$last" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$last" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	s=$(echo "$last" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "   suite $name exited $rc after its tests; see $log/$name.log"
		tail -20 "$log/$name.log" | sed 's/^/   | /'
		f=1
	fi
	[ "$f" -ne 0 ] && grep -E '^  ' "$log/$name.log" | head -40
	echo "   $last"
	tp=$((tp + p)); tf=$((tf + f)); ts=$((ts + ${s:-0}))
}

for t in build/asan/tests/test_*; do
	[ -x "$t" ] && run_suite "$(basename "$t")" "$t"
done
for t in tests/suites/*.sh; do
	[ -f "$t" ] && run_suite "$(basename "$t" .sh)" sh "$t"
done
for t in tests/cmd/*.sh; do
	case "$t" in */common.sh) continue ;; esac
	[ -f "$t" ] && run_suite "cmd-$(basename "$t" .sh)" sh "$t"
done

echo
echo "$tp passed, $tf failed, $ts skipped"
[ "$tf" -eq 0 ]
