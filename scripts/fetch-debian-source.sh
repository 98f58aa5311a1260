#!/usr/bin/env bash
# Unpacks the upstream sources of a Debian source package (lua5.4, zlib, ...) into DIR/PACKAGE, for
# tests and benchmarks; the downloaded tarball is kept in a cache.
# Usage: scripts/fetch-debian-source.sh PACKAGE DIR       (prints the source directory)
# Needs deb-src entries: adds one for Debian's main archive when none is configured (root only).
set -euo pipefail
package=${1:?usage: fetch-debian-source.sh PACKAGE DIR}
dest=${2:?usage: fetch-debian-source.sh PACKAGE DIR}
mkdir -p "$dest"
if [ -d "$dest/$package" ]; then
    echo "$dest/$package"
    exit 0
fi
cache=${JDISTCC_SRC_CACHE:-$HOME/.cache/jdistcc/src}
mkdir -p "$cache"
if ! ls "$cache/${package}"_*.orig.tar.* >/dev/null 2>&1; then
    if ! grep -rqs '^Types: *deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
        if [ "$(id -u)" != 0 ]; then
            echo "fetch-debian-source: no deb-src entry in APT's sources; add one or run as root" >&2
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
    (cd "$cache" && apt-get source --download-only "$package" >&2)
fi
tarball=$(ls "$cache/${package}"_*.orig.tar.* | grep -v -- '-www' | head -n 1)
tmp=$(mktemp -d "$dest/.$package.XXXXXX")
tar -xf "$tarball" -C "$tmp"
# The tarball holds one top directory (lua-5.4.4/, zlib-1.2.13/, ...).
mv "$tmp"/*/ "$dest/$package"
rmdir "$tmp"
echo "$dest/$package"
