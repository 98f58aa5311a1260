package org.jdistcc.client.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * What one client invocation did, collected in memory while it runs and added to the stats file
 * once at exit, so a compile costs one locked update however many events it had.
 */
public final class CompileRecord {
    /** One attempt on a volunteer that failed for the volunteer's reason (a {@code RemoteFailure}). */
    public record Failure(String host, String kind) {}

    /**
     * The volunteer that produced the result.
     *
     * @param millis from connecting to the end of the reply
     * @param compileMillis from the end of the upload to the first byte of the reply: the volunteer's work
     */
    public record RemoteJob(String host, long millis, long compileMillis, long bytesSent, long bytesReceived) {}

    private Outcome outcome = Outcome.LOCAL;
    private int exitStatus;
    private RemoteJob remote;
    private final List<Failure> failures = new ArrayList<>(2);

    public void outcome(Outcome outcome) {
        this.outcome = outcome;
    }

    public void exitStatus(int status) {
        this.exitStatus = status;
    }

    public void remote(RemoteJob job) {
        this.remote = job;
    }

    public void failure(String host, String kind) {
        failures.add(new Failure(host, kind));
    }

    public Outcome outcome() {
        return outcome;
    }

    public int exitStatus() {
        return exitStatus;
    }

    /** The volunteer's job, or null when the result was not made remotely. */
    public RemoteJob remote() {
        return remote;
    }

    public List<Failure> failures() {
        return failures;
    }

    /** A remote result that needed more than one volunteer. */
    public boolean retried() {
        return outcome == Outcome.REMOTE && !failures.isEmpty();
    }
}
