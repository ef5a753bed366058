# tests/tools/example_network.sh: the example network of examples/norrland/
# as git repositories, as a federation would have it after `netsync pull`.
# Source it, then call
#   ex_network EXAMPLES_DIR DIR
# which makes one repository per federation in DIR/<id> (one commit each,
# fixed dates) and, in DIR/jamtland, accepts every peer's tip under
# refs/netsync/peers/<id> with a reflog entry "pull", as sync does.
# Usable by hand: sh -c '. tests/tools/example_network.sh;
#   ex_network examples/norrland /tmp/norrland' && cd /tmp/norrland/jamtland
#   && netsync overview --today 2015-10-31

ex_network() {	# EXAMPLES DIR [SELF]
	local ex=$1 d=$2 self=${3:-jamtland} f oid
	mkdir -p "$d" || return 1
	for f in $(cd "$ex" && ls -d */ | tr -d /); do
		mkdir -p "$d/$f" && cp -R "$ex/$f/." "$d/$f/" || return 1
		git init -q -b main "$d/$f" && git -C "$d/$f" add -A &&
		    GIT_AUTHOR_DATE="2015-10-30T09:00:00Z" \
		    GIT_COMMITTER_DATE="2015-10-30T09:00:00Z" \
		    git -C "$d/$f" commit -q -m "records of $f" || return 1
	done
	for f in $(cd "$ex" && ls -d */ | tr -d /); do
		[ "$f" = "$self" ] && continue
		git -C "$d/$self" fetch -q "../$f" main || return 1
		oid=$(git -C "$d/$self" rev-parse FETCH_HEAD)
		GIT_COMMITTER_DATE="2015-10-31T07:30:00Z" git -C "$d/$self" \
		    -c core.logAllRefUpdates=always update-ref -m pull \
		    "refs/netsync/peers/$f" "$oid" || return 1
	done
}
