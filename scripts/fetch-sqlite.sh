#!/usr/bin/env bash
# Makes SQLite's amalgamation (sqlite3.c, one translation unit of ~250,000 lines, and sqlite3.h) from
# Debian's sqlite3 sources in DIR, for benchmarks, and prints the directory that holds it.
# Usage: scripts/fetch-sqlite.sh DIR      (needs tclsh: Debian's tcl package; make, gcc)
set -euo pipefail
dest=${1:?usage: fetch-sqlite.sh DIR}
mkdir -p "$dest"
if [ -f "$dest/amalgamation/sqlite3.c" ]; then
    echo "$dest/amalgamation"
    exit 0
fi
command -v tclsh >/dev/null || { echo "fetch-sqlite: making the amalgamation needs tclsh (apt-get install tcl)" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
src=$("$here/fetch-debian-source.sh" sqlite3 "$dest/src")
build=$(mktemp -d "$dest/.build.XXXXXX")
(cd "$build" && "$src/configure" >/dev/null && make -s sqlite3.c >/dev/null) \
    || { echo "fetch-sqlite: could not make sqlite3.c in $build" >&2; exit 1; }
tmp=$(mktemp -d "$dest/.amalgamation.XXXXXX")
cp "$build/sqlite3.c" "$build/sqlite3.h" "$tmp/"
mv "$tmp" "$dest/amalgamation"
rm -rf "$build"
echo "$dest/amalgamation"
