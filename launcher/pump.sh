#!/bin/sh
# jdistcc's pump: distcc 3.4's pump command (its pump.in), same interface and environment, with the
# client agent in place of distcc's include server. The agent finds each compile's headers itself
# (org.jdistcc.client.includes), so nothing starts per build: INCLUDE_SERVER_PORT only tells distcc
# that pump mode is on, and INCLUDE_SERVER_DIR holds nothing but the files pump --shutdown removes.
# Installed as PREFIX/bin/pump by scripts/install.sh, which replaces @BIN@ with PREFIX/bin.

bin='@BIN@'
program_name=$0

usage() {
    cat <<'EOF'
Usage:
    pump COMMAND [ARG...]
or
    pump --startup
    pump --shutdown

Description:
  Pump runs COMMAND (typically a parallel build, "make -j40") with distcc's pump
  mode on: compiles for hosts marked ",cpp,lzo" are preprocessed by the
  volunteers, and the distcc client agent finds the headers each compile needs,
  without running the preprocessor here. PATH starts with jdistcc's bin
  directory while COMMAND runs.

  "pump --startup" prints the environment variables to set instead (eval them),
  "pump --shutdown" ends what --startup began:

      eval `pump --startup`
      make -j40
      pump --shutdown

  Unlike distcc 3.4's pump, no include server is started: INCLUDE_SERVER_PORT
  only marks pump mode, and INCLUDE_SERVER_PID is empty.

Environment variables (all optional):
  DISTCC_POTENTIAL_HOSTS  volunteers for lsdistcc to check; those that answer,
                          marked ",cpp,lzo", become DISTCC_HOSTS
  DISTCC_HOSTS            the host list, when DISTCC_POTENTIAL_HOSTS is unset
  LSDISTCC_ARGS           extra options for lsdistcc
  DISTCC_MAX_DISCREPANCY  accepted as by distcc 3.4 (checked to be a positive number)
EOF
}

# Prints what distcc 3.4's pump prints for the host list, and exports DISTCC_HOSTS when lsdistcc
# chose it. Fails with 3.4's words when no host speaks pump mode.
determine_hosts() {
    if [ -n "$DISTCC_POTENTIAL_HOSTS" ]; then
        # shellcheck disable=SC2086 # word splitting is the interface, as in 3.4
        hosts=$("$bin/lsdistcc" $LSDISTCC_ARGS $DISTCC_POTENTIAL_HOSTS | awk -F '\t' '$2 == "up" { print $1 }')
        DISTCC_HOSTS="--randomize $(printf '%s\n' "$hosts" | sed '/^$/d; s/$/,cpp,lzo/' | tr '\n' ' ')"
        export DISTCC_HOSTS
        [ "$verbose" = 1 ] && echo "__________Found $(printf '%s\n' "$hosts" | sed '/^$/d' | wc -l) available distcc servers"
        return 0
    fi
    if [ -z "$DISTCC_HOSTS" ] &&
        { [ -z "$DISTCC_DIR" ] || [ ! -f "$DISTCC_DIR/hosts" ]; } &&
        { [ -z "$HOME" ] || [ ! -f "$HOME/.distcc/hosts" ]; } &&
        [ ! -f /etc/distcc/hosts ]; then
        echo "$program_name: expected environment variables \"DISTCC_HOSTS\" or" \
            "\"DISTCC_POTENTIAL_HOSTS\" to be set, or to find a distcc hosts file in" \
            "\"\$DISTCC_DIR/hosts\", \"\$HOME/.distcc/hosts\", or \"/etc/distcc/hosts\"." 1>&2
        return 1
    fi
    # distcc --show-hosts also wakes the client agent, so the build's first compiles find it warm.
    hosts=$("$bin/distcc" --show-hosts 2>/dev/null)
    num_hosts=$(printf '%s\n' "$hosts" | sed '/^$/d' | wc -l)
    num_pump_hosts=$(printf '%s\n' "$hosts" | grep -c ',cpp')
    if [ "$num_hosts" -eq 0 ]; then
        echo "$program_name: error: distcc hosts list is empty!" 1>&2
        return 1
    elif [ "$num_pump_hosts" -eq 0 ]; then
        echo "$program_name: error: pump mode requested, but distcc hosts list does not contain any" \
            "hosts with ',cpp' option" 1>&2
        return 1
    fi
    if [ "$verbose" = 1 ]; then
        server_word=servers
        [ "$num_hosts" = 1 ] && server_word=server
        if [ "$num_hosts" -eq "$num_pump_hosts" ]; then
            echo "__________Using $num_hosts distcc $server_word in pump mode"
        else
            echo "__________Using $num_hosts distcc $server_word, of which only $num_pump_hosts support(s) pump mode"
        fi
    fi
}

# The directory distcc 3.4's client and pump --shutdown know by INCLUDE_SERVER_DIR and _PORT.
start() {
    INCLUDE_SERVER_DIR=$(mktemp -d "${TMPDIR-/tmp}/distcc-pump.XXXXXX") || {
        echo "$program_name: Could not make temp \"distcc-pump\"" 1>&2
        exit 1
    }
    INCLUDE_SERVER_PORT=$INCLUDE_SERVER_DIR/socket
    INCLUDE_SERVER_PID=
    export INCLUDE_SERVER_DIR INCLUDE_SERVER_PORT INCLUDE_SERVER_PID
}

shut_down() {
    if [ -n "$INCLUDE_SERVER_DIR" ] && [ -d "$INCLUDE_SERVER_DIR" ]; then
        case ${INCLUDE_SERVER_DIR##*/} in
            distcc-pump.*) rm -rf "$INCLUDE_SERVER_DIR" ;;
        esac
    fi
}

if [ -n "$DISTCC_MAX_DISCREPANCY" ]; then
    case $DISTCC_MAX_DISCREPANCY in
        '' | *[!0-9]* | 0)
            echo "$0: Bad DISTCC_MAX_DISCREPANCY value: \"$DISTCC_MAX_DISCREPANCY\". Needs to be 1 or greater." 1>&2
            exit 1
            ;;
    esac
fi

case $1 in
    '' | -h | --help)
        usage
        exit 0
        ;;
esac

if [ ! -x "$bin/distcc" ]; then
    echo "$0: error: can't find distcc (looked in $bin)" 1>&2
    exit 1
fi

case "$*" in
    --startup)
        verbose=0
        determine_hosts || exit 1
        start
        echo "export INCLUDE_SERVER_PID='$INCLUDE_SERVER_PID'"
        echo "export INCLUDE_SERVER_DIR='$INCLUDE_SERVER_DIR'"
        echo "export INCLUDE_SERVER_PORT='$INCLUDE_SERVER_PORT'"
        if [ -n "$DISTCC_HOSTS" ]; then
            echo "export DISTCC_HOSTS='$DISTCC_HOSTS'"
        fi
        echo "export PATH='$bin:$PATH'"
        exit 0
        ;;
    --shutdown)
        shut_down
        exit 0
        ;;
    *)
        verbose=1
        echo "__________Using distcc-pump from $bin"
        determine_hosts || exit 1
        start
        trap shut_down EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        PATH="$bin:$PATH" "$@"
        ;;
esac
