# Sourced by scripts/install.sh and scripts/package-deb.sh: bin/distcc as launcher/distcc.c, which
# hands compiles to a resident client agent, or, without a C compiler, the JVM launcher itself.
# Reads root, dest, java, prefix, bin, share, lib, client_cp, agent_flags; CC (default cc) and
# the array c_launcher_flags (default -O2) for the build. Sets launcher_status.

c_string() {
    local text=${1//\\/\\\\}
    printf '"%s"' "${text//\"/\\\"}"
}

# The agent's socket is named after this installation (jars, JVM, prefix, flags), so a launcher
# never talks to an agent left running by another or an older install.
agent_id() {
    { printf '%s\n' "$java" "$prefix" "${agent_flags[@]}"; cat "$dest$lib"/*.jar; } | sha256sum | cut -c1-16
}

install_c_launcher() {
    local id target=$dest$bin/distcc
    local -a flags=("${c_launcher_flags[@]:--O2}")
    id=$(agent_id)
    launcher_status="sh script (no C compiler: every compile starts a JVM)"
    if command -v "${CC:-cc}" >/dev/null 2>&1 \
        && "${CC:-cc}" "${flags[@]}" -o "$target.new" \
            -DJDISTCC_COLD="$(c_string "$share/distcc-jvm")" \
            -DJDISTCC_AGENT_START="$(c_string "$share/distcc-agent")" \
            -DJDISTCC_AGENT_ID="$(c_string "$id")" \
            "$root/launcher/distcc.c"; then
        chmod 755 "$target.new"
        mv -f "$target.new" "$target"
        launcher_status="C launcher, client agent $id (JDISTCC_AGENT=0 turns it off)"
    else
        rm -f "$target.new"
        cp -f "$dest$share/distcc-jvm" "$target.new"
        mv -f "$target.new" "$target"
    fi
}
