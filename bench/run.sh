#!/bin/sh
# bench/run.sh: `make bench`.  Generates a synthetic network (BENCH_FEDS
# federations x BENCH_RECORDS records, deterministic; kept between runs in
# build/bench/) and prints every figure as a ratio to a baseline measured
# in the same run, never as a pass/fail:
#
#   validation   netsync validate against libyaml's bare event parser
#                (bench/floor.c) over the same files: cold on one core,
#                cold on every core, warm (validation cache), warm after
#                every file was touched (blob ids recomputed);
#                ajv + js-yaml and python3-jsonschema as reference rows;
#   fetching     netsync pull of every peer (first and no-op) against a
#                loop of `git fetch` and one libgit2 process (bench/fetch.c);
#   overview     netsync overview of the whole network;
#   memory       peak RSS of every row (bench/tm.c: getrusage).
#
# Environment: BENCH_FEDS (20), BENCH_RECORDS (1000), BENCH_DIR (where the
# network lives), NETSYNC (build/netsync), BENCH_REFS=0 skips the
# reference validators, BENCH_NPM=0 never runs npm.
set -eu
cd "$(dirname "$0")/.."
top=$PWD
F=${BENCH_FEDS:-20}
M=${BENCH_RECORDS:-1000}
B=$top/build/bench
net=${BENCH_DIR:-$B/net-$F-$M}
NETSYNC=${NETSYNC:-$top/build/netsync}
work=$B/work
export LC_ALL=C GIT_CONFIG_NOSYSTEM=1 NETSYNC_PROGRESS=0
export HOME=$B/home
mkdir -p "$HOME" "$work"
printf '[user]\n\tname = Bench\n\temail = bench@example.org\n[protocol "file"]\n\tallow = always\n' > "$HOME/.gitconfig"

for t in gen floor tm fetch; do
	[ -x "$B/$t" ] || { echo "bench: $B/$t missing (run make bench)" >&2; exit 2; }
done

# --- the network -----------------------------------------------------
feds=""
i=0
while [ "$i" -lt "$F" ]; do
	feds="$feds $("$B/gen" -n "$i")"
	i=$((i + 1))
done
stamp="$net/.complete"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(cksum < bench/gen.c)" ]; then
	rm -rf "$net"
	mkdir -p "$net"
	t0=$(date +%s.%N)
	i=0
	for id in $feds; do
		git init -q -b main "$net/$id"
		"$B/gen" "$i" "$M" | git -C "$net/$id" fast-import --quiet
		git -C "$net/$id" reset -q --hard
		i=$((i + 1))
	done
	t1=$(date +%s.%N)
	cksum < bench/gen.c > "$stamp"
	echo "generated the network in $(echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}') s"
fi
list=$work/files
for id in $feds; do
	find "$net/$id/records" -name '*.yaml'
done | sort > "$list"
nfiles=$(wc -l < "$list")
bytes=$(xargs cat < "$list" | wc -c)
mb=$(echo "$bytes" | awk '{printf "%.1f", $1 / 1048576}')

echo
echo "netsync bench: $F federations x $M records = $nfiles record files, $mb MB"
echo "($(nproc) cores; figures are ratios to a baseline of this run)"
echo

# --- helpers ----------------------------------------------------------
# row NAME BASELINE_WALL FILE [figures]: print one line of the table from
# a tm(1) result file.
row() {
	awk -v name="$1" -v base="$2" -v extra="${4:-}" '{
		r = base > 0 ? $1 / base : 0
		printf "  %-44s %8.3f %8.3f %7.2fx %8.1f  %s\n", name, $1,
		    $2 + $3, r, $4 / 1024, extra
	}' "$3"
}
na() {
	printf "  %-44s %s\n" "$1" "$2"
}
wall() {
	cut -d' ' -f1 "$1"
}
rate() {	# FILE: records/s and MB/s
	awk -v n="$nfiles" -v b="$bytes" '{
		printf "%.0f rec/s, %.1f MB/s", n / $1, b / 1048576 / $1 }' "$1"
}
header() {
	printf "\n  %-44s %8s %8s %8s %8s\n" "$1" "wall s" "cpu s" "ratio" "peak MB"
}

clear_cache() {
	for id in $feds; do
		rm -rf "$net/$id/.git/netsync/cache"
	done
}

# --- validation -------------------------------------------------------
"$B/tm" "$work/floor" "$B/floor" < "$list" > /dev/null
base=$(wall "$work/floor")
header "validation ($nfiles files)"
row "libyaml event parse (floor; 1 core)" "$base" "$work/floor" "$(rate "$work/floor")"

one=""
command -v taskset > /dev/null && one="taskset -c 0"
cat > "$work/vloop.sh" <<EOF
set -e
for id in $feds; do
	cd "$net/\$id"
	\$PIN "$NETSYNC" validate > "$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
	grep -q 'all valid' "$work/out" || { head -5 "$work/out" >&2; exit 1; }
done
EOF
vloop() {	# RESULT [pin]
	PIN=${2:-} "$B/tm" "$1" sh "$work/vloop.sh"
}
if [ -n "$one" ]; then
	clear_cache
	vloop "$work/v1" "$one"
	row "netsync validate, cold, 1 core" "$base" "$work/v1" "$(rate "$work/v1")"
else
	na "netsync validate, cold, 1 core" "n/a (no taskset)"
fi
clear_cache
vloop "$work/v2"
row "netsync validate, cold, $(nproc) cores" "$base" "$work/v2" "$(rate "$work/v2")"
vloop "$work/v3"
row "netsync validate, warm (nothing changed)" "$base" "$work/v3" \
    "$(awk -v c="$(wall "$work/v2")" '{printf "%.1f%% of cold", 100 * $1 / c}' "$work/v3")"
xargs touch < "$list"
sleep 1	# so the touched files are older than the run (stat keys)
vloop "$work/v4"
row "netsync validate, warm, every file touched" "$base" "$work/v4" \
    "$(awk -v c="$(wall "$work/v2")" '{printf "%.1f%% of cold", 100 * $1 / c}' "$work/v4")"
vloop "$work/v5"
row "netsync validate, warm again after touch" "$base" "$work/v5" \
    "$(awk -v c="$(wall "$work/v2")" '{printf "%.1f%% of cold", 100 * $1 / c}' "$work/v5")"

# --- reference validators ---------------------------------------------
if [ "${BENCH_REFS:-1}" != 0 ]; then
	if command -v node > /dev/null && [ ! -d bench/node_modules/ajv ] &&
	    [ "${BENCH_NPM:-1}" != 0 ] && command -v npm > /dev/null; then
		(cd bench && npm install --no-audit --no-fund --silent) > "$work/npm" 2>&1 || true
	fi
	if command -v node > /dev/null && [ -d bench/node_modules/ajv ]; then
		"$B/tm" "$work/ajv" node bench/ref_ajv.js schema < "$list" > "$work/ajv.out"
		row "ajv + js-yaml (node)" "$base" "$work/ajv" "$(rate "$work/ajv"); invalid: $(cut -d' ' -f2 "$work/ajv.out")"
	else
		na "ajv + js-yaml (node)" "n/a (node or npm install failed)"
	fi
	if /usr/bin/python3 -c 'import yaml, jsonschema' 2> /dev/null; then
		"$B/tm" "$work/py" /usr/bin/python3 bench/ref_jsonschema.py schema < "$list" > "$work/py.out"
		row "python3-jsonschema" "$base" "$work/py" "$(rate "$work/py"); invalid: $(cut -d' ' -f2 "$work/py.out")"
	else
		na "python3-jsonschema" "n/a (Debian python3-jsonschema not installed)"
	fi
fi

# --- fetching ---------------------------------------------------------
urls=""
for id in $feds; do
	urls="$urls $net/$id"
done
rm -rf "$work/git" "$work/lg2"
git init -q --bare "$work/git"
git init -q --bare "$work/lg2"
cat > "$work/gitloop.sh" <<EOF
set -e
for id in $feds; do
	git -C "$work/git" fetch -q "$net/\$id" "+main:refs/peers/\$id"
done
EOF
"$B/tm" "$work/g1" sh "$work/gitloop.sh"
"$B/tm" "$work/g2" sh "$work/gitloop.sh"
"$B/tm" "$work/l1" "$B/fetch" "$work/lg2" $urls
"$B/tm" "$work/l2" "$B/fetch" "$work/lg2" $urls
lbase=$(wall "$work/l2")
header "fetching $F peers (baseline: no-op libgit2 fetch, one process)"
row "libgit2 fetch, one process, first" "$lbase" "$work/l1"
row "libgit2 fetch, one process, no-op (baseline)" "$lbase" "$work/l2"
row "git fetch loop, first" "$lbase" "$work/g1"
row "git fetch loop, no-op" "$lbase" "$work/g2"

home=$work/home
rm -rf "$home"
git init -q -b main "$home"
"$B/gen" "$F" 10 "$net" "$F" | git -C "$home" fast-import --quiet
git -C "$home" reset -q --hard
(cd "$home" && "$NETSYNC" pull) > "$work/pull.out" 2>&1 && pull_ok=1 || pull_ok=0
if grep -q 'not implemented' "$work/pull.out"; then
	na "netsync pull, first" "n/a (pull not available)"
	na "netsync pull, no-op" "n/a (pull not available)"
else
	# the probe above was the first pull: start again from scratch
	rm -rf "$home"
	git init -q -b main "$home"
	"$B/gen" "$F" 10 "$net" "$F" | git -C "$home" fast-import --quiet
	git -C "$home" reset -q --hard
	(cd "$home" && "$B/tm" "$work/p1" "$NETSYNC" pull) > "$work/pull.out" 2>&1 && pull_ok=1 || pull_ok=0
	(cd "$home" && "$B/tm" "$work/p2" "$NETSYNC" pull) > "$work/pull2.out" 2>&1 || pull_ok=0
	if [ "$pull_ok" = 1 ]; then
		row "netsync pull, first (fetch + gate)" "$lbase" "$work/p1"
		row "netsync pull, no-op" "$lbase" "$work/p2"
	else
		na "netsync pull" "failed: $(tail -1 "$work/pull.out")"
	fi
fi

# --- overview ---------------------------------------------------------
header "overview of the network (baseline: floor parse of the same files)"
(cd "$home" && "$NETSYNC" overview -o "$work/overview") > "$work/ov.out" 2>&1 && ov=1 || ov=0
if grep -q 'not implemented' "$work/ov.out"; then
	na "netsync overview" "n/a (overview not available)"
elif [ "$pull_ok" != 1 ]; then
	na "netsync overview" "n/a (needs pull)"
else
	rm -rf "$work/overview"
	(cd "$home" && "$B/tm" "$work/ov" "$NETSYNC" overview -o "$work/overview") > "$work/ov.out" 2>&1 && ov=1 || ov=0
	if [ "$ov" = 1 ]; then
		row "netsync overview (every format)" "$base" "$work/ov" "$(du -sk "$work/overview" | cut -f1) KB written"
	else
		na "netsync overview" "failed: $(tail -1 "$work/ov.out")"
	fi
fi
echo
