#!/usr/bin/env bash
# Builds LevelDB's library (C++, ~50 compiles, make -j4 in CMake's build tree) through a volunteer
# on loopback, alternating
#   A: Debian's distcc client + Debian's distccd
#   B: jdistcc's client + jdistcc's distccd
# for ROUNDS rounds (A B A B ...), and prints each round's wall and client-side CPU time, the
# medians, and the B/A ratios pair by pair.
#
# Usage: bench/leveldb-build.sh PREFIX [ROUNDS]     (PREFIX from scripts/install.sh --prefix PREFIX)
# Installs Debian's distcc and hyperfine with apt-get if missing. Needs: cmake, make, g++. LevelDB's
# sources are Debian's (scripts/fetch-debian-source.sh).
set -euo pipefail
prefix=$(cd "${1:?usage: leveldb-build.sh PREFIX [ROUNDS]}" && pwd)
rounds=${2:-5}
jobs=${JOBS:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=debian-distcc.sh
. "$(dirname "$0")/debian-distcc.sh"
need_debian_distcc
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
bench_workdir jdistcc-bench

src=$("$here/scripts/fetch-debian-source.sh" leveldb "$work/src")

start_debian_distccd $((jobs + 2))
start_jdistccd "$prefix" $((jobs + 2))
await_port "$port_debian"
await_port "$port_ours"

# One build; prints "WALL_SECONDS CLIENT_CPU_SECONDS": the CPU of make and everything it ran
# (clients, preprocessors, links) plus, for jdistcc, its client agent's; not the daemons'.
# Each client has its own CMake build tree, configured once with the client as the compiler
# launcher; each build starts from make clean. Each client keeps its DISTCC_DIR across builds.
build() { # CLIENT HOSTS
    local name
    name=$(basename "$(dirname "$(dirname "$1")")")
    local tree=$work/build-$name dir=$work/distcc-dir-$name
    mkdir -p "$dir"
    if [ ! -f "$tree/Makefile" ]; then
        mkdir -p "$tree"
        (cd "$tree" && cmake "$src" -DCMAKE_BUILD_TYPE=Release -DLEVELDB_BUILD_TESTS=OFF \
            -DLEVELDB_BUILD_BENCHMARKS=OFF -DLEVELDB_INSTALL=OFF -DCMAKE_CXX_COMPILER=g++ -DCMAKE_C_COMPILER=gcc \
            -DCMAKE_CXX_COMPILER_LAUNCHER="$1" -DCMAKE_C_COMPILER_LAUNCHER="$1" >/dev/null)
    fi
    make -s -C "$tree" clean >/dev/null
    local before after
    before=$(agent_cpu "$dir")
    (cd "$tree" && DISTCC_DIR=$dir DISTCC_HOSTS=$2 DISTCC_FALLBACK=0 \
        /usr/bin/time -f '%e %U %S' -o "$work/time" make -s -j"$jobs" leveldb >/dev/null 2>"$work/make.err") \
        || { cat "$work/make.err" >&2; exit 1; }
    after=$(agent_cpu "$dir")
    awk -v a="$before" -v b="$after" '{ printf "%s %.2f\n", $1, $2 + $3 + b - a }' "$work/time"
}

ab_rounds "$prefix" "$rounds" "make -j$jobs leveldb"
