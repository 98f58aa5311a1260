package org.jdistcc.client.scheduling;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.common.io.Directories;
import org.jdistcc.common.io.WholeFile;

/**
 * Which files each volunteer is known to hold, by content digest: those this user's clients sent it,
 * and those it said it had. A compile whose every file is known there does not ask the volunteer what
 * it lacks (source mode's {@code NEED}); the volunteer still asks for a file it no longer has, so a
 * wrong memory costs a round trip, never a wrong compile.
 *
 * <p>Shared through {@code $DISTCC_DIR/files/<host>}: 32 bytes per digest, appended (concurrent
 * clients append whole records); past {@value #MAX_DIGESTS} digests the newest half is kept, written
 * to a new file renamed into place. One instance serves a whole client agent, keeping what it read.
 */
public final class VolunteerFiles {
    static final int MAX_DIGESTS = 65_536;
    private static final int DIGEST_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private record Known(Set<String> digests, long bytesRead) {}

    private final Map<Path, Known> loaded = new ConcurrentHashMap<>();

    Path file(Path distccDir, HostSpec host) {
        return distccDir.resolve("files").resolve(host.lockName());
    }

    /** Whether {@code host} is known to hold every one of {@code digests} (lowercase hex SHA-256). */
    public boolean holdsAll(Path distccDir, HostSpec host, Collection<String> digests) {
        Set<String> known = current(file(distccDir, host));
        return known.containsAll(digests);
    }

    /** Records that {@code host} holds {@code digests}; best effort. */
    public void add(Path distccDir, HostSpec host, Collection<String> digests) {
        Path file = file(distccDir, host);
        Set<String> known = current(file);
        List<String> added = new ArrayList<>();
        for (String digest : digests) {
            if (!known.contains(digest)) {
                added.add(digest);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        byte[] records = new byte[added.size() * DIGEST_BYTES];
        for (int i = 0; i < added.size(); i++) {
            System.arraycopy(HEX.parseHex(added.get(i)), 0, records, i * DIGEST_BYTES, DIGEST_BYTES);
        }
        synchronized (this) {
            try {
                Directories.ensure(file.getParent());
                try (OutputStream out = Files.newOutputStream(
                        file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                    out.write(records);
                }
                if (Files.size(file) > (long) MAX_DIGESTS * DIGEST_BYTES) {
                    keepNewestHalf(file);
                }
            } catch (IOException e) {
                // a memory that cannot be kept only means asking again
            }
            loaded.remove(file);
        }
    }

    /** Forgets what {@code host} held: it failed, and may have been replaced. */
    public void forget(Path distccDir, HostSpec host) {
        Path file = file(distccDir, host);
        loaded.remove(file);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // asked again when in doubt anyway
        }
    }

    /** The digests in {@code file}, read again when another client has added some. */
    private Set<String> current(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return Set.of();
        }
        Known known = loaded.get(file);
        if (known != null && known.bytesRead() == size) {
            return known.digests();
        }
        Set<String> digests = ConcurrentHashMap.newKeySet();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] record = new byte[DIGEST_BYTES];
            long read = 0;
            while (read < (long) (MAX_DIGESTS * 2) * DIGEST_BYTES
                    && in.readNBytes(record, 0, DIGEST_BYTES) == DIGEST_BYTES) {
                digests.add(HEX.formatHex(record));
                read += DIGEST_BYTES;
            }
            loaded.put(file, new Known(digests, read));
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            return digests;
        }
        return digests;
    }

    private static void keepNewestHalf(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int records = all.length / DIGEST_BYTES;
        int keep = MAX_DIGESTS / 2;
        Set<String> newest = new LinkedHashSet<>();
        for (int i = Math.max(0, records - keep); i < records; i++) {
            newest.add(HEX.formatHex(all, i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES));
        }
        var kept = new ByteArrayOutputStream(newest.size() * DIGEST_BYTES);
        for (String digest : newest) {
            kept.writeBytes(HEX.parseHex(digest));
        }
        WholeFile.replace(file, kept.toByteArray());
    }
}
