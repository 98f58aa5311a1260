package org.jdistcc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A TCP port nobody listens on right now, on any address (so on loopback too). What the tests'
 * client remembers of an earlier listener on it is forgotten ({@link ClientMemory}): what listens
 * there next is a new volunteer.
 */
public final class FreePort {
    private FreePort() {}

    public static int find() {
        int port;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClientMemory.forgetPort(port);
        return port;
    }
}
