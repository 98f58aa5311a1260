package org.jdistcc.daemon.launch;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A datagram socket connected to the local syslog socket ({@code /dev/log}, journald's or
 * rsyslog's), as glibc's {@code openlog}/{@code syslog} use it. The JDK's Unix domain sockets are
 * stream sockets only ({@code DatagramChannel} refuses {@code StandardProtocolFamily.UNIX}), and
 * glibc's {@code syslog} always writes to {@code /dev/log}; so the socket calls are made through
 * the foreign-function API.
 *
 * <p>Sends never block: a syslog daemon that stops reading must not stall the compiles, so a
 * message it has no room for is dropped. After the syslog daemon restarts, a send reconnects, as
 * glibc's does; while it is away, messages are dropped.
 */
// Native calls are the point here: bin/distccd runs the JVM with --enable-native-access=ALL-UNNAMED.
@SuppressWarnings("restricted")
final class SyslogSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_SIZE = 108;
    private static final int ECONNREFUSED = 111;
    private static final int ENOTCONN = 107;

    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_VALUE = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Functions FUNCTIONS = Functions.load();

    private final Path path;
    private int fd;

    private SyslogSocket(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * A socket connected to {@code path}.
     *
     * @throws IOException when nothing listens there (no syslog daemon: a container, a chroot)
     */
    static SyslogSocket connect(Path path) throws IOException {
        return new SyslogSocket(path, open(path));
    }

    Path path() {
        return path;
    }

    /** Sends one message; false when it was dropped (no room, or no syslog daemon any more). */
    synchronized boolean send(byte[] message) {
        if (FUNCTIONS == null || (fd < 0 && !reconnect())) {
            return false;
        }
        int errno = sendOnce(message);
        if ((errno == ECONNREFUSED || errno == ENOTCONN) && reconnect()) {
            errno = sendOnce(message);
        }
        return errno == 0;
    }

    private boolean reconnect() {
        closeFd();
        try {
            fd = open(path);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        closeFd();
    }

    /** 0 once sent, else the errno. */
    private int sendOnce(byte[] message) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, message);
            long sent = (long)
                    FUNCTIONS.send.invokeExact(state, fd, buffer, (long) message.length, MSG_DONTWAIT | MSG_NOSIGNAL);
            return sent >= 0 ? 0 : (int) ERRNO_VALUE.get(state, 0L);
        } catch (Throwable e) {
            return -1;
        }
    }

    private void closeFd() {
        if (fd >= 0) {
            try {
                int ignored = (int) FUNCTIONS.close.invokeExact(fd);
            } catch (Throwable e) {
                // the descriptor is gone either way
            }
            fd = -1;
        }
    }

    private static int open(Path path) throws IOException {
        if (FUNCTIONS == null) {
            throw new IOException("the socket functions of the C library are not available");
        }
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_SIZE) {
            throw new IOException("socket path too long: " + path);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) FUNCTIONS.socket.invokeExact(state, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + ERRNO_VALUE.get(state, 0L));
            }
            // struct sockaddr_un: sa_family_t sun_family; char sun_path[108], NUL-terminated.
            MemorySegment address = arena.allocate(2 + SUN_PATH_SIZE, 2);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
            int result = (int) FUNCTIONS.connect.invokeExact(state, fd, address, 2 + name.length + 1);
            if (result != 0) {
                int errno = (int) ERRNO_VALUE.get(state, 0L);
                int ignored = (int) FUNCTIONS.close.invokeExact(fd);
                throw new IOException("cannot connect to " + path + ": " + describe(errno));
            }
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("cannot connect to " + path + ": " + e, e);
        }
    }

    private static String describe(int errno) {
        return switch (errno) {
            case 2 -> "no such file";
            case 13 -> "permission denied";
            case 91 -> "not a datagram socket";
            case ECONNREFUSED -> "nothing listens there";
            default -> "errno " + errno;
        };
    }

    private record Functions(MethodHandle socket, MethodHandle connect, MethodHandle send, MethodHandle close) {
        static Functions load() {
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                ValueLayout.OfInt i = ValueLayout.JAVA_INT;
                ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
                ValueLayout p = ValueLayout.ADDRESS;
                return new Functions(
                        linker.downcallHandle(
                                libc.find("socket").orElseThrow(), FunctionDescriptor.of(i, i, i, i), ERRNO),
                        linker.downcallHandle(
                                libc.find("connect").orElseThrow(), FunctionDescriptor.of(i, i, p, i), ERRNO),
                        linker.downcallHandle(
                                libc.find("send").orElseThrow(), FunctionDescriptor.of(l, i, p, l, i), ERRNO),
                        linker.downcallHandle(libc.find("close").orElseThrow(), FunctionDescriptor.of(i, i)));
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
    }
}
