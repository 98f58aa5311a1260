package org.jdistcc.common.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CountingStreamsTest {
    private static final byte[] TEN = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Test
    void countsEveryByteReadOrSkippedAndNothingAtTheEnd() throws IOException {
        var in = new CountingInputStream(new ByteArrayInputStream(TEN));
        assertEquals('0', in.read());
        assertEquals(3, in.read(new byte[3], 0, 3));
        assertEquals(2, in.skip(2));
        assertEquals(4, in.readAllBytes().length);
        assertEquals(-1, in.read());
        assertEquals(-1, in.read(new byte[3], 0, 3));
        assertEquals(10, in.count());
    }

    @Test
    void countsEveryByteWrittenAndPassesArraysOnWhole() throws IOException {
        var chunks = new java.util.ArrayList<Integer>();
        var sink = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                chunks.add(len);
                super.write(b, off, len);
            }
        };
        var out = new CountingOutputStream(sink);
        out.write('x');
        out.write(TEN);
        out.write(TEN, 2, 5);
        assertEquals(16, out.count());
        assertEquals(java.util.List.of(10, 5), chunks);
        assertEquals("x0123456789" + "23456", sink.toString(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void awaitByteWaitsForDataWithoutConsumingOrCountingIt() throws Exception {
        var pipe = new PipedOutputStream();
        var in = new CountingInputStream(new BufferedInputStream(new PipedInputStream(pipe)));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return in.awaitByte();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(waiting.isDone(), "returned before a byte arrived");
        pipe.write(TEN, 0, 4);
        pipe.flush();
        assertTrue(waiting.get(10, TimeUnit.SECONDS));
        assertEquals(0, in.count());
        assertArrayEquals("0123".getBytes(java.nio.charset.StandardCharsets.US_ASCII), in.readNBytes(4));
        assertEquals(4, in.count());
        pipe.close();
        assertFalse(in.awaitByte(), "end of stream");
    }

    @Test
    void awaitByteNeedsAStreamThatCanMarkAndLendsItsMarkToNobody() {
        InputStream unmarkable = new InputStream() {
            @Override
            public int read() {
                return 1;
            }
        };
        assertThrows(IllegalStateException.class, () -> new CountingInputStream(unmarkable).awaitByte());
        var in = new CountingInputStream(new BufferedInputStream(new ByteArrayInputStream(TEN)));
        assertFalse(in.markSupported());
        assertThrows(IOException.class, in::reset);
    }
}
