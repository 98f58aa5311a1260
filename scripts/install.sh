#!/usr/bin/env bash
# Builds jdistcc and installs it under a prefix (default /usr/local):
#   PREFIX/bin/{distcc,distccd,distccmon-text,lsdistcc}   launchers with the JDK baked in
#   PREFIX/lib/distcc/{cc,gcc,...} -> ../../bin/distcc    masquerade links
#   PREFIX/share/jdistcc/lib/*.jar                         the classpaths
#   PREFIX/share/jdistcc/distcc.aot                        the client's AOT cache
#   PREFIX/share/jdistcc/{distcc-jvm,distcc-agent}         the client's cold path and agent start
# bin/distcc is launcher/distcc.c, built with the system's cc, which hands compiles to a resident
# client agent; without a cc it is the cold path's script itself (docs/performance.md).
# Re-running over an existing prefix replaces all of it. See docs/install.md.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/install.sh [--prefix DIR] [--offline] [--no-build] [--no-aot]
  --prefix DIR   install under DIR (default /usr/local)
  --offline      build with 'mvn -o' (only the local Maven repository)
  --no-build     install the jars already in */target (after an earlier build)
  --no-aot       do not train the client's AOT cache (slower start-up)
environment:
  JAVA_HOME                     a JDK 25+ to use (else one is looked for in /usr/lib/jvm)
  JDISTCC_AOT_TRAINING_HOSTS    DISTCC_HOSTS for the AOT training compile, instead of a
                                distccd started on loopback for it
EOF
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/find-jdk.sh
. "$root/scripts/lib/find-jdk.sh"
# shellcheck source=lib/loopback-daemon.sh
. "$root/scripts/lib/loopback-daemon.sh"

prefix=/usr/local
offline=
build=yes
aot=yes
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || { usage >&2; exit 2; }; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --offline) offline=-o; shift ;;
        --no-build) build=; shift ;;
        --no-aot) aot=; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

started=$SECONDS
find_jdk || exit 1
java=$JDK_HOME/bin/java

# The client's JVM flags, measured in docs/install.md. Training and every compile must use the
# same ones, or the JVM rejects the AOT cache.
#  --sun-misc-unsafe-memory-access=allow: aircompressor uses sun.misc.Unsafe; without this JDK 25
#      prints a warning on stderr, in the middle of the compiler's diagnostics.
#  A compile's JVM lives for ~0.1 s: SerialGC and C1 only (TieredStopAtLevel=1) are measured
#      wins, as is no hsperfdata file in /tmp (-UsePerfData); one compiler thread is neutral
#      here and keeps 'make -j64' on a big machine from starting dozens of them.
client_flags=(
    --sun-misc-unsafe-memory-access=allow
    -XX:+UseSerialGC
    -XX:TieredStopAtLevel=1
    -XX:CICompilerCount=1
    -XX:-UsePerfData
)
# Unified logging writes warnings to *stdout* by default: a missing or stale AOT cache would
# print "[warning][aot] ..." into 'distcc gcc -E' output. Only errors go out, to stderr, and
# AOT/CDS problems (which just mean "start without the cache") not at all.
client_log_flags=(-Xlog:disable -Xlog:all=error:stderr '-Xlog:aot*=off,cds*=off:stderr')
# The resident JVMs (daemon, client agent) run each job's code once per job, so with the default
# thresholds most of it stays interpreted for hundreds of jobs: C1 only, compiling after a twentieth
# of the usual invocations, cut their CPU per job by about a third (docs/performance.md).
warm_flags=(-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05)
# The daemon lowers its own priority (--nice) through the foreign-function API: allowed here so
# the JDK prints no "restricted method" warning. A serial heap with a small young generation: a
# job allocates little, and a small eden stays resident (the default one cost 40 MiB more RSS).
daemon_flags=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmn12m "${warm_flags[@]}")

if [ -n "$build" ]; then
    command -v mvn >/dev/null || { echo "install.sh: Maven (mvn) is needed: apt-get install maven" >&2; exit 1; }
    echo "Building with Maven (JDK $JDK_HOME)..."
    build_log=$(mktemp)
    if ! (cd "$root" && JAVA_HOME=$JDK_HOME mvn -B -q -ntp $offline -Dstyle.color=never \
        -DskipTests -Dspotless.check.skip=true -pl distcc-client,distccd -am package) >"$build_log" 2>&1; then
        tail -n 60 "$build_log" >&2
        rm -f "$build_log"
        echo "install.sh: the Maven build failed" >&2
        exit 1
    fi
    rm -f "$build_log"
fi

# A module's runtime classpath: its jar, then what maven-dependency-plugin copied to target/lib.
module_jars() {
    local module=$1 jar
    jar=$(find "$root/$module/target" -maxdepth 1 -name '*.jar' ! -name '*-sources.jar' ! -name '*-tests.jar' | head -n 1)
    if [ -z "$jar" ] || [ ! -d "$root/$module/target/lib" ]; then
        echo "install.sh: $module/target has no jar or lib/; build first (drop --no-build)" >&2
        exit 1
    fi
    printf '%s\n' "$jar"
    find "$root/$module/target/lib" -maxdepth 1 -name '*.jar' | sort
}
client_list=$(module_jars distcc-client) || exit 1
daemon_list=$(module_jars distccd) || exit 1
mapfile -t client_jars <<<"$client_list"
mapfile -t daemon_jars <<<"$daemon_list"
for jar in "${client_jars[@]}"; do
    case ${jar##*/} in
        picocli-*|logback-*|slf4j-*) echo "install.sh: client classpath must not contain ${jar##*/}" >&2; exit 1 ;;
    esac
done

mkdir -p "$prefix/bin" "$prefix/lib/distcc" "$prefix/share/jdistcc"
# Absolute and symlink-free: the client compares real paths to skip itself on PATH.
prefix=$(realpath "$prefix")
bin=$prefix/bin
share=$prefix/share/jdistcc
lib=$share/lib
aot_cache=$share/distcc.aot

# Drop the old cache before the jars change under it (see the launcher's comment on -nt).
rm -f "$aot_cache"
staging=$(mktemp -d "$share/lib.new.XXXXXX")
trap 'rm -rf "$staging"' EXIT
for jar in "${client_jars[@]}" "${daemon_jars[@]}"; do
    # Both classpaths hold common, protocol and aircompressor: one copy each.
    [ -e "$staging/${jar##*/}" ] || cp "$jar" "$staging/"
done
chmod 755 "$staging"
chmod 644 "$staging"/*.jar
rm -rf "$lib"
mv "$staging" "$lib"
trap - EXIT

installed_classpath() {
    local jar cp=
    for jar in "$@"; do cp=${cp:+$cp:}$lib/${jar##*/}; done
    printf '%s' "$cp"
}
client_cp=$(installed_classpath "${client_jars[@]}")
daemon_cp=$(installed_classpath "${daemon_jars[@]}")

# Single-quotes a word for /bin/sh.
sh_quote() {
    printf "'%s'" "${1//\'/\'\\\'\'}"
}
sh_words() {
    local word out=
    for word in "$@"; do out+=" $(sh_quote "$word")"; done
    printf '%s' "${out# }"
}

# Is MAIN_CLASS in this build? Launchers for mains not written yet are stubs.
has_main_class() {
    local class_file=${1//.//}.class module
    for module in distcc-client distccd; do
        [ -f "$root/$module/target/classes/$class_file" ] && return 0
    done
    return 1
}

# write_launcher NAME MAIN_CLASS CLASSPATH ROLE
# Writes $bin/NAME, which runs MAIN_CLASS with the JDK found above. ROLE "client" gets the
# start-up flags and the AOT cache (it runs once per compile); "tool" gets plain flags.
write_launcher() {
    local name=$1 main=$2 cp=$3 role=$4 target=${5:-$bin/$1} tmp
    tmp=$(mktemp "$(dirname "$target")/.$name.XXXXXX")
    {
        echo '#!/bin/sh'
        echo "# jdistcc $name launcher, written by scripts/install.sh: re-run it rather than edit this."
        if ! has_main_class "$main"; then
            echo "# $main is not in this build yet."
            echo "echo $(sh_quote "$name: not yet implemented") >&2"
            echo 'exit 1'
        elif [ "$role" = client ]; then
            local jar guard= jars
            IFS=: read -ra jars <<<"$cp"
            for jar in "${jars[@]}"; do guard+=" && [ \"\$aot\" -nt $(sh_quote "$jar") ]"; done
            cat <<EOF
# Every compile starts here: no forks, a few stat()s, one exec.
aot=$(sh_quote "$aot_cache")
# JDK 25.0.3 maps an AOT cache even when a jar under it has changed (JDK-8377932), running the
# old classes: use the cache only if it is newer than every jar.
cache=-Xshare:auto
if [ -r "\$aot" ]${guard}; then cache=-XX:AOTCache=\$aot; fi
# The JVM would announce these on stderr ("Picked up ..."), inside the compiler's diagnostics.
unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS
# bin/distcc (launcher/distcc.c) execs this script with the name it was run as in JDISTCC_ARGV0.
argv0=\${JDISTCC_ARGV0:-\$0}
unset JDISTCC_ARGV0
exec $(sh_words "$java" "${client_flags[@]}" "${client_log_flags[@]}") "\$cache" \\
    $(sh_quote "-Djdistcc.launcher=$bin/distcc") -Djdistcc.argv0="\$argv0" \\
    -cp $(sh_quote "$cp") $main "\$@"
EOF
        else
            if [ "$role" = daemon ]; then
                cat <<'EOF'
# Started by root, the daemon leaves root as distcc 3.4 does (--user, else distcc, else nobody).
# A JVM cannot setuid itself, and one that waited for another would double the daemon's memory,
# so the switch happens here; when it cannot, the daemon itself does it (or says why not).
run_as=
if [ "$(id -u)" = 0 ] && [ -x /usr/bin/setpriv ]; then
    user= prev=
    for arg in "$@"; do
        case $prev in --user) user=$arg ;; esac
        case $arg in --user=*) user=${arg#--user=} ;; esac
        prev=$arg
    done
    if [ -z "$user" ]; then
        if id -u distcc >/dev/null 2>&1; then user=distcc; else user=nobody; fi
    fi
    if uid=$(id -u -- "$user" 2>/dev/null) && gid=$(id -g -- "$user" 2>/dev/null) && [ "$uid" != 0 ]; then
        run_as="/usr/bin/setpriv --reuid=$uid --regid=$gid --init-groups --"
    fi
fi
EOF
            fi
            cat <<EOF
exec \${run_as:-} $(sh_words "$java" "${daemon_flags[@]}") \${JDISTCC_JAVA_OPTS:-} -Djdistcc.argv0="\$0" \\
    -cp $(sh_quote "$cp") $main "\$@"
EOF
        fi
    } >"$tmp"
    chmod 755 "$tmp"
    mv -f "$tmp" "$target"
}

write_launcher distcc org.jdistcc.client.Main "$client_cp" client "$share/distcc-jvm"

# --- The client agent (launcher/distcc.c, org.jdistcc.client.agent) ---------------------------
# The agent's socket is named after this installation (jars, JDK, prefix, flags), so a launcher never
# talks to an agent left running by another or an older install.
# A long-lived JVM: a small serial heap, quick C1 (warm_flags); no AOT cache (it starts once).
agent_flags=(--sun-misc-unsafe-memory-access=allow -XX:+UseSerialGC -Xmx256m -XX:-UsePerfData "${warm_flags[@]}")
agent_id=$( { printf '%s\n' "$java" "$prefix" "${agent_flags[@]}"; cat "$lib"/*.jar; } | sha256sum | cut -c1-16)
agent_start=$share/distcc-agent
{
    echo '#!/bin/sh'
    echo '# Starts the client agent on socket $1; launcher/distcc.c runs it. Written by scripts/install.sh.'
    echo 'unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS'
    echo "exec $(sh_words "$java" "${agent_flags[@]}" "${client_log_flags[@]}") \\"
    echo "    $(sh_quote "-Djdistcc.launcher=$bin/distcc") -Djdistcc.argv0=distcc \\"
    echo "    -cp $(sh_quote "$client_cp") org.jdistcc.client.agent.AgentMain \"\$1\""
} >"$agent_start.tmp"
chmod 755 "$agent_start.tmp"
mv -f "$agent_start.tmp" "$agent_start"
launcher_status="sh script (no C compiler: every compile starts a JVM)"
c_string() {
    local text=${1//\\/\\\\}
    printf '"%s"' "${text//\"/\\\"}"
}
if has_main_class org.jdistcc.client.agent.AgentMain && command -v "${CC:-cc}" >/dev/null 2>&1 \
    && "${CC:-cc}" -O2 -o "$bin/.distcc.new" \
        -DJDISTCC_COLD="$(c_string "$share/distcc-jvm")" \
        -DJDISTCC_AGENT_START="$(c_string "$agent_start")" \
        -DJDISTCC_AGENT_ID="$(c_string "$agent_id")" \
        "$root/launcher/distcc.c"; then
    chmod 755 "$bin/.distcc.new"
    mv -f "$bin/.distcc.new" "$bin/distcc"
    launcher_status="C launcher, client agent $agent_id (JDISTCC_AGENT=0 turns it off)"
else
    rm -f "$bin/.distcc.new"
    cp -f "$share/distcc-jvm" "$bin/.distcc.new"
    mv -f "$bin/.distcc.new" "$bin/distcc"
fi
# The client's command line, for scripts/bench-startup.sh (the launcher itself reads no files).
{
    echo "# Written by scripts/install.sh: how bin/distcc starts the JVM."
    echo "java=$java"
    echo "classpath=$client_cp"
    printf 'flag=%s\n' "${client_flags[@]}"
    printf 'log=%s\n' "${client_log_flags[@]}"
} >"$share/client-jvm.txt"
write_launcher distccd org.jdistcc.daemon.Main "$daemon_cp" daemon
write_launcher distccmon-text org.jdistcc.client.monitor.MonitorMain "$client_cp" tool
write_launcher lsdistcc org.jdistcc.client.lsdistcc.LsDistccMain "$client_cp" tool

# Masquerade links: PATH=$PREFIX/lib/distcc:$PATH makes 'gcc' run distcc as gcc.
masquerade=(cc c++ gcc g++ gcc-12 g++-12)
triplet=$(cc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)
gcc_major=$(gcc -dumpversion 2>/dev/null | cut -d. -f1 || true)
optional=(clang clang++ "$triplet-gcc" "$triplet-g++" "$triplet-gcc-12" "$triplet-g++-12")
if [ -n "$gcc_major" ] && [ "$gcc_major" != 12 ]; then
    optional+=("gcc-$gcc_major" "g++-$gcc_major" "$triplet-gcc-$gcc_major" "$triplet-g++-$gcc_major")
fi
for name in "${optional[@]}"; do
    # Look past our own directory, which may be on PATH from an earlier install.
    if PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$prefix/lib/distcc" | paste -sd: -) \
        command -v "$name" >/dev/null 2>&1; then
        masquerade+=("$name")
    fi
done
for link in "$prefix/lib/distcc"/*; do
    [ -L "$link" ] && [ "$(readlink "$link")" = ../../bin/distcc ] && rm -f "$link"
done
for name in "${masquerade[@]}"; do
    ln -sfn ../../bin/distcc "$prefix/lib/distcc/$name"
done

# --- AOT cache (JEP 483/514) ---------------------------------------------------------------
# JDK 25 records one training run per cache (runs cannot be merged), so the richest run we can
# arrange is recorded: a compile sent to a distccd on loopback (preprocessing, protocol,
# compression, the object coming back, the diagnostics) when one can be started, else a local
# compile. JDISTCC_AOT_TRAINING_HOSTS points the training compile at other volunteers instead.
aot_status="not built (--no-aot)"
train_aot_cache() {
    local work hosts= how distccd
    local -a hosts_env=()
    work=$(mktemp -d)
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
        for distccd in "$bin/distccd" "$(command -v distccd || true)"; do
            [ -n "$distccd" ] && [ -x "$distccd" ] || continue
            grep -q 'not yet implemented' "$distccd" && continue
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
        timeout 300 "$java" "${client_flags[@]}" -XX:AOTCacheOutput="$aot_cache.tmp" \
        "-Djdistcc.launcher=$bin/distcc" -Djdistcc.argv0=distcc -cp "$client_cp" \
        org.jdistcc.client.Main gcc -Wall -O2 -c train.c -o train.o) >"$work/training.log" 2>&1 \
        && [ -s "$aot_cache.tmp" ] && [ -s "$work/train.o" ]; then
        chmod 644 "$aot_cache.tmp"
        mv -f "$aot_cache.tmp" "$aot_cache"
        if [ -n "$daemon_port" ] && ! grep -qE 'COMPILE_OK|outcome=ok' "$work/log/distccd.log" 2>/dev/null; then
            how="local compile (a distccd was offered on 127.0.0.1:$daemon_port; the client did not use it)"
        fi
        aot_status="trained by a $how"
    else
        rm -f "$aot_cache.tmp"
        aot_status="training failed, start-up will be slower; log:"$'\n'"$(tail -n 20 "$work/training.log")"
    fi
    stop_loopback_distccd
    rm -rf "$work"
}

if [ -n "$aot" ]; then
    trap stop_loopback_distccd EXIT
    train_aot_cache
    trap - EXIT
    if [ -f "$aot_cache" ]; then
        # The launcher uses the cache only if it is newer than every jar; its test -nt may
        # compare whole seconds.
        jar_time=$(stat -c %Y "$lib"/*.jar | sort -n | tail -n 1)
        if [ "$(stat -c %Y "$aot_cache")" -le "$jar_time" ]; then
            touch -d "@$((jar_time + 1))" "$aot_cache"
        fi
        # Check that the installed command line really maps the cache.
        if ! env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS \
            "$java" "${client_flags[@]}" -XX:AOTCache="$aot_cache" -Xlog:class+load=info \
            -Djdistcc.argv0=distcc -cp "$client_cp" org.jdistcc.client.Main --version 2>/dev/null |
            grep -q 'org.jdistcc.client.Main source: shared objects file'; then
            aot_status="$aot_status, but the JVM does not use it (see 'java -Xlog:aot' in docs/install.md)"
        fi
    fi
fi

echo "jdistcc installed in $prefix ($((SECONDS - started)) s)"
echo "  JDK:         $JDK_HOME"
echo "  launchers:   $(cd "$bin" && ls distcc distccd distccmon-text lsdistcc | tr '\n' ' ')"
for name in distccd distccmon-text lsdistcc; do
    grep -q 'not yet implemented' "$bin/$name" && echo "               ($name is a stub: its main class is not in this build)"
done
echo "  masquerade:  $prefix/lib/distcc/{$(IFS=,; echo "${masquerade[*]}")}"
echo "  AOT cache:   $aot_status"
echo "  bin/distcc:  $launcher_status"
echo "Use it:  CC=\"$bin/distcc gcc\" make -j8   or   PATH=$prefix/lib/distcc:\$PATH make -j8"
