# Sourced by scripts/install.sh, scripts/package-deb.sh (through aot-cache.sh), scripts/demo.sh
# and the benchmarks: run a distccd on a free loopback port.
# Uses distcc 3.4's daemon options, which jdistcc's distccd and Debian's distccd both take.

daemon_pid=
daemon_port=

# Succeeds if something accepts connections on 127.0.0.1:$1.
loopback_port_is_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_loopback_distccd DISTCCD LOG_DIR [EXTRA_OPTION...]
# Starts DISTCCD in the background on a free loopback port, logging to LOG_DIR/distccd.log; sets
# daemon_pid and daemon_port. Fails if it does not accept connections within 10 s.
start_loopback_distccd() {
    local distccd=$1 log_dir=$2 attempt i
    shift 2
    # Debian's distccd drops root privileges to its own user, which must be able to write its log.
    mkdir -p "$log_dir"
    chmod 1777 "$log_dir"
    for attempt in 1 2 3; do
        daemon_port=$((20000 + RANDOM % 40000))
        loopback_port_is_open "$daemon_port" && continue
        "$distccd" --daemon --no-detach --allow 127.0.0.1 --listen 127.0.0.1 --port "$daemon_port" \
            --log-file "$log_dir/distccd.log" "$@" </dev/null >>"$log_dir/distccd.out" 2>&1 &
        daemon_pid=$!
        for i in $(seq 100); do
            loopback_port_is_open "$daemon_port" && return 0
            kill -0 "$daemon_pid" 2>/dev/null || break
            sleep 0.1
        done
        stop_loopback_distccd
        # Only a port taken since we looked is worth another try.
        cat "$log_dir"/distccd.* 2>/dev/null | grep -qi 'in use' || break
    done
    daemon_port=
    return 1
}

# Stops the daemon started above, if any: TERM, then KILL after 5 s.
stop_loopback_distccd() {
    local i
    [ -n "$daemon_pid" ] || return 0
    kill "$daemon_pid" 2>/dev/null || true
    for i in $(seq 50); do
        kill -0 "$daemon_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
    daemon_pid=
}
