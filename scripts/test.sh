#!/usr/bin/env bash
# The test command: installs jdistcc into a fresh temporary prefix with scripts/install.sh, then
# runs every module's tests, including integration-tests against that installation:
#   mvn -B verify -Djdistcc.prefix=PREFIX
# Extra arguments go to Maven (e.g. scripts/test.sh -o, or -Dtest=LocalCompileTest -Dsurefire.failIfNoSpecifiedTests=false).
# With JDISTCC_PACKAGE_TEST=1 (as in CI; needs root), then scripts/test-package.sh: the Debian
# package built from the same jars, installed and used in a clean Debian 12 chroot.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/find-jdk.sh
. "$root/scripts/lib/find-jdk.sh"
find_jdk || exit 1
export JAVA_HOME=$JDK_HOME

work=$(mktemp -d "${TMPDIR:-/tmp}/jdistcc-test.XXXXXX")
# World-readable like a real prefix: a distccd started as root runs as an unprivileged user,
# which must still read the installed jars.
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
log=$work/maven.log

offline=()
for arg in "$@"; do
    case $arg in -o|--offline) offline=(--offline) ;; esac
done

echo "== scripts/install.sh --prefix $prefix"
"$root/scripts/install.sh" --prefix "$prefix" "${offline[@]}"

echo
echo "== mvn -B verify -Djdistcc.prefix=$prefix $*"
status=0
# --fail-at-end: one module's failures do not hide the others' results.
(cd "$root" && mvn -B -ntp -fae -Dstyle.color=never verify -Djdistcc.prefix="$prefix" -Djdistcc.it.distccDir="$work/distcc-dir" "$@") 2>&1 | tee "$log" || status=$?

package_result="skipped (JDISTCC_PACKAGE_TEST=1 runs it, as root)"
if [ "${JDISTCC_PACKAGE_TEST:-}" = 1 ]; then
    echo
    echo "== scripts/test-package.sh --no-build"
    package_started=$SECONDS
    if "$root/scripts/test-package.sh" --no-build; then
        package_result="passed in $((SECONDS - package_started)) s"
    else
        package_result="FAILED after $((SECONDS - package_started)) s (see above)"
        status=1
    fi
fi

echo
echo "== Test summary (Surefire, per module)"
awk '
    /^\[INFO\] Building jdistcc / { module = $0; sub(/^\[INFO\] Building /, "", module); sub(/ [0-9].*$/, "", module) }
    /^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$/ {
        line = $0; sub(/^\[[A-Z]+\] /, "", line); printf "  %-28s %s\n", module, line
    }
    /integration-tests\] jdistcc.prefix is not set/ { print "  " $0 }
    /^\[(INFO|ERROR)\] (BUILD SUCCESS|BUILD FAILURE)/ { result = $2 " " $3 }
    END { if (result != "") print "  " result }
' "$log"
grep -E '^\[ERROR\] (Failures|Errors|Tests in error):?' -A 20 "$log" | grep -E '^\[ERROR\]   ' | head -n 40 || true
echo "  Debian package test          $package_result"
exit "$status"
