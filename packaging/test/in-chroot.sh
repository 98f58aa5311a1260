#!/bin/bash
# The chroot's half of scripts/test-package.sh, run as root in a clean Debian 12 (minbase, gcc,
# man-db) with /srv/test holding the package, a signed apt repository (repo/) and a package
# that installs a gcc-99 (to fire the triggers). Every wait is bounded; any failure ends the test.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
cd /srv/test
port=$((20000 + RANDOM % 40000))
daemon_pid=

fail() {
    echo "in-chroot.sh: $*" >&2
    if [ -s /srv/test/distccd.log ]; then
        echo "--- the daemon's log:" >&2
        tail -n 40 /srv/test/distccd.log >&2
    fi
    exit 1
}
step() {
    echo "   - $*"
}
is_link_to_distcc() {
    [ -L "/usr/lib/distcc/$1" ] && [ "$(readlink "/usr/lib/distcc/$1")" = ../../bin/distcc ]
}

step "apt-get install ./jdistcc_*.deb"
apt-get install -y -q ./jdistcc_*.deb >apt.log 2>&1 || { cat apt.log >&2; fail "apt could not install the package"; }
[ "$(od -An -N4 -tx1 /usr/bin/distcc | tr -d ' ')" = 7f454c46 ] || fail "/usr/bin/distcc is not the C launcher"
for name in distccd distccmon-text lsdistcc pump; do
    [ -x /usr/bin/$name ] || fail "no /usr/bin/$name"
done
id distcc >/dev/null 2>&1 || fail "the postinst made no user distcc"
for name in cc gcc gcc-12 x86_64-linux-gnu-gcc x86_64-linux-gnu-gcc-12; do
    is_link_to_distcc "$name" || fail "no masquerade link /usr/lib/distcc/$name: $(ls -l /usr/lib/distcc)"
done

step "the bundled runtime: its CDS archive and the client's AOT cache map"
/usr/lib/jdistcc/runtime/bin/java -Xshare:on -version >/dev/null 2>&1 \
    || fail "the runtime's CDS archive does not map: $(/usr/lib/jdistcc/runtime/bin/java -Xshare:on -version 2>&1)"
# The client's JVM launcher, with class loading logged: the AOT cache trained at build time
# must serve here, where the runtime and the jars have moved to.
sed 's| -cp | -Xlog:class+load=info -cp |' /usr/lib/jdistcc/distcc-jvm >/tmp/distcc-jvm-probe
JDISTCC_ARGV0=distcc sh /tmp/distcc-jvm-probe --version >/tmp/class-load.log 2>&1 || fail "distcc --version failed"
grep -q 'org.jdistcc.client.Main source: shared objects file' /tmp/class-load.log \
    || fail "the client does not start from its AOT cache: $(grep -m1 'org.jdistcc.client.Main ' /tmp/class-load.log)"

step "distccd started as jdistccd.service runs it (User=, EnvironmentFile=, ExecStart=)"
unit=/lib/systemd/system/jdistccd.service
grep -qx 'User=distcc' "$unit" || fail "$unit has no User=distcc"
# The admin's edit: the port of this test; and no compiler sandbox, because a process in a chroot
# cannot create user namespaces (unshare(2): EPERM). The distccd tests try the sandbox.
sed -i "s|^JDISTCCD_OPTS=.*|JDISTCCD_OPTS=\"--port $port --sandbox=off\"|" /etc/default/jdistccd
# ExecStart= as systemd reads it: continuation lines joined, \$\$ for \$, then split into words.
exec_start=$(sed -n '/^ExecStart=/,/[^\\]$/p' "$unit" | sed 's/\\$//' | tr '\n' ' ' | sed 's/^ExecStart=//; s/\$\$/$/g')
eval "set -- $exec_start"
environment=$(sed -n 's/^Environment=//p' "$unit")
(
    set -a
    # shellcheck source=/dev/null
    . /etc/default/jdistccd
    set +a
    # shellcheck disable=SC2086
    exec env $environment setpriv --reuid=distcc --regid=distcc --init-groups -- "$@"
) </dev/null >/srv/test/distccd.log 2>&1 &
daemon_pid=$!
trap 'kill "$daemon_pid" 2>/dev/null || true' EXIT
for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$daemon_pid" 2>/dev/null || fail "distccd exited"
    sleep 0.1
done
(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "distccd does not listen on 127.0.0.1:$port after 30 s"
[ "$(awk '/^Uid:/ { print $2 }' "/proc/$daemon_pid/status")" = "$(id -u distcc)" ] || fail "distccd does not run as distcc"

step "compiles sent to it by a user, with distcc and through the masquerade directory"
useradd --create-home builder
mkdir /home/builder/src
printf '#include <stdio.h>\nint answer(void);\nint main(void) { printf("%%d\\n", answer()); return 0; }\n' >/home/builder/src/main.c
printf 'int answer(void) { return 42; }\n' >/home/builder/src/answer.c
chown -R builder: /home/builder/src
as_builder() {
    setpriv --reuid=builder --regid=builder --init-groups -- env HOME=/home/builder USER=builder \
        DISTCC_DIR=/home/builder/.distcc "$@"
}
cd /home/builder/src
as_builder env DISTCC_HOSTS="127.0.0.1:$port/2,lzo" timeout 120 distcc gcc -O2 -c main.c -o main.o \
    || fail "distcc gcc -c main.c failed"
as_builder env PATH="/usr/lib/distcc:$PATH" DISTCC_HOSTS="127.0.0.1:$port/2,lz4" timeout 120 gcc -O2 -c answer.c -o answer.o \
    || fail "gcc -c answer.c through /usr/lib/distcc failed"
as_builder gcc main.o answer.o -o answer
[ "$(./answer)" = 42 ] || fail "the program built from the daemon's objects prints '$(./answer)'"
# The daemon logs a job once its directory is gone, which may be after the client has its reply.
for source in main answer; do
    for _ in $(seq 100); do
        grep -qE "source=$source\\.[ci] .*outcome=ok" /srv/test/distccd.log && break
        sleep 0.1
    done
    grep -qE "source=$source\\.[ci] .*outcome=ok" /srv/test/distccd.log \
        || fail "the daemon did not log compiling $source.c within 10 s"
done
grep -E 'outcome=' /srv/test/distccd.log | sed 's/^/     distccd: /'
as_builder lsdistcc --format=tsv --timeout=30 "127.0.0.1:$port" | grep -q $'\tup\t' || fail "lsdistcc does not see the daemon"
as_builder lsdistcc -r"$port" -pgcc -k10000 -t30 127.0.0.1 | grep -qx "127.0.0.1:$port" || fail "lsdistcc (distcc 3.4's form) does not see the daemon"
as_builder distccmon-text >/dev/null || fail "distccmon-text failed"
cd /srv/test

step "man distcc, distccd, distccmon-text, lsdistcc, pump, update-distcc-symlinks"
man -P cat distcc 2>/dev/null | grep -q DISTCC_HOSTS || fail "man distcc does not show DISTCC_HOSTS"
man -P cat distccd 2>/dev/null | grep -q -- '--allow' || fail "man distccd does not show --allow"
for page in distccmon-text lsdistcc pump update-distcc-symlinks; do
    man -P cat "$page" >/dev/null 2>&1 || fail "no manual page for $page"
done

step "a compiler installed later gets a link (dpkg triggers), and loses it when removed"
dpkg -i fake-gcc-99_1_all.deb >dpkg.log 2>&1 || { cat dpkg.log >&2; fail "dpkg -i fake-gcc-99"; }
is_link_to_distcc gcc-99 || fail "no /usr/lib/distcc/gcc-99 after installing gcc-99"
dpkg --purge fake-gcc-99 >dpkg.log 2>&1 || { cat dpkg.log >&2; fail "dpkg --purge fake-gcc-99"; }
[ ! -e /usr/lib/distcc/gcc-99 ] && [ ! -L /usr/lib/distcc/gcc-99 ] || fail "/usr/lib/distcc/gcc-99 outlived gcc-99"

kill "$daemon_pid"
wait "$daemon_pid" 2>/dev/null || true

step "apt-get purge jdistcc"
apt-get purge -y -q jdistcc >apt.log 2>&1 || { cat apt.log >&2; fail "apt could not purge the package"; }
[ ! -e /usr/bin/distcc ] || fail "/usr/bin/distcc outlived the package"
[ -z "$(ls -A /usr/lib/distcc 2>/dev/null)" ] || fail "links left in /usr/lib/distcc: $(ls /usr/lib/distcc)"

step "apt-get install jdistcc from the signed repository"
rm -f /etc/apt/sources.list
echo "deb [signed-by=/srv/test/repo/jdistcc-archive-keyring.gpg] file:/srv/test/repo ./" >/etc/apt/sources.list.d/jdistcc.list
apt-get update -q >apt.log 2>&1 || { cat apt.log >&2; fail "apt-get update from the repository failed"; }
grep -q -E '^(W|E):' apt.log && { cat apt.log >&2; fail "apt-get update complained"; }
apt-get install -y -q jdistcc >apt.log 2>&1 || { cat apt.log >&2; fail "apt-get install jdistcc from the repository failed"; }
distcc --version | grep -q jdistcc || fail "distcc --version after installing from the repository"
echo "   all passed"
