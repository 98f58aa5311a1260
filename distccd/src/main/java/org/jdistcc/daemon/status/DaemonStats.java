package org.jdistcc.daemon.status;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The daemon's counters, fed by the serving code and read by {@link StatsServer}. One instance per
 * daemon; every method is thread-safe and cheap (a short critical section, no I/O).
 *
 * <pre>{@code
 * var stats = new DaemonStats(info);                        // at start-up
 * try (DaemonStats.Job job = stats.jobStarted(peer)) {      // on each accepted connection
 *     job.request(argv.getFirst(), sourceName);             // once the ARGVs are read
 *     job.sourceReceived(inputBytes);                       // once DOTI (or the source tree) is in
 *     job.compiling();                                      // a compile slot is taken, the compiler starts
 *     job.cacheMissed();                                    // or cacheHit(shared): what the result cache did
 *     job.replying();                                       // the compiler is done, the reply goes out
 *     job.finished(JobResult.COMPILE_OK, bytesIn, bytesOut); // exactly one result per job
 * }                                                         // close() without finished(): OTHER
 * }</pre>
 */
public final class DaemonStats {
    /** Upper bounds of the compile-time histogram, in seconds. */
    static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    private final ServerInfo info;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicLong nextId = new AtomicLong();

    // Guarded by "this".
    private final List<Job> running = new ArrayList<>();
    private final EnumMap<JobResult, Long> results = new EnumMap<>(JobResult.class);
    private final long[] histogram = new long[BUCKETS.length + 1];
    private final WindowedTotals windows;
    private final RecentJobs recent = new RecentJobs();
    private final MinuteHistory minutes;
    private long connections;
    private long bytesIn;
    private long bytesOut;
    private long compileMillisTotal;
    private long compiles;
    /** Weight of one compile in {@link #msPerKb} and {@link #compileMillis}. */
    private static final double PACE_SMOOTHING = 0.2;

    private double msPerKb = Double.NaN;
    private double compileMillis = Double.NaN;
    private long longestMillis = -1;
    private String longestSource = "none";
    private String longestCompiler = "none";
    private long cacheHits;
    private long cacheSharedHits;
    private long cacheMisses;
    private volatile String cacheDescription = "off";
    private volatile LongSupplier cacheErrors = () -> 0;
    private volatile LongSupplier cacheBytes = () -> 0;

    public DaemonStats(ServerInfo info) {
        this(info, Clock.systemUTC());
    }

    DaemonStats(ServerInfo info, Clock clock) {
        this.info = info;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.windows = new WindowedTotals(startedAt.toEpochMilli());
        this.minutes = new MinuteHistory(startedAt.toEpochMilli());
    }

    public ServerInfo info() {
        return info;
    }

    /**
     * The result cache the daemon uses, for the pages: what it is, and where its damaged entries and
     * outages ({@code errors}) and its bytes on this disk are counted.
     */
    public void cache(String description, LongSupplier errors, LongSupplier bytes) {
        this.cacheDescription = description;
        this.cacheErrors = errors;
        this.cacheBytes = bytes;
    }

    /** A connection was accepted (distcc: {@code dcc_tcp_accept}); the job runs until {@link Job#finished}. */
    public Job jobStarted(InetSocketAddress client) {
        var job = new Job(nextId.incrementAndGet(), client, clock.instant());
        synchronized (this) {
            connections++;
            running.add(job);
            windows.jobStarted(job.receivedAt.toEpochMilli());
        }
        return job;
    }

    /** One job, from its connection to its result. Its setters may be called from the job's thread only. */
    public final class Job implements AutoCloseable {
        private final long id;
        private final InetSocketAddress client;
        private final Instant receivedAt;
        private volatile String compiler = "";
        private volatile String source = "";
        private volatile long sourceSize = -1;
        private volatile JobPhase phase = JobPhase.RECEIVE;
        private volatile long compileStartedAt = -1;
        private volatile long compileEndedAt = -1;
        private volatile String cache = "";
        private boolean done;

        private Job(long id, InetSocketAddress client, Instant receivedAt) {
            this.id = id;
            this.client = client;
            this.receivedAt = receivedAt;
        }

        /** The request is read: the compiler as the client named it ({@code argv[0]}) and the source name. */
        public void request(String compilerName, String sourceName) {
            this.compiler = compilerName == null ? "" : compilerName;
            this.source = sourceName == null ? "" : sourceName;
        }

        /**
         * The source (DOTI, or the source tree) has arrived; the job waits for a compile slot.
         *
         * @param bytes the input as received, decompressed (in source mode, the sum of the files)
         */
        public void sourceReceived(long bytes) {
            this.sourceSize = bytes;
            this.phase = JobPhase.WAIT;
        }

        /** The result cache answered the job; no compiler runs. */
        public void cacheHit(boolean shared) {
            this.cache = shared ? "shared" : "hit";
        }

        /** The result cache did not have the job's result: it is compiled (and then kept). */
        public void cacheMissed() {
            this.cache = "miss";
        }

        /** The job holds a compile slot and its compiler starts. */
        public void compiling() {
            this.compileStartedAt = clock.millis();
            this.phase = JobPhase.COMPILE;
        }

        /** The compiler is done (or was never run); the reply is being sent. */
        public void replying() {
            if (compileStartedAt >= 0 && compileEndedAt < 0) {
                compileEndedAt = clock.millis();
            }
            this.phase = JobPhase.REPLY;
        }

        /**
         * The job is over. Only the first call counts.
         *
         * @param bytesIn everything read from the client, headers included
         * @param bytesOut everything written to it
         */
        public void finished(JobResult result, long bytesIn, long bytesOut) {
            record(this, result, bytesIn, bytesOut);
        }

        /** Ends the job as {@link JobResult#OTHER} if nobody said how it ended. */
        @Override
        public void close() {
            record(this, JobResult.OTHER, 0, 0);
        }

        long id() {
            return id;
        }

        InetSocketAddress client() {
            return client;
        }

        Instant receivedAt() {
            return receivedAt;
        }

        String compiler() {
            return compiler;
        }

        String source() {
            return source;
        }

        long sourceSize() {
            return sourceSize;
        }

        JobPhase phase() {
            return phase;
        }

        /** When the compiler started, counted from {@link #receivedAt()}; -1 before. */
        long compileStartMillis() {
            long at = compileStartedAt;
            return at < 0 ? -1 : Math.max(0, at - receivedAt.toEpochMilli());
        }

        /** {@code hit}, {@code shared}, {@code miss}, or "" when the cache was not asked. */
        String cache() {
            return cache;
        }

        private boolean answeredFromCache() {
            return cache.equals("hit") || cache.equals("shared");
        }
    }

    private synchronized void record(Job job, JobResult result, long in, long out) {
        if (job.done) {
            return;
        }
        job.done = true;
        long now = clock.millis();
        long millis = Math.max(0, now - job.receivedAt.toEpochMilli());
        running.remove(job);
        boolean ranCompiler = result.ranCompiler() && !job.answeredFromCache();
        switch (job.cache) {
            case "hit" -> cacheHits++;
            case "shared" -> cacheSharedHits++;
            case "miss" -> cacheMisses++;
            default -> {}
        }
        windows.jobFinished(now, ranCompiler);
        minutes.jobEnded(now, result, Math.max(0, in), Math.max(0, out));
        long compileStart = job.compileStartedAt;
        long compileEnd = job.compileEndedAt >= 0 ? job.compileEndedAt : now;
        recent.add(new FinishedJob(
                job.id,
                job.client,
                job.source,
                job.compiler,
                job.sourceSize,
                job.receivedAt,
                millis,
                compileStart < 0 ? -1 : Math.max(0, compileStart - job.receivedAt.toEpochMilli()),
                compileStart < 0 ? -1 : Math.max(0, compileEnd - compileStart),
                result,
                job.cache));
        results.merge(result, 1L, Long::sum);
        bytesIn += Math.max(0, in);
        bytesOut += Math.max(0, out);
        if (ranCompiler && compileStart >= 0) {
            long took = Math.max(0, compileEnd - compileStart);
            compileMillis = smooth(compileMillis, took);
            if (job.sourceSize > 0) {
                msPerKb = smooth(msPerKb, took / Math.max(job.sourceSize / 1024.0, 0.1));
            }
        }
        if (ranCompiler) {
            compiles++;
            compileMillisTotal += millis;
            int bucket = 0;
            while (bucket < BUCKETS.length && millis / 1000.0 > BUCKETS[bucket]) {
                bucket++;
            }
            histogram[bucket]++;
        }
        // distcc tracks the longest job among successful compiles only (dcc_stats_compile_ok).
        if (result == JobResult.COMPILE_OK && millis > longestMillis) {
            longestMillis = millis;
            longestSource = job.source.isEmpty() ? "none" : job.source;
            longestCompiler = job.compiler.isEmpty() ? "none" : job.compiler;
        }
    }

    private volatile Supplier<SlotFigures> slots = () -> null;
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * A client enters the waiting room, if fewer than {@code capacity} are there; false when it is
     * full.
     */
    public boolean enterRoom(int capacity) {
        return waiting.getAndUpdate(n -> n < capacity ? n + 1 : n) < capacity;
    }

    /** A client leaves the waiting room, invited or not. */
    public void leaveRoom() {
        waiting.decrementAndGet();
    }

    /** The clients in the waiting room now. */
    public int waiting() {
        return waiting.get();
    }

    /** Where the compile slots are counted (the daemon's {@code --jobs} semaphore), for {@link #slots()}. */
    public void slotsFrom(Supplier<SlotFigures> figures) {
        this.slots = figures;
    }

    /**
     * The compile slots now, as a hello and {@code /status} tell them; null if nobody said where
     * they are counted.
     */
    public SlotFigures slots() {
        return slots.get();
    }

    /**
     * Recent compiles' milliseconds per KB of input, smoothed, NaN before the first: this machine's
     * speed and load as its compilers see them (the compile alone: no queue, no network), which a
     * client that has not measured us yet places by.
     */
    public synchronized double msPerKb() {
        return msPerKb;
    }

    /**
     * Recent compiles' milliseconds each, smoothed, NaN before the first: how long a job queued here
     * waits for each job ahead of it, whoever sent it.
     */
    public synchronized double compileMillis() {
        return compileMillis;
    }

    /**
     * How long the compiles running now have run, on average; NaN when none runs. A job queued
     * behind compiles that have run long is expected to wait long (they are big, or this machine is
     * slow now).
     */
    public synchronized double runningMillis() {
        long now = clock.millis();
        return running.stream()
                .filter(j -> j.compileStartedAt >= 0 && j.compileEndedAt < 0)
                .mapToLong(j -> Math.max(0, now - j.compileStartedAt))
                .average()
                .orElse(Double.NaN);
    }

    private static double smooth(double old, double sample) {
        return Double.isNaN(old) ? sample : old + PACE_SMOOTHING * (sample - old);
    }

    /** A consistent copy of every figure, taken under the lock. */
    synchronized Snapshot snapshot() {
        long now = clock.millis();
        List<Job> jobs = new ArrayList<>(running);
        jobs.sort(Comparator.comparing(Job::receivedAt).thenComparingLong(Job::id));
        return new Snapshot(
                Instant.ofEpochMilli(now),
                startedAt,
                List.copyOf(jobs),
                recent.since(now),
                minutes.minutes(now),
                new EnumMap<>(results),
                histogram.clone(),
                connections,
                bytesIn,
                bytesOut,
                compiles,
                compileMillisTotal,
                longestMillis,
                longestSource,
                longestCompiler,
                new long[] {
                    windows.compilesInLast(60, now), windows.compilesInLast(300, now), windows.compilesInLast(900, now)
                },
                new double[] {
                    windows.averageRunning(60, now), windows.averageRunning(300, now), windows.averageRunning(900, now)
                },
                new CacheFigures(
                        cacheDescription,
                        cacheHits,
                        cacheSharedHits,
                        cacheMisses,
                        cacheErrors.getAsLong(),
                        cacheBytes.getAsLong()));
    }
}
