#!/bin/sh
# What the client's monitoring adds to one compile: the state-file updates of its phases, the
# clean-up and the stats record (org.jdistcc.client.monitor.ProgressCostBench). Prints the first
# compile in a fresh JVM and the mean of the following ones, without and with distcc's binstate
# file (DISTCC_BINSTATE=1). The JVM runs as the installed client does: client flags and an AOT
# cache trained on the same code, so the first compile is what a real compile pays.
#
#   mvn -B -q -o -pl distcc-client -am test-compile && bench/monitoring-cost.sh [ROUNDS]
set -eu
cd "$(dirname "$0")/.."
bin=${JAVA_HOME:+$JAVA_HOME/bin/}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -B -q -o -pl distcc-client dependency:build-classpath -Dmdep.outputFile="$work/deps" >/dev/null 2>&1
# An AOT cache takes jars only.
for d in distcc-client/target/test-classes distcc-client/target/classes common/target/classes \
    protocol/target/classes; do
    "${bin}jar" cf "$work/$(echo "$d" | tr / _).jar" -C "$d" .
done
# Our own modules come from this tree, not from ~/.m2.
deps=$(tr ':' '\n' <"$work/deps" | grep -v /org/jdistcc/ | tr '\n' ':')
cp=$(ls "$work"/*.jar | tr '\n' ':')$deps
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:-UsePerfData"
main=org.jdistcc.client.monitor.ProgressCostBench
"${bin}java" $flags -Xlog:disable -XX:AOTCacheOutput="$work/bench.aot" -cp "$cp" $main 10 true >/dev/null 2>&1
for binstate in false true; do
    for run in 1 2 3 4 5; do
        "${bin}java" $flags -Xlog:disable -XX:AOTCache="$work/bench.aot" -cp "$cp" $main "${1:-2000}" "$binstate"
    done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
