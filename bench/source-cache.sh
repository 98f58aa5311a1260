#!/usr/bin/env bash
# Source mode with the volunteer's file cache against .i mode and Debian's distcc, on loopback:
#   A: Debian's distcc client + Debian's distccd, hosts marked ,lzo (preprocessed text, LZO)
#   B: jdistcc's client + jdistcc's distccd, host unmarked: source mode, files by digest, the
#      volunteer's cache warm after the first build
#   C: jdistcc's client + jdistcc's distccd taken for distcc 3.4 (preprocessed text, LZO)
#   D: as B, the host marked ,lz4 (told to compress, as A is told ,lzo): unmarked, B compresses
#      only where the link's measured speed makes it pay, which loopback's does not
# 1. Bytes the client sends per Lua 5.4 build (make -j4 after make clean), counted by a relay in
#    front of each daemon: A, C, B with a cold cache (first build), B warm (the rebuild).
# 2. zlib make -j4 wall time, A B C interleaved for ROUNDS rounds after a warm-up, each client
#    keeping its DISTCC_DIR (agent warm); medians and ratios to A.
#
# Usage: bench/source-cache.sh PREFIX [ROUNDS]     (PREFIX from scripts/install.sh --prefix PREFIX)
# Needs: make, gcc, python3, Debian's distcc (installed with apt-get if missing), Debian's zlib
# and lua5.4 source packages (scripts/fetch-debian-source.sh; cached after the first run).
set -euo pipefail
prefix=$(cd "${1:?usage: source-cache.sh PREFIX [ROUNDS]}" && pwd)
rounds=${2:-5}
jobs=${JOBS:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=debian-distcc.sh
. "$(dirname "$0")/debian-distcc.sh"
need_debian_distcc
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
bench_workdir jdistcc-bench

start_debian_distccd $((jobs + 2))
start_jdistccd "$prefix" $((jobs + 2))
port_a=$port_debian
port_b=$port_ours
await_port "$port_a"
await_port "$port_b"
relay_a=$(free_port)
relay_b=$(free_port)
python3 "$here/bench/relay.py" "$relay_a" "$port_a" --count "$work/bytes-a" & pids+=($!)
python3 "$here/bench/relay.py" "$relay_b" "$port_b" --count "$work/bytes-b" & pids+=($!)
await_port "$relay_a"
await_port "$relay_b"

# C's DISTCC_DIRs remember the volunteer as distcc 3.4 (as a hello answered by distcc would).
mkdir -p "$work/dirs/a" "$work/dirs/b" "$work/dirs/c/volunteers" "$work/bytes-dirs/a" "$work/bytes-dirs/b" \
    "$work/bytes-dirs/c/volunteers"
for port in "$port_b" "$relay_b"; do
    for dir in "$work/dirs/c" "$work/bytes-dirs/c"; do
        printf 'dialect=DISTCC\nfeatures=0\nlearned=%s000\n' "$(date +%s)" > "$dir/volunteers/tcp_127.0.0.1_$port"
    done
done

zlib=$("$here/scripts/fetch-zlib.sh" "$work/src")
(cd "$zlib" && CC=gcc ./configure >/dev/null)
lua=$("$here/scripts/fetch-debian-source.sh" lua5.4 "$work/src")

# One build of TREE (copied fresh); prints its wall seconds. CONFIG is a, b or c; DIRS the
# DISTCC_DIR parent; HOSTPORT where the client goes; then make's arguments.
build() { # TREE CONFIG DIRS PORT MAKE-ARGS...
    local src=$1 config=$2 dirs=$3 port=$4
    shift 4
    local tree=$work/tree client hosts
    rm -rf "$tree" && cp -a "$src" "$tree"
    case $config in
        a) client=/usr/bin/distcc hosts="127.0.0.1:$port,lzo" ;;
        b) client=$prefix/bin/distcc hosts="127.0.0.1:$port" ;;
        c) client=$prefix/bin/distcc hosts="127.0.0.1:$port,lzo" ;;
        d) client=$prefix/bin/distcc hosts="127.0.0.1:$port,lz4" ;;
    esac
    (cd "$tree" && DISTCC_DIR=$dirs/$config DISTCC_HOSTS=$hosts DISTCC_FALLBACK=0 \
        /usr/bin/time -f '%e' -o "$work/time" make -s -j"$jobs" "$@" CC="$client gcc${CCEXTRA:+ $CCEXTRA}" \
        >/dev/null 2>"$work/make.err") || { cat "$work/make.err" >&2; exit 1; }
    cat "$work/time"
}

lua_bytes() { # CONFIG RELAY-PORT COUNT-FILE: bytes sent for one Lua build
    local before after
    before=$(cat "$3")
    CCEXTRA=-std=gnu99 build "$lua/src" "$1" "$work/bytes-dirs" "$2" linux >/dev/null
    after=$(cat "$3")
    echo $((after - before))
}

echo "== bytes the client sends per Lua 5.4 build (make -j$jobs linux, $(ls "$lua"/src/*.c | wc -l) C files)"
a_bytes=$(lua_bytes a "$relay_a" "$work/bytes-a")
c_bytes=$(lua_bytes c "$relay_b" "$work/bytes-b")
b_cold=$(lua_bytes b "$relay_b" "$work/bytes-b")
b_warm=$(lua_bytes b "$relay_b" "$work/bytes-b")
d_cold=$(lua_bytes d "$relay_b" "$work/bytes-b")
d_warm=$(lua_bytes d "$relay_b" "$work/bytes-b")
printf '%-52s %12s %8s\n' configuration bytes "x A"
printf '%-52s %12s %8s\n' "A: Debian distcc + distccd, ,lzo" "$a_bytes" 1.000
printf '%-52s %12s %8s\n' "C: jdistcc .i mode, LZO" "$c_bytes" "$(ratio "$a_bytes" "$c_bytes")"
printf '%-52s %12s %8s\n' "B: jdistcc source mode, cold cache (first build)" "$b_cold" "$(ratio "$a_bytes" "$b_cold")"
printf '%-52s %12s %8s\n' "B: jdistcc source mode, warm cache (rebuild)" "$b_warm" "$(ratio "$a_bytes" "$b_warm")"
printf '%-52s %12s %8s\n' "D: B marked ,lz4, second build" "$d_cold" "$(ratio "$a_bytes" "$d_cold")"
printf '%-52s %12s %8s\n' "D: B marked ,lz4, rebuild" "$d_warm" "$(ratio "$a_bytes" "$d_warm")"

echo
echo "== zlib make -j$jobs wall seconds, $rounds rounds (A B C interleaved after a warm-up of each)"
for config in a b c; do
    port=$port_a
    [ "$config" = a ] || port=$port_b
    build "$zlib" "$config" "$work/dirs" "$port" >/dev/null
done
printf '%-6s %8s %8s %8s %8s %8s\n' round A B C B/A C/A
: > "$work/rows"
for r in $(seq "$rounds"); do
    aw=$(build "$zlib" a "$work/dirs" "$port_a")
    bw=$(build "$zlib" b "$work/dirs" "$port_b")
    cw=$(build "$zlib" c "$work/dirs" "$port_b")
    printf '%-6s %8s %8s %8s %8s %8s\n' "$r" "$aw" "$bw" "$cw" "$(ratio "$aw" "$bw")" "$(ratio "$aw" "$cw")"
    echo "$aw $bw $cw $(ratio "$aw" "$bw") $(ratio "$aw" "$cw")" >> "$work/rows"
done
for i in 1 2 3 4 5; do med[$i]=$(cut -d' ' -f$i "$work/rows" | median); done
printf '%-6s %8s %8s %8s %8s %8s\n' median "${med[1]}" "${med[2]}" "${med[3]}" "${med[4]}" "${med[5]}"
echo "$(nproc) CPUs, $(gcc --version | head -n 1); the volunteers run on this machine too"
