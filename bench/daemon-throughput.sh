#!/usr/bin/env bash
# Daemon throughput: JOBS small compiles (a preprocessed hello.c, so the clients run no cpp) sent by
# CLIENTS parallel Debian distcc 3.4 clients to
#   A: Debian's distccd
#   B: jdistcc's distccd --sandbox=off (CPU is counted from the daemons' own rusage, which misses a
#      sandbox's processes: bench/sandbox-cost.sh measures what the default sandbox adds)
# for ROUNDS rounds (A B A B ...). Prints each round's wall time, jobs per second, the daemon's CPU
# (its own and its compilers', per job) and its resident memory (the sum over its processes, at the
# end and at the peak), the medians, and the B/A ratios pair by pair.
#
# Usage: bench/daemon-throughput.sh PREFIX [JOBS] [CLIENTS] [ROUNDS]
# Installs Debian's distcc and hyperfine with apt-get if missing. Needs: gcc.
set -euo pipefail
prefix=$(cd "${1:?usage: daemon-throughput.sh PREFIX [JOBS] [CLIENTS] [ROUNDS]}" && pwd)
jobs=${2:-1000}
clients=${3:-4}
rounds=${4:-3}
# shellcheck source=debian-distcc.sh
. "$(dirname "$0")/debian-distcc.sh"
need_debian_distcc
work=$(mktemp -d /tmp/jdistcc-throughput.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_port() {
    for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done
    echo "port $1 never opened" >&2
    exit 1
}

printf '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 0; }\n' >"$work/hello.c"
gcc -E "$work/hello.c" -o "$work/hello.i"

port_a=$(free_port)
/usr/bin/distccd --no-detach --daemon --allow 127.0.0.1 --listen 127.0.0.1 --port "$port_a" \
    --jobs "$clients" --log-file /dev/null 2>/dev/null &
pids+=($!)
port_b=$(free_port)
"$prefix/bin/distccd" --sandbox=off --no-detach --allow 127.0.0.1 --listen 127.0.0.1 --port "$port_b" \
    --jobs "$clients" --log-file /dev/null 2>/dev/null &
pids+=($!)
await_port "$port_a"
await_port "$port_b"

# The daemon's processes: Debian's distccd forks one per connection slot; jdistcc's is one JVM
# (two when started as root: the root one waits for the one that left root).
daemon_pids() {
    if [ "$1" = A ]; then pgrep -x distccd; else pgrep -f 'org.jdistcc.daemon.Main'; fi
}
# CPU ticks used by the daemon and by the compilers it has reaped.
daemon_ticks() {
    local total=0 p
    for p in $(daemon_pids "$1"); do
        total=$((total + $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 + $14 + $15 }' || echo 0)))
    done
    echo "$total"
}
# Resident kB summed over the daemon's processes: now (VmRSS) and at each one's peak (VmHWM).
daemon_rss() {
    local p rss=0 hwm=0
    for p in $(daemon_pids "$1"); do
        rss=$((rss + $(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)))
        hwm=$((hwm + $(awk '/^VmHWM/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)))
    done
    echo "$rss $hwm"
}

# One run: CLIENTS loops of JOBS/CLIENTS compiles each. Prints "WALL JOBS_PER_S CPU_MS_PER_JOB RSS_KB HWM_KB".
run() { # A|B PORT
    local per=$((jobs / clients)) c hz before after start end
    hz=$(getconf CLK_TCK)
    rm -rf "$work/out" && mkdir -p "$work/out" "$work/distcc-$1"
    before=$(daemon_ticks "$1")
    start=$(date +%s%N)
    for c in $(seq "$clients"); do
        (
            cd "$work"
            export DISTCC_DIR=$work/distcc-$1 DISTCC_HOSTS="127.0.0.1:$2/$clients" DISTCC_FALLBACK=0
            for i in $(seq "$per"); do
                timeout 60 /usr/bin/distcc gcc -O2 -c hello.i -o "out/$c-$i.o" 2>>"$work/errors" \
                    || echo "client $c job $i failed" >>"$work/errors"
            done
        ) &
    done
    wait # for the client loops: run is always called in a subshell, whose only children they are
    end=$(date +%s%N)
    after=$(daemon_ticks "$1")
    if [ -s "$work/errors" ]; then
        echo "daemon $1: some compiles failed:" >&2
        head -5 "$work/errors" >&2
        exit 1
    fi
    [ "$(find "$work/out" -name '*.o' | wc -l)" -eq $((per * clients)) ] || { echo "daemon $1: objects missing" >&2; exit 1; }
    read -r rss hwm < <(daemon_rss "$1")
    awk -v ns=$((end - start)) -v n=$((per * clients)) -v t=$((after - before)) -v hz="$hz" -v rss="$rss" -v hwm="$hwm" \
        'BEGIN { printf "%.2f %.1f %.1f %d %d\n", ns / 1e9, n / (ns / 1e9), t * 1000 / hz / n, rss, hwm }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

: >"$work/errors"
jobs_saved=$jobs
jobs=$((clients * 10)) # warm-up: page cache, and the JVM's first compilations
(run A "$port_a") >/dev/null
(run B "$port_b") >/dev/null
jobs=$jobs_saved
printf '%-6s %8s %8s %8s %8s %9s %9s %8s %8s\n' round A_wall A_jobs/s B_wall B_jobs/s A_cpu/job B_cpu/job wall_B/A cpu_B/A
: >"$work/rows"
for r in $(seq "$rounds"); do
    read -r aw aj ac ar ah < <(run A "$port_a")
    read -r bw bj bc br bh < <(run B "$port_b")
    [ -n "${ah:-}" ] && [ -n "${bh:-}" ] || exit 1 # run printed why
    rw=$(awk -v a="$aw" -v b="$bw" 'BEGIN { printf "%.3f", b / a }')
    rc=$(awk -v a="$ac" -v b="$bc" 'BEGIN { printf "%.3f", b / a }')
    printf '%-6s %8s %8s %8s %8s %7s ms %7s ms %8s %8s\n' "$r" "$aw" "$aj" "$bw" "$bj" "$ac" "$bc" "$rw" "$rc"
    echo "$aw $aj $bw $bj $ac $bc $rw $rc $ar $ah $br $bh" >>"$work/rows"
done
for i in $(seq 12); do med[$i]=$(cut -d' ' -f"$i" "$work/rows" | median); done
printf '%-6s %8s %8s %8s %8s %7s ms %7s ms %8s %8s\n' median "${med[1]}" "${med[2]}" "${med[3]}" "${med[4]}" \
    "${med[5]}" "${med[6]}" "${med[7]}" "${med[8]}"
echo "resident memory after the last round (sum over the daemon's processes; peak in brackets):"
echo "  A Debian distccd: $((${med[9]%.*} / 1024)) MiB ($((${med[10]%.*} / 1024)) MiB)"
echo "  B jdistcc distccd: $((${med[11]%.*} / 1024)) MiB ($((${med[12]%.*} / 1024)) MiB)"
echo "A = Debian distccd, B = jdistcc distccd; $jobs jobs (gcc -O2 -c hello.i) from $clients Debian distcc 3.4 clients, $rounds rounds"
