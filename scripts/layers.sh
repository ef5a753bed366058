#!/bin/sh
# scripts/layers.sh [ROOT]: fail when an #include goes against the layering.
#
# src/lib/ is one folder per module.  A module includes headers of its own
# and of the modules it is allowed to use, listed below; nothing else.  The
# list is the architecture (docs/ARCHITECTURE.md draws it): a module lower
# down never learns about one above it, so base and yaml can be read, tested
# and fuzzed without git or the network, and the renderers never see a tree
# or a repository.  Third-party headers are owned the same way: libyaml by
# yaml alone, PCRE2 by schema, and src/cli/ sees none of libgit2, libyaml or
# PCRE2 (the CLI parses arguments, calls the library and prints).
#
# Every finding is printed as FILE:LINE: error: ... and the exit status is 1
# if there was any.  ROOT (default: the repository) lets the test suite run
# the check over a copy with a planted include.
#
# With OBJDIR (the objects of src/lib, e.g. build/asan/src/lib), the calls
# are checked too: a function or object of module N used by an object of
# module M must come from M or a module M may use.  That holds where an
# include check cannot look (a prototype written by hand, a macro).
#
#   sh scripts/layers.sh [ROOT [OBJDIR]]
set -u
root=${1:-$(dirname "$0")/..}
objdir=${2:-}
cd "$root" || exit 2

# module: the modules it may include (besides itself)
allowed() {
	case $1 in
	base)		echo "" ;;
	yaml)		echo "base" ;;
	schema)		echo "base yaml" ;;
	record)		echo "base yaml schema" ;;
	merge)		echo "base yaml" ;;
	sign)		echo "base" ;;
	repo)		echo "base yaml schema record" ;;
	keyring)	echo "base yaml schema record sign repo" ;;
	validate)	echo "base yaml schema record repo" ;;
	sync)		echo "base yaml schema record merge sign repo validate" ;;
	overview)	echo "base yaml schema record repo" ;;
	render)		echo "base overview" ;;
	cli)		echo "base yaml schema record merge sign repo keyring validate sync overview render" ;;
	*)		return 1 ;;
	esac
}

# module: the third-party headers it may include
third_party() {
	case $1 in
	yaml)		echo "yaml.h" ;;
	schema)		echo "pcre2.h" ;;
	cli)		echo "" ;;
	*)		echo "git2.h" ;;
	esac
}

check_file() {	# FILE MODULE
	allow=$(allowed "$2")
	third=$(third_party "$2")
	grep -n '^[[:space:]]*#[[:space:]]*include' "$1" | while IFS= read -r line; do
		n=${line%%:*}
		inc=$(echo "$line" | sed -n 's/.*#[[:space:]]*include[[:space:]]*\(["<][^">]*[">]\).*/\1/p')
		case $inc in
		\"*/*\")
			dep=${inc#\"}; dep=${dep%%/*}
			[ "$dep" = "$2" ] && continue
			case " $allow " in
			*" $dep "*) ;;
			*) echo "$1:$n: error: module $2 may not include $inc (it may use: ${allow:-nothing})" ;;
			esac ;;
		\"*\")
			[ "$2" = cli ] && continue
			echo "$1:$n: error: $inc: name the module (#include \"MODULE/${inc#\"})" ;;
		\<git2*|\<yaml.h\>|\<pcre2.h\>)
			h=${inc#<}; h=${h%>}; h=${h%%/*}
			case $h in git2) h=git2.h ;; esac
			case " $third " in
			*" $h "*) ;;
			*) echo "$1:$n: error: module $2 may not include $inc (third-party header owned elsewhere)" ;;
			esac ;;
		esac
	done
}

out=$(
	for dir in src/lib/*/; do
		mod=$(basename "$dir")
		if ! allowed "$mod" > /dev/null; then
			echo "$dir: error: unknown module $mod (add it to scripts/layers.sh)"
			continue
		fi
		for f in "$dir"*.c "$dir"*.h; do
			[ -f "$f" ] && check_file "$f" "$mod"
		done
	done
	for f in src/lib/*.c src/lib/*.h; do
		[ -f "$f" ] && echo "$f: error: file outside a module folder"
	done
	for f in src/main.c src/cli/*.c src/cli/*.h; do
		[ -f "$f" ] && check_file "$f" cli
	done
)
# OBJDIR: "MODULE SYMBOL" for what each module defines, then each
# object's undefined symbols checked against the owner's module.
check_symbols() {
	defs=$(mktemp) || return 1
	for o in "$objdir"/*/*.o; do
		m=$(basename "$(dirname "$o")")
		nm -g --defined-only "$o" | awk -v m="$m" 'NF == 3 { print m, $3 }'
	done > "$defs"
	for o in "$objdir"/*/*.o; do
		m=$(basename "$(dirname "$o")")
		nm -u "$o" | awk -v m="$m" -v allow=" $m $(allowed "$m") " \
		    -v file="src/lib/$m/$(basename "$o" .o).c" '
			NR == FNR { owner[$2] = $1; next }
			($NF in owner) && index(allow, " " owner[$NF] " ") == 0 {
				printf "%s: error: module %s uses %s of module %s\n",
				    file, m, $NF, owner[$NF]
			}' "$defs" -
	done
	rm -f "$defs"
}

if [ -n "$objdir" ]; then
	if ! ls "$objdir"/*/*.o > /dev/null 2>&1; then
		echo "layers.sh: no objects in $objdir" >&2
		exit 2
	fi
	out=$(printf '%s\n%s' "$out" "$(check_symbols)" | sed '/^$/d')
fi
if [ -n "$out" ]; then
	echo "$out" >&2
	exit 1
fi
