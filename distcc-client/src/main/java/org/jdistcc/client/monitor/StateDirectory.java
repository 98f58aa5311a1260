package org.jdistcc.client.monitor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * Reads {@code $DISTCC_DIR/state}: jdistcc's {@code jdistcc_<pid>} files and distcc 3.4's {@code
 * binstate_<pid>}, so one monitor shows both kinds of client. Like distccmon ({@code src/mon.c}),
 * it deletes files older than {@link #MAX_AGE} and files of processes that are gone, which a client
 * killed with SIGKILL leaves behind.
 */
final class StateDirectory {
    static final String PREFIX = "jdistcc_";
    static final String LEGACY_PREFIX = "binstate_";
    /** distcc 3.4's {@code dcc_phase_max_age}: a state unchanged this long is a leftover. */
    public static final Duration MAX_AGE = Duration.ofSeconds(60);

    private static final int READ_RETRIES = 3;

    private final Path dir;
    private final Clock clock;
    private final LongPredicate alive;

    public StateDirectory(Path dir, Clock clock) {
        this(
                dir,
                clock,
                pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    StateDirectory(Path dir, Clock clock, LongPredicate alive) {
        this.dir = dir;
        this.clock = clock;
        this.alive = alive;
    }

    Path dir() {
        return dir;
    }

    /** The running clients, sorted by host, then slot, then pid (distccmon sorts by host and slot). */
    public List<JobState> running() throws IOException {
        Map<Long, JobState> byPid = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean ours = name.startsWith(PREFIX);
                boolean legacy = name.startsWith(LEGACY_PREFIX);
                if (!ours && !legacy) {
                    continue;
                }
                JobState state = load(entry, ours);
                if (state == null) {
                    continue;
                }
                // Our clients write both files; ours carries more (start time, full host).
                if (ours || !byPid.containsKey(state.pid())) {
                    byPid.put(state.pid(), state);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of(); // no client has run yet
        }
        List<JobState> result = new ArrayList<>(byPid.values());
        result.sort(Comparator.comparing(JobState::host)
                .thenComparingInt(JobState::slot)
                .thenComparingLong(JobState::pid));
        return result;
    }

    private JobState load(Path entry, boolean ours) {
        byte[] bytes;
        long modified;
        try {
            modified = Files.readAttributes(entry, BasicFileAttributes.class)
                    .lastModifiedTime()
                    .toMillis();
            if (clock.millis() - modified > MAX_AGE.toMillis()) {
                delete(entry);
                return null;
            }
            bytes = Files.readAllBytes(entry);
        } catch (IOException e) {
            return null; // gone meanwhile: the client finished
        }
        JobState state = ours ? StateFileFormat.decode(bytes) : LegacyStateFormat.decode(bytes, modified);
        for (int retry = 0; state == null && ours && retry < READ_RETRIES; retry++) {
            // Caught mid-update (the writer rewrites in place): its pwrite takes microseconds.
            Thread.onSpinWait();
            try {
                state = StateFileFormat.decode(Files.readAllBytes(entry));
            } catch (IOException e) {
                return null;
            }
        }
        if (state == null) {
            return null; // not ours to judge: maybe another version's
        }
        if (state.phase() != Phase.DONE && !alive.test(state.pid())) {
            delete(entry);
            return null;
        }
        return state;
    }

    private static void delete(Path entry) {
        try {
            Files.deleteIfExists(entry);
        } catch (IOException ignored) {
            // another user's file in a shared directory: just skip it
        }
    }
}
