#!/usr/bin/env bash
# The volunteer result cache on a rebuild: zlib (34 compiles, make -j4; PROJECT=lua: Lua 5.4's
# `make linux`, 33 compiles) through one volunteer on loopback, after `make clean` each time, for
# ROUNDS interleaved rounds of
#   A:    Debian's distcc client + Debian's distccd (the reference; it has no cache)
#   cold: jdistcc's client + jdistcc's distccd --cache-dir, the cache emptied (restarted on a new one)
#   warm: the same again: every compile is answered from the volunteer's disk
#   R1:   jdistcc through volunteer 1 of two sharing one redis-server (--cache-url), Redis emptied
#   R2:   the same tree through volunteer 2: every compile is a hit in what volunteer 1 stored
# It prints each round's wall times, the medians and the ratios, and checks that the warm and
# shared-hit objects are byte for byte those of a local gcc build.
#
# Usage: bench/volunteer-cache.sh PREFIX [ROUNDS]     (PREFIX from scripts/install.sh --prefix PREFIX)
# Installs Debian's distcc with apt-get if missing. Needs: make, gcc, redis-server (apt-get install redis-server).
set -euo pipefail
prefix=$(cd "${1:?usage: volunteer-cache.sh PREFIX [ROUNDS]}" && pwd)
rounds=${2:-3}
jobs=${JOBS:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=debian-distcc.sh
. "$(dirname "$0")/debian-distcc.sh"
need_debian_distcc
command -v redis-server >/dev/null && command -v redis-cli >/dev/null \
    || { echo "needs redis-server and redis-cli: apt-get install redis-server" >&2; exit 1; }
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
bench_workdir jdistcc-bench
chmod 755 "$work" # a volunteer started as root runs as nobody: it must reach its cache directory

project=${PROJECT:-zlib}
tree=$work/tree
case $project in
    zlib)
        cp -a "$("$here/scripts/fetch-zlib.sh" "$work/src")" "$tree"
        (cd "$tree" && CC=gcc ./configure >/dev/null)
        target=() cflags= ;;
    lua)
        cp -a "$("$here/scripts/fetch-debian-source.sh" lua5.4 "$work/src")/src" "$tree"
        target=(linux) cflags=-std=gnu99 ;;
    *) echo "PROJECT must be zlib or lua" >&2; exit 2 ;;
esac
# The reference objects: gcc here, in the same tree (the same paths) as every build below.
(cd "$tree" && make -s -j"$jobs" "${target[@]}" CC="gcc $cflags" >/dev/null 2>&1)
mkdir "$work/local"
cp "$tree"/*.o "$work/local/"

port_a=$(free_port)
/usr/bin/distccd --no-detach --daemon --allow 127.0.0.1 --listen 127.0.0.1 --port "$port_a" --jobs $((jobs + 2)) \
    --log-file /dev/null 2>/dev/null &
pids+=($!)

redis_port=$(free_port)
mkdir -m 777 "$work/redis"
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$work/redis" \
    --maxmemory 1gb --maxmemory-policy allkeys-lru >"$work/redis.log" 2>&1 &
pids+=($!)
await_port "$redis_port"

jdistccd() { # PORT LOG OPTIONS...
    local port=$1 log=$2
    shift 2
    "$prefix/bin/distccd" --no-detach --allow 127.0.0.1 --listen 127.0.0.1 --port "$port" --jobs $((jobs + 2)) \
        --log-file "$log" "$@" 2>>"$work/jdistccd.err" &
    pids+=($!)
    await_port "$port"
}
port_r1=$(free_port)
port_r2=$(free_port)
mkdir -m 777 "$work/logs"
jdistccd "$port_r1" "$work/logs/r1.log" --cache-url "redis://127.0.0.1:$redis_port"
jdistccd "$port_r2" "$work/logs/r2.log" --cache-url "redis://127.0.0.1:$redis_port"

# The disk-cache volunteer, restarted on an empty cache directory for each cold build.
port_c=$(free_port)
disk_pid=
fresh_disk_volunteer() { # ROUND
    if [ -n "$disk_pid" ]; then kill "$disk_pid"; wait "$disk_pid" 2>/dev/null || true; fi
    mkdir -m 777 "$work/cache-$1"
    jdistccd "$port_c" "$work/logs/disk-$1.log" --cache-dir "$work/cache-$1" --cache-size 1G
    disk_pid=${pids[-1]}
    # Not timed: the new daemon works out its compilers' identities, and its JIT warms up on a
    # build whose keys differ (-D), so the cold build below is a cold cache, not a cold JVM.
    for _ in $(seq 1200); do grep -q 'compiler names identified' "$work/logs/disk-$1.log" && break; sleep 0.1; done
    build "$jd -DJDISTCC_BENCH_WARM_UP" "127.0.0.1:$port_c" >/dev/null
}

# One build after make clean; prints its wall seconds. Each client keeps its DISTCC_DIR.
build() { # CLIENT HOSTS
    local client=${1%% *}
    local dir=$work/distcc-dir-$(basename "$(dirname "$(dirname "$client")")")
    mkdir -p "$dir"
    (cd "$tree" && make -s clean >/dev/null && DISTCC_DIR=$dir DISTCC_HOSTS=$2 DISTCC_FALLBACK=0 \
        /usr/bin/time -f '%e' -o "$work/time" make -s -j"$jobs" "${target[@]}" CC="$client gcc $cflags ${1#"$client"}" \
        >/dev/null 2>"$work/make.err") \
        || { cat "$work/make.err" >&2; exit 1; }
    cat "$work/time"
}

same_as_local() { # WHAT
    local o
    for o in "$work"/local/*.o; do
        cmp -s "$o" "$tree/$(basename "$o")" || { echo "$1: $(basename "$o") differs from gcc's here" >&2; exit 1; }
    done
}

jd=$prefix/bin/distcc
build /usr/bin/distcc "127.0.0.1:$port_a" >/dev/null # warm-up: page cache, the agent's JVM
build "$jd -DJDISTCC_BENCH_WARM_UP" "127.0.0.1:$port_r1" >/dev/null
build "$jd -DJDISTCC_BENCH_WARM_UP=2" "127.0.0.1:$port_r2" >/dev/null # misses too: other keys
header='%-6s %7s %7s %7s %7s %7s %10s %10s %10s %8s\n'
# shellcheck disable=SC2059
printf "$header" round A cold warm R1 R2 cold/A warm/cold warm/A R2/R1
: >"$work/rows"
for r in $(seq "$rounds"); do
    a=$(build /usr/bin/distcc "127.0.0.1:$port_a")
    fresh_disk_volunteer "$r"
    cold=$(build "$jd" "127.0.0.1:$port_c")
    warm=$(build "$jd" "127.0.0.1:$port_c")
    same_as_local "warm, round $r"
    redis-cli -p "$redis_port" flushall >/dev/null
    r1=$(build "$jd" "127.0.0.1:$port_r1")
    r2=$(build "$jd" "127.0.0.1:$port_r2")
    same_as_local "shared hit, round $r"
    row="$a $cold $warm $r1 $r2 $(ratio "$a" "$cold") $(ratio "$cold" "$warm") $(ratio "$a" "$warm") $(ratio "$r1" "$r2")"
    # shellcheck disable=SC2059,SC2086
    printf "$header" "$r" $row
    echo "$row" >>"$work/rows"
done
for i in $(seq 9); do med[i]=$(cut -d' ' -f"$i" "$work/rows" | median); done
# shellcheck disable=SC2059
printf "$header" median "${med[@]}"
hits=$(cat "$work"/logs/disk-*.log | grep -c 'cache=hit' || true)
shared=$(grep -c 'cache=shared-hit' "$work/logs/r2.log" || true)
objects=$(find "$work/local" -name '*.o' | wc -l)
echo "wall seconds; make -j$jobs, $project after make clean, $rounds rounds; hits: disk $hits, shared $shared of $((rounds * objects));"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warm and R2 objects identical to gcc's here"
