package org.jdistcc.client.compile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jdistcc.client.remote.JobSender;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.common.args.Verdict;

/**
 * The tail of a build: while a volunteer compiles, a watch that starts the same compile here when
 * the volunteer lags (far past its expected time, or with so much left that this machine would be
 * done well before) and one of this machine's slots is idle. The first to finish wins: if it is the
 * compile here, the volunteer's connection is closed (its daemon kills the compiler when the client
 * leaves) and the attempt's failure is not the volunteer's; if it is the volunteer, the compile here
 * is killed. The compile here writes to a temporary file beside the object and never places it:
 * {@link Compilation} keeps exactly one result, after the attempt returns.
 *
 * <p>Bounded: one compile here per compile, only in a slot of this machine that is idle at that
 * moment (never waiting for one), so at most {@code --localslots} compiles run twice at a time.
 */
final class RaceHere implements AutoCloseable {
    /** Below this, racing costs more than it can win. */
    static final Duration GRACE = Duration.ofMillis(500);

    static final Duration CHECK = Duration.ofMillis(200);

    /** What the compile here left. */
    record Result(int status, byte[] stderr, byte[] stdout, Path object, Duration took) {}

    private enum State {
        WATCHING,
        RACING,
        FINISHED,
        CLOSED
    }

    private final CompileTask task;
    private final CompileHere here;
    private final JobSender sender;
    private final Clock clock;
    private final Instant started;
    private final Duration expected;
    private final Duration hereRun;
    private State state = State.WATCHING;
    private Process process;
    private Slot slot;
    private Path object;
    private Result result;
    private Thread watch;

    private RaceHere(
            CompileTask task, CompileHere here, JobSender sender, Clock clock, Duration expected, Duration hereRun) {
        this.task = task;
        this.here = here;
        this.sender = sender;
        this.clock = clock;
        this.started = clock.instant();
        this.expected = expected;
        this.hereRun = hereRun;
    }

    /**
     * Starts watching the volunteer's compile that starts now; a watch that can never race (the
     * compile here could not be exact, or nothing is known of the volunteer's pace, so that its
     * expected time is a guess) watches nothing.
     *
     * @param expected how long the volunteer was expected to take, or null if that is a guess
     * @param hereRun how long this machine is expected to take
     */
    static RaceHere watch(
            CompileTask task, CompileHere here, JobSender sender, Clock clock, Duration expected, Duration hereRun) {
        var race = new RaceHere(task, here, sender, clock, expected, hereRun);
        if (expected != null && command(task, Path.of("x")) != null) {
            race.watch = Thread.ofVirtual().name("race-here").start(race::watchLoop);
        }
        return race;
    }

    /**
     * The command that compiles here exactly what the volunteer compiles, into {@code object}: the
     * user's own command without its dependency options (the preprocessor wrote the {@code .d}) and
     * with {@code -o object}. gcc leaves {@code -o} out of what it records in the object. Null when
     * that could differ from the user's own compile: source mode's checks say which commands are
     * exact there, and side files ({@code .dwo}, {@code .su}) would be named after the wrong object.
     */
    static List<String> command(CompileTask task, Path object) {
        var command = task.command();
        if (!(command.verdictWithSources() instanceof Verdict.Distributable) || !command.isDistributable()) {
            return null;
        }
        List<String> argv = new ArrayList<>(command.withoutDependencyOptions());
        argv.set(0, task.localCommand().getFirst());
        boolean replaced = false;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("-o") && i + 1 < argv.size()) {
                argv.set(++i, object.toString());
                replaced = true;
            } else if (a.startsWith("-o") && a.length() > 2) {
                argv.set(i, "-o" + object);
                replaced = true;
            }
        }
        if (!replaced) {
            argv.add("-o");
            argv.add(object.toString());
        }
        return argv;
    }

    private void watchLoop() {
        try {
            while (true) {
                Instant now = clock.instant();
                Duration elapsed = Duration.between(started, now);
                Duration left = expected.minus(elapsed);
                boolean overdue = elapsed.compareTo(expected.multipliedBy(2).plus(GRACE)) > 0;
                boolean farBehind = left.compareTo(hereRun.multipliedBy(2).plus(GRACE)) > 0;
                if ((overdue || farBehind) && start()) {
                    return;
                }
                Thread.sleep(CHECK);
            }
        } catch (InterruptedException | IOException e) {
            // closed, or nothing could start here: the volunteer's result is the one
        }
    }

    /** Starts the compile here in an idle slot; false if no slot is idle now. */
    private boolean start() throws IOException {
        Slot idle = here.idleSlot();
        if (idle == null) {
            return false;
        }
        Process started;
        synchronized (this) {
            if (state != State.WATCHING) {
                idle.close();
                return true;
            }
            slot = idle;
            Path target = task.target();
            object = task.job()
                    .temps()
                    .register(Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".here"));
            var builder = task.job()
                    .configure(new ProcessBuilder(command(task, object)))
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().put("_DISTCC_SAFEGUARD", "1");
            process = task.job().temps().register(builder.start());
            started = process;
            state = State.RACING;
        }
        task.job().log().debug("compiling " + task.sourceName() + " here too: the volunteer lags");
        Instant began = clock.instant();
        var stdout = drain(started.getInputStream());
        var stderr = drain(started.getErrorStream());
        int status = awaitExit(started);
        synchronized (this) {
            if (state != State.RACING) {
                return true; // closed: the volunteer's result is kept
            }
            result = new Result(status, stderr.join(), stdout.join(), object, Duration.between(began, clock.instant()));
            state = State.FINISHED;
            notifyAll();
        }
        sender.cancel();
        return true;
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (in) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        return new byte[0];
                    }
                },
                r -> Thread.ofVirtual().start(r));
    }

    private static int awaitExit(Process p) {
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // closing kills the process; then waitFor returns
            }
        }
    }

    /**
     * After the volunteer's attempt ended without a result: the compile here, if one ran or runs
     * (waited for: it is this compile's best chance), else null.
     */
    synchronized Result resultHere() throws InterruptedException {
        while (state == State.RACING) {
            wait();
        }
        return state == State.FINISHED ? result : null;
    }

    /** Whether the compile here finished first (the volunteer's connection is then closed). */
    synchronized boolean finishedHere() {
        return state == State.FINISHED;
    }

    /** How long the volunteer has been at it. */
    Duration elapsed() {
        return Duration.between(started, clock.instant());
    }

    /** Ends the watch and any compile here; a result not placed by then is deleted. */
    @Override
    public void close() {
        Process running;
        Slot held;
        Path left;
        synchronized (this) {
            state = State.CLOSED;
            running = process;
            held = slot;
            left = object;
            notifyAll();
        }
        if (watch != null) {
            watch.interrupt();
        }
        if (running != null) {
            running.destroyForcibly();
            awaitExit(running);
            task.job().temps().forget(running);
        }
        if (held != null) {
            held.close();
        }
        task.job().temps().delete(left);
    }
}
