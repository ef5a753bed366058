#!/bin/sh
# Install the Debian packages netsync's build and tests need, when missing.
# As root: apt-get install.  Otherwise: print the exact command and fail.
set -eu
# build: compiler, pkg-config and the four libraries
pkgs="build-essential pkg-config libgit2-dev libyaml-dev libssl-dev libpcre2-dev"
# tests: git (daemon, http-backend), an HTTP server for smart HTTP, openssh
# (ssh-keygen -Y), python3 with icalendar (an independent ICS parser),
# chromium (headless HTML check), clang (fuzzing), clang-tidy (make lint),
# valgrind
pkgs="$pkgs git openssh-client openssl python3 python3-icalendar chromium clang libclang-rt-14-dev clang-tidy valgrind"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "netsync needs these Debian packages:$missing" >&2
	echo "install them with: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || apt-get update
apt-get install -y -q --no-install-recommends $missing >/dev/null
