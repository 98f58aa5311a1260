package org.jdistcc.client.remote;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A byte pipe to a volunteer: a TCP socket, or an SSH child's stdin and stdout. */
interface Link extends Closeable {
    InputStream in();

    OutputStream out();

    @Override
    void close() throws IOException;
}
