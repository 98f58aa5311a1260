package org.jdistcc.daemon.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import org.jdistcc.common.io.CountingOutputStream;
import org.jdistcc.protocol.FileSink;

/**
 * What a connection writes, buffered and counted. On a plain TCP socket with a channel, a file (an
 * object, uncompressed) goes by {@link FileChannel#transferTo}, which Linux does with {@code
 * sendfile(2)}: no copy through the JVM. Any other connection (a pipe under {@code --inetd}, a
 * socket that must encrypt) copies it through the buffer.
 */
final class ConnectionOutput extends BufferedOutputStream implements FileSink {
    private final CountingOutputStream counted;
    private final WritableByteChannel socket;

    /** @param socket the connection's channel in blocking mode, or null to copy files */
    ConnectionOutput(CountingOutputStream counted, WritableByteChannel socket) {
        super(counted, 64 * 1024);
        this.counted = counted;
        this.socket = socket;
    }

    @Override
    public synchronized void sendFile(FileChannel file, long size) throws IOException {
        ByteBuffer buffer = null;
        long sent = 0;
        if (socket != null) {
            flush();
        }
        while (sent < size) {
            long n = socket == null ? 0 : file.transferTo(sent, size - sent, socket);
            if (n > 0) {
                sent += n;
                counted.sentAround(n);
                continue;
            }
            // No channel, or nothing went: a socket a virtual thread has waited on is non-blocking
            // underneath, and sendfile gives up when its buffer is full. One block through the
            // stream, which waits for room, then sendfile again.
            if (buffer == null) {
                buffer = ByteBuffer.allocate((int) Math.min(size, 64 * 1024));
            }
            buffer.clear().limit((int) Math.min(buffer.capacity(), size - sent));
            int read = file.read(buffer, sent);
            if (read < 0) {
                throw new IOException("file shrank while being sent");
            }
            write(buffer.array(), 0, read);
            sent += read;
            if (socket != null) {
                flush();
            }
        }
    }
}
