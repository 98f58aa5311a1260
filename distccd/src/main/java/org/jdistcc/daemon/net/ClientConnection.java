package org.jdistcc.daemon.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** One client: a TCP socket, or stdin/stdout under {@code --inetd} (ssh). */
public sealed interface ClientConnection extends Closeable permits SocketConnection, StreamConnection {
    /** Who is connected, for logs: {@code 127.0.0.1:40312}, or {@code stdin}. */
    String peer();

    InputStream input();

    OutputStream output();

    /** Bound on each single blocking read; zero for none. No-op where the stream has none. */
    void setReadTimeout(Duration timeout) throws IOException;

    /** Drops the connection now: unblocks a thread reading it, and resets a TCP peer. */
    void abort();

    long bytesIn();

    long bytesOut();
}
