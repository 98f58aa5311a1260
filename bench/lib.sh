# Sourced by the benchmarks: their work directory and cleanup, ports on loopback, the client
# agent's CPU, medians and ratios. Uses python3 (a free port) and /proc.

# Makes $work (/tmp/NAME.XXXXXX) and $pids; on exit, kills every pid in $pids and removes $work
# (which also ends client agents started there: they leave when their socket goes).
bench_workdir() {
    work=$(mktemp -d "/tmp/${1:-jdistcc-bench}.XXXXXX")
    pids=()
    trap bench_cleanup EXIT
}

bench_cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Waits until something listens on 127.0.0.1:PORT, at most TENTHS tenths of a second (default 300).
await_port() {
    local _
    for _ in $(seq "${2:-300}"); do
        (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "port $1 never opened" >&2
    exit 1
}

# CPU seconds (user + sys, with its reaped children) used so far by the client agents serving
# DISTCC_DIR $1: they are not children of make, so /usr/bin/time does not see them. 0 when none
# runs (Debian's client has none).
agent_cpu() {
    local pid total=0 ticks
    ticks=$(getconf CLK_TCK)
    for pid in $(pgrep -f -- "$1/agent" || true); do
        total=$((total + $(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    awk -v t="$total" -v hz="$ticks" 'BEGIN { printf "%.2f", t / hz }'
}

# B / A, three decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b / a }'; }

# The median of the numbers on stdin, one per line.
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# Starts Debian's distccd on loopback with JOBS slots; sets $port_debian (await_port it).
start_debian_distccd() {
    port_debian=$(free_port)
    /usr/bin/distccd --no-detach --daemon --allow 127.0.0.1 --listen 127.0.0.1 --port "$port_debian" \
        --jobs "$1" --log-file /dev/null 2>/dev/null &
    pids+=($!)
}

# Starts PREFIX's distccd on loopback with JOBS slots, its file cache and log in $work/daemon-tmp,
# and any further options; sets $port_ours (await_port it). Run as root, it serves as an
# unprivileged user, who must be able to make its cache there.
start_jdistccd() {
    local prefix=$1 jobs=$2
    shift 2
    chmod 711 "$work"
    mkdir -p -m 1777 "$work/daemon-tmp"
    port_ours=$(free_port)
    "$prefix/bin/distccd" --no-detach --allow 127.0.0.1 --listen 127.0.0.1 --port "$port_ours" --jobs "$jobs" \
        --file-cache-dir "$work/daemon-tmp/file-cache" --log-file "$work/daemon-tmp/jdistccd.log" "$@" 2>/dev/null &
    pids+=($!)
}

# A against B, pair by pair: runs the caller's `build CLIENT HOSTS` (which prints "WALL CPU") for
# Debian's client on $port_debian (A) and PREFIX's on $port_ours (B), once each to warm up, then
# ROUNDS times each in turn; prints every round, the medians and the B/A ratios, then WHAT.
ab_rounds() { # PREFIX ROUNDS WHAT
    local prefix=$1 rounds=$2 what=$3 r aw ac bw bc rw rc i
    local -a med
    build /usr/bin/distcc "127.0.0.1:$port_debian" >/dev/null # warm-up: page cache, agents
    build "$prefix/bin/distcc" "127.0.0.1:$port_ours" >/dev/null
    printf '%-6s %10s %10s %10s %10s %8s %8s\n' round A_wall A_cpu B_wall B_cpu wall_B/A cpu_B/A
    : > "$work/rows"
    for r in $(seq "$rounds"); do
        read -r aw ac < <(build /usr/bin/distcc "127.0.0.1:$port_debian")
        read -r bw bc < <(build "$prefix/bin/distcc" "127.0.0.1:$port_ours")
        rw=$(ratio "$aw" "$bw")
        rc=$(ratio "$ac" "$bc")
        printf '%-6s %10s %10s %10s %10s %8s %8s\n' "$r" "$aw" "$ac" "$bw" "$bc" "$rw" "$rc"
        echo "$aw $ac $bw $bc $rw $rc" >> "$work/rows"
    done
    for i in 1 2 3 4 5 6; do med[$i]=$(cut -d' ' -f$i "$work/rows" | median); done
    printf '%-6s %10s %10s %10s %10s %8s %8s\n' median "${med[1]}" "${med[2]}" "${med[3]}" "${med[4]}" "${med[5]}" "${med[6]}"
    echo "A = Debian distcc 3.4 client + distccd; B = jdistcc client + distccd; $what, $rounds rounds"
}
