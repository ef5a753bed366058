#!/bin/sh
# make lint: banned functions (curl's way) and clang-tidy's analyzer.
set -u
cd "$(dirname "$0")/.."
status=0
banned='\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|system|popen)[[:space:]]*\('
if grep -nE "$banned" src/main.c src/cli/*.c src/lib/*.c; then
	echo "lint: banned function used (see style.md)" >&2
	status=1
fi
if command -v clang-tidy > /dev/null; then
	flags="-std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -Isrc/lib -Isrc/cli -Ibuild/gen $(pkg-config --cflags libgit2 yaml-0.1 libcrypto libpcre2-8)"
	for f in src/lib/*.c src/cli/*.c; do
		clang-tidy -quiet -checks='-*,clang-analyzer-*,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling' \
		    -warnings-as-errors='clang-analyzer-*' "$f" -- $flags ||
		    status=1
	done
fi
exit $status
