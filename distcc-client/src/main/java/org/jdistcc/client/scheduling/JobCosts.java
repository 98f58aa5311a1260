package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdistcc.common.io.Directories;
import org.jdistcc.common.io.WholeFile;

/**
 * What each compile of the user's builds costs, in units of work (see {@link LearnedSpeeds}): a
 * compile seen before is placed by what it cost last time, not by its size. Kept in {@code
 * $DISTCC_DIR/costs}, an append-only log of {@code KEY UNITS} lines shared by the user's clients:
 * each line is one {@code write} to a file opened for appending, so concurrent clients interleave
 * whole lines; a line torn by a crash does not parse and is skipped. When the log passes {@link
 * #MAX_LOG} bytes it is rewritten with the newest {@link #MAX_ENTRIES} costs (through a rename): the
 * file stays bounded, and a line another client appends meanwhile is merely lost.
 *
 * <p>The same log keeps, under a key of its own, what a KB of the files an include analysis finds
 * costs: source and pump mode size a compile never seen by those files, without preprocessing it
 * here, in the units the hosts' paces were learned in (KB of preprocessed text, at first).
 */
public final class JobCosts {
    static final long MAX_LOG = 1024 * 1024;
    static final int MAX_ENTRIES = 8192;
    /**
     * Units per KB of analysed input until learned: the analysis follows every branch of every
     * conditional, so a compile's files are several times its preprocessed text (Lua 5.4's: 5 to 10
     * times, 0.18 on the whole, with gcc 12 and glibc 2.36).
     */
    static final double DEFAULT_UNITS_PER_INPUT_KB = 0.2;
    /** Weight of one compile in the units per KB of input. */
    static final double INPUT_KB_SMOOTHING = 0.2;
    /** One compile moves the units per KB of input by at most this factor: one odd file is not a trend. */
    static final double INPUT_KB_MAX_STEP = 4;

    private static final String INPUT_KB = key("units per KB of analysed input");

    private final Path file;
    private final long maxLog;
    private final int maxEntries;
    private final Map<String, Double> costs = new LinkedHashMap<>(16, 0.75f, false);
    private long readUpTo;
    private Object readFile;

    private static final Map<Path, JobCosts> OPEN = new java.util.concurrent.ConcurrentHashMap<>();

    JobCosts(Path distccDir) {
        this(distccDir, MAX_LOG, MAX_ENTRIES);
    }

    JobCosts(Path distccDir, long maxLog, int maxEntries) {
        this.file = distccDir.resolve("costs");
        this.maxLog = maxLog;
        this.maxEntries = maxEntries;
    }

    /** The costs of {@code distccDir}, one reader per JVM: what it read stays in memory. */
    public static JobCosts of(Path distccDir) {
        return OPEN.computeIfAbsent(distccDir.toAbsolutePath(), JobCosts::new);
    }

    /** A short key for one compile: the same command line in the same directory. */
    public static String key(String... parts) {
        long h = 0xcbf29ce484222325L;
        for (String part : parts) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            h = (h ^ 0) * 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    /** The learned cost of {@code key}, or NaN if none. */
    public synchronized double get(String key) {
        catchUp();
        Double cost = costs.get(key);
        return cost == null ? Double.NaN : cost;
    }

    /** What a KB of the files an include analysis finds is learned to cost, in units. */
    public synchronized double unitsPerInputKb() {
        double learned = get(INPUT_KB);
        return Double.isNaN(learned) ? DEFAULT_UNITS_PER_INPUT_KB : learned;
    }

    /** Learns from a compile whose analysed input was found to cost {@code units} per KB. Best effort. */
    public synchronized void learnUnitsPerInputKb(double units) {
        if (!(units > 0) || !Double.isFinite(units)) {
            return;
        }
        double old = unitsPerInputKb();
        double bounded = Math.min(Math.max(units, old / INPUT_KB_MAX_STEP), old * INPUT_KB_MAX_STEP);
        record(INPUT_KB, old + INPUT_KB_SMOOTHING * (bounded - old));
    }

    /** Appends {@code key}'s new cost. Best effort. */
    public synchronized void record(String key, double units) {
        if (!(units > 0) || !Double.isFinite(units) || key.length() != 16) {
            return;
        }
        byte[] line = String.format(Locale.ROOT, "%s %.3f\n", key, units).getBytes(StandardCharsets.UTF_8);
        try {
            Directories.ensure(file.getParent());
            try (FileChannel out = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                out.write(ByteBuffer.wrap(line));
                if (out.size() > maxLog) {
                    catchUp();
                    costs.put(key, units);
                    compact();
                }
            }
        } catch (IOException e) {
            // costs are an optimisation
        }
    }

    /** Reads what was appended since the last read (everything again if the file was rewritten). */
    private void catchUp() {
        long size;
        Object key;
        try {
            var attributes = Files.readAttributes(file, BasicFileAttributes.class);
            size = attributes.size();
            key = attributes.fileKey();
        } catch (IOException e) {
            return;
        }
        // Rewritten by a compaction (here or in another client): a new file, read from its start.
        if (size < readUpTo || (key != null && !key.equals(readFile))) {
            readFile = key;
            costs.clear();
            readUpTo = 0;
        }
        if (size == readUpTo) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(readUpTo);
            byte[] tail = in.readNBytes((int) Math.min(size - readUpTo, 2 * Math.max(maxLog, MAX_LOG)));
            int end = tail.length;
            while (end > 0 && tail[end - 1] != '\n') {
                end--; // a line still being written (or torn): read it next time
            }
            for (String line : new String(tail, 0, end, StandardCharsets.UTF_8).split("\n")) {
                parse(line);
            }
            readUpTo += end;
        } catch (IOException e) {
            // next time
        }
    }

    private void parse(String line) {
        int space = line.indexOf(' ');
        if (space != 16) {
            return;
        }
        try {
            double units = Double.parseDouble(line.substring(17));
            if (units > 0 && Double.isFinite(units)) {
                costs.remove(line.substring(0, 16));
                costs.put(line.substring(0, 16), units);
                if (costs.size() > maxEntries) {
                    costs.remove(costs.keySet().iterator().next());
                }
            }
        } catch (NumberFormatException e) {
            // torn or foreign line
        }
    }

    private void compact() throws IOException {
        List<String> keep = new ArrayList<>();
        costs.forEach((k, v) -> keep.add(String.format(Locale.ROOT, "%s %.3f\n", k, v)));
        WholeFile.replace(file, String.join("", keep).getBytes(StandardCharsets.UTF_8));
        var attributes = Files.readAttributes(file, BasicFileAttributes.class);
        readUpTo = attributes.size();
        readFile = attributes.fileKey();
    }
}
