#!/usr/bin/env bash
# Unpacks Debian's clang 14 (clang-14 and the libraries it runs with) into DIR without installing
# it, for tests that need a second compiler on a volunteer whatever the machine has installed.
# Prints the path of DIR/clang, a script that runs it.
# Usage: scripts/fetch-clang.sh DIR
# The packages are downloaded once (apt-get download) into $JDISTCC_SRC_CACHE/debs (default
# ~/.cache/jdistcc/debs); the runtime libraries they depend on that this machine lacks are
# fetched and unpacked beside them. DIR must be readable by whoever runs clang (a volunteer's user).
set -euo pipefail
dest=$(mkdir -p "${1:?usage: fetch-clang.sh DIR}" && cd "$1" && pwd)
cache=${JDISTCC_SRC_CACHE:-$HOME/.cache/jdistcc}/debs
mkdir -p "$cache"

installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# The four packages clang -c needs, then every library package they need (not -dev: binutils and
# the C library's headers come with gcc) that is not installed here; bounded.
packages=(clang-14 libclang-cpp14 libllvm14 libclang-common-14-dev)
queue=("${packages[@]}")
declare -A seen=()
for package in "${packages[@]}"; do seen[$package]=1; done
while [ ${#queue[@]} -gt 0 ]; do
    package=${queue[0]}
    queue=("${queue[@]:1}")
    while read -r dependency; do
        dependency=${dependency%%:*}
        case "$dependency" in lib*-dev | libc6 | libgcc-s1 | libstdc++6) continue ;; lib*) ;; *) continue ;; esac
        if [ -z "${seen[$dependency]:-}" ] && ! installed "$dependency"; then
            seen[$dependency]=1
            packages+=("$dependency")
            queue+=("$dependency")
        fi
    done < <(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
        --no-enhances "$package" | sed -n 's/^  Depends: //p')
    if [ ${#packages[@]} -gt 40 ]; then
        echo "fetch-clang.sh: more than 40 packages to fetch: ${packages[*]}" >&2
        exit 1
    fi
done

for package in "${packages[@]}"; do
    if ! ls "$cache/${package}"_*.deb >/dev/null 2>&1; then
        (cd "$cache" && apt-get download -q "$package" >&2)
    fi
    dpkg-deb -x "$(ls "$cache/${package}"_*.deb | head -n 1)" "$dest"
done
libs=$dest/usr/lib/x86_64-linux-gnu
cat > "$dest/clang" <<SCRIPT
#!/bin/sh
# clang 14 unpacked here by scripts/fetch-clang.sh; its libraries beside it.
LD_LIBRARY_PATH=$libs exec $dest/usr/lib/llvm-14/bin/clang "\$@"
SCRIPT
chmod 755 "$dest/clang"
"$dest/clang" --version >/dev/null
echo "$dest/clang"
