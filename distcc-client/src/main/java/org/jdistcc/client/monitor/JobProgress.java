package org.jdistcc.client.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jdistcc.client.remote.RemoteFailure;
import org.jdistcc.client.stats.CacheUse;
import org.jdistcc.client.stats.CompileRecord;
import org.jdistcc.client.stats.Outcome;
import org.jdistcc.client.stats.StatsFile;

/**
 * What this client is doing, told to the outside: the state file that distccmon-text reads,
 * rewritten at each phase, and at exit one record added to the stats file that {@code distcc
 * --show-stats} reads. Cheap by design (a phase change is one small write and a rename; the stats
 * are one locked update per compile), and silent: a state or stats directory we cannot write
 * never fails a compile.
 */
public final class JobProgress {
    /** The time, without java.time: Clock's first use costs about half a millisecond at start-up. */
    interface Now {
        long millis();

        Now SYSTEM = new Now() {
            @Override
            public long millis() {
                return System.currentTimeMillis();
            }
        };
    }

    private final StateWriter writer;
    private final StatsFile stats;
    private final Now clock;
    private final long pid;
    private final long startedMillis;
    private final CompileRecord record = new CompileRecord();
    private boolean stateBroken;
    private Phase phase = Phase.STARTUP;
    private String file = "";
    private String host = "";
    private int slot = -1;
    private long size = -1;
    private long connectAt;
    private long compileAt;
    private long receiveAt;

    JobProgress(StateWriter writer, StatsFile stats, Now clock, long pid) {
        this.writer = writer;
        this.stats = stats;
        this.clock = clock;
        this.pid = pid;
        this.startedMillis = clock.millis();
    }

    /**
     * Starts reporting for this process: writes its Startup state.
     *
     * @param binstate also write distcc 3.4's {@code binstate_<pid>}, for Debian's monitors
     *     ({@code DISTCC_BINSTATE=1}); it adds a second file to every update, so it is off by default
     * @param pid the client's process: the launcher's, when the client agent does the work
     */
    public static JobProgress start(Path stateDir, Path statsFile, boolean binstate, long pid) {
        var progress = new JobProgress(
                new StateWriter(stateDir, pid, binstate && LegacyStateFormat.matchesThisMachine()),
                new StatsFile(statsFile),
                Now.SYSTEM,
                pid);
        progress.publish(progress.startedMillis);
        return progress;
    }

    /** Files to delete if the client is killed before {@link #finish}. */
    public List<Path> files() {
        return writer.files();
    }

    /** The source being compiled, as named on the command line. */
    public void source(String sourceFile) {
        this.file = sourceFile == null ? "" : sourceFile;
    }

    /**
     * The size in bytes of what this job sends (the preprocessed source, or the source tree in
     * source mode), for distccmon-text; shown from the next {@link #phase} on, so it costs no
     * write of its own. Call it once the input exists, before {@code phase(Phase.SEND)}.
     */
    public void inputSize(long bytes) {
        this.size = bytes < 0 ? -1 : bytes;
    }

    /** The source being compiled, as named on the command line; "" until known. */
    public String source() {
        return file;
    }

    /** The host that holds this job now ({@code localhost} for a compile here), and the slot. */
    public void host(String hostName, int slotIndex) {
        this.host = hostName;
        this.slot = slotIndex;
    }

    public void phase(Phase next) {
        long now = clock.millis();
        switch (next) {
            case CONNECT -> connectAt = now;
            case COMPILE -> compileAt = now;
            case RECEIVE -> receiveAt = now;
            default -> {}
        }
        phase = next;
        publish(now);
    }

    /** The compiler runs here now, in local slot {@code slotIndex} (-1: none taken). */
    public void compilingHere(int slotIndex) {
        host("localhost", slotIndex);
        phase(Phase.COMPILE);
    }

    public void outcome(Outcome outcome) {
        record.outcome(outcome);
    }

    public void remoteFailed(String hostName, RemoteFailure.Kind kind) {
        record.failure(hostName, kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The current host replied (a compile error too: the volunteer did its work); call after the
     * reply is read. The outcome becomes REMOTE unless changed afterwards.
     */
    public void remoteReplied(long bytesSent, long bytesReceived) {
        remoteReplied(bytesSent, bytesReceived, 0);
    }

    /** As {@link #remoteReplied(long, long)}, with the reply's flags: what the volunteer's cache did. */
    public void remoteReplied(long bytesSent, long bytesReceived, int replyFlags) {
        long now = clock.millis();
        long compileMillis = receiveAt >= compileAt && compileAt > 0 ? receiveAt - compileAt : 0;
        record.outcome(Outcome.REMOTE);
        record.remote(new CompileRecord.RemoteJob(
                host, now - connectAt, compileMillis, bytesSent, bytesReceived, CacheUse.of(replyFlags)));
    }

    /** The client is about to exit with {@code exitStatus}: removes the state, records the stats. */
    public void finish(int exitStatus) {
        writer.remove();
        record.exitStatus(exitStatus);
        try {
            stats.record(record, clock.millis());
        } catch (IOException | RuntimeException e) {
            // statistics are best effort
        }
    }

    CompileRecord record() {
        return record;
    }

    private void publish(long now) {
        if (stateBroken) {
            return;
        }
        try {
            writer.write(new JobState(pid, phase, file, host, slot, startedMillis, now, size));
        } catch (IOException | RuntimeException e) {
            stateBroken = true; // e.g. a read-only DISTCC_DIR: stop trying
        }
    }
}
