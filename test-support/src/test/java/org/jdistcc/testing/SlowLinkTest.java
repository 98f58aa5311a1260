package org.jdistcc.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The slow link forwards every byte, no faster than its rate. */
class SlowLinkTest {
    @Test
    void bytesArriveIntactAtTheLinksRate() throws Exception {
        byte[] data = new byte[256 * 1024];
        new Random(1).nextBytes(data);
        try (var echo = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                SlowLink link = SlowLink.to(echo.getLocalPort(), 1_000_000)) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = echo.accept();
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream()) {
                    out.write(in.readNBytes(data.length)); // echoes once all has come
                } catch (Exception e) {
                    // the test fails on what it reads
                }
            });
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), link.port())) {
                long started = System.nanoTime();
                client.getOutputStream().write(data);
                byte[] back = client.getInputStream().readNBytes(data.length);
                double seconds = (System.nanoTime() - started) / 1e9;
                assertArrayEquals(data, back);
                // 256 KiB each way at 1 MB/s: about half a second, never much less.
                assertTrue(seconds > 0.45, "took " + seconds + " s");
            }
        }
    }
}
