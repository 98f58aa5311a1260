#!/usr/bin/env bash
# Installs jdistcc (into PREFIX, or a temporary directory), starts its distccd on loopback, builds
# the little program in scripts/demo/ with 'make -j4 CC="PREFIX/bin/distcc gcc"', shows where the
# compiles ran, and runs the program. The daemon is stopped on exit.
#   scripts/demo.sh [--no-install] [PREFIX]
#   JDISTCC_DEMO_DISTCCD=/usr/bin/distccd scripts/demo.sh   # another distccd, e.g. Debian's
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/loopback-daemon.sh
. "$root/scripts/lib/loopback-daemon.sh"

install=yes
prefix=
while [ $# -gt 0 ]; do
    case $1 in
        --no-install) install=; shift ;;
        -h|--help) sed -n '2,6s/^# \{0,1\}//p' "$0"; exit 0 ;;
        -*) echo "demo.sh: unknown option '$1'" >&2; exit 2 ;;
        *) prefix=$1; shift ;;
    esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/jdistcc-demo.XXXXXX")
# Readable like a real prefix: a distccd started by root runs as an unprivileged user.
chmod 755 "$work"
cleanup() {
    stop_loopback_distccd
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

prefix=${prefix:-$work/prefix}
if [ -n "$install" ]; then
    "$root/scripts/install.sh" --prefix "$prefix"
    echo
fi
prefix=$(realpath "$prefix")
distcc=$prefix/bin/distcc
distccd=${JDISTCC_DEMO_DISTCCD:-$prefix/bin/distccd}
[ -x "$distcc" ] || { echo "demo.sh: no $distcc; run without --no-install" >&2; exit 1; }

echo "== Starting $distccd on loopback"
if ! start_loopback_distccd "$distccd" "$work/log" --jobs 4 --log-level=info; then
    echo "demo.sh: $distccd did not start; its output:" >&2
    cat "$work/log/distccd.out" "$work/log/distccd.log" >&2 2>/dev/null || true
    exit 1
fi
echo "   listening on 127.0.0.1:$daemon_port (pid $daemon_pid), log $work/log/distccd.log"

echo
echo "== make -j4 CC=\"$distcc gcc\" with DISTCC_HOSTS=127.0.0.1:$daemon_port/4,lzo"
cp -r "$root/scripts/demo" "$work/build"
mkdir -p "$work/distcc-dir"
DISTCC_HOSTS="127.0.0.1:$daemon_port/4,lzo" DISTCC_DIR="$work/distcc-dir" \
    timeout 600 make -C "$work/build" --no-print-directory -j4 CC="$distcc gcc" demo

echo
echo "== Where the compiles ran"
# distccd logs one job summary per request: "outcome=ok" (jdistcc) or COMPILE_OK (distcc 3.4)
# marks a compile it did.
done_here='COMPILE_OK|outcome=ok'
compiles=$(ls "$work/build"/*.c | wc -l)
remote=$(grep -cE "$done_here" "$work/log/distccd.log" 2>/dev/null || true)
remote=${remote:-0}
echo "   $remote of $compiles compiles ran on distccd at 127.0.0.1:$daemon_port; the rest (and the link) ran here"
grep -E "$done_here" "$work/log/distccd.log" 2>/dev/null \
    | sed -E 's/^.* source=([^ ]*) .*$/\1/; s/^.* ([^ ]*)$/\1/; s/^/     distccd compiled /' || true

echo
echo "== Running the program"
"$work/build/demo"
