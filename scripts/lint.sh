#!/bin/sh
# make lint: banned functions (curl's way) and clang-tidy's static analyzer
# over every C file of the product, src/ at any depth.  CI runs it after
# make check; it fails when clang-tidy is missing rather than passing
# without having looked.
set -u
cd "$(dirname "$0")/.."
status=0
files=$(find src -name '*.c' | sort)
[ -n "$files" ] || { echo "lint: no C files under src/" >&2; exit 2; }

banned='\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|system|popen)[[:space:]]*\('
# shellcheck disable=SC2086
if grep -nE "$banned" $files; then
	echo "lint: banned function used (see docs/CONVENTIONS.md)" >&2
	status=1
fi

if ! command -v clang-tidy > /dev/null; then
	echo "lint: clang-tidy not found (scripts/install-deps.sh installs it)" >&2
	exit 1
fi
flags="-std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Isrc/lib -Isrc/cli -Ibuild/gen $(pkg-config --cflags libgit2 yaml-0.1 libcrypto libpcre2-8)"
checks='-*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling'
jobs=$(nproc 2>/dev/null || echo 2)
# one clang-tidy per file, as many at once as there are cores; xargs exits
# non-zero when any of them found something
# shellcheck disable=SC2086
echo "$files" | xargs -P "$jobs" -I{} clang-tidy -quiet -checks="$checks" \
    -warnings-as-errors='clang-analyzer-*' {} -- $flags || status=1
n=$(echo "$files" | wc -l)
[ $status -eq 0 ] && echo "lint: $n files, no findings"
exit $status
