#!/usr/bin/env bash
# Lays out a flat apt repository from built packages (scripts/package-deb.sh), so that a farm's
# machines can 'apt install jdistcc' from a local mirror:
#   scripts/make-apt-repo.sh [--sign KEY] REPO_DIR DEB...
# Copies each DEB into REPO_DIR and writes Packages, Packages.gz and Release for every .deb there
# (older versions stay: apt picks the newest). With --sign KEY (a gpg key id), also InRelease and
# Release.gpg, and the public key as REPO_DIR/jdistcc-archive-keyring.gpg. Re-runnable.
# Serve REPO_DIR (any web server, or a shared directory), then on each machine, unsigned:
#   deb [trusted=yes] http://mirror.lan/jdistcc ./
# or signed, with the keyring copied to the machine by a channel you trust:
#   deb [signed-by=/usr/share/keyrings/jdistcc-archive-keyring.gpg] http://mirror.lan/jdistcc ./
# in /etc/apt/sources.list.d/jdistcc.list. docs/install.md explains the choice.
set -euo pipefail

usage() {
    sed -n '4,14s/^# \{0,1\}//p' "$0"
}

key=
while [ $# -gt 0 ]; do
    case $1 in
        --sign) [ $# -ge 2 ] || { usage >&2; exit 2; }; key=$2; shift 2 ;;
        --sign=*) key=${1#--sign=}; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "make-apt-repo.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -ge 2 ] || { usage >&2; exit 2; }
repo=$1
shift
command -v apt-ftparchive >/dev/null || { echo "make-apt-repo.sh: needs apt-ftparchive (apt-get install apt-utils)" >&2; exit 1; }
if [ -n "$key" ]; then
    command -v gpg >/dev/null || { echo "make-apt-repo.sh: --sign needs gpg (apt-get install gnupg)" >&2; exit 1; }
fi
for deb in "$@"; do
    [ -f "$deb" ] && dpkg-deb --info "$deb" >/dev/null 2>&1 || { echo "make-apt-repo.sh: '$deb' is not a .deb file" >&2; exit 1; }
done

mkdir -p "$repo"
cp -f "$@" "$repo/"
cd "$repo"
# Every index is written beside its final name, then renamed: a machine running 'apt update'
# meanwhile sees the old set or the new one.
apt-ftparchive packages . >Packages.new
gzip -9n <Packages.new >Packages.gz.new
mv -f Packages.new Packages
mv -f Packages.gz.new Packages.gz
apt-ftparchive \
    -o APT::FTPArchive::Release::Origin=jdistcc \
    -o APT::FTPArchive::Release::Label=jdistcc \
    -o APT::FTPArchive::Release::Architectures=amd64 \
    -o "APT::FTPArchive::Release::Description=jdistcc packages" \
    release . >Release.new
# A Release file must not list itself.
mv -f Release.new Release
rm -f InRelease Release.gpg
if [ -n "$key" ]; then
    gpg --batch --yes --local-user "$key" --clearsign --output InRelease Release
    gpg --batch --yes --local-user "$key" --detach-sign --output Release.gpg Release
    gpg --batch --yes --export "$key" >jdistcc-archive-keyring.gpg
fi
echo "apt repository in $(pwd): $(grep -c '^Package:' Packages) package(s)${key:+, signed by $key}"
