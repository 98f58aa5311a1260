#!/usr/bin/env bash
# A compile farm on one machine: Lua's liblua.a (32 compiles, make -j6) built from a client
# namespace by 3 volunteers in namespaces of their own (2 slots each), joined by a bridge on a
# private subnet, first all unlimited, then with volunteers 2 and 3 limited to 25% of a CPU each
# (cgroups), listed fast-first, slow-first and shuffled (--randomize). Each configuration is built
# by Debian's distcc 3.4 (client + distccd) and by jdistcc (client + distccd), interleaved, ROUNDS
# times; then PAIRS rounds of two users building at once on the slow farm.
#
# Prints every build (wall seconds, compiles done by each volunteer), then per configuration the
# median, min and max, the ratio of the median and of the slowest run to the same client's median
# on the unlimited farm, and jdistcc/distcc 3.4; for pairs, each user's time and slower/faster.
#
# Usage: bench/farm/farm.sh PREFIX [ROUNDS]   (PREFIX from scripts/install.sh --prefix PREFIX; as root)
# Environment: JOBS (make -j, 6), SLOTS (per host, 2), SLOW_PERCENT (25), DELAY_MS (added one-way
# latency per link end, 1), PAIRS (2), PAIR_FARM (the farm of the pairs: slow, or unlimited), CLIENTS ("distcc jdistcc"), ORDERS ("fast-first slow-first
# shuffled"), KEEP_LOGS=1 (keep the work directory).
# Needs: iproute2 (ip, tc), python3 (when the kernel has no netem), make, gcc, Debian's distcc.
set -euo pipefail
prefix=$(cd "${1:?usage: farm.sh PREFIX [ROUNDS]}" && pwd)
rounds=${2:-5}
jobs=${JOBS:-6}
slots=${SLOTS:-2}
slow=${SLOW_PERCENT:-25}
delay=${DELAY_MS:-1}
pairs=${PAIRS:-2}
pair_farm=${PAIR_FARM:-slow}
clients=${CLIENTS:-distcc jdistcc}
orders=${ORDERS:-fast-first slow-first shuffled}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "farm.sh: needs root (network namespaces, cgroups)" >&2; exit 1; }
# shellcheck source=../debian-distcc.sh
. "$root/bench/debian-distcc.sh"
need_debian_distcc
# shellcheck source=farm-lib.sh
. "$here/farm-lib.sh"

work=$(mktemp -d /tmp/jdistcc-farm.XXXXXX)
chmod 755 "$work"
cleanup() {
    farm_teardown
    if [ "${KEEP_LOGS:-}" = 1 ]; then echo "logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "== load at start: $(uptime | sed 's/.*load average/load average/')"

src=$("$root/scripts/fetch-debian-source.sh" lua5.4 "$work/src")

farm_cgroups
farm_network c v1 v2 v3
for node in c v1 v2 v3; do farm_cgroup_new "$node"; done
latency="none"
if [ "$delay" != 0 ]; then
    if farm_has_netem; then
        farm_netem "$delay" c v1 v2 v3
        latency="netem ${delay} ms on each link end"
    else
        latency="delay.py ${delay} ms each way (no netem in this kernel)"
    fi
fi
echo "== latency: $latency"

# Two daemons per volunteer, in its namespace and cgroup (farm_daemons).
port_distcc=$FARM_PORT_DISTCC
port_jdistcc=$FARM_PORT_JDISTCC
for v in v1 v2 v3; do
    addr=$(farm_addr "$v")
    listen=$addr
    [ "$latency" = "${latency#delay.py}" ] || listen=127.0.0.1
    if [ "$listen" = 127.0.0.1 ]; then
        farm_spawn "$v" "$work/$v-delay-a.log" python3 "$here/delay.py" "$addr" $port_distcc 127.0.0.1 $port_distcc "$delay"
        farm_spawn "$v" "$work/$v-delay-b.log" python3 "$here/delay.py" "$addr" $port_jdistcc 127.0.0.1 $port_jdistcc "$delay"
    fi
    farm_daemons "$v" "$listen" "$slots" "$prefix" "$work/$v-distccd.log" "$work/$v-jdistccd.log"
done
for v in v1 v2 v3; do
    farm_await_port c "$(farm_addr "$v")" $port_distcc
    farm_await_port c "$(farm_addr "$v")" $port_jdistcc
done

hosts_for() { # CLIENT ORDER
    local port=$port_distcc w1 w2 w3
    [ "$1" = jdistcc ] && port=$port_jdistcc
    w1="$(farm_addr v1):$port/$slots" w2="$(farm_addr v2):$port/$slots" w3="$(farm_addr v3):$port/$slots"
    case $2 in
        fast-first) echo "$w1 $w2 $w3" ;;
        slow-first) echo "$w2 $w3 $w1" ;;
        shuffled) echo "--randomize $w1 $w2 $w3" ;;
    esac
}
client_bin() { if [ "$1" = jdistcc ]; then echo "$prefix/bin/distcc"; else echo /usr/bin/distcc; fi; }
set_farm() { # unlimited|slow
    farm_cpu_limit v1 max
    if [ "$1" = slow ]; then farm_cpu_limit v2 "$slow"; farm_cpu_limit v3 "$slow"; else
        farm_cpu_limit v2 max; farm_cpu_limit v3 max; fi
}
# Compiles each volunteer's daemon for CLIENT has logged so far ("v1 v2 v3").
done_counts() { # CLIENT
    local v log pattern=COMPILE_OK counts=()
    for v in v1 v2 v3; do
        log=$work/$v-distccd.log
        [ "$1" = jdistcc ] && { log=$work/$v-jdistccd.log; pattern=outcome=ok; }
        counts+=("$(grep -c -- "$pattern" "$log" 2>/dev/null || true)")
    done
    echo "${counts[*]}"
}

# One build of liblua.a by CLIENT as USER (its own DISTCC_DIR, kept across builds as ~/.distcc is);
# prints "WALL v1 v2 v3 here": seconds, and where its compiles ran.
build() { # CLIENT ORDER USER
    local tree=$work/tree-$3 dir=$work/distcc-dir-$3 before after start end
    rm -rf "$tree" && cp -a "$src" "$tree" && mkdir -p "$dir"
    before=$(done_counts "$1")
    start=$(date +%s.%N)
    sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$FARM_CGROUP_ROOT/c" \
        ip netns exec "$(farm_ns c)" env DISTCC_DIR="$dir" DISTCC_HOSTS="$(hosts_for "$1" "$2")" DISTCC_FALLBACK=0 \
        timeout 900 make -s -C "$tree/src" -j"$jobs" liblua.a CC="$(client_bin "$1") gcc -std=gnu99" \
        SYSCFLAGS=-DLUA_USE_LINUX >/dev/null 2>"$work/make-$3.err" \
        || { echo "build by $1 ($2) failed:" >&2; cat "$work/make-$3.err" >&2; return 1; }
    end=$(date +%s.%N)
    [ -f "$tree/src/liblua.a" ] || { echo "no liblua.a from $1" >&2; return 1; }
    # A daemon logs a job after its reply: the last lines may come just after make ends.
    sleep 1
    after=$(done_counts "$1")
    awk -v s="$start" -v e="$end" -v b="$before" -v a="$after" 'BEGIN {
        split(b, x, " "); split(a, y, " "); r = 0
        for (i = 1; i <= 3; i++) { d[i] = y[i] - x[i]; r += d[i] }
        printf "%.2f %d %d %d %d\n", e - s, d[1], d[2], d[3], 32 - r }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

configs=("unlimited fast-first")
for order in $orders; do configs+=("slow $order"); done

echo "== warm-up (not counted): one build per client and farm"
for c in $clients; do
    set_farm unlimited; build "$c" fast-first "$c-unlimited" >/dev/null
    set_farm slow; build "$c" fast-first "$c-slow" >/dev/null
done

: > "$work/rows"
printf '%-5s %-10s %-10s %-8s %7s   %s\n' round farm order client wall "compiles: v1 v2 v3 here"
for r in $(seq "$rounds"); do
    for config in "${configs[@]}"; do
        read -r kind order <<<"$config"
        set_farm "$kind"
        for c in $clients; do
            read -r wall n1 n2 n3 nh < <(build "$c" "$order" "$c-$kind")
            printf '%-5s %-10s %-10s %-8s %7s   %s %s %s %s\n' "$r" "$kind" "$order" "$c" "$wall" "$n1" "$n2" "$n3" "$nh"
            echo "$kind $order $c $wall" >> "$work/rows"
        done
    done
done

echo
echo "== summary: seconds; ratio = median (or slowest run) / the same client's unlimited median"
printf '%-10s %-10s %-8s %7s %7s %7s %9s %9s\n' farm order client median min max med/unl max/unl
for c in $clients; do
    unl=$(awk -v c="$c" '$1 == "unlimited" && $3 == c { print $4 }' "$work/rows" | median)
    for config in "${configs[@]}"; do
        read -r kind order <<<"$config"
        vals=$(awk -v k="$kind" -v o="$order" -v c="$c" '$1 == k && $2 == o && $3 == c { print $4 }' "$work/rows")
        med=$(echo "$vals" | median)
        min=$(echo "$vals" | sort -g | head -1)
        max=$(echo "$vals" | sort -g | tail -1)
        printf '%-10s %-10s %-8s %7s %7s %7s %9.2f %9.2f\n' "$kind" "$order" "$c" "$med" "$min" "$max" \
            "$(awk -v a="$med" -v b="$unl" 'BEGIN { print a / b }')" "$(awk -v a="$max" -v b="$unl" 'BEGIN { print a / b }')"
        echo "$kind $order $c $med" >> "$work/medians"
    done
done
if [ "$clients" = "distcc jdistcc" ]; then
    echo
    echo "== jdistcc / distcc 3.4, medians"
    for config in "${configs[@]}"; do
        read -r kind order <<<"$config"
        awk -v k="$kind" -v o="$order" '$1 == k && $2 == o { m[$3] = $4 }
            END { printf "%-10s %-10s %6.2f\n", k, o, m["jdistcc"] / m["distcc"] }' "$work/medians"
    done
fi

if [ "$pairs" -gt 0 ]; then
    echo
    echo "== two users at once on the $pair_farm farm (fast-first), $pairs rounds: each one's seconds, slower/faster,"
    echo "   and where the pair's 64 compiles ran (v1 v2 v3)"
    set_farm "$pair_farm"
    for r in $(seq "$pairs"); do
        for c in $clients; do
            pair_before=$(done_counts "$c")
            build "$c" fast-first "$c-alice" > "$work/pair-a" &
            pa=$!
            build "$c" fast-first "$c-bob" > "$work/pair-b" &
            pb=$!
            wait "$pa" && wait "$pb"
            read -r wa _ < "$work/pair-a"
            read -r wb _ < "$work/pair-b"
            pair_after=$(done_counts "$c")
            printf '%-5s %-8s %7s %7s %7.2f   %s\n' "$r" "$c" "$wa" "$wb" \
                "$(awk -v a="$wa" -v b="$wb" 'BEGIN { print (a > b ? a / b : b / a) }')" \
                "$(awk -v b="$pair_before" -v a="$pair_after" 'BEGIN { split(b, x, " "); split(a, y, " ")
                    printf "%d %d %d", y[1] - x[1], y[2] - x[2], y[3] - x[3] }')"
        done
    done
fi

echo
echo "== load at end: $(uptime | sed 's/.*load average/load average/')"
echo "Lua $(basename "$src") liblua.a, make -j$jobs, $slots slots per host, v2 and v3 at $slow% of a CPU when slow,"
echo "latency: $latency; $rounds rounds; DISTCC_FALLBACK=0"
