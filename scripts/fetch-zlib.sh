#!/usr/bin/env bash
# Unpacks Debian's zlib sources (a real ~30-compile C project) into DIR, for tests and benchmarks.
# Usage: scripts/fetch-zlib.sh DIR        (prints the source directory)
# Needs deb-src entries: adds one for Debian's main archive when none is configured (root only).
set -euo pipefail
dest=${1:?usage: fetch-zlib.sh DIR}
mkdir -p "$dest"
if [ -f "$dest/zlib/zlib.h" ]; then
    echo "$dest/zlib"
    exit 0
fi
cache=${JDISTCC_SRC_CACHE:-$HOME/.cache/jdistcc/src}
mkdir -p "$cache"
if ! ls "$cache"/zlib_*.orig.tar.* >/dev/null 2>&1; then
    if ! grep -rqs '^Types: *deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
        if [ "$(id -u)" != 0 ]; then
            echo "fetch-zlib: no deb-src entry in APT's sources; add one or run as root" >&2
            exit 1
        fi
        suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
        cat > /etc/apt/sources.list.d/jdistcc-src.sources <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
        apt-get update -qq >&2
    fi
    (cd "$cache" && apt-get source --download-only zlib >&2)
fi
tarball=$(ls "$cache"/zlib_*.orig.tar.* | head -n 1)
tmp=$(mktemp -d "$dest/.zlib.XXXXXX")
tar -xf "$tarball" -C "$tmp"
mv "$tmp"/zlib-* "$dest/zlib"
rmdir "$tmp"
echo "$dest/zlib"
