# Sourced by scripts/install.sh and scripts/package-deb.sh: the jars each program runs with, and
# their installation. Reads root, dest (the staging root, empty when installing in place), lib
# (where the jars go, as installed).

# A module's runtime classpath: its jar, then what maven-dependency-plugin copied to target/lib.
module_jars() {
    local module=$1 jar
    jar=$(find "$root/$module/target" -maxdepth 1 -name '*.jar' ! -name '*-sources.jar' ! -name '*-tests.jar' | head -n 1)
    if [ -z "$jar" ] || [ ! -d "$root/$module/target/lib" ]; then
        echo "${0##*/}: $module/target has no jar or lib/; build first (drop --no-build)" >&2
        return 1
    fi
    printf '%s\n' "$jar"
    find "$root/$module/target/lib" -maxdepth 1 -name '*.jar' | sort
}

# Sets client_jars and daemon_jars (paths in the build tree). The client starts once per compile:
# its classpath must stay free of the daemon's frameworks.
collect_jars() {
    local client_list daemon_list jar
    client_list=$(module_jars distcc-client) || return 1
    daemon_list=$(module_jars distccd) || return 1
    mapfile -t client_jars <<<"$client_list"
    mapfile -t daemon_jars <<<"$daemon_list"
    for jar in "${client_jars[@]}"; do
        case ${jar##*/} in
            picocli-*|logback-*|slf4j-*) echo "${0##*/}: client classpath must not contain ${jar##*/}" >&2; return 1 ;;
        esac
    done
}

# Replaces $dest$lib with the jars of both classpaths, all at once (a staging directory renamed
# over it), and sets client_cp and daemon_cp to their installed paths.
install_jars() {
    local staging jar
    mkdir -p "$(dirname "$dest$lib")"
    staging=$(mktemp -d "$(dirname "$dest$lib")/lib.new.XXXXXX")
    for jar in "${client_jars[@]}" "${daemon_jars[@]}"; do
        # Both classpaths hold common, protocol and aircompressor: one copy each.
        [ -e "$staging/${jar##*/}" ] || cp "$jar" "$staging/" || { rm -rf "$staging"; return 1; }
    done
    chmod 755 "$staging"
    chmod 644 "$staging"/*.jar
    rm -rf "$dest$lib"
    mv "$staging" "$dest$lib"
    client_cp=$(installed_classpath "${client_jars[@]}")
    daemon_cp=$(installed_classpath "${daemon_jars[@]}")
}

installed_classpath() {
    local jar cp=
    for jar in "$@"; do cp=${cp:+$cp:}$lib/${jar##*/}; done
    printf '%s' "$cp"
}

# The same classpath where it lies now: under the staging root.
staged_classpath() {
    local entry out= entries
    IFS=: read -ra entries <<<"$1"
    for entry in "${entries[@]}"; do out=${out:+$out:}$dest$entry; done
    printf '%s' "$out"
}
