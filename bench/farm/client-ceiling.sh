#!/usr/bin/env bash
# Where the client machine is the ceiling of the farm (issue 15's premise: with local preprocessing
# the client runs cpp for every file). A client namespace limited to CLIENT_PERCENT of one CPU (a
# laptop, or a build host shared with other work) and two unlimited volunteers in namespaces of
# their own, 2 slots each, joined by a bridge on a private subnet (bench/farm/farm-lib.sh). Lua 5.4
# (`make -j4 linux`: 34 compiles and the links) and zlib (`make -j4`), each built by
#   A: Debian's distcc 3.4 client and distccd, hosts unmarked (plain mode: cpp runs on the client)
#   B: jdistcc's client and distccd, hosts unmarked (source mode: the volunteers preprocess)
#   C: upstream distcc 3.4's pump mode (`pump make`, its include server, hosts marked ,cpp,lzo) with
#      Debian's distccd, built by scripts/build-distcc-pump.sh (Debian's distcc-pump does not run on
#      Debian 12's Python); left out when that build fails
# interleaved, ROUNDS rounds after one warm-up build of each. Prints every build's wall seconds, the
# medians, B/A and B/C; B's and C's objects are checked to equal a local build's byte for byte.
#
# Usage: bench/farm/client-ceiling.sh PREFIX [ROUNDS]   (as root: namespaces, cgroups)
# Environment: CLIENT_PERCENT (25), JOBS (make -j, 4), SLOTS (per volunteer, 2), DELAY_MS (added
# one-way latency per link end, 1), PROJECTS ("lua zlib"), PUMP (0 leaves C out).
set -euo pipefail
prefix=$(cd "${1:?usage: client-ceiling.sh PREFIX [ROUNDS]}" && pwd)
rounds=${2:-5}
client_percent=${CLIENT_PERCENT:-25}
jobs=${JOBS:-4}
slots=${SLOTS:-2}
delay=${DELAY_MS:-1}
projects=${PROJECTS:-lua zlib}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "client-ceiling.sh: needs root (network namespaces, cgroups)" >&2; exit 1; }
# shellcheck source=../debian-distcc.sh
. "$root/bench/debian-distcc.sh"
need_debian_distcc
# shellcheck source=farm-lib.sh
. "$here/farm-lib.sh"

work=$(mktemp -d /tmp/jdistcc-ceiling.XXXXXX)
chmod 755 "$work"
cleanup() { farm_teardown; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "== load at start: $(uptime | sed 's/.*load average/load average/')"

declare -A src make_args
for p in $projects; do
    case $p in
        lua)
            src[lua]=$("$root/scripts/fetch-debian-source.sh" lua5.4 "$work/src-lua")/src
            make_args[lua]="linux"
            ;;
        zlib)
            src[zlib]=$("$root/scripts/fetch-zlib.sh" "$work/src-zlib")
            (cd "${src[zlib]}" && CC=gcc ./configure >/dev/null)
            make_args[zlib]=""
            ;;
        *) echo "client-ceiling.sh: unknown project $p (lua, zlib)" >&2; exit 1 ;;
    esac
    # The objects every distributed build of B must reproduce.
    cp -a "${src[$p]}" "$work/local-$p"
    # shellcheck disable=SC2086
    make -s -C "$work/local-$p" -j"$jobs" ${make_args[$p]} CC="gcc$([ "$p" = lua ] && echo ' -std=gnu99')" \
        >/dev/null 2>"$work/local.err" || { echo "the local build of $p failed:" >&2; cat "$work/local.err" >&2; exit 1; }
done

pump_dir=
if [ "${PUMP:-1}" != 0 ]; then
    pump_dir=$("$root/scripts/build-distcc-pump.sh" 2>"$work/pump-build.err" | tail -n 1) && [ -x "$pump_dir/pump" ] \
        || { echo "== no upstream pump (scripts/build-distcc-pump.sh failed: $(tail -n 1 "$work/pump-build.err")): C left out"; pump_dir=; }
fi
clients="A B"
[ -z "$pump_dir" ] || clients="A B C"

farm_cgroups
farm_network c v1 v2
for node in c v1 v2; do farm_cgroup_new "$node"; done
if [ "$delay" != 0 ]; then
    if farm_has_netem; then farm_netem "$delay" c v1 v2; else echo "== no netem in this kernel: no added latency"; fi
fi
port_distcc=$FARM_PORT_DISTCC
port_jdistcc=$FARM_PORT_JDISTCC
for v in v1 v2; do
    farm_daemons "$v" "$(farm_addr "$v")" "$slots" "$prefix" /dev/null "$work/$v-jdistccd.log"
done
for v in v1 v2; do
    farm_await_port c "$(farm_addr "$v")" $port_distcc
    farm_await_port c "$(farm_addr "$v")" $port_jdistcc
done
farm_cpu_limit c "$client_percent"
for v in v1 v2; do farm_cpu_limit "$v" max; done

# One build of PROJECT by CLIENT (A or B) in the client's namespace and cgroup; prints its wall
# seconds. Each client keeps its DISTCC_DIR across builds, as a user's ~/.distcc is kept.
build() { # CLIENT PROJECT
    local client=/usr/bin/distcc port=$port_distcc marks="" tree=$work/tree dir=$work/distcc-dir-$1 std="" start end o
    local -a wrap=()
    [ "$1" = B ] && { client=$prefix/bin/distcc; port=$port_jdistcc; }
    [ "$1" = C ] && { client=$pump_dir/distcc; marks=",cpp,lzo"; wrap=(env "PATH=$pump_dir:$PATH" "$pump_dir/pump"); }
    [ "$2" = lua ] && std=" -std=gnu99"
    rm -rf "$tree" && cp -a "${src[$2]}" "$tree" && mkdir -p "$dir"
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$FARM_CGROUP_ROOT/c" \
        ip netns exec "$(farm_ns c)" env DISTCC_DIR="$dir" DISTCC_FALLBACK=0 \
        DISTCC_HOSTS="$(farm_addr v1):$port/$slots$marks $(farm_addr v2):$port/$slots$marks" \
        timeout 900 "${wrap[@]}" make -s -C "$tree" -j"$jobs" ${make_args[$2]} CC="$client gcc$std" \
        >/dev/null 2>"$work/make.err" || { echo "build of $2 by $1 failed:" >&2; cat "$work/make.err" >&2; return 1; }
    end=$(date +%s.%N)
    if grep -q 'Warning' "$work/make.err" || { [ "$1" = C ] && grep -qi 'fall.*back\|not.*pump' "$work/make.err"; }; then
        echo "build of $2 by $1: the client warned:" >&2
        head -5 "$work/make.err" >&2
        return 1
    fi
    # Debian's client sends preprocessed text: its objects are distcc's, not checked here.
    [ "$1" = A ] || for o in "$work/local-$2"/*.o; do
        cmp -s "$o" "$tree/$(basename "$o")" || { echo "$2 by $1: $(basename "$o") differs from the local build's" >&2; return 1; }
    done
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", e - s }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "== warm-up (not counted): one build of each project by each client ($clients)"
for p in $projects; do for c in $clients; do build "$c" "$p" >/dev/null; done; done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-") print "-"; else printf "%.3f", b / a }'; }
: > "$work/rows"
printf '%-6s %-6s %8s %8s %8s %8s %8s\n' round project A_wall B_wall C_wall B/A B/C
for r in $(seq "$rounds"); do
    for p in $projects; do
        declare -A wall=([C]=-)
        # The order turns each round, so no client always builds first.
        order=$clients
        for _ in $(seq $(((r - 1) % $(wc -w <<<"$clients")))); do order="${order#* } ${order%% *}"; done
        for c in $order; do wall[$c]=$(build "$c" "$p"); done
        printf '%-6s %-6s %8s %8s %8s %8s %8s\n' "$r" "$p" "${wall[A]}" "${wall[B]}" "${wall[C]}" \
            "$(ratio "${wall[A]}" "${wall[B]}")" "$(ratio "${wall[C]}" "${wall[B]}")"
        echo "$p ${wall[A]} ${wall[B]} ${wall[C]}" >> "$work/rows"
    done
done
for p in $projects; do
    a=$(awk -v p="$p" '$1 == p { print $2 }' "$work/rows" | median)
    b=$(awk -v p="$p" '$1 == p { print $3 }' "$work/rows" | median)
    c=-
    [ -z "$pump_dir" ] || c=$(awk -v p="$p" '$1 == p { print $4 }' "$work/rows" | median)
    printf '%-6s %-6s %8s %8s %8s %8s %8s\n' median "$p" "$a" "$b" "$c" "$(ratio "$a" "$b")" "$(ratio "$c" "$b")"
done
echo "A = Debian distcc 3.4 client + distccd (plain); B = jdistcc client + distccd (source mode), hosts"
echo "unmarked; C = upstream distcc 3.4 pump mode + Debian's distccd, hosts ,cpp,lzo; the client limited"
echo "to $client_percent% of a CPU, 2 unlimited volunteers x $slots slots; make -j$jobs"
