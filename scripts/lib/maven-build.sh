# Sourced by scripts/install.sh and scripts/package-deb.sh: build the jars with Maven.

# build_jars [-o]: 'mvn package' of the client and the daemon (and the modules they use), without
# tests; prints the end of Maven's output and fails if the build does. Reads root, JDK_HOME.
build_jars() {
    local offline=${1:-} build_log
    command -v mvn >/dev/null || { echo "${0##*/}: Maven (mvn) is needed: apt-get install maven" >&2; return 1; }
    echo "Building with Maven (JDK $JDK_HOME)..."
    build_log=$(mktemp)
    if ! (cd "$root" && JAVA_HOME=$JDK_HOME mvn -B -q -ntp $offline -Dstyle.color=never \
        -DskipTests -Dspotless.check.skip=true -pl distcc-client,distccd -am package) >"$build_log" 2>&1; then
        tail -n 60 "$build_log" >&2
        rm -f "$build_log"
        echo "${0##*/}: the Maven build failed" >&2
        return 1
    fi
    rm -f "$build_log"
}

# The version in the parent pom.xml ("0.1.0-SNAPSHOT"): the first <version> after <artifactId>.
project_version() {
    sed -n '/<artifactId>jdistcc-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' \
        "$root/pom.xml" | head -n 1
}
