# Sourced by scripts/package-deb.sh: a Java runtime holding only the modules jdistcc needs, made
# with jlink from the JDK that builds it, so that the package needs no JDK. Reads JDK_HOME,
# client_jars, daemon_jars.

# The modules the jars use, as jdeps finds them ("java.base,java.logging,...").
# jdk.charsets is added: file names and arguments are decoded in the locale's charset
# (sun.jnu.encoding), which may be one that java.base lacks.
runtime_modules() {
    local modules
    local -a jars
    # Each jar once (common, protocol and aircompressor are on both classpaths).
    mapfile -t jars < <(printf '%s\n' "${client_jars[@]}" "${daemon_jars[@]}" | awk -F/ '!seen[$NF]++')
    # --ignore-missing-deps: logback's optional integrations (servlets, Janino) are not shipped.
    modules=$("$JDK_HOME/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
        "${jars[@]}" 2>/dev/null | tail -n 1) || return 1
    [[ $modules =~ ^[a-z.,]+$ ]] || return 1
    printf '%s,jdk.charsets' "$modules"
}

is_elf() {
    [ "$(od -An -N4 -tx1 "$1" | tr -d ' ')" = 7f454c46 ]
}

# jlink_runtime DIR: the runtime, stripped like any binary in a Debian package, with the default
# CDS archive (what distccd and the tools start from; the client has its own AOT cache).
jlink_runtime() {
    local out=$1 modules file log
    modules=$(runtime_modules) || { echo "${0##*/}: jdeps could not list the modules the jars need" >&2; return 1; }
    rm -rf "$out"
    if ! log=$("$JDK_HOME/bin/jlink" --add-modules "$modules" --output "$out" \
        --strip-debug --no-header-files --no-man-pages --generate-cds-archive 2>&1); then
        printf '%s\n' "$log" >&2
        return 1
    fi
    # The runtime's launchers other than java are not used, nor is the CDS archive for heaps over
    # 32 GiB (a JVM without its archive just starts without one), nor jrt-fs.jar (the jrt:/ file
    # system for tools running on other JDKs).
    find "$out/bin" -type f ! -name java -delete
    rm -f "$out/lib/server/classes_nocoops.jsa" "$out/conf/security/policy/README.txt" "$out/lib/jrt-fs.jar"
    # jlink's --strip-debug keeps the native symbol tables; dh_strip's own options.
    while IFS= read -r -d '' file; do
        if is_elf "$file"; then
            strip --strip-unneeded --remove-section=.comment --remove-section=.note "$file"
        fi
    done < <(find "$out" -type f -print0)
    # jlink copies the JDK's read-only modes.
    chmod -R u+w,go+rX,go-w "$out"
    runtime_module_list=$modules
}
