#!/bin/sh
# tests/leakcheck.sh: `make leakcheck`.  Runs the end-to-end suites
# (tests/cmd/*.sh and tests/suites/*.sh) with NETSYNC pointing at a wrapper
# that runs the debug build (build/debug/netsync, no ASan) under valgrind:
# any memory error or definite leak makes that netsync run exit 99, which
# fails its test.  Valgrind's reports are collected in build/leakcheck/.
#
#   sh tests/leakcheck.sh [SUITE-FILTER]
set -u
cd "$(dirname "$0")/.."
filter=${1:-}
out=$PWD/build/leakcheck
rm -rf "$out"
mkdir -p "$out"
bin=$PWD/build/debug/netsync
[ -x "$bin" ] || { echo "no $bin (make build/debug/netsync)" >&2; exit 2; }
wrap=$out/netsync
cat > "$wrap" <<WRAP
#!/bin/sh
exec valgrind --quiet --error-exitcode=99 --leak-check=full \\
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \\
    --suppressions="$PWD/tests/valgrind.supp" \\
    --log-file="$out/vg.%p.log" "$bin" "\$@"
WRAP
chmod +x "$wrap"
export NETSYNC="$wrap" LC_ALL=C HOSTILE_TIMEOUT=300
tp=0 tf=0 ts=0
for s in tests/cmd/*.sh tests/suites/*.sh; do
	case "$s" in */common.sh | */fuzz_replay.sh) continue ;; esac
	name=$(basename "$s" .sh)
	case "$name" in *"$filter"*) ;; *) continue ;; esac
	t0=$(date +%s)
	sh "$s" > "$out/$name.log" 2>&1
	rc=$?
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/$name.log" | tail -1)
	echo "== $name ($(( $(date +%s) - t0 ))s): ${last:-did not finish (exit $rc)}"
	grep -E '^(FAIL|XFAIL)' "$out/$name.log" | sed 's/^/   /'
	p=$(echo "${last:-0 passed, 1 failed}" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "${last:-0 passed, 1 failed}" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	s2=$(echo "$last" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p')
	tp=$((tp + p)); tf=$((tf + f)); ts=$((ts + ${s2:-0}))
done
# valgrind logs are empty for clean runs; keep only the others
find "$out" -name 'vg.*.log' -size 0 -delete
nlogs=$(find "$out" -name 'vg.*.log' | wc -l)
echo
echo "valgrind reports: $nlogs (in $out/vg.*.log)"
for l in $(find "$out" -name 'vg.*.log' | head -5); do
	sed 's/^/   /' "$l" | head -30
done
echo "$tp passed, $tf failed, $ts skipped"
[ "$tf" -eq 0 ] && [ "$nlogs" -eq 0 ]
