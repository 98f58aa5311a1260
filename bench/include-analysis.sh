#!/usr/bin/env bash
# The include analysis (pump mode's replacement for cpp on the client) against gcc -E, per file of
# two real projects (zlib, Lua 5.4), in one JVM: CPU milliseconds per file of gcc -E (what a plain
# distcc client runs for each compile), of a cold analysis (empty caches, files in build order),
# and of a warm one (median of ROUNDS rounds, gcc and the analysis interleaved file by file).
#
# Usage: bench/include-analysis.sh [ROUNDS]
# Needs: gcc, Maven (builds the test classes), network or a cache for Debian's source packages.
set -euo pipefail
rounds=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../scripts/lib/find-jdk.sh
. "$root/scripts/lib/find-jdk.sh"
find_jdk || exit 1
work=$(mktemp -d /tmp/jdistcc-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

(cd "$root" && JAVA_HOME=$JDK_HOME mvn -q -B -ntp test-compile -pl distcc-client -am -Dspotless.check.skip >&2)
cp=$root/distcc-client/target/test-classes:$root/distcc-client/target/classes
cp=$cp:$root/common/target/classes:$root/protocol/target/classes

# The client agent's JVM flags (scripts/install.sh), with native access for statx(2).
agent_flags=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx256m -XX:-UsePerfData
    -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05)

run() { # NAME DIRECTORY FLAGS...
    local name=$1 dir=$2
    shift 2
    echo "== $name ($(ls "$dir"/*.c | wc -l) C files): gcc $*"
    "$JDK_HOME/bin/java" "${agent_flags[@]}" -cp "$cp" org.jdistcc.client.includes.AnalysisBenchmark "$dir" "$rounds" "$@"
    echo
}

zlib=$("$root/scripts/fetch-debian-source.sh" zlib "$work/src")
lua=$("$root/scripts/fetch-debian-source.sh" lua5.4 "$work/src")
run zlib "$zlib" -O2 -D_LARGEFILE64_SOURCE=1 -DHAVE_HIDDEN -I.
run lua "$lua/src" -std=gnu99 -O2 -Wall -Wextra -DLUA_COMPAT_5_3 -DLUA_USE_LINUX
echo "gcc $(gcc -dumpfullversion), $(nproc) CPUs, $("$JDK_HOME/bin/java" -version 2>&1 | head -n 1)"
