#!/bin/sh
# make demo: build the example network of examples/norrland/ as git
# repositories under demo/, validate each federation's records and print
# what was found.  Later steps (pull, overview) extend this script.
set -eu
cd "$(dirname "$0")/.."
top=$PWD
NETSYNC=${NETSYNC:-$top/build/netsync}
demo=$top/demo
export GIT_AUTHOR_NAME="netsync demo" GIT_AUTHOR_EMAIL="demo@netsync.invalid"
export GIT_COMMITTER_NAME="netsync demo" GIT_COMMITTER_EMAIL="demo@netsync.invalid"
export NETSYNC_PROGRESS=0

rm -rf "$demo"
mkdir -p "$demo"
echo "== the example network: $(ls examples/norrland | wc -l) federations"
for src in examples/norrland/*/; do
	fed=$(basename "$src")
	work=$demo/$fed
	cp -R "$src" "$work"
	git init -q -b main "$work"
	git -C "$work" add -A
	git -C "$work" commit -q -m "$fed: records of the example network"
	git clone -q --bare "$work" "$demo/$fed.git"
	git -C "$work" remote add origin "../$fed.git"
	git -C "$work" fetch -q origin
	git -C "$work" branch -q -u origin/main main
	printf '%-18s ' "$fed"
	(cd "$work" && "$NETSYNC" validate)
done
echo
echo "== validate found no errors; the repositories are in demo/"

# pull: jamtland fetches, gates and accepts every peer (relative URLs
# ../<id>.git from its netsync.yaml), then pulls again (nothing new).
ms() {	# elapsed milliseconds since $1 (date +%s%N)
	echo $(( ($(date +%s%N) - $1) / 1000000 ))
}
echo
echo "== jamtland pulls the network"
t0=$(date +%s%N)
(cd "$demo/jamtland" && "$NETSYNC" pull)
first=$(ms "$t0")
t0=$(date +%s%N)
(cd "$demo/jamtland" && "$NETSYNC" pull) > /dev/null
again=$(ms "$t0")
echo "(first pull ${first} ms, a second pull with nothing new ${again} ms)"
echo
echo "== netsync status in jamtland"
(cd "$demo/jamtland" && "$NETSYNC" status)

echo
echo "== the combined overview, from jamtland's repository"
(cd "$demo/jamtland" && "$NETSYNC" overview -o "$demo/overview" \
    --format html,md,json,ics,csv --today 2015-06-01)
echo
echo "open $demo/overview/index.html in a browser (also overview.md,"
echo "overview.json, overview.ics and questions.csv in the same folder)"
