package org.jdistcc.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a test wants its {@code distccd}: which one, and the few options tests vary. By default it
 * listens on {@code 127.0.0.1} on a free port, allows {@code 127.0.0.1}, and has its own
 * world-writable directory for its log, pid file and {@code $TMPDIR} (as root the daemons leave
 * root, for {@code nobody}). Mutable: set up, then {@link #start()}.
 */
public final class DaemonSetup {
    final Distccd distccd;
    final Installation installation;
    String listen = "127.0.0.1";
    boolean stats;
    Integer jobs;
    Path tmpDir;
    Integer port;
    String namespace;
    final Map<String, String> environment = new HashMap<>();
    final List<String> args = new ArrayList<>();

    private DaemonSetup(Distccd distccd, Installation installation) {
        this.distccd = distccd;
        this.installation = installation;
    }

    /** Our daemon from the test's classpath. */
    public static DaemonSetup ours() {
        return new DaemonSetup(Distccd.OURS, null);
    }

    /** Our daemon as installed in {@code installation}. */
    public static DaemonSetup installed(Installation installation) {
        return new DaemonSetup(Distccd.INSTALLED, installation);
    }

    /** Debian's {@code distccd} 3.4. */
    public static DaemonSetup debian() {
        return new DaemonSetup(Distccd.DEBIAN, null);
    }

    /** Listens on every address ({@code --listen} not given) instead of {@code 127.0.0.1}. */
    public DaemonSetup listenEverywhere() {
        return listen(null);
    }

    /** {@code --listen ADDRESS}; null for every address. */
    public DaemonSetup listen(String address) {
        this.listen = address;
        return this;
    }

    /** Also serves the stats port, {@code --stats} on a free port: {@link RunningDaemon#statsPort()}. */
    public DaemonSetup stats() {
        this.stats = true;
        return this;
    }

    /** {@code --jobs N}; by default the daemon's own default. */
    public DaemonSetup jobs(int n) {
        this.jobs = n;
        return this;
    }

    /** The daemon's {@code $TMPDIR}, where it makes job files (writable by nobody); by default its own. */
    public DaemonSetup tmpDir(Path dir) {
        this.tmpDir = dir;
        return this;
    }

    /** {@code --port N}, e.g. a stopped daemon's, for one restarted; by default a free port. */
    public DaemonSetup port(int n) {
        this.port = n;
        return this;
    }

    /** More environment variables for the daemon (e.g. {@code DISTCCD_PATH}). */
    public DaemonSetup environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** One more environment variable for the daemon (e.g. {@code LD_PRELOAD}). */
    public DaemonSetup environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Runs the daemon in network namespace {@code name} ({@code ip netns exec}), made by the test. */
    public DaemonSetup inNetworkNamespace(String name) {
        this.namespace = name;
        return this;
    }

    /** More options, after those set up here. */
    public DaemonSetup args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Starts it and waits until it accepts connections. */
    public RunningDaemon start() throws IOException, InterruptedException {
        return RunningDaemon.start(this);
    }
}
