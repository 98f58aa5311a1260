package org.jdistcc.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jdistcc.testing.SharedDirectory;

/**
 * Another user's slow compiler for farm tests: a {@code cc} in a directory of its own (for a daemon's
 * {@code DISTCCD_PATH} and {@code --sandbox-toolchain}) that sleeps before a compile, as long as the
 * first rule its arguments match says, then runs gcc. The daemon's identity runs of {@code cc} do not
 * sleep (only a command with {@code -c} does).
 */
record SleepyCc(Path directory) implements AutoCloseable {
    /** A rule: arguments containing {@code word} ("" for any) sleep {@code seconds}. */
    record Rule(String word, int seconds) {}

    static SleepyCc create(Rule... rules) throws IOException {
        Path directory = SharedDirectory.create("jdistcc-sleepy-cc");
        var cases = new StringBuilder();
        for (Rule rule : rules) {
            cases.append("  *\" -c \"*")
                    .append(rule.word())
                    .append("*) /bin/sleep ")
                    .append(rule.seconds())
                    .append(" ;;\n");
        }
        Path cc = directory.resolve("cc");
        Files.writeString(cc, "#!/bin/sh\ncase \" $* \" in\n" + cases + "esac\nexec /usr/bin/gcc \"$@\"\n");
        Files.setPosixFilePermissions(cc, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new SleepyCc(directory);
    }

    /** The daemon's {@code DISTCCD_PATH}: this {@code cc} first. */
    String daemonPath() {
        return directory + ":/usr/bin:/bin";
    }

    @Override
    public void close() {
        SharedDirectory.deleteTree(directory);
    }
}
