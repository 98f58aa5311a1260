#!/usr/bin/env bash
# Per-compile cost of one small remote compile (hello.c sent to a Debian distccd on loopback):
# local gcc, Debian's distcc, and jdistcc's client three ways (cold JVM, JVM with the AOT cache,
# the C launcher with the resident agent). Prints medians and ratios against Debian's distcc and
# writes docs/performance.svg.
#   bench/hello-loop.sh PREFIX [ROUNDS] [RUNS]     (defaults 3 rounds of 15 runs)
# The agent is warmed first with AGENT_WARMUP compiles (default 300), as the goal asks ("agent warm").
# The variants run in turn within each round (A B C D E, A B C D E, ...), so that the load of a
# shared machine hits all of them alike: quote the ratios, not the absolute times.
set -euo pipefail
prefix=${1:?usage: bench/hello-loop.sh PREFIX [ROUNDS] [RUNS]}
rounds=${2:-3}
runs=${3:-15}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/lib/loopback-daemon.sh
. "$root/scripts/lib/loopback-daemon.sh"
command -v hyperfine >/dev/null || { echo "hello-loop.sh: needs hyperfine" >&2; exit 1; }
# shellcheck source=debian-distcc.sh
. "$root/bench/debian-distcc.sh"
need_debian_distcc
cold=$prefix/share/jdistcc/distcc-jvm
[ -x "$cold" ] || { echo "hello-loop.sh: $prefix has no C launcher (share/jdistcc/distcc-jvm)" >&2; exit 1; }

work=$(mktemp -d)
cleanup() {
    stop_loopback_distccd
    [ -n "${agent_pid:-}" ] && kill "$agent_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' >hello.c
# The cold JVM without the AOT cache: the installed script pointed at a cache that is not there.
sed "s|^aot=.*|aot=$work/no-such.aot|" "$cold" >distcc-noaot
chmod 755 distcc-noaot
start_loopback_distccd /usr/bin/distccd "$work/log" --jobs 8 || { echo "hello-loop.sh: no distccd" >&2; exit 1; }
export DISTCC_HOSTS="127.0.0.1:$daemon_port/8" DISTCC_DIR=$work/distcc-dir LC_ALL=C
unset DISTCC_VERBOSE DISTCC_LOG JDISTCC_AGENT _DISTCC_SAFEGUARD
mkdir -p "$DISTCC_DIR"

names=(gcc debian-distcc jdistcc-cold jdistcc-aot jdistcc-agent)
commands=(
    "gcc -c hello.c -o gcc.o"
    "/usr/bin/distcc gcc -c hello.c -o debian.o"
    "env JDISTCC_AGENT=0 JDISTCC_ARGV0=distcc $work/distcc-noaot gcc -c hello.c -o cold.o"
    "env JDISTCC_AGENT=0 $prefix/bin/distcc gcc -c hello.c -o aot.o"
    "$prefix/bin/distcc gcc -c hello.c -o agent.o"
)

# Start the agent and wait for it, so that its own start-up is not measured.
"$prefix/bin/distcc" gcc -c hello.c -o start.o
for _ in $(seq 300); do
    sock=$(ls "$DISTCC_DIR"/agent/*.sock 2>/dev/null || true)
    [ -n "$sock" ] && break
    sleep 0.1
done
[ -n "$sock" ] || { echo "hello-loop.sh: the agent did not start" >&2; exit 1; }
agent_pid=$(pgrep -f -- "AgentMain $sock" | head -n 1)
# Warm, as in a build: the agent's JIT compiles its code over its first few hundred compiles, and
# that compiling is CPU of the agent's too. Measured from a fresh agent, the first rounds counted it.
for _ in $(seq "${AGENT_WARMUP:-300}"); do "$prefix/bin/distcc" gcc -c hello.c -o start.o; done
# The agent is not hyperfine's child: its CPU time (its own and its reaped preprocessors') is read
# from /proc around its runs and added per compile.
agent_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$agent_pid/stat"; }
hz=$(getconf CLK_TCK)

: >results.tsv
for round in $(seq "$rounds"); do
    for i in "${!names[@]}"; do
        before=0
        [ "${names[$i]}" = jdistcc-agent ] && before=$(agent_ticks)
        hyperfine -N --style none --warmup 3 --runs "$runs" --export-json "r.json" "${commands[$i]}" >/dev/null
        extra=0
        if [ "${names[$i]}" = jdistcc-agent ]; then
            # warm-up runs included: 3 + runs compiles
            extra=$(awk -v a="$before" -v b="$(agent_ticks)" -v hz="$hz" -v n=$((runs + 3)) \
                'BEGIN { printf "%.6f", (b - a) / hz / n }')
        fi
        jq -r --arg name "${names[$i]}" --arg extra "$extra" \
            '.results[0] as $r | $r.times[] | [$name, ., (($r.user + $r.system) + ($extra | tonumber))] | @tsv' \
            r.json >>results.tsv
    done
    echo "round $round of $rounds done" >&2
done

# Median wall time, mean CPU (user+sys, client side incl. the agent) per variant; ratios vs Debian.
summary=$(awk -F'\t' '
    { t[$1] = t[$1] " " $2; cpu[$1] += $3; n[$1]++ }
    END {
        split("gcc debian-distcc jdistcc-cold jdistcc-aot jdistcc-agent", order, " ")
        for (k = 1; k <= 5; k++) {
            name = order[k]; m = split(substr(t[name], 2), v, " ")
            for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { x = v[i]; v[i] = v[j]; v[j] = x }
            med = (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
            printf "%s %.1f %.1f %d\n", name, med * 1000, cpu[name] / n[name] * 1000, m
        }
    }' results.tsv)
base_wall=$(awk '$1 == "debian-distcc" { print $2 }' <<<"$summary")
base_cpu=$(awk '$1 == "debian-distcc" { print $3 }' <<<"$summary")
printf '%-15s %12s %9s %12s %9s %5s\n' variant "median wall" "vs distcc" "cpu/compile" "vs distcc" runs
while read -r name wall cpu n; do
    printf '%-15s %9.1f ms %8.2fx %9.1f ms %8.2fx %5d\n' "$name" "$wall" \
        "$(awk -v a="$wall" -v b="$base_wall" 'BEGIN { print a / b }')" "$cpu" \
        "$(awk -v a="$cpu" -v b="$base_cpu" 'BEGIN { print a / b }')" "$n"
done <<<"$summary"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

# The plot: two bars per variant (median wall, CPU per compile), in plain SVG.
svg=$root/docs/performance.svg
awk -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
    { name[NR] = $1; wall[NR] = $2; cpu[NR] = $3; if ($2 > max) max = $2; if ($3 > max) max = $3 }
    END {
        w = 640; h = 60 + NR * 56; left = 130; scale = (w - left - 90) / max
        printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", w, h
        printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
        printf "<text x=\"10\" y=\"20\" font-size=\"14\">One remote compile of hello.c: median wall time and client CPU (ms)</text>\n"
        printf "<rect x=\"%d\" y=\"30\" width=\"10\" height=\"10\" fill=\"#4477aa\"/><text x=\"%d\" y=\"39\">wall</text>\n", left, left + 14
        printf "<rect x=\"%d\" y=\"30\" width=\"10\" height=\"10\" fill=\"#ee6677\"/><text x=\"%d\" y=\"39\">CPU (user+sys)</text>\n", left + 60, left + 74
        for (i = 1; i <= NR; i++) {
            y = 50 + (i - 1) * 56
            printf "<text x=\"10\" y=\"%d\">%s</text>\n", y + 24, name[i]
            printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"#4477aa\"/>\n", left, y + 4, wall[i] * scale
            printf "<text x=\"%.1f\" y=\"%d\">%.1f</text>\n", left + wall[i] * scale + 4, y + 18, wall[i]
            printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"#ee6677\"/>\n", left, y + 26, cpu[i] * scale
            printf "<text x=\"%.1f\" y=\"%d\">%.1f</text>\n", left + cpu[i] * scale + 4, y + 40, cpu[i]
        }
        printf "<text x=\"10\" y=\"%d\" fill=\"#666\">load average %s during the run; bench/hello-loop.sh</text>\n", h - 8, load
        printf "</svg>\n"
    }' <<<"$summary" >"$svg"
echo "wrote $svg"
