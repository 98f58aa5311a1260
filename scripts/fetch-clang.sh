#!/usr/bin/env bash
# Unpacks Debian's clang 14 (clang-14 and the libraries it runs with) into DIR without installing
# it, for tests that need a second compiler on a volunteer whatever the machine has installed.
# Prints the path of DIR/clang, a script that runs it.
# Usage: scripts/fetch-clang.sh DIR
# The packages are downloaded once (apt-get download) into $JDISTCC_SRC_CACHE/debs (default
# ~/.cache/jdistcc/debs); DIR must be readable by whoever runs clang (a volunteer's user).
set -euo pipefail
dest=$(mkdir -p "${1:?usage: fetch-clang.sh DIR}" && cd "$1" && pwd)
cache=${JDISTCC_SRC_CACHE:-$HOME/.cache/jdistcc}/debs
mkdir -p "$cache"
packages=(clang-14 libclang-cpp14 libllvm14 libclang-common-14-dev)
for package in "${packages[@]}"; do
    if ! ls "$cache/${package}"_*.deb >/dev/null 2>&1; then
        (cd "$cache" && apt-get download -q "$package" >&2)
    fi
done
for package in "${packages[@]}"; do
    dpkg-deb -x "$(ls "$cache/${package}"_*.deb | head -n 1)" "$dest"
done
libs=$dest/usr/lib/x86_64-linux-gnu
cat > "$dest/clang" <<EOF
#!/bin/sh
# clang 14 unpacked here by scripts/fetch-clang.sh; its libraries beside it.
LD_LIBRARY_PATH=$libs exec $dest/usr/lib/llvm-14/bin/clang "\$@"
EOF
chmod 755 "$dest/clang"
"$dest/clang" --version >/dev/null
echo "$dest/clang"
