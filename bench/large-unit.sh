#!/usr/bin/env bash
# One very large translation unit, SQLite's amalgamation (sqlite3.c), compiled with gcc $OPT (default
# -O2) once per variant and round, the variants in turn within each round (L A B C D, L A B C D, ...):
#   L: gcc here: the compiler's own time
#   T: the object sent once through a loopback socket: the transfer a remote compile cannot avoid
#   A: Debian's distcc client + Debian's distccd (the reference)
#   B: jdistcc's client + jdistcc's distccd, as installed (source mode)
#   C: Debian's distcc client + jdistcc's distccd: preprocessed text, which the volunteer's compiler
#      reads through a pipe as it arrives
#   D: jdistcc's client with JDISTCC_STREAM_CPP=1 + jdistcc's distccd: the preprocessor's output in
#      chunks as it is written, read by the volunteer's compiler as it arrives (C_INCLUDE_PATH, which
#      source mode does not carry, keeps source mode out of the way)
# Prints each round's wall times, the medians, and each variant's median over L + T.
#
# Usage: bench/large-unit.sh PREFIX [ROUNDS]    (PREFIX from scripts/install.sh --prefix PREFIX)
# Needs tclsh (Debian's tcl) to make the amalgamation; installs Debian's distcc if missing.
set -euo pipefail
prefix=$(cd "${1:?usage: large-unit.sh PREFIX [ROUNDS]}" && pwd)
rounds=${2:-3}
opt=${OPT:--O2}
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=debian-distcc.sh
. "$here/bench/debian-distcc.sh"
need_debian_distcc
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
bench_workdir jdistcc-large
# A distccd started as root runs as an unprivileged user, which must reach and write its log.
chmod 755 "$work"
mkdir -m 1777 "$work/log"

src=$("$here/scripts/fetch-sqlite.sh" "${JDISTCC_SRC_CACHE:-$HOME/.cache/jdistcc/src}/sqlite")
cp "$src/sqlite3.c" "$src/sqlite3.h" "$work/"
mkdir -p "$work/no-include"

port_a=$(free_port)
/usr/bin/distccd --no-detach --daemon --allow 127.0.0.1 --listen 127.0.0.1 --port "$port_a" --jobs 2 \
    --log-file /dev/null 2>"$work/distccd.err" &
pids+=($!)
port_b=$(free_port)
"$prefix/bin/distccd" --no-detach --allow 127.0.0.1 --listen 127.0.0.1 --port "$port_b" --jobs 2 \
    --log-file "$work/log/jdistccd.log" 2>"$work/jdistccd.err" &
pids+=($!)
await_port "$port_a" 900
await_port "$port_b" 900

# The object through a loopback socket, once: seconds.
transfer() {
    python3 - "$1" <<'PY'
import socket, sys, threading, time
data = open(sys.argv[1], "rb").read()
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
def receive():
    conn, _ = server.accept()
    while conn.recv(1 << 20):
        pass
reader = threading.Thread(target=receive); reader.start()
start = time.monotonic()
client = socket.create_connection(server.getsockname()); client.sendall(data); client.close()
reader.join()
print("%.3f" % (time.monotonic() - start))
PY
}

# One compile; prints its wall seconds. Each client keeps its DISTCC_DIR across rounds.
compile() { # NAME ENV... -- COMMAND...
    local name=$1 unit=${UNIT:-sqlite3.c}
    shift
    local env=()
    while [ "$1" != -- ]; do env+=("$1"); shift; done
    shift
    rm -f "$work/$name.o"
    mkdir -p "$work/dir-$name"
    (cd "$work" && env DISTCC_DIR="$work/dir-$name" DISTCC_FALLBACK=0 "${env[@]}" \
        /usr/bin/time -f '%e' -o "$work/time" "$@" $opt -c "$unit" -o "$name.o" 2>"$work/err") \
        || { cat "$work/err" >&2; exit 1; }
    [ -s "$work/$name.o" ] || { echo "$name made no object" >&2; exit 1; }
    cat "$work/time"
}

jd=$prefix/bin/distcc
variant() { # NAME
    case $1 in
        L) compile L -- gcc ;;
        A) compile A DISTCC_HOSTS="127.0.0.1:$port_a" -- /usr/bin/distcc gcc ;;
        B) compile B DISTCC_HOSTS="127.0.0.1:$port_b,lz4" -- "$jd" gcc ;;
        C) compile C DISTCC_HOSTS="127.0.0.1:$port_b" -- /usr/bin/distcc gcc ;;
        D) compile D DISTCC_HOSTS="127.0.0.1:$port_b,lz4" JDISTCC_STREAM_CPP=1 C_INCLUDE_PATH="$work/no-include" \
            -- "$jd" gcc ;;
    esac
}

echo "$(wc -l <"$work/sqlite3.c") lines in sqlite3.c; warming up on a small file..." >&2
printf '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n' >"$work/hello.c"
for v in L A B C D; do UNIT=hello.c variant "$v" >/dev/null; done
names=(L T A B C D)
printf '%-6s' round; printf ' %8s' "${names[@]}"; echo
: >"$work/rows"
for r in $(seq "$rounds"); do
    row=()
    row+=("$(variant L)")
    row+=("$(transfer "$work/L.o")")
    for v in A B C D; do row+=("$(variant "$v")"); done
    printf '%-6s' "$r"; printf ' %8s' "${row[@]}"; echo
    echo "${row[*]}" >>"$work/rows"
done
printf '%-6s' median
for i in 1 2 3 4 5 6; do med[$i]=$(cut -d' ' -f$i "$work/rows" | median); printf ' %8s' "${med[$i]}"; done
echo
for i in 3 4 5 6; do
    awk -v n="${names[$((i - 1))]}" -v v="${med[$i]}" -v l="${med[1]}" -v t="${med[2]}" \
        'BEGIN { printf "%s / (L + T) = %.3f\n", n, v / (l + t) }'
done
echo "gcc $opt -c sqlite3.c ($(du -k "$work/L.o" | cut -f1) KB object); $rounds rounds; volunteers on loopback"
