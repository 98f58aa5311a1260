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

port_a=$(free_port)
/usr/bin/distccd --no-detach --daemon --allow 127.0.0.1 --listen 127.0.0.1 --port "$port_a" --jobs $((jobs + 2)) \
    --log-file /dev/null 2>/dev/null &
pids+=($!)
port_b=$(free_port)
chmod 711 "$work"
install -m 666 /dev/null "$work/jdistccd.log" # distccd started as root leaves it before opening its log
"$prefix/bin/distccd" --no-detach --allow 127.0.0.1 --listen 127.0.0.1 --port "$port_b" --jobs $((jobs + 2)) \
    --log-file "$work/jdistccd.log" 2>/dev/null &
pids+=($!)
await_port "$port_a"
await_port "$port_b"

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

build /usr/bin/distcc "127.0.0.1:$port_a" >/dev/null   # warm-up: page cache, JIT-less JVM files
build "$prefix/bin/distcc" "127.0.0.1:$port_b" >/dev/null
printf '%-6s %10s %10s %10s %10s %8s %8s\n' round A_wall A_cpu B_wall B_cpu wall_B/A cpu_B/A
: > "$work/rows"
for r in $(seq "$rounds"); do
    read -r aw ac < <(build /usr/bin/distcc "127.0.0.1:$port_a")
    read -r bw bc < <(build "$prefix/bin/distcc" "127.0.0.1:$port_b")
    rw=$(awk -v a="$aw" -v b="$bw" 'BEGIN { printf "%.3f", b / a }')
    rc=$(awk -v a="$ac" -v b="$bc" 'BEGIN { printf "%.3f", b / a }')
    printf '%-6s %10s %10s %10s %10s %8s %8s\n' "$r" "$aw" "$ac" "$bw" "$bc" "$rw" "$rc"
    echo "$aw $ac $bw $bc $rw $rc" >> "$work/rows"
done
for i in 1 2 3 4 5 6; do med[$i]=$(cut -d' ' -f$i "$work/rows" | median); done
printf '%-6s %10s %10s %10s %10s %8s %8s\n' median "${med[1]}" "${med[2]}" "${med[3]}" "${med[4]}" "${med[5]}" "${med[6]}"
echo "A = Debian distcc 3.4 client + distccd; B = jdistcc client + distccd; make -j$jobs leveldb, $rounds rounds"
