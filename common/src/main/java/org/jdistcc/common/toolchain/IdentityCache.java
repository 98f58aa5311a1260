package org.jdistcc.common.toolchain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdistcc.common.digest.Sha256;
import org.jdistcc.common.io.WholeFile;

/**
 * Compiler identities, worked out once ({@link IdentityProbe}: a few queries, and each program's
 * {@link ProgramDigest}) and then kept for as long as the files they were made from keep their
 * {@code stat} ({@link FileStamp}: size, modification and change time, inode, device), and the name
 * still leads to the same driver. Per process; with a directory, also across processes (one small
 * file per compiler, replaced whole by a rename), for a client that starts a JVM per compile.
 * Thread-safe: concurrent requests for one compiler wait for one probe.
 */
public final class IdentityCache {
    /** What of the environment changes which programs the compiler runs. */
    private static final List<String> ENVIRONMENT = List.of("PATH", "GCC_EXEC_PREFIX", "COMPILER_PATH");

    private static final String HEADER = "jdistcc-identity 2";
    private static final int MAX_FILE = 64 * 1024;

    private final Path directory;
    private final Map<String, IdentityProbe.Probed> known = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<Path, Digested> files = new ConcurrentHashMap<>();

    private record Digested(FileStamp stamp, String digest) {}

    /** Kept in this process only. */
    public IdentityCache() {
        this(null);
    }

    /** @param directory where identities are also kept across processes, or null */
    public IdentityCache(Path directory) {
        this.directory = directory;
    }

    /**
     * The identity of {@code compiler} run with {@code environment}.
     *
     * @param compiler the compiler as the compile runs it, an absolute path
     * @throws IOException if it cannot be worked out (not a compiler, not runnable)
     */
    public CompilerIdentity of(Path compiler, Map<String, String> environment) throws IOException {
        String key = key(compiler, environment);
        IdentityProbe.Probed probed = known.get(key);
        if (probed != null && probed.isCurrent(compiler)) {
            return probed.identity();
        }
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            probed = known.get(key);
            if (probed == null || !probed.isCurrent(compiler)) {
                probed = load(key);
                if (probed == null || !probed.isCurrent(compiler)) {
                    probed = IdentityProbe.probe(compiler, environment, this::digest);
                    save(key, probed);
                }
                known.put(key, probed);
            }
            return probed.identity();
        }
    }

    /**
     * The identity of {@code compiler} if it is known and current, without working it out; else null.
     * For answers that must not wait (a volunteer's hello).
     */
    public CompilerIdentity known(Path compiler, Map<String, String> environment) {
        IdentityProbe.Probed probed = known.get(key(compiler, environment));
        return probed != null && probed.isCurrent(compiler) ? probed.identity() : null;
    }

    private static String key(Path compiler, Map<String, String> environment) {
        var key = new StringBuilder(compiler.toAbsolutePath().toString());
        for (String name : ENVIRONMENT) {
            String value = environment.get(name);
            key.append('\n').append(name).append('=').append(value == null ? "" : value);
        }
        return key.toString();
    }

    /** A program's digest, read again only when its stamp changed (gcc and g++ share cc1 and as). */
    private String digest(FileStamp stamp) throws IOException {
        Digested d = files.get(stamp.path());
        if (d != null && d.stamp().equals(stamp)) {
            return d.digest();
        }
        String digest = ProgramDigest.of(stamp.path());
        if (!FileStamp.of(stamp.path()).equals(stamp)) {
            throw new IOException(stamp.path() + " changed while it was read");
        }
        files.put(stamp.path(), new Digested(stamp, digest));
        return digest;
    }

    private Path file(String key) {
        return directory.resolve(
                Sha256.hex(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32));
    }

    private IdentityProbe.Probed load(String key) {
        if (directory == null) {
            return null;
        }
        String text;
        try (InputStream in = Files.newInputStream(file(key))) {
            text = new String(in.readNBytes(MAX_FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        String[] lines = text.split("\n");
        if (lines.length < 6 || !lines[0].equals(HEADER) || !lines[1].equals("key " + escape(key))) {
            return null;
        }
        try {
            var identity = new CompilerIdentity(
                    value(lines[2], "identity"), value(lines[3], "version"), value(lines[4], "machine"));
            List<FileStamp> stamps = new ArrayList<>();
            for (int i = 5; i < lines.length && !lines[i].equals("end"); i++) {
                FileStamp stamp = FileStamp.parse(lines[i]);
                if (stamp == null) {
                    return null;
                }
                stamps.add(stamp);
            }
            return stamps.isEmpty() || !text.endsWith("end\n") ? null : new IdentityProbe.Probed(identity, stamps);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String value(String line, String name) {
        if (!line.startsWith(name + " ")) {
            throw new IllegalArgumentException("expected " + name);
        }
        return line.substring(name.length() + 1);
    }

    /** Best effort: a directory we cannot write only costs the next process a probe. */
    private void save(String key, IdentityProbe.Probed probed) {
        if (directory == null) {
            return;
        }
        var text = new StringBuilder(HEADER).append('\n');
        text.append("key ").append(escape(key)).append('\n');
        text.append("identity ").append(probed.identity().digest()).append('\n');
        text.append("version ").append(escape(probed.identity().version())).append('\n');
        text.append("machine ").append(escape(probed.identity().machine())).append('\n');
        for (FileStamp stamp : probed.stamps()) {
            if (stamp.path().toString().contains("\n")) {
                return;
            }
            text.append(stamp.line()).append('\n');
        }
        text.append("end\n");
        try {
            WholeFile.replace(file(key), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // an optimisation only
        }
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
