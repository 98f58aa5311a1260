#!/usr/bin/env bash
# Unpacks Debian's avahi-daemon (and the libraries it runs with that this machine lacks) into DIR
# without installing it, so that no system service starts: for the test that has distcc 3.4's
# zeroconf client and daemon, which talk to avahi over D-Bus, meet ours inside network namespaces.
# Prints the path of DIR/avahi-daemon, a script that runs it.
# Usage: scripts/fetch-avahi.sh DIR
# The packages are downloaded once (apt-get download) into $JDISTCC_SRC_CACHE/debs (default
# ~/.cache/jdistcc/debs).
set -euo pipefail
dest=$(mkdir -p "${1:?usage: fetch-avahi.sh DIR}" && cd "$1" && pwd)
cache=${JDISTCC_SRC_CACHE:-$HOME/.cache/jdistcc}/debs
mkdir -p "$cache"

installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

packages=(avahi-daemon)
for library in libavahi-core7 libavahi-common3 libdaemon0; do
    installed "$library" || packages+=("$library")
done
for package in "${packages[@]}"; do
    if ! ls "$cache/${package}"_*.deb >/dev/null 2>&1; then
        (cd "$cache" && apt-get download -q "$package" >&2)
    fi
    dpkg-deb -x "$(ls "$cache/${package}"_*.deb | head -n 1)" "$dest"
done
cat > "$dest/avahi-daemon" <<SCRIPT
#!/bin/sh
# avahi-daemon unpacked here by scripts/fetch-avahi.sh; its libraries beside it.
LD_LIBRARY_PATH=$dest/usr/lib/x86_64-linux-gnu exec $dest/usr/sbin/avahi-daemon "\$@"
SCRIPT
chmod 755 "$dest/avahi-daemon"
"$dest/avahi-daemon" --version >/dev/null
echo "$dest/avahi-daemon"
