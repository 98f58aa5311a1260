# Sourced by scripts/install.sh and scripts/package-deb.sh: the client's AOT cache (JEP 483/514).
# Reads dest, java, bin, lib, aot_cache, client_cp, client_flags; aot_training_distccds (the
# daemons to offer the training compile, tried in order); loopback-daemon.sh's functions.
# Sets aot_status. The caller's EXIT trap runs stop_loopback_distccd (for an interrupted training).
#
# JDK 25 records one training run per cache (runs cannot be merged), so the richest run we can
# arrange is recorded: a compile sent to a distccd on loopback (preprocessing, protocol,
# compression, the object coming back, the diagnostics) when one can be started, else a local
# compile. JDISTCC_AOT_TRAINING_HOSTS points the training compile at other volunteers instead.
# The cache names the jars and the JVM by path, size and time; a cache trained under a staging
# root still serves once both are moved to where they are installed, with their times kept.

train_aot_cache() {
    local work hosts= how distccd cache=$dest$aot_cache run_java=$dest$java cp
    local -a hosts_env=()
    cp=$(staged_classpath "$client_cp")
    work=$(mktemp -d)
    chmod 755 "$work"
    mkdir -p "$work/distcc-dir"
    cat >"$work/train.c" <<'EOF'
#include <stdio.h>
#include <string.h>
static int unused_for_a_warning;
int main(int argc, char **argv) {
    int total = 0;
    for (int i = 0; i < argc; i++) total += (int) strlen(argv[i]);
    printf("%d\n", total);
    return 0;
}
EOF
    how="local compile"
    if [ -n "${JDISTCC_AOT_TRAINING_HOSTS:-}" ]; then
        hosts=$JDISTCC_AOT_TRAINING_HOSTS
        how="compile on $hosts"
    else
        for distccd in "${aot_training_distccds[@]}"; do
            [ -n "$distccd" ] && [ -x "$distccd" ] || continue
            if start_loopback_distccd "$distccd" "$work/log" --jobs 2 --log-level=info; then
                hosts="127.0.0.1:$daemon_port/2,lzo"
                how="compile sent to $distccd on 127.0.0.1:$daemon_port"
                break
            fi
        done
    fi
    [ -n "$hosts" ] && hosts_env=(DISTCC_HOSTS="$hosts")
    # The training run is the installed client, exactly as the launcher runs it, plus the output.
    if (cd "$work" && env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS \
        -u DISTCC_HOSTS -u _DISTCC_SAFEGUARD DISTCC_DIR="$work/distcc-dir" \
        "${hosts_env[@]}" \
        timeout 300 "$run_java" "${client_flags[@]}" -XX:AOTCacheOutput="$cache.tmp" \
        "-Djdistcc.launcher=$dest$bin/distcc" -Djdistcc.argv0=distcc -cp "$cp" \
        org.jdistcc.client.Main gcc -Wall -O2 -c train.c -o train.o) >"$work/training.log" 2>&1 \
        && [ -s "$cache.tmp" ] && [ -s "$work/train.o" ]; then
        chmod 644 "$cache.tmp"
        mv -f "$cache.tmp" "$cache"
        if [ -n "$daemon_port" ] && ! grep -qE 'COMPILE_OK|outcome=ok' "$work/log/distccd.log" 2>/dev/null; then
            how="local compile (a distccd was offered on 127.0.0.1:$daemon_port; the client did not use it)"
        fi
        aot_status="trained by a $how"
    else
        rm -f "$cache.tmp"
        aot_status="training failed, start-up will be slower; log:"$'\n'"$(tail -n 20 "$work/training.log")"
    fi
    stop_loopback_distccd
    rm -rf "$work"
}

# Called before the jars are replaced: a cache must never outlive the jars it was made from (see
# the launcher's comment on -nt).
drop_aot_cache() {
    rm -f "$dest$aot_cache"
}

# Trains the cache, makes it newer than every jar, and checks that the JVM maps it.
install_aot_cache() {
    local cache=$dest$aot_cache jar_time
    train_aot_cache
    [ -f "$cache" ] || return 0
    # The launcher uses the cache only if it is newer than every jar; its test -nt may compare
    # whole seconds.
    jar_time=$(stat -c %Y "$dest$lib"/*.jar | sort -n | tail -n 1)
    if [ "$(stat -c %Y "$cache")" -le "$jar_time" ]; then
        touch -d "@$((jar_time + 1))" "$cache"
    fi
    # Check that the installed command line really maps the cache.
    if ! env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS \
        "$dest$java" "${client_flags[@]}" -XX:AOTCache="$cache" -Xlog:class+load=info \
        -Djdistcc.argv0=distcc -cp "$(staged_classpath "$client_cp")" org.jdistcc.client.Main --version 2>/dev/null |
        grep -q 'org.jdistcc.client.Main source: shared objects file'; then
        aot_status="$aot_status, but the JVM does not use it (see 'java -Xlog:aot' in docs/install.md)"
    fi
}
