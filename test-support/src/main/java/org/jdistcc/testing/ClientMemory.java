package org.jdistcc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the integration tests' one {@code DISTCC_DIR} ({@link Installation#userIn}) remembers of the
 * volunteers it met, by address and port: backoff after a failure, what a hello said (jdistcc or
 * distcc), paces, link rates, files sent. Ports are reused across a run, so a volunteer started on a
 * port an earlier test's volunteer had is a new one, and must not inherit its backoff (a build with
 * fallbacks off then had one volunteer fewer than it listed) nor its kind.
 */
public final class ClientMemory {
    /** The directories of {@code DISTCC_DIR} that keep one file per volunteer, named {@code tcp_ADDRESS_PORT}. */
    private static final List<String> PER_VOLUNTEER = List.of("volunteers", "speeds", "links", "files");

    private ClientMemory() {}

    /** The integration tests' {@code DISTCC_DIR}, as {@link Installation#userIn} names it. */
    static Path distccDir() {
        return Path.of(System.getProperty("jdistcc.it.distccDir", "target/it-distcc-dir"))
                .toAbsolutePath();
    }

    /** Forgets whatever listened on {@code port} before, at any address. */
    public static void forgetPort(int port) {
        forgetPort(distccDir(), port);
    }

    static void forgetPort(Path distccDir, int port) {
        String volunteer = "_" + port;
        for (String kind : PER_VOLUNTEER) {
            deleteEnding(distccDir.resolve(kind), "tcp_", volunteer);
        }
        deleteEnding(distccDir.resolve("lock"), "backoff_tcp_", volunteer + "_0");
    }

    private static void deleteEnding(Path dir, String prefix, String suffix) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(suffix)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
