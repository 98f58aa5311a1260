package org.jdistcc.client.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostSpec;

/**
 * {@code $DISTCC_SSH [words] [-l USER] HOST COMMAND --inetd --enable-tcp-insecure}, talking
 * distcc's protocol over the child's stdin and stdout, as distcc 3.4 does ({@code src/ssh.c}).
 * Pipes have no SO_TIMEOUT, so a watchdog kills the child when no byte has moved either way for the
 * I/O timeout: distcc 3.4 bounds each blocked read or write by {@code DISTCC_IO_TIMEOUT}, not the job.
 */
final class SshLink implements Link {
    private final Process process;
    private final InputStream in;
    private final OutputStream out;

    /** When a byte last moved, in System.nanoTime() terms. */
    private volatile long lastActivity = System.nanoTime();
    /** Set by the watchdog: the end of stream that follows is a timeout, not a dropped connection. */
    private volatile boolean timedOut;

    private SshLink(Process process) {
        this.process = process;
        this.in = new BufferedInputStream(
                new FilterInputStream(process.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        return moved(super.read());
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        return moved(super.read(b, off, len));
                    }
                },
                64 * 1024);
        this.out = new BufferedOutputStream(
                new FilterOutputStream(process.getOutputStream()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        lastActivity = System.nanoTime();
                    }
                },
                64 * 1024);
    }

    private int moved(int result) throws IOException {
        if (result < 0 && timedOut) {
            throw new SocketTimeoutException("no byte moved for the I/O timeout; ssh killed");
        }
        lastActivity = System.nanoTime();
        return result;
    }

    /**
     * Kills ssh and what it started; a child left holding the pipe would keep us reading. The parent
     * goes first, so it cannot start another child between the two; its children are known by then.
     */
    private void kill() {
        var children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Kills the child once nothing has moved for {@code io}; returns when the child is gone. */
    private void watch(Duration io) {
        try {
            while (true) {
                long idle = System.nanoTime() - lastActivity;
                long left = io.toNanos() - idle;
                if (left <= 0) {
                    timedOut = true;
                    kill();
                    return;
                }
                if (process.waitFor(Math.min(left, 1_000_000_000L), TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            kill();
        }
    }

    static SshLink open(HostSpec.Ssh host, String sshCommand, Timeouts timeouts) throws RemoteFailure {
        List<String> command = new ArrayList<>(Arrays.asList(sshCommand.trim().split("\\s+")));
        if (host.user() != null) {
            command.add("-l");
            command.add(host.user());
        }
        command.add(host.host());
        command.add(host.command() != null ? host.command() : "distccd");
        command.add("--inetd");
        command.add("--enable-tcp-insecure");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            var link = new SshLink(process);
            Thread.ofVirtual().start(() -> link.watch(timeouts.io()));
            return link;
        } catch (IOException e) {
            throw new RemoteFailure(
                    RemoteFailure.Kind.CANNOT_CONNECT, "cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
