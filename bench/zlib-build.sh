#!/usr/bin/env bash
# Builds zlib (34 compiles, make -j4) through a volunteer on loopback, alternating
#   A: Debian's distcc client + Debian's distccd
#   B: jdistcc's client + jdistcc's distccd
# for ROUNDS rounds (A B A B ...), and prints each round's wall and client-side CPU time, the
# medians, and the B/A ratios pair by pair.
#
# Usage: bench/zlib-build.sh PREFIX [ROUNDS]     (PREFIX from scripts/install.sh --prefix PREFIX)
# Installs Debian's distcc and hyperfine with apt-get if missing. Needs: make, gcc.
set -euo pipefail
prefix=$(cd "${1:?usage: zlib-build.sh PREFIX [ROUNDS]}" && pwd)
rounds=${2:-5}
jobs=${JOBS:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=debian-distcc.sh
. "$(dirname "$0")/debian-distcc.sh"
need_debian_distcc
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
bench_workdir jdistcc-bench

src=$("$here/scripts/fetch-zlib.sh" "$work/src")
(cd "$src" && CC=gcc ./configure >/dev/null)

start_debian_distccd $((jobs + 2))
start_jdistccd "$prefix" $((jobs + 2))
await_port "$port_debian"
await_port "$port_ours"

# One build; prints "WALL_SECONDS CLIENT_CPU_SECONDS": the CPU of make and everything it ran
# (clients, preprocessors, links) plus, for jdistcc, its client agent's; not the daemons'.
# Each client keeps its DISTCC_DIR across builds, as a user's ~/.distcc is kept.
build() { # CLIENT HOSTS
    local tree=$work/tree
    rm -rf "$tree" && cp -a "$src" "$tree"
    local dir=$work/distcc-dir-$(basename "$(dirname "$(dirname "$1")")")
    mkdir -p "$dir"
    local before after
    before=$(agent_cpu "$dir")
    (cd "$tree" && DISTCC_DIR=$dir DISTCC_HOSTS=$2 DISTCC_FALLBACK=0 \
        /usr/bin/time -f '%e %U %S' -o "$work/time" make -s -j"$jobs" CC="$1 gcc" >/dev/null 2>"$work/make.err") \
        || { cat "$work/make.err" >&2; exit 1; }
    after=$(agent_cpu "$dir")
    awk -v a="$before" -v b="$after" '{ printf "%s %.2f\n", $1, $2 + $3 + b - a }' "$work/time"
}

ab_rounds "$prefix" "$rounds" "make -j$jobs, zlib"
