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
coverage=()
for arg in "$@"; do
    case $arg in
        -o|--offline) offline=(--offline) ;;
        # A subset of the tests cannot meet a module's coverage floor: report it, do not fail on it.
        -Dtest=*) coverage=(-Djacoco.haltOnFailure=false) ;;
    esac
done

echo "== scripts/install.sh --prefix $prefix"
"$root/scripts/install.sh" --prefix "$prefix" "${offline[@]}"

echo
echo "== mvn -B verify -Djdistcc.prefix=$prefix $*"
status=0
touch "$work/started"
# A failing test does not fail its module (-Dmaven.test.failure.ignore), so the modules that
# depend on it still run their tests: the verdict comes from every module's reports below.
# --fail-at-end: a module that does not build does not stop the others.
(cd "$root" && mvn -B -ntp -fae -Dstyle.color=never -Dmaven.test.failure.ignore=true verify \
    -Djdistcc.prefix="$prefix" -Djdistcc.it.distccDir="$work/distcc-dir" "${coverage[@]}" "$@") 2>&1 | tee "$log" || status=$?

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
echo "== Test summary (Surefire reports of this run, per module)"
# One TEST-*.xml per test class, written by this run (older ones, from classes not run this time,
# are not counted): its <testsuite> element holds the counts.
failures=0
while IFS= read -r dir; do
    module=${dir#"$root"/}
    module=${module%%/target/*}
    # Concatenated reports: each holds one <testsuite ...> start tag; none still counts 0 0 0 0.
    read -r tests errors skipped failed < <(find "$dir" -maxdepth 1 -name 'TEST-*.xml' -newer "$work/started" -print0 |
        xargs -0 -r cat |
        awk '
            function count(name) { return match($0, " " name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 4) : 0 }
            /<testsuite / { t += count("tests"); e += count("errors"); s += count("skipped"); f += count("failures") }
            END { print t + 0, e + 0, s + 0, f + 0 }')
    [ "$tests" = 0 ] && continue
    printf '  %-28s Tests run: %d, Failures: %d, Errors: %d, Skipped: %d\n' "$module" "$tests" "$failed" "$errors" "$skipped"
    failures=$((failures + errors + failed))
done < <(find "$root" -path "$work" -prune -o -type d -name surefire-reports -path '*/target/*' -print | sort)
# Line coverage of each module by its own tests (JaCoCo; the floor is coverage.floor in the poms).
while IFS= read -r csv; do
    module=${csv#"$root"/}
    awk -F, -v m="${module%%/target/*}" 'NR > 1 { miss += $8; cov += $9 }
        END { if (miss + cov > 0) printf "  %-28s line coverage %.1f %%\n", m, 100 * cov / (miss + cov) }' "$csv"
done < <(find "$root" -path "$work" -prune -o -name jacoco.csv -path '*/target/site/*' -newer "$work/started" -print | sort)
grep -E 'integration-tests\] jdistcc.prefix is not set' "$log" | head -n 1 | sed 's/^/  /' || true
# Tests that failed, as Surefire lists them at the end of each module.
grep -E '^\[ERROR\] (Failures|Errors|Tests in error):?' -A 20 "$log" | grep -E '^\[ERROR\]   ' | head -n 40 || true
echo "  Debian package test          $package_result"
# A forked test JVM that died leaves no report: its module's log says so.
if grep -qE 'The forked VM terminated|There was an error in the forked process|^\[ERROR\] Crashed tests:' "$log"; then
    echo "  a forked test JVM died: see $log above"
    failures=$((failures + 1))
fi
if [ "$failures" != 0 ]; then
    echo "  TESTS FAILED ($failures failures and errors)"
    status=1
elif [ "$status" != 0 ]; then
    echo "  FAILED (exit $status: the build or the package test, see above)"
else
    echo "  ALL PASSED"
fi
exit "$status"
