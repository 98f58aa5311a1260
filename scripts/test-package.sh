#!/usr/bin/env bash
# The package test: builds the Debian package, checks it with lintian, and in a clean Debian 12
# chroot (debootstrap) installs it with apt, starts its distccd as jdistccd.service would, compiles
# through it with the package's distcc, reads its manuals, installs a compiler to fire its
# triggers, purges it, and installs it again from an apt repository made by make-apt-repo.sh
# (packaging/test/in-chroot.sh is the chroot's half).
#   scripts/test-package.sh [--no-build] [--offline] [--deb FILE]   (--deb: test FILE, build nothing)
# Needs root, debootstrap, lintian, dpkg-dev, apt-utils, gnupg, systemd, and the network (the
# Debian mirror JDISTCC_DEBIAN_MIRROR, default the one this machine's apt uses for bookworm) when
# the chroot's base is not cached: JDISTCC_CHROOT_CACHE (default /var/cache/jdistcc-test) keeps
# it 30 days.
# scripts/test.sh runs this when JDISTCC_PACKAGE_TEST=1 (.ci/run sets it).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_args=()
deb=
while [ $# -gt 0 ]; do
    case $1 in
        --no-build|--offline) build_args+=("$1"); shift ;;
        --deb) [ $# -ge 2 ] || { echo "test-package.sh: --deb needs a file" >&2; exit 2; }; deb=$(realpath "$2"); shift 2 ;;
        *) echo "test-package.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "test-package.sh: needs root (debootstrap, chroot)" >&2; exit 1; }
for tool in debootstrap lintian dpkg-deb apt-ftparchive gpg unshare systemd-analyze; do
    command -v "$tool" >/dev/null || { echo "test-package.sh: needs $tool (apt-get install debootstrap lintian dpkg-dev apt-utils gnupg systemd)" >&2; exit 1; }
done

started=$SECONDS
step() {
    echo "== [$((SECONDS - started)) s] $*"
}
work=$(mktemp -d "${TMPDIR:-/tmp}/jdistcc-pkgtest.XXXXXX")
chmod 755 "$work"
# The chroot's mounts live in its own mount namespace (unshare): nothing is mounted here, so
# removing the tree cannot reach the host's /dev or /proc; --one-file-system guards that anyway.
trap 'rm -rf --one-file-system "$work"' EXIT

if [ -z "$deb" ]; then
    step "scripts/package-deb.sh ${build_args[*]}"
    "$root/scripts/package-deb.sh" "${build_args[@]}" "$work/out"
    deb=$(ls "$work"/out/jdistcc_*_amd64.deb)
fi
echo "   $(du -k "$deb" | cut -f1) KiB: $deb"

step "lintian"
# Every tag, informational ones included, is either fixed or overridden with a reason
# (packaging/debian/lintian-overrides); an unused override is a tag too.
if ! lintian --display-info --display-experimental --pedantic --fail-on error,warning,info,pedantic "$deb" \
    >"$work/lintian.log" 2>&1; then
    grep -v 'running with root privileges' "$work/lintian.log" >&2
    echo "test-package.sh: lintian found the above" >&2
    exit 1
fi

step "systemd-analyze verify jdistccd.service"
# systemd does not run in the chroot: the unit is checked here, and run there as systemd would.
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./lib/systemd/system/jdistccd.service >"$work/jdistccd.service"
# Unknown or misspelled settings are only warnings to systemd: any output fails here.
if ! verify=$(systemd-analyze verify "$work/jdistccd.service" 2>&1) || [ -n "$verify" ]; then
    printf '%s\n' "$verify" >&2
    echo "test-package.sh: systemd-analyze finds fault with jdistccd.service" >&2
    exit 1
fi

step "an apt repository, signed with a key made for this test"
export GNUPGHOME=$work/gnupg
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'jdistcc package test <test@jdistcc.invalid>' ed25519 sign 1d
key=$(gpg --batch --list-keys --with-colons 2>/dev/null | awk -F: '/^fpr/ { print $10; exit }')
"$root/scripts/make-apt-repo.sh" --sign "$key" "$work/test/repo" "$deb"

step "a compiler package installed later, to fire the triggers"
fake=$work/fake-gcc
mkdir -p "$fake/DEBIAN" "$fake/usr/bin" "$fake/usr/lib/gcc/x86_64-linux-gnu/99"
printf '#!/bin/sh\nexec gcc-12 "$@"\n' >"$fake/usr/bin/gcc-99"
chmod 755 "$fake/usr/bin/gcc-99"
: >"$fake/usr/lib/gcc/x86_64-linux-gnu/99/.keep"
printf 'Package: fake-gcc-99\nVersion: 1\nArchitecture: all\nMaintainer: test <test@jdistcc.invalid>\nDescription: a gcc-99 for the package test\n' \
    >"$fake/DEBIAN/control"
dpkg-deb --root-owner-group --build "$fake" "$work/test/fake-gcc-99_1_all.deb" >/dev/null

chroot_dir=$work/chroot
mkdir "$chroot_dir"
# The mirror this machine's apt uses for bookworm (a CI image may have its own), else Debian's.
host_mirror() {
    apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(LABEL)' 'Created-By: Packages' 2>/dev/null \
        | awk '$2 == "bookworm" && $3 == "Debian" { print $1; exit }'
}
mirror=${JDISTCC_DEBIAN_MIRROR:-$(host_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}
# gcc to compile with, man-db to read the pages; adduser and init-system-helpers are in minbase.
include=gcc,libc6-dev,man-db
cache=${JDISTCC_CHROOT_CACHE:-/var/cache/jdistcc-test}
base=$cache/bookworm-minbase-$(printf '%s %s' "$include" "$mirror" | sha256sum | cut -c1-12).tar.gz
if [ -s "$base" ] && [ -z "$(find "$base" -mtime +30)" ]; then
    step "the Debian 12 chroot, from $base"
    tar -xzf "$base" -C "$chroot_dir"
else
    step "debootstrap --variant=minbase --include=$include bookworm ($mirror)"
    if ! debootstrap --variant=minbase --include="$include" bookworm "$chroot_dir" "$mirror" >"$work/debootstrap.log" 2>&1; then
        tail -n 30 "$work/debootstrap.log" >&2
        echo "test-package.sh: debootstrap failed (is $mirror reachable?)" >&2
        exit 1
    fi
    chroot "$chroot_dir" apt-get clean
    mkdir -p "$cache"
    tar -I "gzip -1" -cf "$base.tmp" -C "$chroot_dir" . && mv -f "$base.tmp" "$base"
fi

step "in the chroot: packaging/test/in-chroot.sh"
cp -r "$work/test" "$chroot_dir/srv/test"
cp "$deb" "$root/packaging/test/in-chroot.sh" "$chroot_dir/srv/test/"
# A mount and PID namespace of its own: /proc for the JVMs, and every process started in there
# (the daemon, the client agents) ends with it.
timeout 900 unshare --mount --pid --fork --mount-proc="$chroot_dir/proc" \
    chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
    /bin/bash /srv/test/in-chroot.sh
step "the package test passed"
