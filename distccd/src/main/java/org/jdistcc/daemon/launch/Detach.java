package org.jdistcc.daemon.launch;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.jdistcc.common.ExitCode;

/**
 * {@code --daemon} without {@code --no-detach}: distcc 3.4 forks and the parent exits. A JVM
 * cannot fork, so it starts itself again with {@code --detached} (which implies {@code
 * --no-detach} and logs to syslog when no log file is given) in a new session ({@code
 * setsid}), stdio on {@code /dev/null}, and exits once that daemon accepts connections (or with
 * its exit code if it fails first). Under systemd use {@code --no-detach} instead.
 */
public final class Detach {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** distcc 3.4 binds before it forks: a script may connect as soon as we return. A JVM on a busy machine can take long. */
    private static final long STARTUP_WAIT_MS = 60_000;

    private Detach() {}

    /** Starts the detached daemon; returns the exit code for this (parent) process. */
    public static int detach(InetAddress listen, int port) {
        var command = new ArrayList<String>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(SelfCommand.current());
        command.add("--detached");
        Process child;
        try {
            var devNull = new File("/dev/null");
            child = new ProcessBuilder(command)
                    .redirectInput(devNull)
                    .redirectOutput(devNull)
                    .redirectError(devNull)
                    .start();
        } catch (IOException e) {
            System.err.println("distccd: cannot start the detached daemon: " + e.getMessage());
            return ExitCode.GENERAL.code();
        }
        InetAddress probe = listen == null || listen.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : listen;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STARTUP_WAIT_MS);
        while (System.nanoTime() < deadline) {
            try {
                if (child.waitFor(200, TimeUnit.MILLISECONDS)) {
                    System.err.println("distccd: the daemon exited during start-up; see its log");
                    return child.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.GENERAL.code();
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(probe, port), 500);
                return 0;
            } catch (IOException e) {
                // not listening yet
            }
        }
        System.err.println("distccd: the daemon is not accepting connections on port " + port + " after "
                + STARTUP_WAIT_MS / 1000 + " s; it goes on starting (see its log)");
        return 0;
    }
}
