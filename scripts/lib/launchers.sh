# Sourced by scripts/install.sh and scripts/package-deb.sh: the /bin/sh launchers that start the
# JVMs. Reads dest (staging root, empty when installing in place) and, as installed: java, bin,
# share (jdistcc's own files), aot_cache; and the flag arrays of jvm-flags.sh.

# Single-quotes a word for /bin/sh.
sh_quote() {
    printf "'%s'" "${1//\'/\'\\\'\'}"
}
sh_words() {
    local word out=
    for word in "$@"; do out+=" $(sh_quote "$word")"; done
    printf '%s' "${out# }"
}

# write_launcher NAME MAIN_CLASS CLASSPATH ROLE [TARGET]
# Writes TARGET (default $bin/NAME, under $dest), which runs MAIN_CLASS with $java. ROLE "client"
# gets the start-up flags and the AOT cache (it runs once per compile); "daemon" leaves root
# before the JVM starts; "tool" gets plain flags.
write_launcher() {
    local name=$1 main=$2 cp=$3 role=$4 target=$dest${5:-$bin/$1} tmp
    tmp=$(mktemp "$(dirname "$target")/.$name.XXXXXX")
    {
        echo '#!/bin/sh'
        echo "# jdistcc $name launcher, written by scripts/${0##*/}: re-run it rather than edit this."
        case $role in
            client) client_launcher_body "$main" "$cp" ;;
            # The daemon's compiler sandbox when bubblewrap is not installed (sandbox-helper.sh).
            daemon) leave_root_prologue; tool_launcher_body "$main" "$cp" "-Djdistcc.sandboxHelper=$share/distccd-sandbox" ;;
            *) tool_launcher_body "$main" "$cp" ;;
        esac
    } >"$tmp"
    chmod 755 "$tmp"
    mv -f "$tmp" "$target"
}

client_launcher_body() {
    local main=$1 cp=$2 jar guard= jars
    IFS=: read -ra jars <<<"$cp"
    for jar in "${jars[@]}"; do guard+=" && [ \"\$aot\" -nt $(sh_quote "$jar") ]"; done
    cat <<EOF
# Every compile starts here: no forks, a few stat()s, one exec.
aot=$(sh_quote "$aot_cache")
# JDK 25.0.3 maps an AOT cache even when a jar under it has changed (JDK-8377932), running the
# old classes: use the cache only if it is newer than every jar.
cache=-Xshare:auto
if [ -r "\$aot" ]${guard}; then cache=-XX:AOTCache=\$aot; fi
# The JVM would announce these on stderr ("Picked up ..."), inside the compiler's diagnostics.
unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS
# bin/distcc (launcher/distcc.c) execs this script with the name it was run as in JDISTCC_ARGV0.
argv0=\${JDISTCC_ARGV0:-\$0}
unset JDISTCC_ARGV0
exec $(sh_words "$java" "${client_flags[@]}" "${client_log_flags[@]}") "\$cache" \\
    $(sh_quote "-Djdistcc.launcher=$bin/distcc") -Djdistcc.argv0="\$argv0" \\
    -cp $(sh_quote "$cp") $main "\$@"
EOF
}

leave_root_prologue() {
    cat <<'EOF'
# Started by root, the daemon leaves root as distcc 3.4 does (--user, else distcc, else nobody).
# A JVM cannot setuid itself, and one that waited for another would double the daemon's memory,
# so the switch happens here; when it cannot, the daemon itself does it (or says why not).
run_as=
if [ "$(id -u)" = 0 ] && [ -x /usr/bin/setpriv ]; then
    user= prev=
    for arg in "$@"; do
        case $prev in --user) user=$arg ;; esac
        case $arg in --user=*) user=${arg#--user=} ;; esac
        prev=$arg
    done
    if [ -z "$user" ]; then
        if id -u distcc >/dev/null 2>&1; then user=distcc; else user=nobody; fi
    fi
    if uid=$(id -u -- "$user" 2>/dev/null) && gid=$(id -g -- "$user" 2>/dev/null) && [ "$uid" != 0 ]; then
        run_as="/usr/bin/setpriv --reuid=$uid --regid=$gid --init-groups --"
    fi
fi
EOF
}

# tool_launcher_body MAIN_CLASS CLASSPATH [JVM_FLAG...]
tool_launcher_body() {
    local main=$1 cp=$2
    shift 2
    cat <<EOF
exec \${run_as:-} $(sh_words "$java" "${daemon_flags[@]}" "$@") \${JDISTCC_JAVA_OPTS:-} -Djdistcc.argv0="\$0" \\
    -cp $(sh_quote "$cp") $main "\$@"
EOF
}

# The launchers of the tools and the daemon, PATH/bin/NAME, and pump.
write_tool_launchers() {
    write_launcher distccd org.jdistcc.daemon.Main "$daemon_cp" daemon
    write_launcher distccmon-text org.jdistcc.client.monitor.MonitorMain "$client_cp" tool
    write_launcher lsdistcc org.jdistcc.client.lsdistcc.LsDistccMain "$client_cp" tool
    write_pump
}

# $bin/pump: launcher/pump.sh (a /bin/sh script, no JVM of its own) with the bin directory in it.
write_pump() {
    local target=$dest$bin/pump tmp text
    text=$(<"$root/launcher/pump.sh")
    tmp=$(mktemp "$(dirname "$target")/.pump.XXXXXX")
    printf '%s\n' "${text//"'@BIN@'"/$(sh_quote "$bin")}" >"$tmp"
    chmod 755 "$tmp"
    mv -f "$tmp" "$target"
}

# The client agent's start script, $share/distcc-agent: launcher/distcc.c runs it with the
# agent's socket as $1.
write_agent_start() {
    local target=$dest$share/distcc-agent
    {
        echo '#!/bin/sh'
        echo "# Starts the client agent on socket \$1; launcher/distcc.c runs it. Written by scripts/${0##*/}."
        echo 'unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS'
        echo "exec $(sh_words "$java" "${agent_flags[@]}" "${client_log_flags[@]}") \\"
        echo "    $(sh_quote "-Djdistcc.launcher=$bin/distcc") -Djdistcc.argv0=distcc \\"
        echo "    -cp $(sh_quote "$client_cp") org.jdistcc.client.agent.AgentMain \"\$1\""
    } >"$target.tmp"
    chmod 755 "$target.tmp"
    mv -f "$target.tmp" "$target"
}

# The client's command line, for bench/bench-startup.sh (the launcher itself reads no files).
write_client_jvm_txt() {
    {
        echo "# Written by scripts/${0##*/}: how bin/distcc starts the JVM."
        echo "java=$java"
        echo "classpath=$client_cp"
        printf 'flag=%s\n' "${client_flags[@]}"
        printf 'log=%s\n' "${client_log_flags[@]}"
    } >"$dest$share/client-jvm.txt"
}
