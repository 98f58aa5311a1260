package org.jdistcc.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Which {@code distccd} a test starts. */
public enum Distccd {
    /**
     * Ours, from the test's classpath ({@code java ... org.jdistcc.daemon.Main}): for the tests of
     * {@code distccd} and of the modules after it, whose classpath holds the daemon.
     */
    OURS,
    /** Ours, as {@code scripts/install.sh} installed it: {@code PREFIX/bin/distccd}. */
    INSTALLED,
    /** Debian's distcc 3.4, the reference: {@code /usr/bin/distccd}. */
    DEBIAN;

    /** Debian's daemon. */
    public static final Path DEBIAN_DISTCCD = Path.of("/usr/bin/distccd");
    /** Debian's client. */
    public static final Path DEBIAN_DISTCC = Path.of("/usr/bin/distcc");

    static final String MAIN_CLASS = "org.jdistcc.daemon.Main";
    static final Path SETSID = Path.of("/usr/bin/setsid");

    /**
     * The whole command that runs this daemon with {@code args}; as root, with {@code --user nobody}
     * (every daemon leaves root, and {@link SharedDirectory} is writable by nobody).
     *
     * @param installation where {@link #INSTALLED} is installed; ignored by the others
     */
    public List<String> command(Installation installation, List<String> args) {
        List<String> command = new ArrayList<>(
                switch (this) {
                    case OURS ->
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "--sun-misc-unsafe-memory-access=allow",
                                "--enable-native-access=ALL-UNNAMED",
                                "-cp",
                                TestClasspath.readableByNobody(),
                                MAIN_CLASS);
                    case INSTALLED -> List.of(installation.distccd().toString());
                    // In its own session: distcc 3.4 signals its whole process group when it stops.
                    case DEBIAN -> List.of(SETSID.toString(), DEBIAN_DISTCCD.toString());
                });
        command.addAll(args);
        if (TestClasspath.runningAsRoot()) {
            command.addAll(List.of("--user", "nobody"));
        }
        return command;
    }

    /** Our daemon from the test's classpath with {@code args}: {@code OURS.command(null, args)}. */
    public static List<String> ours(List<String> args) {
        return OURS.command(null, args);
    }

    /** Whether Debian's {@code distcc} and {@code distccd} are installed (tests comparing with them assume it). */
    public static boolean debianInstalled() {
        return Files.isExecutable(DEBIAN_DISTCCD) && Files.isExecutable(DEBIAN_DISTCC) && Files.isExecutable(SETSID);
    }
}
