#!/usr/bin/env bash
# What the TLS transport costs: a Lua 5.4 build (make -jJOBS linux) on loopback through
#   A: Debian's distcc client + Debian's distccd (the reference, plaintext)
#   B: jdistcc's client + jdistcc's distccd, plaintext (host unmarked)
#   C: jdistcc's client + the same distccd over TLS 1.3 (host marked ,tls, its key pinned in
#      known_volunteers, the client's key in the daemon's --authorized-keys)
# B and C talk to one daemon started with --host-key: the same port serves both. Interleaved for
# ROUNDS rounds (the order rotates) after a warm-up build of each, every client keeping its
# DISTCC_DIR (its agent and TLS sessions warm, as in a day's work). Each jdistcc build's objects
# are compared with a local build's: they must be byte-identical. Prints wall seconds per build, the
# medians and the ratios C/B (TLS against plaintext: the goal is at most 1.05), B/A and C/A.
#
# Usage: bench/tls-cost.sh PREFIX [ROUNDS]     (PREFIX from scripts/install.sh --prefix PREFIX)
# Needs: make, gcc, python3, Debian's distcc (installed with apt-get if missing) and Debian's lua5.4
# source package (scripts/fetch-debian-source.sh; cached after the first run). JOBS (default 4).
set -euo pipefail
prefix=$(cd "${1:?usage: tls-cost.sh PREFIX [ROUNDS]}" && pwd)
rounds=${2:-5}
jobs=${JOBS:-4}
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=debian-distcc.sh
. "$(dirname "$0")/debian-distcc.sh"
need_debian_distcc
work=$(mktemp -d /tmp/jdistcc-tls-cost.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_port() { for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; tail -n 20 "$work"/daemon/*.log >&2 || true; exit 1; }

lua=$("$here/scripts/fetch-debian-source.sh" lua5.4 "$work/src")
mkdir -p "$work/dirs/a" "$work/dirs/b" "$work/dirs/c"
# Run as root, our distccd serves as an unprivileged user, who must read its files and make its key.
chmod 711 "$work"
mkdir -m 1777 "$work/daemon"
DISTCC_DIR=$work/dirs/c "$prefix/bin/distcc" --show-key > "$work/daemon/authorized_keys"
chmod 644 "$work/daemon/authorized_keys"

port_a=$(free_port)
/usr/bin/distccd --no-detach --daemon --allow 127.0.0.1 --listen 127.0.0.1 --port "$port_a" --jobs $((jobs + 2)) \
    --log-file /dev/null 2>/dev/null &
pids+=($!)
port_b=$(free_port)
"$prefix/bin/distccd" --no-detach --allow 127.0.0.1 --listen 127.0.0.1 --port "$port_b" --jobs $((jobs + 2)) \
    --host-key "$work/daemon/host_key" --authorized-keys "$work/daemon/authorized_keys" \
    --file-cache-dir "$work/daemon/file-cache" --log-file "$work/daemon/jdistccd.log" 2>"$work/daemon/stderr" &
pids+=($!)
await_port "$port_a"
await_port "$port_b"
echo "127.0.0.1:$port_b $("$prefix/bin/distccd" --host-key "$work/daemon/host_key" --show-key)" \
    > "$work/dirs/c/known_volunteers"

# The local build: what every distributed build's objects must be, byte for byte.
cp -a "$lua/src" "$work/local"
(cd "$work/local" && make -s -j"$jobs" linux CC="gcc -std=gnu99" >/dev/null 2>&1)
objects=$(cd "$work/local" && ls ./*.o | wc -l)

# One build, checked; prints its wall seconds. CONFIG is a, b or c.
build() { # CONFIG
    local config=$1 tree=$work/tree client hosts
    rm -rf "$tree" && cp -a "$lua/src" "$tree"
    case $config in
        a) client=/usr/bin/distcc hosts="127.0.0.1:$port_a" ;;
        b) client=$prefix/bin/distcc hosts="127.0.0.1:$port_b" ;;
        c) client=$prefix/bin/distcc hosts="127.0.0.1:$port_b,tls" ;;
    esac
    (cd "$tree" && DISTCC_DIR=$work/dirs/$config DISTCC_HOSTS=$hosts DISTCC_FALLBACK=0 \
        /usr/bin/time -f '%e' -o "$work/time" make -s -j"$jobs" linux CC="$client gcc -std=gnu99" \
        >/dev/null 2>"$work/make.err") || { cat "$work/make.err" >&2; exit 1; }
    if [ -s "$work/make.err" ] && grep -q 'Warning' "$work/make.err"; then
        echo "build $config: the client warned:" >&2
        head -5 "$work/make.err" >&2
        exit 1
    fi
    local o
    # Debian's client sends preprocessed text: its objects are distcc's, not checked here.
    [ "$config" = a ] || for o in "$work"/local/*.o; do
        cmp -s "$o" "$tree/$(basename "$o")" || { echo "build $config: $(basename "$o") differs from the local build's" >&2; exit 1; }
    done
    cat "$work/time"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

for config in a b c; do build "$config" >/dev/null; done # warm-up: page cache, agents, file cache, TLS
names=(a b c)
printf '%-6s %8s %8s %8s %8s %8s %8s   (wall seconds per build)\n' round A B C C/B B/A C/A
: > "$work/rows"
for r in $(seq "$rounds"); do
    order=("${names[@]:$(((r - 1) % 3))}" "${names[@]:0:$(((r - 1) % 3))}")
    declare -A t=()
    for config in "${order[@]}"; do t[$config]=$(build "$config"); done
    printf '%-6s %8s %8s %8s %8s %8s %8s   order %s\n' "$r" "${t[a]}" "${t[b]}" "${t[c]}" \
        "$(ratio "${t[c]}" "${t[b]}")" "$(ratio "${t[b]}" "${t[a]}")" "$(ratio "${t[c]}" "${t[a]}")" "${order[*]}"
    echo "${t[a]} ${t[b]} ${t[c]} $(ratio "${t[c]}" "${t[b]}") $(ratio "${t[b]}" "${t[a]}") $(ratio "${t[c]}" "${t[a]}")" >> "$work/rows"
done
for i in 1 2 3 4 5 6; do med[$i]=$(cut -d' ' -f$i "$work/rows" | median); done
printf '%-6s %8s %8s %8s %8s %8s %8s\n' median "${med[1]}" "${med[2]}" "${med[3]}" "${med[4]}" "${med[5]}" "${med[6]}"
served=$(grep -c 'outcome=' "$work/daemon/jdistccd.log" || true)
echo "Lua 5.4 make -j$jobs linux, $objects objects, B's and C's byte-identical to a local build; $(nproc) CPUs,"
echo "$(gcc --version | head -n 1); client and volunteers on this one machine (loopback)."
echo "C/B is the TLS transport's cost (median of the per-round ratios); jdistcc's daemon logged $served jobs."
