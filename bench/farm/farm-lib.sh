# Sourced by bench/farm/farm.sh and bench/farm/client-ceiling.sh: a simulated compile farm on one machine.
#
#   namespace jdf<ID>-sw   a bridge, jdf-br, and one end of each veth pair; no address
#   namespace jdf<ID>-c    the client, 10.213.0.1
#   namespace jdf<ID>-v1   volunteer 1, 10.213.0.11 (v2: .12, v3: .13), each in a cgroup of its own
#
# All traffic stays between these namespaces (10.213.0.0/24 exists only there); the root namespace's
# interfaces, routes and firewall are not touched. Latency: tc's netem on every veth end when the
# kernel has it (sch_netem), else delay.py, a user-space forwarder in front of each daemon.
# Every function that creates something records how to undo it in FARM_UNDO (run by farm_teardown).

FARM_ID=${FARM_ID:-$$}
FARM_NET=10.213.0
FARM_UNDO=()
FARM_PIDS=()
FARM_CGROUP_KIND=
FARM_CGROUP_ROOT=

farm_ns() { echo "jdf${FARM_ID}-$1"; }
farm_addr() { case $1 in c) echo "$FARM_NET.1" ;; v*) echo "$FARM_NET.1${1#v}" ;; esac; }
farm_in() { local ns; ns=$(farm_ns "$1"); shift; ip netns exec "$ns" "$@"; }

# Creates the switch namespace with its bridge, and one namespace per NODE joined to it.
farm_network() { # NODE...
    local sw node ns i=0
    sw=$(farm_ns sw)
    ip netns add "$sw"
    FARM_UNDO+=("ip netns del $sw")
    ip -n "$sw" link add jdf-br type bridge
    ip -n "$sw" link set jdf-br up
    for node in "$@"; do
        i=$((i + 1))
        ns=$(farm_ns "$node")
        ip netns add "$ns"
        FARM_UNDO+=("ip netns del $ns")
        ip -n "$ns" link set lo up
        # Both ends are created inside the node's namespace, then one moves to the switch: nothing
        # ever appears in the root namespace.
        ip -n "$ns" link add eth0 type veth peer name "p$i"
        ip -n "$ns" link set "p$i" netns "$sw"
        ip -n "$sw" link set "p$i" master jdf-br
        ip -n "$sw" link set "p$i" up
        ip -n "$ns" addr add "$(farm_addr "$node")/24" dev eth0
        ip -n "$ns" link set eth0 up
    done
}

# Whether this kernel has netem (tried on a throw-away namespace's loopback).
farm_has_netem() {
    local probe ok=1
    probe=$(farm_ns probe)
    ip netns add "$probe" || return 1
    ip -n "$probe" link set lo up
    tc -n "$probe" qdisc add dev lo root netem delay 1ms 2>/dev/null && ok=0
    ip netns del "$probe"
    return $ok
}

# Adds DELAY_MS on every node's interface (both directions of each link then cost it once).
farm_netem() { # DELAY_MS NODE...
    local delay=$1 node
    shift
    for node in "$@"; do
        tc -n "$(farm_ns "$node")" qdisc add dev eth0 root netem delay "${delay}ms"
    done
}

# CPU limits: cgroup v2 (cpu.max) when its cpu controller is available, else v1 (cfs quota).
farm_cgroups() {
    if [ -f /sys/fs/cgroup/cgroup.controllers ] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
        FARM_CGROUP_KIND=v2
        FARM_CGROUP_ROOT=/sys/fs/cgroup/jdistcc-farm-$FARM_ID
        grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu > /sys/fs/cgroup/cgroup.subtree_control
        mkdir "$FARM_CGROUP_ROOT"
        echo +cpu > "$FARM_CGROUP_ROOT/cgroup.subtree_control"
    elif [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
        FARM_CGROUP_KIND=v1
        FARM_CGROUP_ROOT=/sys/fs/cgroup/cpu/jdistcc-farm-$FARM_ID
        mkdir "$FARM_CGROUP_ROOT"
    else
        echo "farm: no cgroup cpu controller (v2 cpu.max or v1 cpu.cfs_quota_us) on this machine" >&2
        return 1
    fi
    FARM_UNDO+=("farm_rmdir_cgroups")
}

farm_rmdir_cgroups() {
    local dir tries
    for dir in "$FARM_CGROUP_ROOT"/*/ "$FARM_CGROUP_ROOT"; do
        [ -d "$dir" ] || continue
        # A cgroup is removable once its last process has exited: give them 5 s.
        for tries in $(seq 50); do rmdir "$dir" 2>/dev/null && break; sleep 0.1; done
    done
}

farm_cgroup_new() { # NODE
    mkdir "$FARM_CGROUP_ROOT/$1"
}

# Limits NODE's cgroup to PERCENT of one CPU, or lifts the limit ("max").
farm_cpu_limit() { # NODE PERCENT|max
    local dir=$FARM_CGROUP_ROOT/$1
    if [ "$FARM_CGROUP_KIND" = v2 ]; then
        if [ "$2" = max ]; then echo "max 100000" > "$dir/cpu.max"; else echo "$(($2 * 1000)) 100000" > "$dir/cpu.max"; fi
    else
        echo 100000 > "$dir/cpu.cfs_period_us"
        if [ "$2" = max ]; then echo -1 > "$dir/cpu.cfs_quota_us"; else echo $(($2 * 1000)) > "$dir/cpu.cfs_quota_us"; fi
    fi
}

# Runs a command in NODE's namespace and cgroup, in the background; records its pid.
farm_spawn() { # NODE LOG COMMAND...
    local node=$1 log=$2
    shift 2
    # The shell enters the cgroup first, so everything it becomes and starts is counted there.
    sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$FARM_CGROUP_ROOT/$node" \
        ip netns exec "$(farm_ns "$node")" "$@" >"$log" 2>&1 &
    FARM_PIDS+=($!)
}

# The farm's two daemons on a volunteer, in its namespace and cgroup: Debian's distccd on
# FARM_PORT_DISTCC, jdistcc's (PREFIX/bin/distccd) on FARM_PORT_JDISTCC, both SLOTS jobs, listening
# on LISTEN. They leave root for an unprivileged user before they open their logs: made writable here.
FARM_PORT_DISTCC=3632
FARM_PORT_JDISTCC=3642
farm_daemons() { # NODE LISTEN SLOTS PREFIX DISTCC_LOG JDISTCC_LOG
    local log
    for log in "$5" "$6"; do [ "$log" = /dev/null ] || install -m 666 /dev/null "$log"; done
    farm_spawn "$1" /dev/null /usr/bin/distccd --no-detach --daemon --allow "$FARM_NET.0/24" --allow 127.0.0.1 \
        --listen "$2" --port $FARM_PORT_DISTCC --jobs "$3" --log-file "$5"
    farm_spawn "$1" /dev/null "$4/bin/distccd" --no-detach --allow "$FARM_NET.0/24" --allow 127.0.0.1 \
        --listen "$2" --port $FARM_PORT_JDISTCC --jobs "$3" --log-file "$6"
}

# Waits (at most 30 s) until ADDR:PORT accepts connections from inside NODE's namespace.
farm_await_port() { # NODE ADDR PORT
    local i
    for i in $(seq 300); do
        farm_in "$1" bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "farm: $2:$3 never opened in $(farm_ns "$1")" >&2
    return 1
}

# The pids in the farm's cgroups: only processes this script started (and their children) are there.
farm_cgroup_pids() {
    [ -n "$FARM_CGROUP_ROOT" ] && cat "$FARM_CGROUP_ROOT"/*/cgroup.procs 2>/dev/null || true
}

farm_teardown() {
    local pid i
    for pid in "${FARM_PIDS[@]}" $(farm_cgroup_pids); do kill "$pid" 2>/dev/null || true; done
    for i in $(seq 50); do
        [ -z "$(farm_cgroup_pids)" ] && break
        sleep 0.1
    done
    for pid in "${FARM_PIDS[@]}" $(farm_cgroup_pids); do kill -9 "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    FARM_PIDS=()
    for ((i = ${#FARM_UNDO[@]} - 1; i >= 0; i--)); do eval "${FARM_UNDO[i]}" 2>/dev/null || true; done
    FARM_UNDO=()
}
