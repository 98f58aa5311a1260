package org.jdistcc.daemon.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdistcc.testing.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The farm's cache in a real redis-server on loopback (Debian's, as .ci/run installs it): round trip, outage. */
class RedisCacheTest {
    @TempDir
    Path dir;

    private Process redis(int port) throws Exception {
        Process server = new ProcessBuilder(
                        "/usr/bin/redis-server",
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return server;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        server.destroyForcibly();
        throw new AssertionError("redis-server did not listen: " + Files.readString(dir.resolve("redis.log")));
    }

    private CachedResult result() throws Exception {
        Path object = Files.write(dir.resolve("a.o"), new byte[] {1, 2, 3, 4});
        return new CachedResult(
                0, "w".getBytes(StandardCharsets.UTF_8), new byte[0], object, null, List.of(), List.of());
    }

    @Test
    void aResultKeptThroughOneClientIsAHitThroughAnotherAndAnOutageIsAMiss() throws Exception {
        int port = FreePort.find();
        var address = RedisCache.Address.parse("redis://127.0.0.1:" + port);
        var format = new EntryFormat("a farm's secret of some length".getBytes(StandardCharsets.UTF_8), 1 << 20);
        Process server = redis(port);
        ResultKey key = ResultKey.builder("test").text("source", "a.c").build();
        try (RedisCache one = RedisCache.open(address, format, Duration.ofSeconds(2), Duration.ofMillis(200), 2);
                RedisCache other = RedisCache.open(address, format, Duration.ofSeconds(2), Duration.ofMillis(200), 2)) {
            assertNull(one.lookup(key, Files.createDirectories(dir.resolve("miss"))));
            one.store(key, result());
            ResultCache.Hit hit = other.lookup(key, Files.createDirectories(dir.resolve("hit")));
            assertNotNull(hit);
            assertTrue(hit.shared());
            assertArrayEquals(
                    new byte[] {1, 2, 3, 4}, Files.readAllBytes(hit.result().object()));
            assertEquals("redis", other.kind());
            assertEquals("redis://127.0.0.1:" + port, other.describe());
            assertEquals(0, other.localBytes());
            assertEquals(0, other.errors());

            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            assertNull(other.lookup(key, Files.createDirectories(dir.resolve("down"))), "an outage is a miss");
            other.store(key, result()); // resting, or failing: never thrown
            assertTrue(other.errors() >= 1, () -> Long.toString(other.errors()));
        } finally {
            server.destroyForcibly();
        }
    }
}
