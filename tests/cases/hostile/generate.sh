#!/bin/sh
# tests/cases/hostile/generate.sh DIR: write the large hostile inputs, which
# are cheaper to make than to keep in git, into DIR (the same bytes every
# time).  tests/suites/hostile.sh runs them with the committed ones; each
# still has its <name>.expected beside this script.
set -eu
d=$1
mkdir -p "$d"
rep() {	# COUNT TEXT: TEXT repeated COUNT times
	awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}
hdr() {
	printf 'kind: meeting\nid: %s\nfederation: jamtland\ntitle: T\n' "$1"
	printf 'type: other\nstart: 2014-11-06\n'
}
# 100,000 unclosed flow sequences (libyaml is quadratic on these)
rep 100000 '[' > "$d/flow-open-100k.yaml"
# 10,000 nested, closed flow sequences
{ printf 'a: '; rep 10000 '['; rep 10000 ']'; echo; } > "$d/flow-nesting-deep.yaml"
# 500 levels of block mappings
awk 'BEGIN { for (i = 0; i < 500; i++) { for (j = 0; j < i; j++) printf " "; print "a:" } }' \
    > "$d/block-nesting-deep.yaml"
# a 5 MB file (a valid record followed by a long comment)
{ hdr big-5mb; rep 90000 '# padding padding padding padding padding padding padding\n'; } \
    > "$d/big-5mb.yaml"
# one 900 KB scalar, under the file size limit
{ hdr huge-scalar; printf 'summary: '; rep 90000 'abcdefghi '; echo; } > "$d/huge-scalar.yaml"
# a flow sequence of 1,000,000 elements (over the size limit)
{ printf 'tags: ['; rep 999999 '0,'; echo '0]'; } > "$d/flow-seq-1e6.yaml"
# a flow sequence of 300,000 elements (under the size limit: node limit)
{ printf 'tags: ['; rep 299999 '0,'; echo '0]'; } > "$d/flow-seq-300k.yaml"
# 100,000 documents
rep 100000 '--- a\n' > "$d/many-documents.yaml"
# 50,000 keys in one mapping, the last one a duplicate
{ awk 'BEGIN { for (i = 0; i < 50000; i++) printf "k%d: %d\n", i, i }'; echo 'k7: dup'; } \
    > "$d/many-keys-duplicate.yaml"
# 255 aliases of a 1000-element list (expansion budget, not alias count)
{ printf 'a: &a ['; rep 999 '0,'; echo '0]'; printf 'b: ['; rep 254 '*a,'; echo '*a]'; } \
    > "$d/alias-expansion.yaml"
