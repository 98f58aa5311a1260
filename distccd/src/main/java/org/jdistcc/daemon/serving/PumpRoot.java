package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directories of one pump-mode job, named with the lengths distcc 3.4's server uses, because
 * the names reach the results:
 *
 * <ul>
 *   <li>the root, standing for the client's {@code /}: {@code $TMPDIR/distccd_XXXXXX}, as 3.4's {@code
 *       dcc_get_new_tmpdir} ({@code mkdtemp}'s six characters). gcc records the working directory
 *       {@code <root><client cwd>} in the debug information; 3.4 overwrites the root with as many
 *       slashes ({@link DebugPathRewriter}) and DWARF 5 keeps it as it is, so only a root of the same
 *       length gives an object identical to 3.4's;
 *   <li>the object, {@code $TMPDIR/distccd_YYYYYY/x.o}, as long as 3.4's {@code
 *       $TMPDIR/distccd_XXXXXXXX.o} ({@code dcc_make_tmpnam}): gcc starts the {@code .d} file with it,
 *       and breaks the lines of the {@code .d} by their length. It lives outside the root, so nothing
 *       a client sends can stand where the compiler writes.
 * </ul>
 *
 * Mode 0700; both are removed on close.
 */
final class PumpRoot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PumpRoot.class);
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int ATTEMPTS = 100;

    private final Path path;
    private final Path outputs;

    private PumpRoot(Path path, Path outputs) {
        this.path = path;
        this.outputs = outputs;
    }

    static PumpRoot create(Path base, RandomGenerator random) throws IOException {
        Path root = createDirectory(base, random);
        try {
            return new PumpRoot(root, createDirectory(base, random));
        } catch (IOException e) {
            JobDirs.deleteTree(root);
            throw e;
        }
    }

    /** The directory standing for the client's {@code /}. */
    Path path() {
        return path;
    }

    /** Where the compiler writes the object. */
    Path object() {
        return outputs.resolve("x.o");
    }

    /** Where the compiler writes the {@code .d} file. */
    Path dependencies() {
        return outputs.resolve("x.d");
    }

    @Override
    public void close() {
        for (Path directory : new Path[] {path, outputs}) {
            try {
                JobDirs.deleteTree(directory);
            } catch (IOException e) {
                LOG.error("cannot remove pump-mode directory {}: {}", directory, e.toString());
            }
        }
    }

    /** {@code mkdtemp("$base/distccd_XXXXXX")}. */
    private static Path createDirectory(Path base, RandomGenerator random) throws IOException {
        var permissions = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            var name = new StringBuilder("distccd_");
            for (int i = 0; i < 6; i++) {
                name.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
            }
            try {
                return Files.createDirectory(base.resolve(name.toString()), permissions);
            } catch (FileAlreadyExistsException e) {
                // another job's, or a leftover: pick again, as mkdtemp does
            }
        }
        throw new IOException("no free distccd_XXXXXX name in " + base + " after " + ATTEMPTS + " attempts");
    }
}
