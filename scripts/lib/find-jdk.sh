# Sourced by the scripts in scripts/: locate a JDK 25 or newer.
# jdistcc needs JDK 25 for its AOT cache (JEP 483/514) and builds with --release 25.

# Prints the major version of the JDK at $1 ("25"), or nothing if $1 is not a JDK with javac.
jdk_major_version() {
    local home=$1 version=
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
    if [ -r "$home/release" ]; then
        # JAVA_VERSION="25.0.3"
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    fi
    if [ -z "$version" ]; then
        version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
            sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
    fi
    printf '%s' "$version"
}

# Sets JDK_HOME to $JAVA_HOME if that is a JDK 25+, else to the first JDK 25+ under /usr/lib/jvm
# (25 preferred), else explains how to get one and returns 1.
find_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
        [ -n "$candidate" ] && [ -d "$candidate" ] || continue
        major=$(jdk_major_version "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            JDK_HOME=$candidate
            return 0
        fi
    done
    cat >&2 <<'MSG'
error: jdistcc needs a JDK 25 or newer (with javac); none found in $JAVA_HOME or /usr/lib/jvm.
  Debian/Ubuntu with the Adoptium repository (https://adoptium.net/installation/linux/):
      apt-get install temurin-25-jdk
  or download a JDK 25 from https://adoptium.net/ and set JAVA_HOME to it.
MSG
    return 1
}
