#!/usr/bin/env bash
# Compression chosen by measurement, on a slow link: a Lua 5.4 build (make -j4 linux, 34 compiles)
# through a relay on loopback that carries RATE bytes per second each way, shared by all
# connections, as one network link would be (default 2,000,000: a 16 Mbit/s line):
#   A: Debian's client + Debian's distccd, host unmarked (plain: nothing compressed)
#   L: Debian's client + Debian's distccd, host marked ,lzo (the user told it to compress)
#   J: jdistcc's client + Debian's distccd, host unmarked (LZO once the link is measured slow)
#   K: jdistcc's client + jdistcc's distccd, host unmarked (source mode; LZ4 once measured slow)
# One warm-up build of each (J and K measure the link there), then ROUNDS rounds of A L J K
# interleaved; per round and median: wall seconds, and the ratios to A and to L.
#
# Usage: bench/slow-link.sh PREFIX [ROUNDS]     (PREFIX from scripts/install.sh --prefix PREFIX)
# Needs: make, gcc, python3, Debian's distcc (installed with apt-get if missing), Debian's lua5.4
# source package (scripts/fetch-debian-source.sh; cached after the first run).
set -euo pipefail
prefix=$(cd "${1:?usage: slow-link.sh PREFIX [ROUNDS]}" && pwd)
rounds=${2:-3}
jobs=${JOBS:-4}
rate=${RATE:-2000000}
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=debian-distcc.sh
. "$(dirname "$0")/debian-distcc.sh"
need_debian_distcc
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
bench_workdir jdistcc-bench

start_debian_distccd $((jobs + 2))
start_jdistccd "$prefix" $((jobs + 2))
await_port "$port_debian"
await_port "$port_ours"
link_debian=$(free_port)
link_ours=$(free_port)
# bench/relay.py --rate: a link of RATE bytes per second each way, shared by its connections.
python3 "$here/bench/relay.py" "$link_debian" "$port_debian" --rate "$rate" & pids+=($!)
python3 "$here/bench/relay.py" "$link_ours" "$port_ours" --rate "$rate" & pids+=($!)
await_port "$link_debian"
await_port "$link_ours"

lua=$("$here/scripts/fetch-debian-source.sh" lua5.4 "$work/src")

build() { # a|l|j|k: one build of a fresh copy; prints its wall seconds
    local config=$1 tree=$work/tree client hosts
    case $config in
        a) client=/usr/bin/distcc hosts="127.0.0.1:$link_debian" ;;
        l) client=/usr/bin/distcc hosts="127.0.0.1:$link_debian,lzo" ;;
        j) client=$prefix/bin/distcc hosts="127.0.0.1:$link_debian" ;;
        k) client=$prefix/bin/distcc hosts="127.0.0.1:$link_ours" ;;
    esac
    rm -rf "$tree" && cp -a "$lua" "$tree"
    mkdir -p "$work/dirs/$config"
    (cd "$tree/src" && DISTCC_DIR=$work/dirs/$config DISTCC_HOSTS=$hosts DISTCC_FALLBACK=0 \
        /usr/bin/time -f '%e' -o "$work/time" make -s -j"$jobs" linux CC="$client gcc -std=gnu99" \
        >/dev/null 2>"$work/make.err") || { cat "$work/make.err" >&2; exit 1; }
    cat "$work/time"
}

for config in a l j k; do build "$config" >/dev/null; done
echo "== Lua 5.4 make -j$jobs linux through a link of $rate bytes/s each way; $rounds rounds of A L J K; seconds"
printf '%-6s %7s %7s %7s %7s %7s %7s %7s %7s\n' round A L J K L/A J/A K/A J/L
: > "$work/rows"
for r in $(seq "$rounds"); do
    a=$(build a) l=$(build l) j=$(build j) k=$(build k)
    row="$a $l $j $k $(ratio "$a" "$l") $(ratio "$a" "$j") $(ratio "$a" "$k") $(ratio "$l" "$j")"
    # shellcheck disable=SC2086 # the row's words are the columns
    printf '%-6s %7s %7s %7s %7s %7s %7s %7s %7s\n' "$r" $row
    echo "$row" >> "$work/rows"
done
for i in $(seq 8); do med[$i]=$(cut -d' ' -f"$i" "$work/rows" | median); done
printf '%-6s %7s %7s %7s %7s %7s %7s %7s %7s\n' median "${med[@]}"
echo "J chose: $(grep -h bytes_per_s "$work"/dirs/j/links/* 2>/dev/null | head -n 1) (learned link rate)"
echo "K chose: $(grep -h bytes_per_s "$work"/dirs/k/links/* 2>/dev/null | head -n 1) (learned link rate)"
echo "$(nproc) CPUs, $(gcc --version | head -n 1); volunteers on this machine, behind the relay"
