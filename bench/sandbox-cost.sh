#!/usr/bin/env bash
# What the compiler sandbox costs per job: JOBS small compiles (a preprocessed hello.c, so the client
# runs no cpp), sent one after another by Debian's distcc 3.4 client to
#   A: Debian's distccd (the reference)
#   B: jdistcc's distccd --sandbox=off
#   C: jdistcc's distccd with its default sandbox (bubblewrap)
#   D: jdistcc's distccd --sandbox=namespaces (distccd-sandbox, the sandbox without bubblewrap)
# for ROUNDS rounds, interleaved (the order rotates every round). Each daemon runs in a cgroup of its
# own, so its CPU time counts every process it starts, in whatever namespace: a sandbox's processes
# are not all reaped by the daemon, so its own rusage would miss them. Prints, per round and as
# medians: wall and CPU (user + system, daemon and compilers) per job, and the ratios C/B and D/B
# (the sandbox's cost) and B/A, C/A (against Debian's distccd).
#
# Usage: bench/sandbox-cost.sh PREFIX [JOBS] [ROUNDS]
# Runs as root (cgroups; the daemons leave root themselves). Needs gcc, bubblewrap and a PREFIX
# installed by scripts/install.sh (which builds distccd-sandbox); installs Debian's distcc if missing.
set -euo pipefail
prefix=$(cd "${1:?usage: sandbox-cost.sh PREFIX [JOBS] [ROUNDS]}" && pwd)
jobs=${2:-200}
rounds=${3:-5}
# shellcheck source=debian-distcc.sh
. "$(dirname "$0")/debian-distcc.sh"
need_debian_distcc
[ "$(id -u)" = 0 ] || { echo "sandbox-cost.sh: run as root (it puts each daemon in a cgroup)" >&2; exit 1; }
command -v bwrap >/dev/null || { echo "sandbox-cost.sh: needs bubblewrap (apt-get install bubblewrap)" >&2; exit 1; }
[ -x "$prefix/share/jdistcc/distccd-sandbox" ] || { echo "sandbox-cost.sh: $prefix has no distccd-sandbox" >&2; exit 1; }

# cgroup v2 (cpu.stat, microseconds) or v1's cpuacct (nanoseconds).
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    cgroot=/sys/fs/cgroup
    cpu_ms() { awk '/^(user|system)_usec/ { t += $2 } END { printf "%.3f\n", t / 1000 }' "$1/cpu.stat"; }
elif [ -f /sys/fs/cgroup/cpuacct/cpuacct.usage ]; then
    cgroot=/sys/fs/cgroup/cpuacct
    cpu_ms() { awk '{ printf "%.3f\n", $1 / 1e6 }' "$1/cpuacct.usage"; }
else
    echo "sandbox-cost.sh: no cgroup v2 and no cgroup v1 cpuacct mounted" >&2
    exit 1
fi

work=$(mktemp -d /tmp/jdistcc-sandbox-cost.XXXXXX)
chmod 755 "$work"
pids=()
groups=()
cleanup() {
    local p g
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    for g in "${groups[@]}"; do rmdir "$g" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_port() {
    for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done
    echo "port $1 never opened; the daemons' logs:" >&2
    tail -n 5 "$work"/*.log >&2
    exit 1
}

printf '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 0; }\n' >"$work/hello.c"
gcc -E "$work/hello.c" -o "$work/hello.i"

names=(A B C D)
declare -A port group
# start NAME COMMAND...: runs the daemon in its own cgroup, on a free port.
start() {
    local name=$1
    shift
    port[$name]=$(free_port)
    group[$name]=$cgroot/jdistcc-sandbox-cost-$$-$name
    mkdir "${group[$name]}"
    groups+=("${group[$name]}")
    (
        echo "$BASHPID" >"${group[$name]}/cgroup.procs"
        exec "$@" --no-detach --allow 127.0.0.1 --listen 127.0.0.1 --port "${port[$name]}" --jobs 2 \
            --log-file "$work/$name.log"
    ) >"$work/$name.out" 2>&1 &
    pids+=($!)
}
chmod 1777 "$work"
start A /usr/bin/distccd --daemon
start B "$prefix/bin/distccd" --sandbox=off
start C "$prefix/bin/distccd"
start D "$prefix/bin/distccd" --sandbox=namespaces
for name in "${names[@]}"; do await_port "${port[$name]}"; done
grep -h 'sandbox' "$work/C.log" "$work/D.log" | sed 's/^.*INFO  /  /' | grep 'run sandboxed' >&2 || true

# One run: JOBS compiles, one at a time. Prints "WALL_MS_PER_JOB CPU_MS_PER_JOB".
run() { # NAME
    local name=$1 before after start end i
    rm -rf "$work/out" && mkdir -p "$work/out" "$work/distcc-$name"
    before=$(cpu_ms "${group[$name]}")
    start=$(date +%s%N)
    (
        cd "$work"
        export DISTCC_DIR=$work/distcc-$name DISTCC_HOSTS="127.0.0.1:${port[$name]}/2" DISTCC_FALLBACK=0
        for i in $(seq "$jobs"); do
            timeout 60 /usr/bin/distcc gcc -O2 -c hello.i -o "out/$i.o" 2>>"$work/errors" \
                || echo "daemon $name job $i failed" >>"$work/errors"
        done
    )
    end=$(date +%s%N)
    after=$(cpu_ms "${group[$name]}")
    if [ -s "$work/errors" ]; then
        echo "daemon $name: some compiles failed:" >&2
        head -5 "$work/errors" >&2
        exit 1
    fi
    [ "$(find "$work/out" -name '*.o' | wc -l)" -eq "$jobs" ] || { echo "daemon $name: objects missing" >&2; exit 1; }
    awk -v ns=$((end - start)) -v n="$jobs" -v b="$before" -v a="$after" \
        'BEGIN { printf "%.2f %.2f\n", ns / 1e6 / n, (a - b) / n }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

: >"$work/errors"
jobs_saved=$jobs
jobs=20 # warm-up: page cache, and the JVMs' first compilations
for name in "${names[@]}"; do run "$name" >/dev/null; done
jobs=$jobs_saved

declare -A wall cpu
printf '%-6s' round
for name in "${names[@]}"; do printf ' %9s %9s' "${name}_wall" "${name}_cpu"; done
printf '   (ms per job; cpu = user + sys of the daemon and its compilers)\n'
for r in $(seq "$rounds"); do
    order=("${names[@]:$(((r - 1) % 4))}" "${names[@]:0:$(((r - 1) % 4))}")
    for name in "${order[@]}"; do
        read -r wall[$name,$r] cpu[$name,$r] < <(run "$name")
        [ -n "${cpu[$name,$r]:-}" ] || exit 1 # run printed why
    done
    printf '%-6s' "$r"
    for name in "${names[@]}"; do printf ' %9s %9s' "${wall[$name,$r]}" "${cpu[$name,$r]}"; done
    printf '   order %s\n' "${order[*]}"
done
declare -A med_wall med_cpu
printf '%-6s' median
for name in "${names[@]}"; do
    med_wall[$name]=$(for r in $(seq "$rounds"); do echo "${wall[$name,$r]}"; done | median)
    med_cpu[$name]=$(for r in $(seq "$rounds"); do echo "${cpu[$name,$r]}"; done | median)
    printf ' %9s %9s' "${med_wall[$name]}" "${med_cpu[$name]}"
done
echo
# The sandbox's cost pair by pair (same round), then its median.
for pair in C:B D:B B:A C:A; do
    x=${pair%:*} y=${pair#*:}
    wr=$(for r in $(seq "$rounds"); do ratio "${wall[$x,$r]}" "${wall[$y,$r]}"; echo; done | median)
    cr=$(for r in $(seq "$rounds"); do ratio "${cpu[$x,$r]}" "${cpu[$y,$r]}"; echo; done | median)
    dw=$(awk -v a="${med_wall[$x]}" -v b="${med_wall[$y]}" 'BEGIN { printf "%+.2f", a - b }')
    dc=$(awk -v a="${med_cpu[$x]}" -v b="${med_cpu[$y]}" 'BEGIN { printf "%+.2f", a - b }')
    printf '%s/%s: wall %s (%s ms per job), cpu %s (%s ms per job)\n' "$x" "$y" "$wr" "$dw" "$cr" "$dc"
done
echo "A = Debian distccd, B = jdistcc --sandbox=off, C = jdistcc (bubblewrap), D = jdistcc --sandbox=namespaces;"
echo "$jobs jobs (gcc -O2 -c hello.i, one at a time) from Debian's distcc 3.4 client, $rounds rounds; $(nproc) CPUs"
