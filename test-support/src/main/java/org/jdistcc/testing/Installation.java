package org.jdistcc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The jdistcc under test, installed by {@code scripts/install.sh --prefix DIR} and named by
 * {@code -Djdistcc.prefix=DIR}. Test classes get it as a parameter from {@link RequiresInstallation}.
 */
public record Installation(Path prefix) {
    public static final String PROPERTY = "jdistcc.prefix";

    public Path distcc() {
        return prefix.resolve("bin/distcc");
    }

    /** The daemon's launcher. */
    public Path distccd() {
        return prefix.resolve("bin/distccd");
    }

    /**
     * The script that starts a JVM for one compile: {@code bin/distcc} itself, or, where the C
     * launcher was built, what it execs when there is no agent.
     */
    public Path coldLauncher() {
        Path cold = prefix.resolve("share/jdistcc/distcc-jvm");
        return Files.isRegularFile(cold) ? cold : distcc();
    }

    public Path masqueradeDirectory() {
        return prefix.resolve("lib/distcc");
    }

    public Path aotCache() {
        return prefix.resolve("share/jdistcc/distcc.aot");
    }

    /**
     * A runner in {@code directory} set up like a user without volunteers: no {@code DISTCC_*}
     * variables, and the C locale so gcc's quotes do not depend on the machine.
     *
     * <p>{@code DISTCC_DIR} is one per test run, as a user has one: its client agent serves every
     * test, and lives outside the tests' temporary directories, which it would otherwise race
     * JUnit to write in while they are deleted. {@code scripts/test.sh} names it with {@code
     * -Djdistcc.it.distccDir} inside its work directory, whose removal makes the agent exit.
     */
    public CommandRunner userIn(Path directory) {
        Path distccDir = Path.of(System.getProperty("jdistcc.it.distccDir", "target/it-distcc-dir"))
                .toAbsolutePath();
        try {
            Files.createDirectories(distccDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CommandRunner.in(directory)
                .withoutAllStartingWith("DISTCC_")
                .withoutAllStartingWith("JDISTCC_")
                .without("_DISTCC_SAFEGUARD")
                .without("JAVA_TOOL_OPTIONS")
                .without("JDK_JAVA_OPTIONS")
                .without("_JAVA_OPTIONS")
                .with("DISTCC_DIR", distccDir.toString())
                // Debian's distcc package ships /etc/distcc/hosts with 127.0.0.1 in it: "localhost"
                // alone is what "no volunteers" means here (an empty list also works, with distcc
                // 3.4's warnings: LocalCompileTest).
                .with("DISTCC_HOSTS", "localhost")
                .with("LC_ALL", "C");
    }

    /**
     * A copy of the client launcher in {@code directory}/bin/distcc that uses {@code cache} as its
     * AOT cache instead of the installed one, so tests can break the cache without touching the
     * installation.
     */
    public Path launcherUsingAotCache(Path cache, Path directory) throws IOException {
        String launcher = Files.readString(coldLauncher());
        String installed = aotCache().toString();
        if (!launcher.contains("'" + installed + "'")) {
            throw new AssertionError(coldLauncher() + " does not name its AOT cache " + installed + ":\n" + launcher);
        }
        Path copy = directory.resolve("bin/distcc");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, launcher.replace("'" + installed + "'", "'" + cache + "'"));
        if (!copy.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + copy + " executable");
        }
        return copy;
    }
}
