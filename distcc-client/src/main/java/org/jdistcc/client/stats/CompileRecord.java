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
     * @param cache what the volunteer's result cache did
     */
    public record RemoteJob(
            String host, long millis, long compileMillis, long bytesSent, long bytesReceived, CacheUse cache) {
        public RemoteJob(String host, long millis, long compileMillis, long bytesSent, long bytesReceived) {
            this(host, millis, compileMillis, bytesSent, bytesReceived, CacheUse.NONE);
        }
    }

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

    /**
     * This record as one line of {@code stats.log}: {@code c TIME OUTCOME STATUS}, then {@code r
     * HOST MS COMPILE_MS SENT RECEIVED} for the volunteer that replied (and {@code k h|s|m} when its
     * result cache was asked), then {@code f HOST KIND} per failed attempt. Built with plain appends: this runs once per compile, interpreted.
     */
    String line(long finishedMillis) {
        var out = new StringBuilder(64 + 48 * failures.size());
        out.append("c ")
                .append(finishedMillis)
                .append(' ')
                .append(outcome.key())
                .append(' ')
                .append(exitStatus);
        if (remote != null) {
            out.append(" r ").append(word(remote.host()));
            out.append(' ').append(remote.millis()).append(' ').append(remote.compileMillis());
            out.append(' ').append(remote.bytesSent()).append(' ').append(remote.bytesReceived());
            if (remote.cache() != CacheUse.NONE) {
                out.append(" k ").append(remote.cache().key());
            }
        }
        for (int i = 0; i < failures.size(); i++) {
            Failure f = failures.get(i);
            out.append(" f ").append(word(f.host())).append(' ').append(word(f.kind()));
        }
        return out.append('\n').toString();
    }

    /** A log line back as a record and its time, or null if the line is damaged. */
    static Parsed parse(String line) {
        String[] w = line.split(" ", -1);
        if (w.length < 4 || !w[0].equals("c")) {
            return null;
        }
        try {
            var r = new CompileRecord();
            long when = Long.parseLong(w[1]);
            r.outcome = Outcome.ofKey(w[2]);
            r.exitStatus = Integer.parseInt(w[3]);
            int i = 4;
            while (i < w.length) {
                if (w[i].equals("r") && i + 5 < w.length) {
                    r.remote = new RemoteJob(
                            w[i + 1],
                            Long.parseLong(w[i + 2]),
                            Long.parseLong(w[i + 3]),
                            Long.parseLong(w[i + 4]),
                            Long.parseLong(w[i + 5]));
                    i += 6;
                } else if (w[i].equals("k") && i + 1 < w.length && r.remote != null) {
                    CacheUse use = CacheUse.ofKey(w[i + 1]);
                    if (use == null) {
                        return null;
                    }
                    RemoteJob j = r.remote;
                    r.remote = new RemoteJob(
                            j.host(), j.millis(), j.compileMillis(), j.bytesSent(), j.bytesReceived(), use);
                    i += 2;
                } else if (w[i].equals("f") && i + 2 < w.length) {
                    r.failures.add(new Failure(w[i + 1], w[i + 2]));
                    i += 3;
                } else {
                    return null;
                }
            }
            return r.outcome == null ? null : new Parsed(r, when);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    record Parsed(CompileRecord record, long finishedMillis) {}

    /** Names become one word of a line: blanks (never in host names, but who knows) become '_'. */
    static String word(String name) {
        if (name.isEmpty()) {
            return "?";
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) <= ' ') {
                var b = new StringBuilder(name);
                for (int j = i; j < b.length(); j++) {
                    if (b.charAt(j) <= ' ') {
                        b.setCharAt(j, '_');
                    }
                }
                return b.toString();
            }
        }
        return name;
    }
}
