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
