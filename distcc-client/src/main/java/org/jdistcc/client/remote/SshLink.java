package org.jdistcc.client.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostSpec;

/**
 * {@code $DISTCC_SSH [words] [-l USER] HOST COMMAND --inetd --enable-tcp-insecure}, talking
 * distcc's protocol over the child's stdin and stdout, as distcc 3.4 does ({@code src/ssh.c}).
 * A watchdog kills the child when the I/O timeout passes, since pipes have no SO_TIMEOUT.
 */
final class SshLink implements Link {
    private final Process process;
    private final InputStream in;
    private final OutputStream out;

    private SshLink(Process process) {
        this.process = process;
        this.in = new BufferedInputStream(process.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
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
            Thread.ofVirtual().start(() -> {
                try {
                    if (!process.waitFor(timeouts.io().toMillis(), TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                }
            });
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
