# Sourced by scripts/install.sh and scripts/package-deb.sh: the JVM flags of every launcher.
# Measured in docs/install.md and docs/performance.md; change them there too.

# The client's JVM flags. Training and every compile must use the same ones, or the JVM rejects
# the AOT cache.
#  --sun-misc-unsafe-memory-access=allow: aircompressor uses sun.misc.Unsafe; without this JDK 25
#      prints a warning on stderr, in the middle of the compiler's diagnostics.
#  A compile's JVM lives for ~0.1 s: SerialGC and C1 only (TieredStopAtLevel=1) are measured
#      wins, as is no hsperfdata file in /tmp (-UsePerfData); one compiler thread is neutral
#      here and keeps 'make -j64' on a big machine from starting dozens of them.
client_flags=(
    --sun-misc-unsafe-memory-access=allow
    -XX:+UseSerialGC
    -XX:TieredStopAtLevel=1
    -XX:CICompilerCount=1
    -XX:-UsePerfData
)
# Unified logging writes warnings to *stdout* by default: a missing or stale AOT cache would
# print "[warning][aot] ..." into 'distcc gcc -E' output. Only errors go out, to stderr, and
# AOT/CDS problems (which just mean "start without the cache") not at all.
client_log_flags=(-Xlog:disable -Xlog:all=error:stderr '-Xlog:aot*=off,cds*=off:stderr')
# The resident JVMs (daemon, client agent) run each job's code once per job, so with the default
# thresholds most of it stays interpreted for hundreds of jobs: C1 only, compiling after a twentieth
# of the usual invocations, cut their CPU per job by about a third (docs/performance.md).
warm_flags=(-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.05)
# The daemon lowers its own priority (--nice) through the foreign-function API: allowed here so
# the JDK prints no "restricted method" warning. A serial heap with a small young generation: a
# job allocates little, and a small eden stays resident (the default one cost 40 MiB more RSS).
daemon_flags=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmn12m "${warm_flags[@]}")
# The client agent: a long-lived JVM with a small serial heap and quick C1; no AOT cache (it
# starts once). Native access: the include analysis stats files with statx (one system call, no
# exception for a missing file) instead of java.nio's attribute maps.
agent_flags=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx256m -XX:-UsePerfData "${warm_flags[@]}")
