package org.jdistcc.daemon.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.jdistcc.common.ExitCode;

/**
 * Leaves root as distcc 3.4 does ({@code src/setuid.c}): to {@code --user}, else {@code distcc},
 * else {@code nobody}. {@code setuid()} is not available to Java (and would not be safe in a
 * multi-threaded process anyway), so the daemon runs itself again through {@code setpriv} (or
 * {@code runuser}) as that user, and this process waits for it and exits with its status.
 */
public final class UserSwitch {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final Path RUNUSER = Path.of("/usr/sbin/runuser");

    private UserSwitch() {}

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).strip().split("\\s+", -1);
                    return ids[0].equals("0") || ids[1].equals("0");
                }
            }
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
        return false;
    }

    /**
     * Runs the daemon again as {@code user} and returns its exit code once it ends.
     *
     * @throws UserSwitchException when no such user exists or nothing can switch to it
     */
    public static OptionalInt dropRoot(String requestedUser) throws UserSwitchException {
        String user = requestedUser;
        if (user == null) {
            user = exists("distcc") ? "distcc" : "nobody";
        }
        if (!exists(user)) {
            throw new UserSwitchException("no user '" + user + "' to run as");
        }
        var command = new ArrayList<String>();
        if (Files.isExecutable(SETPRIV)) {
            command.addAll(List.of(
                    SETPRIV.toString(),
                    "--reuid=" + id("-u", user),
                    "--regid=" + id("-g", user),
                    "--init-groups",
                    "--"));
        } else if (Files.isExecutable(RUNUSER)) {
            command.addAll(List.of(RUNUSER.toString(), "-u", user, "--"));
        } else {
            throw new UserSwitchException("running as root and neither setpriv nor runuser is installed to leave it");
        }
        command.addAll(SelfCommand.current());
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            // Signals sent to this process (the init script's stop) must reach the daemon.
            Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
            return OptionalInt.of(child.waitFor());
        } catch (IOException e) {
            throw new UserSwitchException("cannot start the daemon as " + user + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(ExitCode.GENERAL.code());
        }
    }

    private static boolean exists(String user) {
        try {
            id("-u", user);
            return true;
        } catch (UserSwitchException e) {
            return false;
        }
    }

    private static String id(String flag, String user) throws UserSwitchException {
        try {
            Process p = new ProcessBuilder("id", flag, "--", user)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("[0-9]+")) {
                throw new UserSwitchException("no user '" + user + "'");
            }
            return out;
        } catch (IOException e) {
            throw new UserSwitchException("cannot look up user '" + user + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserSwitchException("interrupted looking up user '" + user + "'");
        }
    }

    /** The daemon cannot leave root. Exit code 112 (SETUID_FAILED). */
    public static final class UserSwitchException extends Exception {
        private static final long serialVersionUID = 1L;

        UserSwitchException(String message) {
            super(message);
        }
    }
}
