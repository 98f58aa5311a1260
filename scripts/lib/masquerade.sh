# Sourced by scripts/install.sh: the masquerade links PREFIX/lib/distcc/NAME -> ../../bin/distcc,
# so that PATH=$PREFIX/lib/distcc:$PATH makes 'gcc' run distcc as gcc. (The Debian package keeps
# them current with update-distcc-symlinks instead: packaging/debian/.) Reads prefix; sets
# masquerade (the names linked).

install_masquerade_links() {
    local triplet gcc_major name link
    local -a optional
    masquerade=(cc c++ gcc g++ gcc-12 g++-12)
    triplet=$(cc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)
    gcc_major=$(gcc -dumpversion 2>/dev/null | cut -d. -f1 || true)
    optional=(clang clang++ "$triplet-gcc" "$triplet-g++" "$triplet-gcc-12" "$triplet-g++-12")
    if [ -n "$gcc_major" ] && [ "$gcc_major" != 12 ]; then
        optional+=("gcc-$gcc_major" "g++-$gcc_major" "$triplet-gcc-$gcc_major" "$triplet-g++-$gcc_major")
    fi
    for name in "${optional[@]}"; do
        # Look past our own directory, which may be on PATH from an earlier install.
        if PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$prefix/lib/distcc" | paste -sd: -) \
            command -v "$name" >/dev/null 2>&1; then
            masquerade+=("$name")
        fi
    done
    mkdir -p "$prefix/lib/distcc"
    for link in "$prefix/lib/distcc"/*; do
        [ -L "$link" ] && [ "$(readlink "$link")" = ../../bin/distcc ] && rm -f "$link"
    done
    for name in "${masquerade[@]}"; do
        ln -sfn ../../bin/distcc "$prefix/lib/distcc/$name"
    done
}
