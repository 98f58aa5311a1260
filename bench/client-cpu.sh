#!/usr/bin/env bash
# Client-side CPU per build when the volunteers preprocess: what the client machine spends on a Lua
# 5.4 build (make -j4 linux, 34 compiles and the links) through one volunteer on loopback:
#   A: Debian's distcc client + Debian's distccd, host unmarked: plain mode, cpp runs here
#   P: jdistcc's client under jdistcc's pump + Debian's distccd, host marked ,cpp,lzo: distcc's
#      pump mode (protocol 3), the agent's include analysis in place of cpp and the include server
#   S: jdistcc's client + jdistcc's distccd, host unmarked: source mode (files by digest, the
#      volunteer's file cache warm after the warm-up)
# Client CPU is user + sys of make and everything it ran (launchers, Debian's clients and their
# cpp, the links; for P, pump too), read from make's rusage, plus for jdistcc the CPU its client
# agent used during the build (its /proc/PID/stat utime + stime + cutime + cstime before and
# after: the agent is not make's child). The daemons' CPU is not counted. Each client keeps its
# DISTCC_DIR (the agent warm, as in daily use); one warm-up build of each, then ROUNDS rounds of
# A P S interleaved; per round and median: wall and CPU, P/A and S/A.
# Goals (issue 15): client CPU in pump mode <= 0.5x A; wall with unmarked hosts (S) <= 0.95x A.
#
# Usage: bench/client-cpu.sh PREFIX [ROUNDS]     (PREFIX from scripts/install.sh --prefix PREFIX)
# Needs: make, gcc, python3, Debian's distcc (installed with apt-get if missing), Debian's lua5.4
# source package (scripts/fetch-debian-source.sh; cached after the first run).
set -euo pipefail
prefix=$(cd "${1:?usage: client-cpu.sh PREFIX [ROUNDS]}" && pwd)
rounds=${2:-5}
jobs=${JOBS:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=debian-distcc.sh
. "$(dirname "$0")/debian-distcc.sh"
need_debian_distcc
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
bench_workdir jdistcc-bench

lua=$("$here/scripts/fetch-debian-source.sh" lua5.4 "$work/src")

start_debian_distccd $((jobs + 2))
start_jdistccd "$prefix" $((jobs + 2))
await_port "$port_debian"
await_port "$port_ours"

# One build of a fresh copy of Lua's sources in configuration $1; prints "WALL CPU" in seconds.
build() { # a|p|s
    local config=$1 tree=$work/tree dir=$work/distcc-dir-$1 client hosts wrapper=()
    case $config in
        a) client=/usr/bin/distcc hosts="127.0.0.1:$port_debian" ;;
        p) client=$prefix/bin/distcc hosts="127.0.0.1:$port_debian,cpp,lzo" wrapper=("$prefix/bin/pump") ;;
        s) client=$prefix/bin/distcc hosts="127.0.0.1:$port_ours" ;;
    esac
    rm -rf "$tree" && cp -a "$lua" "$tree"
    mkdir -p "$dir"
    local before after
    before=$(agent_cpu "$dir")
    (cd "$tree/src" && DISTCC_DIR=$dir DISTCC_HOSTS=$hosts DISTCC_FALLBACK=0 \
        /usr/bin/time -f '%e %U %S' -o "$work/time" "${wrapper[@]}" make -s -j"$jobs" linux \
        CC="$client gcc -std=gnu99" >/dev/null 2>"$work/make.err") || { cat "$work/make.err" >&2; exit 1; }
    after=$(agent_cpu "$dir")
    # Lua's Makefile runs "ar rcu", which binutils 2.40 warns about whichever the client.
    if grep -v "^ar: \`u' modifier ignored" "$work/make.err" | grep -q .; then
        echo "build $config printed:" >&2
        cat "$work/make.err" >&2
    fi
    awk -v a="$before" -v b="$after" '{ printf "%s %.2f\n", $1, $2 + $3 + b - a }' "$work/time"
}

for config in a p s; do build "$config" >/dev/null; done # warm-up: agents, page cache, the file cache
echo "== Lua 5.4 make -j$jobs linux ($(ls "$lua"/src/*.c | wc -l) C files), $rounds rounds of A P S; seconds"
printf '%-6s %7s %7s %7s %7s %7s %7s %8s %8s %8s %8s\n' \
    round A_wall A_cpu P_wall P_cpu S_wall S_cpu cpu_P/A cpu_S/A wall_P/A wall_S/A
: > "$work/rows"
for r in $(seq "$rounds"); do
    read -r aw ac < <(build a)
    read -r pw pc < <(build p)
    read -r sw sc < <(build s)
    row="$aw $ac $pw $pc $sw $sc $(ratio "$ac" "$pc") $(ratio "$ac" "$sc") $(ratio "$aw" "$pw") $(ratio "$aw" "$sw")"
    # shellcheck disable=SC2086 # the row's words are the columns
    printf '%-6s %7s %7s %7s %7s %7s %7s %8s %8s %8s %8s\n' "$r" $row
    echo "$row" >> "$work/rows"
done
for i in $(seq 10); do med[$i]=$(cut -d' ' -f"$i" "$work/rows" | median); done
printf '%-6s %7s %7s %7s %7s %7s %7s %8s %8s %8s %8s\n' median "${med[@]}"
echo "goals: client CPU in pump mode <= 0.5x A (P: ${med[7]}x); wall with unmarked hosts <= 0.95x A (S: ${med[10]}x)"
echo "A = Debian distcc 3.4 plain; P = jdistcc pump -> Debian distccd ,cpp,lzo; S = jdistcc source mode -> jdistcc distccd"
echo "$(nproc) CPUs, $(gcc --version | head -n 1); the volunteer runs on this machine too; load average $(cut -d' ' -f1-3 /proc/loadavg)"
