#!/usr/bin/env bash
# Builds jdistcc and installs it under a prefix (default /usr/local):
#   PREFIX/bin/{distcc,distccd,distccmon-text,lsdistcc}   launchers with the JDK baked in
#   PREFIX/bin/pump                                        distcc's pump command (a shell script)
#   PREFIX/lib/distcc/{cc,gcc,...} -> ../../bin/distcc    masquerade links
#   PREFIX/share/jdistcc/lib/*.jar                         the classpaths
#   PREFIX/share/jdistcc/distcc.aot                        the client's AOT cache
#   PREFIX/share/jdistcc/{distcc-jvm,distcc-agent}         the client's cold path and agent start
#   PREFIX/share/man/man1/*.1                              the manual pages
#   PREFIX/share/jdistcc/distccd-sandbox                   the daemon's sandbox without bubblewrap
# bin/distcc is launcher/distcc.c, built with the system's cc, which hands compiles to a resident
# client agent; without a cc it is the cold path's script itself (docs/performance.md).
# Re-running over an existing prefix replaces all of it. See docs/install.md.
# Each concern is a file in scripts/lib/, shared with scripts/package-deb.sh.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/install.sh [--prefix DIR] [--offline] [--no-build] [--no-aot]
  --prefix DIR   install under DIR (default /usr/local)
  --offline      build with 'mvn -o' (only the local Maven repository)
  --no-build     install the jars already in */target (after an earlier build)
  --no-aot       do not train the client's AOT cache (slower start-up)
environment:
  JAVA_HOME                     a JDK 25+ to use (else one is looked for in /usr/lib/jvm)
  JDISTCC_AOT_TRAINING_HOSTS    DISTCC_HOSTS for the AOT training compile, instead of a
                                distccd started on loopback for it
EOF
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for piece in find-jdk loopback-daemon jvm-flags maven-build classpath launchers c-launcher \
    sandbox-helper masquerade man-pages aot-cache; do
    # shellcheck source=/dev/null
    . "$root/scripts/lib/$piece.sh"
done

prefix=/usr/local
offline=
build=yes
aot=yes
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || { usage >&2; exit 2; }; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --offline) offline=-o; shift ;;
        --no-build) build=; shift ;;
        --no-aot) aot=; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
done

started=$SECONDS
find_jdk || exit 1
java=$JDK_HOME/bin/java
[ -z "$build" ] || build_jars "$offline"
collect_jars

mkdir -p "$prefix/bin" "$prefix/lib/distcc" "$prefix/share/jdistcc"
# Absolute and symlink-free: the client compares real paths to skip itself on PATH.
prefix=$(realpath "$prefix")
dest=                      # installed in place: no staging root
bin=$prefix/bin
share=$prefix/share/jdistcc
lib=$share/lib
aot_cache=$share/distcc.aot

drop_aot_cache
install_jars
write_launcher distcc org.jdistcc.client.Main "$client_cp" client "$share/distcc-jvm"
write_agent_start
install_c_launcher
install_sandbox_helper
write_client_jvm_txt
write_tool_launchers
install_masquerade_links
write_man_pages "$prefix/share/man/man1" "$(project_version)"

aot_status="not built (--no-aot)"
if [ -n "$aot" ]; then
    aot_training_distccds=("$bin/distccd" "$(command -v distccd || true)")
    trap stop_loopback_distccd EXIT
    install_aot_cache
fi

echo "jdistcc installed in $prefix ($((SECONDS - started)) s)"
echo "  JDK:         $JDK_HOME"
echo "  launchers:   $(cd "$bin" && ls distcc distccd distccmon-text lsdistcc pump | tr '\n' ' ')"
echo "  masquerade:  $prefix/lib/distcc/{$(IFS=,; echo "${masquerade[*]}")}"
echo "  manuals:     $prefix/share/man/man1 (man -M $prefix/share/man distcc)"
echo "  AOT cache:   $aot_status"
echo "  bin/distcc:  $launcher_status"
echo "  sandbox:     distccd uses $sandbox_status, else bubblewrap when installed"
echo "Use it:  CC=\"$bin/distcc gcc\" make -j8   or   PATH=$prefix/lib/distcc:\$PATH make -j8"
