package org.jdistcc.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The test's own classpath, for the processes a test starts from it. As root our daemon leaves root
 * for {@code nobody} (as it must), and {@code nobody} cannot read {@code ~root/.m2}: then the
 * classpath is copied, once per test run, to a world-readable directory.
 */
public final class TestClasspath {
    private static String staged;

    private TestClasspath() {}

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** This JVM's classpath, as it is. */
    public static String current() {
        return System.getProperty("java.class.path");
    }

    /** This JVM's classpath, readable by {@code nobody}: a staged copy when running as root. */
    public static synchronized String readableByNobody() {
        if (!runningAsRoot()) {
            return current();
        }
        if (staged != null) {
            return staged;
        }
        try {
            Path dir = Files.createTempDirectory("jdistcc-test-classpath-");
            worldReadable(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> SharedDirectory.deleteTree(dir)));
            var entries = new ArrayList<String>();
            int i = 0;
            for (String entry : current().split(File.pathSeparator, -1)) {
                Path source = Path.of(entry);
                if (entry.isEmpty() || !Files.exists(source)) {
                    continue;
                }
                Path target = dir.resolve(i++ + "-" + source.getFileName());
                copy(source, target);
                entries.add(target.toString());
            }
            staged = String.join(File.pathSeparator, entries);
            return staged;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            worldReadable(target);
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(source)) {
            all = walk.toList();
        }
        for (Path p : all) {
            Path t = target.resolve(source.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(t);
            } else {
                Files.copy(p, t);
            }
            worldReadable(t);
        }
    }

    private static void worldReadable(Path p) throws IOException {
        Files.setPosixFilePermissions(
                p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
    }
}
