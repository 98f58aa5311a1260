package org.jdistcc.protocol;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * An output that sends a file's bytes itself, e.g. with {@link FileChannel#transferTo} straight to a
 * socket ({@code sendfile(2)}, distcc's TODO "sendfile"), without copying them through the JVM. The
 * writer hands it every uncompressed file payload; other outputs get them copied.
 */
public interface FileSink {
    /** Sends the first {@code size} bytes of {@code file}, after whatever was written before. */
    void sendFile(FileChannel file, long size) throws IOException;
}
