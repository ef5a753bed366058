#!/bin/sh
# tests/fuzz/run.sh SECONDS TARGET...: `make fuzz`.  Runs each libFuzzer
# target build/fuzz/TARGET for SECONDS over a working corpus in
# build/fuzz/corpus/TARGET, seeded from tests/fuzz/corpus/<name>/ (the
# target's name without fuzz_), with the YAML dictionary, and prints one
# line per target: executions, corpus size and crashes.  Crash inputs are
# left as build/fuzz/crash-TARGET-*; copy each into tests/fuzz/corpus/<name>/
# once fixed, so make check replays it.  Exits 1 if any target crashed.
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
shift
status=0
for t in "$@"; do
	name=${t#fuzz_}
	work=build/fuzz/corpus/$t
	log=build/fuzz/$t.log
	mkdir -p "$work" "tests/fuzz/corpus/$name"
	echo "== $t: ${secs}s"
	build/fuzz/"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -dict=tests/fuzz/yaml.dict -print_final_stats=1 \
	    -artifact_prefix="build/fuzz/crash-$t-" \
	    "$work" "tests/fuzz/corpus/$name" > "$log" 2>&1
	rc=$?
	runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -1)
	crashes=$(ls build/fuzz/crash-"$t"-* 2> /dev/null | wc -l)
	units=$(ls "$work" | wc -l)
	echo "   $t: ${runs:-0} executions, $units corpus inputs, $crashes crash files, exit $rc"
	if [ "$rc" -ne 0 ]; then
		status=1
		grep -E 'ERROR|SUMMARY|==[0-9]+==' "$log" | head -5 | sed 's/^/   | /'
	fi
done
exit $status
