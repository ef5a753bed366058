#!/bin/sh
# tests/suites/fuzz_replay.sh: replay every fuzz target's corpus (seeds and
# the crash regressions) through its standalone ASan build, so make check
# catches a regression without clang or libFuzzer.  build/asan/fuzz/<T>
# is tests/fuzz/<T>.c linked with tests/fuzz/replay.c (make test-bins);
# its corpus is tests/fuzz/corpus/<T without fuzz_>/.
cd "$(dirname "$0")/../.." || exit 2
pass=0 fail=0 skip=0
for src in tests/fuzz/fuzz_*.c; do
	[ -f "$src" ] || continue
	t=$(basename "$src" .c)
	corpus=tests/fuzz/corpus/${t#fuzz_}
	bin=build/asan/fuzz/$t
	if [ ! -x "$bin" ]; then
		echo "FAIL $t: $bin not built (make test-bins)"
		fail=$((fail + 1))
		continue
	fi
	if [ ! -d "$corpus" ] || [ -z "$(ls "$corpus")" ]; then
		echo "SKIP $t: no corpus in $corpus"
		skip=$((skip + 1))
		continue
	fi
	if "$bin" "$corpus" > build/fuzz-replay-$t.log 2>&1; then
		echo "PASS $t ($(tail -1 build/fuzz-replay-$t.log))"
		pass=$((pass + 1))
	else
		echo "FAIL $t (exit $?)"
		grep -E 'ERROR|SUMMARY|runtime error|#[0-9] ' build/fuzz-replay-$t.log |
		    head -20 | sed 's/^/  /'
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
