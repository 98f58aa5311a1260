# Sourced by scripts/install.sh and scripts/package-deb.sh: $share/distccd-sandbox, the sandbox
# distccd runs each compiler in when bubblewrap is not installed
# (distccd/src/main/c/distccd-sandbox.c; docs/security.md). bin/distccd names it
# (launchers.sh). Reads root, dest, share; CC (default cc) and the array c_launcher_flags
# (default -O2). Sets sandbox_status. Without a C compiler the daemon needs bubblewrap, or
# --sandbox=off, to start.

install_sandbox_helper() {
    local target=$dest$share/distccd-sandbox
    local -a flags=("${c_launcher_flags[@]:--O2}")
    sandbox_status="not built (no C compiler): distccd needs bubblewrap, or --sandbox=off"
    rm -f "$target"
    if command -v "${CC:-cc}" >/dev/null 2>&1 \
        && "${CC:-cc}" "${flags[@]}" -o "$target.new" "$root/distccd/src/main/c/distccd-sandbox.c"; then
        chmod 755 "$target.new"
        mv -f "$target.new" "$target"
        sandbox_status="$share/distccd-sandbox"
    else
        rm -f "$target.new"
    fi
}
