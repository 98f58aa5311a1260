package org.jdistcc.daemon.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.jdistcc.protocol.FileSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file sent on a connection ({@link FileSink}): by {@code transferTo} on a socket with a channel,
 * by a copy on streams; after what was written before it, and counted either way.
 */
class ConnectionOutputTest {
    @TempDir
    Path temp;

    private Path object(int size) throws Exception {
        byte[] content = new byte[size];
        new Random(7).nextBytes(content);
        return Files.write(temp.resolve("x.o"), content);
    }

    private static byte[] expected(byte[] head, Path file, int tailLength) throws Exception {
        var all = new ByteArrayOutputStream();
        all.write(head);
        all.write(Files.readAllBytes(file));
        all.write(new byte[tailLength]);
        return all.toByteArray();
    }

    @Test
    void aFileGoesOnASocketChannelAfterTheBufferedHeadAndIsCounted() throws Exception {
        Path file = object(3_000_000);
        byte[] head = "DOTO002dc6c0".getBytes(StandardCharsets.US_ASCII);
        try (var server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                var client = SocketChannel.open(server.getLocalAddress())) {
            var received = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.socket().getInputStream().readAllBytes();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (var connection = new SocketConnection(server.accept().socket())) {
                connection.output().write(head);
                try (var channel = FileChannel.open(file)) {
                    ((FileSink) connection.output()).sendFile(channel, channel.size());
                }
                connection.output().write(new byte[5]);
                connection.output().flush();
                assertEquals(head.length + Files.size(file) + 5, connection.bytesOut());
            }
            assertArrayEquals(expected(head, file, 5), received.get());
        }
    }

    @Test
    void aFileOnStreamsIsCopiedAndCountedAlike() throws Exception {
        Path file = object(200_000);
        byte[] head = "DOTO00030d40".getBytes(StandardCharsets.US_ASCII);
        var sent = new ByteArrayOutputStream();
        try (var connection = new StreamConnection(new ByteArrayInputStream(new byte[0]), sent, "stdin")) {
            connection.output().write(head);
            try (var channel = FileChannel.open(file)) {
                ((FileSink) connection.output()).sendFile(channel, channel.size());
            }
            connection.output().write(new byte[5]);
            connection.output().flush();
            assertEquals(head.length + Files.size(file) + 5, connection.bytesOut());
        }
        assertArrayEquals(expected(head, file, 5), sent.toByteArray());
    }
}
