#!/usr/bin/env bash
# Builds jdistcc's Debian package for Debian 12 (bookworm), amd64:
#   scripts/package-deb.sh [--offline] [--no-build] OUTDIR   ->  OUTDIR/jdistcc_VERSION_amd64.deb
# The package brings its own Java runtime (jlink, only the modules jdeps finds in the jars), so it
# needs no JDK; it conflicts with, replaces and provides Debian's distcc (docs/install.md says
# why). Its files:
#   /usr/bin/{distcc,distccd,distccmon-text,lsdistcc,pump}   distcc is the C launcher (launcher/distcc.c)
#   /usr/lib/jdistcc/{runtime,distcc.aot,distcc-jvm,distcc-agent}   runtime, AOT cache, JVM launchers
#   /usr/share/jdistcc/lib/*.jar                        the classpaths
#   /usr/lib/distcc/                                    masquerade links, made by the postinst
#   /usr/sbin/update-distcc-symlinks                    and run again by dpkg triggers
#   /lib/systemd/system/jdistccd.service, /etc/default/jdistccd
#   /usr/share/man/man1/*.1.gz, man8/update-distcc-symlinks.8.gz
# The launcher pieces are install.sh's (scripts/lib/); the Debian files are in packaging/debian/.
set -euo pipefail
umask 022

usage() {
    cat <<'EOF'
usage: scripts/package-deb.sh [--offline] [--no-build] OUTDIR
  --offline    build with 'mvn -o' (only the local Maven repository)
  --no-build   package the jars already in */target (after an earlier build)
Writes OUTDIR/jdistcc_VERSION_amd64.deb. Needs a JDK 25 (JAVA_HOME or /usr/lib/jvm), Maven,
a C compiler, and dpkg-dev (dpkg-shlibdeps).
EOF
}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for piece in find-jdk loopback-daemon jvm-flags maven-build classpath launchers c-launcher sandbox-helper \
    man-pages aot-cache java-runtime; do
    # shellcheck source=/dev/null
    . "$root/scripts/lib/$piece.sh"
done
debian=$root/packaging/debian

offline=
build=yes
out=
while [ $# -gt 0 ]; do
    case $1 in
        --offline) offline=-o; shift ;;
        --no-build) build=; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "package-deb.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
        *) [ -z "$out" ] || { usage >&2; exit 2; }; out=$1; shift ;;
    esac
done
[ -n "$out" ] || { usage >&2; exit 2; }
for tool in dpkg-deb dpkg-shlibdeps dpkg-buildflags strip "${CC:-cc}"; do
    command -v "$tool" >/dev/null || { echo "package-deb.sh: needs $tool (apt-get install dpkg-dev gcc binutils)" >&2; exit 1; }
done

# The Debian version of the project's: 0.1.0-SNAPSHOT -> 0.1.0~snapshot123.gd8afc1e (commits,
# then the commit), which sorts before 0.1.0 and after the snapshots made from fewer commits.
deb_version() {
    local version count sha
    version=$(project_version)
    case $version in
        *-SNAPSHOT)
            version=${version%-SNAPSHOT}~snapshot
            if count=$(git -C "$root" rev-list --count HEAD 2>/dev/null) \
                && sha=$(git -C "$root" rev-parse --short=7 HEAD 2>/dev/null); then
                version+="$count.g$sha"
            fi ;;
    esac
    printf '%s' "${version//-/\~}"
}

# The shared libraries' packages, for Depends ("libc6 (>= 2.34), zlib1g (>= 1:1.1.4)"), from
# every ELF file; the runtime's own libraries are found in the package.
shlibs_depends() {
    local tmp elves
    tmp=$(mktemp -d)
    mkdir "$tmp/debian"
    printf 'Source: jdistcc\n\nPackage: jdistcc\nArchitecture: amd64\n' >"$tmp/debian/control"
    mapfile -t elves < <(find "$dest" -path "$dest/DEBIAN" -prune -o -type f -print | while read -r f; do
        if is_elf "$f"; then echo "$f"; fi; done)
    # Its warnings are about the runtime's own libraries, which have no SONAME versions and link
    # libraries they do not need: nothing to act on here.
    (cd "$tmp" && dpkg-shlibdeps -O -l"$dest$share/runtime/lib" -l"$dest$share/runtime/lib/server" "${elves[@]}" \
        2> >(grep -v 'dpkg-shlibdeps: warning:' >&2)) | sed -n 's/^shlibs:Depends=//p'
    rm -rf "$tmp"
}

# Every file's time: the last commit's (reproducible), else now.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}

started=$SECONDS
find_jdk || exit 1
[ -z "$build" ] || build_jars "$offline"
collect_jars
version=$(deb_version)
mkdir -p "$out"
out=$(realpath "$out")

work=$(mktemp -d "${TMPDIR:-/tmp}/jdistcc-deb.XXXXXX")
# Readable by all: the AOT training's distccd, started as root, runs as an unprivileged user.
chmod 755 "$work"
cleanup() {
    stop_loopback_distccd
    rm -rf "$work"
}
trap cleanup EXIT

# As installed; every file is written under the staging root $dest.
dest=$work/root
prefix=/usr
bin=/usr/bin
share=/usr/lib/jdistcc
lib=/usr/share/jdistcc/lib
aot_cache=$share/distcc.aot
java=$share/runtime/bin/java
mkdir -p "$dest$bin" "$dest$share" "$dest/usr/lib/distcc" "$dest/usr/sbin" "$dest/etc/default" \
    "$dest/lib/systemd/system" "$dest/usr/share/doc/jdistcc" "$dest/usr/share/man/man1" \
    "$dest/usr/share/man/man8" "$dest/usr/share/lintian/overrides" "$dest/DEBIAN"

phase() {
    echo "[$((SECONDS - started)) s] $*"
}
phase "making the Java runtime with jlink"
jlink_runtime "$dest$share/runtime"
# The runtime's notices (zlib, ICU, Unicode... in its libraries) go with the package's copyright.
mv "$dest$share/runtime/legal" "$dest/usr/share/doc/jdistcc/runtime-legal"
install_jars
# Fixed times before the AOT cache records them: dpkg keeps them, and SOURCE_DATE_EPOCH clamps
# nothing below it.
touch -d "@$((epoch - 60))" "$dest$lib"/*.jar

write_launcher distcc org.jdistcc.client.Main "$client_cp" client "$share/distcc-jvm"
write_agent_start
write_tool_launchers
# Debian's hardening flags (lintian checks them), with full RELRO.
read -ra c_launcher_flags <<<"$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CPPFLAGS) \
$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CFLAGS) \
$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get LDFLAGS)"
install_c_launcher
is_elf "$dest$bin/distcc" \
    || { echo "package-deb.sh: the C launcher did not build" >&2; exit 1; }
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$dest$bin/distcc"
install_sandbox_helper
is_elf "$dest$share/distccd-sandbox" \
    || { echo "package-deb.sh: distccd-sandbox did not build" >&2; exit 1; }
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$dest$share/distccd-sandbox"

phase "writing the manual pages"
write_man_pages "$dest/usr/share/man/man1" "$(project_version)"
install -m 644 "$debian/update-distcc-symlinks.8" "$dest/usr/share/man/man8/"
gzip -9n "$dest"/usr/share/man/man[18]/*.[18]

# The unit is install.sh's, with the package's distccd.
sed 's|/usr/local/bin/distccd|/usr/bin/distccd|' "$root/scripts/distccd.service" >"$dest/lib/systemd/system/jdistccd.service"
grep -q 'exec /usr/bin/distccd ' "$dest/lib/systemd/system/jdistccd.service" \
    || { echo "package-deb.sh: scripts/distccd.service no longer runs /usr/local/bin/distccd" >&2; exit 1; }
install -m 644 "$root/scripts/distccd.default" "$dest/etc/default/jdistccd"
install -m 755 "$debian/update-distcc-symlinks" "$dest/usr/sbin/"
install -m 644 "$debian/copyright" "$dest/usr/share/doc/jdistcc/"
install -m 644 "$debian/lintian-overrides" "$dest/usr/share/lintian/overrides/jdistcc"
{
    printf 'jdistcc (%s) bookworm; urgency=medium\n\n' "$version"
    printf '  * Built from %s.\n\n' "$(git -C "$root" log -1 --format='commit %h: %s' 2>/dev/null | cut -c1-58 || echo 'a source tree')"
    printf ' -- jdistcc <dev@jdistcc.org>  %s\n' "$(date -u -R -d "@$epoch")"
} | gzip -9n >"$dest/usr/share/doc/jdistcc/changelog.gz"

phase "training the client's AOT cache"
# The staged daemon, as the training's volunteer: its launcher names /usr/lib/jdistcc, not yet
# there. It may run the compiler the client sends (gcc, or gcc with this machine's triplet).
cat >"$work/distccd" <<EOF
#!/bin/sh
exec $(sh_words "$dest$java" "${daemon_flags[@]}") -cp $(sh_quote "$(staged_classpath "$daemon_cp")") \\
    org.jdistcc.daemon.Main --sandbox-helper $(sh_quote "$dest$share/distccd-sandbox") --allow-compiler gcc --allow-compiler $(sh_quote "$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)-gcc") "\$@"
EOF
chmod 755 "$work/distccd"
aot_training_distccds=("$work/distccd")
install_aot_cache
[ -f "$dest$aot_cache" ] || { echo "package-deb.sh: AOT cache $aot_status" >&2; exit 1; }
touch -d "@$((epoch - 30))" "$dest$aot_cache"

phase "writing the control files"
depends=$(shlibs_depends) || exit 1
installed_size=$(du -s -k --apparent-size --exclude=DEBIAN "$dest" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@INSTALLED_SIZE@|$installed_size|" -e "s|@SHLIBS_DEPENDS@|$depends|" \
    "$debian/control.in" >"$dest/DEBIAN/control"
echo /etc/default/jdistccd >"$dest/DEBIAN/conffiles"
install -m 755 "$debian/postinst" "$debian/prerm" "$debian/postrm" "$dest/DEBIAN/"
install -m 644 "$debian/triggers" "$dest/DEBIAN/"
(cd "$dest" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
    >"$dest/DEBIAN/md5sums"
chmod 644 "$dest/DEBIAN/md5sums" "$dest/DEBIAN/control" "$dest/DEBIAN/conffiles"

deb=$out/jdistcc_${version}_amd64.deb
phase "building $deb"
SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz --build "$dest" "$deb.tmp" >/dev/null
mv -f "$deb.tmp" "$deb"
echo "Wrote $deb ($((SECONDS - started)) s)"
echo "  size:      $(du -k "$deb" | cut -f1) KiB, installed $installed_size KiB"
echo "  runtime:   $runtime_module_list"
echo "  AOT cache: $aot_status"
echo "  depends:   $depends, adduser"
