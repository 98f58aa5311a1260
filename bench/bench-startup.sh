#!/usr/bin/env bash
# Measures what an installed client adds to a compile that runs locally (DISTCC_HOSTS unset):
#   bench/bench-startup.sh PREFIX            gcc alone, Debian's distcc, jdistcc without and
#                                              with its AOT cache
#   bench/bench-startup.sh PREFIX --flags    the launcher's JVM flags, each left out in turn
#                                              (each variant with its own AOT cache)
#   ... --interleaved                          instead of hyperfine (one command after the other),
#                                              run the commands in shuffled rounds, so that load
#                                              from other work on a shared machine hits all alike
# Prints medians, and ratios against Debian's distcc (with --flags: against the launcher's full set
# of flags) measured in the same run; RUNS (default 40) sets the number of runs. Results:
# docs/install.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

[ $# -ge 1 ] || { sed -n '2,10s/^# \{0,1\}//p' "$0" >&2; exit 2; }
prefix=$(realpath "$1")
shift
mode=
runner=hyperfine
for arg in "$@"; do
    case $arg in
        --flags) mode=--flags ;;
        --interleaved) runner=interleaved ;;
        *) echo "bench-startup.sh: unknown option '$arg'" >&2; exit 2 ;;
    esac
done
runs=${RUNS:-40}
# shellcheck source=debian-distcc.sh
. "$root/bench/debian-distcc.sh"
need_debian_distcc
[ -r "$prefix/share/jdistcc/client-jvm.txt" ] || { echo "bench-startup.sh: $prefix is not a jdistcc prefix" >&2; exit 1; }

java=$(sed -n 's/^java=//p' "$prefix/share/jdistcc/client-jvm.txt")
classpath=$(sed -n 's/^classpath=//p' "$prefix/share/jdistcc/client-jvm.txt")
mapfile -t flags < <(sed -n 's/^flag=//p' "$prefix/share/jdistcc/client-jvm.txt")
mapfile -t log_flags < <(sed -n 's/^log=//p' "$prefix/share/jdistcc/client-jvm.txt")

work=$(mktemp -d "${TMPDIR:-/tmp}/jdistcc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
printf '#include <stdio.h>\nint main(void) {\n    puts("hello");\n    return 0;\n}\n' >hello.c
mkdir distcc-dir
unset DISTCC_HOSTS _DISTCC_SAFEGUARD JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS
export DISTCC_DIR=$work/distcc-dir
compile=(gcc -c hello.c -o h.o)

# variant NAME AOT(yes|no) FLAG... : a launcher $work/NAME/distcc like bin/distcc with these flags.
variant() {
    local name=$1 aot=$2 cache=-Xshare:auto
    shift 2
    mkdir -p "$work/$name"
    if [ "$aot" = yes ]; then
        cache=-XX:AOTCache=$work/$name/distcc.aot
        if ! "$java" "$@" -XX:AOTCacheOutput="$work/$name/distcc.aot" -Djdistcc.argv0=distcc \
            -cp "$classpath" org.jdistcc.client.Main "${compile[@]}" >"$work/$name/training.log" 2>&1; then
            echo "skipping $name: $(head -n 3 "$work/$name/training.log")" >&2
            return 1
        fi
    fi
    {
        echo '#!/bin/sh'
        printf 'exec'
        printf " '%s'" "$java" "$@" "${log_flags[@]}" "$cache"
        printf ' -Djdistcc.argv0="$0" -cp %s org.jdistcc.client.Main "$@"\n' "'$classpath'"
    } >"$work/$name/distcc"
    chmod 755 "$work/$name/distcc"
}

# median_table RESULTS_JSON REFERENCE_COMMAND
median_table() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
reference = next(r["median"] for r in results if r["command"] == sys.argv[2])
for r in results:
    print("%7.1f ms median  %5.2fx  (mean user %5.1f, sys %5.1f)  %s" % (
        r["median"] * 1e3, r["median"] / reference, r["user"] * 1e3, r["system"] * 1e3, r["command"]))
EOF
}

benchmarks=()
if [ "$mode" = --flags ]; then
    variant all yes "${flags[@]}" || exit 1
    reference="$work/all/distcc ${compile[*]}"
    benchmarks+=("$reference")
    for leave_out in "${flags[@]}"; do
        [ "$leave_out" = --sun-misc-unsafe-memory-access=allow ] && continue   # required
        name=without${leave_out//[^A-Za-z0-9]/_}
        kept=()
        for flag in "${flags[@]}"; do
            # One compiler thread is too few for the full tiered pipeline.
            [ "$leave_out" = -XX:TieredStopAtLevel=1 ] && [ "$flag" = -XX:CICompilerCount=1 ] && continue
            [ "$flag" = "$leave_out" ] || kept+=("$flag")
        done
        variant "$name" yes "${kept[@]}" && benchmarks+=("$work/$name/distcc ${compile[*]}")
    done
    for extra in -Xss512k -Xint -XX:+UseCompactObjectHeaders -XX:ReservedCodeCacheSize=16m; do
        name=with${extra//[^A-Za-z0-9]/_}
        variant "$name" yes "${flags[@]}" "$extra" && benchmarks+=("$work/$name/distcc ${compile[*]}")
    done
    variant only-unsafe-flag yes --sun-misc-unsafe-memory-access=allow &&
        benchmarks+=("$work/only-unsafe-flag/distcc ${compile[*]}")
else
    variant cold no "${flags[@]}"
    benchmarks+=("${compile[*]}")
    # Debian's C client: the reference for what a distcc client costs.
    reference="/usr/bin/distcc ${compile[*]}"
    benchmarks+=("$reference")
    benchmarks+=("$work/cold/distcc ${compile[*]}" "$prefix/bin/distcc ${compile[*]}")
fi

# Writes hyperfine's JSON shape (median wall, mean user and system, in seconds) from shuffled rounds.
interleaved() {
    python3 - "$runs" "$@" <<'EOF'
import json, random, resource, statistics, subprocess, sys, time
runs, commands = int(sys.argv[1]), sys.argv[2:]
wall = {c: [] for c in commands}
user = {c: [] for c in commands}
system = {c: [] for c in commands}
for round in range(runs + 3):  # the first 3 rounds are warm-up
    for command in random.sample(commands, len(commands)):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if round >= 3:
            wall[command].append(elapsed)
            user[command].append(after.ru_utime - before.ru_utime)
            system[command].append(after.ru_stime - before.ru_stime)
results = [{"command": c, "median": statistics.median(wall[c]), "user": statistics.mean(user[c]),
            "system": statistics.mean(system[c])} for c in commands]
json.dump({"results": results}, sys.stdout)
EOF
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if [ $runner = hyperfine ]; then
    hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/results.json" "${benchmarks[@]}" \
        >"$work/hyperfine.out" 2>&1 || { cat "$work/hyperfine.out" >&2; exit 1; }
else
    interleaved "${benchmarks[@]}" >"$work/results.json"
fi
echo "$runner, $runs runs each; load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "ratios: median wall time against ${reference//$work\//}"
median_table "$work/results.json" "$reference" | sed "s|$work/||g"
