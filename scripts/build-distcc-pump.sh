#!/usr/bin/env bash
# Builds distcc 3.4's pump mode (the distcc client, distccd, the pump script and its include server)
# from Debian's distcc source package, and prints the build directory: DIR/pump, DIR/distcc,
# DIR/distccd. Run `DIR/pump DIR/distcc gcc ...` or `PATH=DIR:$PATH pump make`.
#
# Why not Debian's distcc-pump package: its include server's C extension was built without
# PY_SSIZE_T_CLEAN, which Python 3.10 made mandatory for "s#" arguments; on Debian 12's Python 3.11
# every call fails, and pump silently falls back to plain mode. distcc fixed it after 3.4, in commit
# 83e030a ("Replace int with Py_ssize_t for distcc pump extension"); the same change is made below.
#
# Usage: scripts/build-distcc-pump.sh [CACHE_DIR]   (default ~/.cache/jdistcc/build; reruns reuse it)
# Needs: gcc make autoconf automake libiberty-dev python3-dev python3-distutils (.ci/run installs them)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${1:-$HOME/.cache/jdistcc/build}
# Debian's interpreter, whose headers python3-dev installs (not a pyenv or venv one on PATH).
python=/usr/bin/python3
# Bump when the build below changes, so cached builds are redone.
revision=1
say() { echo "build-distcc-pump: $*" >&2; }

mkdir -p "$cache"
src=$("$here/fetch-debian-source.sh" distcc "$cache/sources")
build=$cache/pump-$(basename "$src")-r$revision
if [ -f "$build/.built" ]; then
    echo "$build"
    exit 0
fi
exec 9>"$cache/.pump.lock"
flock 9
if [ -f "$build/.built" ]; then
    echo "$build"
    exit 0
fi
for tool in gcc make autoconf aclocal "$python"; do
    if ! command -v "$tool" >/dev/null; then
        say "needs $tool (apt-get install gcc make autoconf automake libiberty-dev python3-dev python3-distutils)"
        exit 1
    fi
done

tmp=$(mktemp -d "$cache/.pump.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -a "$src/." "$tmp/"
# distcc commit 83e030a: PY_SSIZE_T_CLEAN, and Py_ssize_t for the three lengths parsed with "s#".
module=$tmp/include_server/c_extensions/distcc_pump_c_extensions_module.c
sed -i -e '/^#include "Python.h"/i #define PY_SSIZE_T_CLEAN' \
    -e '/^CompressLzo1xAlloc(/,/^}/ s/^  int in_len;/  Py_ssize_t in_len;/' \
    -e '/^OsPathExists(/,/^}/ s/^  int len;/  Py_ssize_t len;/' \
    -e '/^OsPathIsFile(/,/^}/ s/^  int len;/  Py_ssize_t len;/' "$module"
if [ "$(grep -c -e '^#define PY_SSIZE_T_CLEAN' -e '^  Py_ssize_t in_len;' -e '^  Py_ssize_t len;' "$module")" != 4 ]; then
    say "the source of $module is not distcc 3.4's: the Python 3.10 fix did not apply"
    exit 1
fi

say "building $(basename "$src") with the include server fix (log: $build.log)"
if ! (cd "$tmp" && ./autogen.sh && PYTHON=$python ./configure --disable-Werror --without-gtk \
    --without-gnome --without-avahi && make) >"$build.log" 2>&1; then
    tail -n 30 "$build.log" >&2
    say "build failed"
    exit 1
fi
# The fix is what makes these true; without it both calls fail on Python >= 3.10.
extension=$("$tmp/find_c_extension.sh" "$tmp")
if ! PYTHONPATH=$extension "$python" -c '
import sys, distcc_pump_c_extensions as c
sys.exit(0 if c.OsPathExists("/") and not c.OsPathExists("/nonexistent-distcc-pump") else 1)'; then
    say "the include server's C extension does not work with $python"
    exit 1
fi
touch "$tmp/.built"
mv "$tmp" "$build"
trap - EXIT
echo "$build"
