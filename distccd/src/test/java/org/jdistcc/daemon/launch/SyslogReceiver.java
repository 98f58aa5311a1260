package org.jdistcc.daemon.launch;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A syslog daemon's end of {@code /dev/log} for tests: a Unix datagram socket bound at a path of the
 * test's choosing, world-writable (a daemon started as root writes as {@code nobody}), read without
 * blocking. The JDK cannot bind a Unix datagram socket, so it is made through the foreign-function
 * API, like the daemon's own end.
 */
@SuppressWarnings("restricted") // socket calls the JDK does not offer for datagrams
public final class SyslogReceiver implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int MSG_DONTWAIT = 0x40;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle RECV =
            handle("recv", FunctionDescriptor.of(ValueLayout.JAVA_LONG, INT, PTR, ValueLayout.JAVA_LONG, INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(INT, INT));

    private final Path path;
    private final int fd;
    private final List<String> received = new ArrayList<>();

    private SyslogReceiver(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    public static SyslogReceiver bind(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) SOCKET.invokeExact(AF_UNIX, SOCK_DGRAM, 0);
            byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
            MemorySegment address = arena.allocate(110, 2);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
            if (fd < 0 || (int) BIND.invokeExact(fd, address, 2 + name.length + 1) != 0) {
                throw new IOException("cannot bind a datagram socket at " + path);
            }
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
            return new SyslogReceiver(path, fd);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    public Path path() {
        return path;
    }

    /** Every message received so far, in order. */
    public List<String> messages() {
        drain();
        return List.copyOf(received);
    }

    /** The first message matching {@code wanted}; fails with all received if none comes in time. */
    public String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            drain();
            for (String m : received) {
                if (wanted.test(m)) {
                    return m;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such syslog message within " + timeout + "; received: " + received);
            }
            Thread.sleep(50);
        }
    }

    private synchronized void drain() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(65536);
            while (true) {
                long n = (long) RECV.invokeExact(fd, buffer, buffer.byteSize(), MSG_DONTWAIT);
                if (n < 0) {
                    return;
                }
                byte[] bytes = buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
                received.add(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw new IOException(e);
        }
        Files.deleteIfExists(path);
    }

    private static MethodHandle handle(String name, FunctionDescriptor type) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), type);
    }
}
