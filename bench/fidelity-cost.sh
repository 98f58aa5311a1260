#!/usr/bin/env bash
# Time per compile of jdistcc's source mode against preprocessed-text (.i) mode, both through our
# client on loopback, with local gcc and Debian's distcc as references, on zlib and a C++ file.
# Prints mean times and ratios measured in this run; both volunteers run on this machine, so this is
# the overhead of each mode, not a distributed speed-up.
# Usage: bench/fidelity-cost.sh [RUNS]       (needs hyperfine, gcc, g++, Debian's distcc/distccd)
set -euo pipefail
runs=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=debian-distcc.sh
. "$root/bench/debian-distcc.sh"
need_debian_distcc
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
work=$(mktemp -d /tmp/jdistcc-bench.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

mvn -B -q -o -f "$root/pom.xml" -pl distcc-client,distccd -am test-compile \
    dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >&2
cp="$root/distccd/target/test-classes:$root/distccd/target/classes:$(cat "$work/cp.txt")"
java=("$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto --sun-misc-unsafe-memory-access=allow -cp "$cp")

# The source-mode volunteer: the daemon's serving classes behind a loopback socket.
"${java[@]}" org.jdistcc.daemon.fidelity.LoopbackSourceDaemonMain > "$work/source.port" &
pids+=($!)
# The .i-mode volunteer: Debian's distccd (protocol 2, LZO).
dport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
setsid /usr/bin/distccd --daemon --no-detach --listen 127.0.0.1 --port "$dport" --allow 127.0.0.1 \
    --jobs 4 --user nobody --log-stderr 2> "$work/distccd.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/source.port" ] && break; sleep 0.1; done
sport=$(cat "$work/source.port")

src=$("$root/scripts/fetch-zlib.sh" "$work/src")
mkdir -p "$work/cxx" "$work/distcc"
cat > "$work/cxx/app.cpp" <<'CPP'
#include <iostream>
#include <map>
#include <string>
#include <vector>
#include <algorithm>
int main(int argc, char **argv) {
    std::map<std::string, std::vector<int>> m;
    for (int i = 0; i < argc; i++) m[argv[i]].push_back(i);
    for (auto &[k, v] : m) std::cout << k << ' ' << *std::max_element(v.begin(), v.end()) << '\n';
}
CPP

export DISTCC_DIR="$work/distcc" DISTCC_BACKOFF_PERIOD=0
bench() { # name dir compiler args...
    local name=$1 dir=$2; shift 2
    local cmd="$*"
    (cd "$dir" && hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/$name.json" \
        -n local "$cmd" \
        -n "source mode" "env DISTCC_HOSTS=127.0.0.1:$sport,lz4 ${java[*]} org.jdistcc.client.Main $cmd" \
        -n ".i mode" "env JDISTCC_FIDELITY=relaxed DISTCC_HOSTS=127.0.0.1:$dport,lzo ${java[*]} org.jdistcc.client.Main $cmd" \
        -n "debian distcc" "env DISTCC_HOSTS=127.0.0.1:$dport,lzo /usr/bin/distcc $cmd" >&2)
    python3 - "$work/$name.json" "$name" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
for stat in ("min", "median"):
    r = {x["command"]: x[stat] * 1000 for x in results}
    s, i, l, d = r["source mode"], r[".i mode"], r["local"], r["debian distcc"]
    print(f"{sys.argv[2]:<26} {stat:<6} local {l:6.0f} ms  source {s:6.0f}  .i {i:6.0f}  debian {d:6.0f}"
          f"  source/.i {s / i:4.2f}  source/local {s / l:4.2f}")
PY
}
sizes() { # dir args... : bytes a volunteer gets in each mode
    local dir=$1; shift
    (cd "$dir" && "$@" -E -o "$work/size.i" && "$@" -M -MF "$work/size.d" >/dev/null)
    local i files
    i=$(stat -c %s "$work/size.i")
    files=$(sed -e 's/^[^:]*://' -e 's/\\$//' "$work/size.d" | tr -s ' \n' '\n' | grep -v '^$' | (cd "$dir" && xargs stat -c %s) | awk '{s+=$1; n++} END {print n" files, "s" bytes"}')
    echo "  .i: $i bytes; source mode: $files (before LZ4)"
}

echo "fidelity cost, $runs runs each, $(nproc) cores, $(gcc --version | head -n 1)"
bench "zlib deflate.c -O2" "$src" gcc -O2 -c deflate.c -o "$work/deflate.o"
sizes "$src" gcc -O2 -c deflate.c
bench "zlib deflate.c -O2 -g" "$src" gcc -O2 -g -c deflate.c -o "$work/deflate-g.o"
bench "zlib inflate.c -O2 -g" "$src" gcc -O2 -g -c inflate.c -o "$work/inflate-g.o"
bench "C++ iostream+map -O2 -g" "$work/cxx" g++ -O2 -g -c app.cpp -o "$work/app.o"
sizes "$work/cxx" g++ -O2 -g -c app.cpp
