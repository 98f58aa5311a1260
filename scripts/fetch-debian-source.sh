#!/usr/bin/env bash
# Unpacks the upstream sources of a Debian source package (its .orig tarball) into DIR and prints
# the directory they are in.
# Usage: scripts/fetch-debian-source.sh PACKAGE[=VERSION] DIR
#
# The deb-src entries are derived from the machine's own APT sources (every "deb" entry of
# sources.list and sources.list.d, one-line or deb822) in a private APT directory: nothing under
# /etc/apt changes, no mirror is named here, and it works unprivileged. Downloads are cached in
# $JDISTCC_SRC_CACHE (default ~/.cache/jdistcc/src), so a rerun needs no network. A VERSION that
# the archive no longer has falls back to the current one. Exits 1 with a message if APT cannot
# fetch the package.
set -euo pipefail
want=${1:?usage: fetch-debian-source.sh PACKAGE[=VERSION] DIR}
dest=${2:?usage: fetch-debian-source.sh PACKAGE[=VERSION] DIR}
package=${want%%=*}
version=
if [ "$want" != "$package" ]; then version=${want#*=}; fi
cache=${JDISTCC_SRC_CACHE:-$HOME/.cache/jdistcc/src}
say() { echo "fetch-debian-source: $*" >&2; }

# The cached .dsc of PACKAGE (of VERSION if one is asked: "1:2.3-4" is in "pkg_2.3-4.dsc") whose
# .orig tarball is cached too and matches the .dsc's checksum.
cached_dsc() {
    local dsc orig sum
    for dsc in "$cache/${package}"_*.dsc; do
        [ -f "$dsc" ] || continue
        if [ -n "$version" ] && [ "$(basename "$dsc")" != "${package}_${version#*:}.dsc" ]; then
            continue
        fi
        # Checksums-Sha256: lines " SUM SIZE NAME"; the upstream tarball is the .orig.tar.* one.
        read -r sum orig < <(awk '/^Checksums-Sha256:/ { s = 1; next } /^[^ ]/ { s = 0 }
            s && $3 ~ /\.orig\.tar\./ { print $1, $3; exit }' "$dsc") || continue
        if [ -f "$cache/$orig" ] && echo "$sum  $cache/$orig" | sha256sum --quiet -c - >/dev/null 2>&1; then
            echo "$dsc $cache/$orig"
            return 0
        fi
    done
    return 1
}

# Prints deb-src entries (deb822) for every "deb" entry APT reads on this machine.
derive_deb_src() {
    local list parts file
    eval "$(apt-config shell list Dir::Etc::SourceList/f parts Dir::Etc::SourceParts/d)"
    for file in "$list" "$parts"*.list; do
        [ -f "$file" ] || continue
        # deb [options] URI SUITE COMPONENT...  ->  a deb822 stanza with the same fields.
        awk '
            /^[ \t]*deb[ \t]/ {
                sub(/^[ \t]*deb[ \t]+/, ""); opts = ""
                if ($0 ~ /^\[/) { opts = substr($0, 2, index($0, "]") - 2); sub(/^\[[^]]*\][ \t]*/, "") }
                n = split($0, w, /[ \t]+/)
                if (n < 2) next
                print "Types: deb-src"; print "URIs: " w[1]; print "Suites: " w[2]
                comps = ""; for (i = 3; i <= n; i++) comps = comps (i > 3 ? " " : "") w[i]
                if (comps != "") print "Components: " comps
                m = split(opts, o, /[ \t]+/)
                for (i = 1; i <= m; i++) if (o[i] ~ /^signed-by=/) print "Signed-By: " substr(o[i], 11)
                print ""
            }' "$file"
    done
    for file in "$parts"*.sources; do
        [ -f "$file" ] || continue
        # Each stanza whose Types has "deb", with Types set to deb-src; every other field as is
        # (Signed-By may be an inline key over several lines).
        awk 'BEGIN { RS = ""; ORS = "\n\n" }
            {
                n = split($0, line, "\n"); keep = 0; out = ""
                for (i = 1; i <= n; i++) {
                    if (line[i] ~ /^Types:/) {
                        if (line[i] ~ /[: \t]deb([ \t]|$)/) keep = 1
                        line[i] = "Types: deb-src"
                    }
                    if (line[i] ~ /^Enabled:[ \t]*[Nn]o/) keep = 0
                    out = out line[i] "\n"
                }
                if (keep) print out
            }' "$file"
    done
}

download() {
    local apt=$1 asked
    mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial"
    : >"$apt/sources.list"
    derive_deb_src >"$apt/sources.list.d/derived.sources"
    if ! grep -q '^Types: deb-src' "$apt/sources.list.d/derived.sources"; then
        say "no 'deb' entry in APT's sources to derive a deb-src entry from"
        return 1
    fi
    local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/sources.list.d"
        -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o Debug::NoLocking=1)
    # As root, APT downloads as the _apt user, who cannot write in a private directory of root's.
    if [ "$(id -u)" = 0 ]; then opts+=(-o APT::Sandbox::User=root); fi
    say "apt-get update, with deb-src entries derived from this machine's APT sources"
    if ! apt-get "${opts[@]}" -q update >&2; then
        say "apt-get update failed: is the archive reachable?"
        return 1
    fi
    # The version asked, then the current one, then any other the archive lists (a mirror may lack
    # a suite's files).
    local others
    others=$(apt-cache "${opts[@]}" showsrc "$package" 2>/dev/null | sed -n "s/^Version: /$package=/p" || true)
    for asked in $(printf '%s\n' "$package${version:+=$version}" "$package" $others | awk '!seen[$0]++'); do
        # Only the .dsc and the .orig tarball are used: a missing Debian part is not an error.
        (cd "$cache" && apt-get "${opts[@]}" -q source --download-only "$asked" >&2) || true
        version=
        if cached_dsc >/dev/null; then
            return 0
        fi
        say "$asked is not (completely) in the archive: trying another version"
    done
    return 1
}

mkdir -p "$cache" "$dest"
if ! found=$(cached_dsc); then
    apt=$(mktemp -d "${TMPDIR:-/tmp}/jdistcc-apt.XXXXXX")
    trap 'rm -rf "$apt"' EXIT
    if ! download "$apt" || ! found=$(cached_dsc); then
        say "could not download the source package $want with apt-get"
        exit 1
    fi
fi
read -r dsc orig <<<"$found"
tree=$dest/$(basename "$dsc" .dsc)
if [ ! -f "$tree/.unpacked" ]; then
    rm -rf "$tree"
    tmp=$(mktemp -d "$dest/.unpack.XXXXXX")
    tar -xf "$orig" -C "$tmp"
    # An .orig tarball holds one top directory (distcc-3.4/, zlib-1.2.13.dfsg/).
    top=$(find "$tmp" -mindepth 1 -maxdepth 1)
    if [ "$(printf '%s\n' "$top" | wc -l)" != 1 ] || [ ! -d "$top" ]; then
        say "$orig does not hold one top directory"
        rm -rf "$tmp"
        exit 1
    fi
    mv "$top" "$tree"
    rmdir "$tmp"
    touch "$tree/.unpacked"
fi
echo "$tree"
