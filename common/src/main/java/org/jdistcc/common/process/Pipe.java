package org.jdistcc.common.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;

/**
 * A pipe for a child's output: {@link #writeEnd()} goes to the child (a {@link PosixSpawn.Dup}) and
 * is closed here once it is started; this side reads the other end as a stream. Both ends are
 * close-on-exec, so no other child inherits them. Reads block the calling thread in the kernel:
 * read from a platform thread.
 */
public final class Pipe implements AutoCloseable {
    private static final int O_CLOEXEC = 02000000;
    private static final int BUFFER = 64 * 1024;

    private static final Cleaner CLEANER = Cleaner.create();

    private int writeEnd;
    /** Owns the read end: only it reads or closes that descriptor. */
    private final Stream stream;

    private Pipe(int readEnd, int writeEnd) {
        this.writeEnd = writeEnd;
        // Given the descriptor, not reading a field of ours: as a field initialiser it once ran
        // before the constructor and saw 0, so the end of the data closed stdin, whose number the
        // next socket or file then took (a volunteer's socket failed with EBADF).
        this.stream = new Stream(readEnd);
    }

    public static Pipe open() throws IOException {
        LibC f = LibC.functions();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            MemorySegment state = arena.allocate(LibC.CALL_STATE);
            if ((int) f.pipe2().invokeExact(state, fds, O_CLOEXEC) != 0) {
                throw new IOException("pipe2: " + Errno.describe(LibC.errno(state)));
            }
            return new Pipe(fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1));
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("pipe2 failed: " + e, e);
        }
    }

    /** The end the child writes to; -1 once closed here. */
    public int writeEnd() {
        return writeEnd;
    }

    /** Closes our copy of the write end, so that reads end when the child's copies close. */
    public synchronized void closeWriteEnd() {
        if (writeEnd >= 0) {
            closeFd(writeEnd);
            writeEnd = -1;
        }
    }

    /** What the child writes, until it (and everyone holding the write end) has closed it. */
    public InputStream input() {
        return stream;
    }

    @Override
    public void close() {
        closeWriteEnd();
        stream.close();
    }

    private static void closeFd(int fd) {
        try {
            int ignored = (int) LibC.FUNCTIONS.close().invokeExact(fd);
        } catch (Throwable e) {
            // closing is best effort; the descriptor is not reused by us
        }
    }

    /** Closes the read end once, at the end of the data, on close, or when the stream is garbage. */
    private static final class ReadEnd implements Runnable {
        private final int fd;
        private boolean closed;

        ReadEnd(int fd) {
            this.fd = fd;
        }

        @Override
        public synchronized void run() {
            if (!closed) {
                closed = true;
                closeFd(fd);
            }
        }
    }

    private static final class Stream extends InputStream {
        // GC-managed: a stream dropped unread (a job abandoned mid-stream) frees its fd and buffer.
        private final MemorySegment buffer = Arena.ofAuto().allocate(BUFFER);
        private final MemorySegment state = Arena.ofAuto().allocate(LibC.CALL_STATE);
        private final int fd;
        private final Cleaner.Cleanable cleanable;
        private boolean atEnd;

        Stream(int fd) {
            this.fd = fd;
            this.cleanable = CLEANER.register(this, new ReadEnd(fd));
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (atEnd) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                long n;
                try {
                    n = (long) LibC.FUNCTIONS.read().invokeExact(state, fd, buffer, (long) Math.min(len, BUFFER));
                } catch (Throwable e) {
                    throw new IOException("read failed: " + e, e);
                }
                if (n > 0) {
                    MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, b, off, (int) n);
                    return (int) n;
                }
                if (n == 0) {
                    atEnd = true;
                    cleanable.clean();
                    return -1;
                }
                int errno = LibC.errno(state);
                if (errno != Errno.EINTR) {
                    throw new IOException("read from pipe: " + Errno.describe(errno));
                }
            }
        }

        /** After the end of the data; not while another thread reads (that read would block on). */
        @Override
        public void close() {
            synchronized (this) {
                atEnd = true;
            }
            cleanable.clean();
        }
    }
}
