# Sourced by the benchmarks: makes sure Debian's distcc 3.4 (the reference: /usr/bin/distcc and
# /usr/bin/distccd) and hyperfine are installed, installing them with apt-get when they are not.
need_debian_distcc() {
    local missing=()
    [ -x /usr/bin/distcc ] && [ -x /usr/bin/distccd ] || missing+=(distcc)
    command -v hyperfine >/dev/null || missing+=(hyperfine)
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || { echo "needs Debian's ${missing[*]} (not a Debian system?)" >&2; exit 1; }
    local sudo=
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "installing ${missing[*]} with apt-get..." >&2
    $sudo apt-get update -qq >&2 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 \
        || { echo "could not install ${missing[*]}" >&2; exit 1; }
    # The package starts its own distccd on port 3632; the benchmarks start theirs on free ports.
}
