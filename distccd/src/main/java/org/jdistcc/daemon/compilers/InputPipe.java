package org.jdistcc.daemon.compilers;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A named pipe where a compiler's input file would be, so the compiler starts while its input still
 * arrives: distcc's TODO "feed compiler from fifo", behind {@code distccd --fifo}.
 * The compiler opens it by the file's own name ({@code work/x.i}), so everything it derives from that
 * name (the dump base, {@code .file}, a {@code .dwo}'s name) is what a file would give.
 *
 * <p>We hold the pipe both ways: a read-write end we write to (Linux opens a FIFO {@code O_RDWR}
 * without waiting for a reader, fifo(7)) and a read end we leave alone until the compiler has
 * exited. So writing never fails with {@code EPIPE} nor waits for the compiler to open the pipe; a
 * compiler that exits before reading everything (an error on line 1, a kill) has the rest {@linkplain
 * #compilerExited drained}, and the writer finishes. Closing the write end is the compiler's end of
 * file ({@link #finish()}).
 */
// Native calls: bin/distccd runs the JVM with --enable-native-access=ALL-UNNAMED (mkfifo(3)).
@SuppressWarnings("restricted")
public final class InputPipe implements AutoCloseable {
    private static final MethodHandle MKFIFO = mkfifo();

    private final Path path;
    private final RandomAccessFile writeEnd;
    private final InputStream readEnd;
    private final PipeOutput output;
    private volatile boolean compilerGone;
    private boolean closed;

    private InputPipe(Path path, RandomAccessFile writeEnd, InputStream readEnd) {
        this.path = path;
        this.writeEnd = writeEnd;
        this.readEnd = readEnd;
        this.output = new PipeOutput(writeEnd);
    }

    /** False when this JVM may not call {@code mkfifo} (no native access): inputs are files. */
    public static boolean available() {
        return MKFIFO != null;
    }

    /** Makes the pipe at {@code path} (mode 0600: only the daemon's user and its compilers). */
    public static InputPipe create(Path path) throws IOException {
        if (MKFIFO == null) {
            throw new IOException("mkfifo is not available");
        }
        try (Arena arena = Arena.ofConfined()) {
            int result = (int) MKFIFO.invokeExact(arena.allocateFrom(path.toString(), StandardCharsets.UTF_8), 0600);
            if (result != 0) {
                throw new IOException("cannot make the pipe " + path);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("mkfifo failed: " + e, e);
        }
        var writeEnd = new RandomAccessFile(path.toFile(), "rw");
        try {
            // Opened after the write end, so this open does not wait (a writer exists).
            return new InputPipe(path, writeEnd, new FileInputStream(path.toFile()));
        } catch (IOException e) {
            writeEnd.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** Where the compiler's input goes; {@link #finish()} when it is all there. */
    public OutputStream output() {
        return output;
    }

    /**
     * The input is complete: the compiler reads end of file once it has read the rest. Returns at
     * once; the write end is closed by a thread when that cannot keep the compiler waiting
     * ({@link #closeWhenTaken}).
     */
    public void finish() {
        Thread.ofVirtual().name("eof-" + path.getFileName()).start(this::closeWhenTaken);
    }

    /**
     * A reader that opens a FIFO with no writer waits in open(2) for one, even with content in the
     * pipe (fifo(7)). So the write end is closed only once the compiler has taken the content
     * ({@code FIONREAD} on our read end says the pipe is empty, which only its reading can make it)
     * or has exited. An empty input never shows it was taken: then the write end is closed at once,
     * and a writer comes and goes every millisecond until the compiler exits, each waking a compiler
     * waiting in open, its going the end of file. Writers open without {@code O_CREAT} and only while
     * our read end is open, so none waits nor makes a file where the pipe was.
     */
    private void closeWhenTaken() {
        try {
            while (!compilerGone && output.written > 0) {
                synchronized (this) {
                    if (closed || readEnd.available() == 0) {
                        break;
                    }
                }
                Thread.sleep(1);
            }
            writeEnd.close();
            while (!compilerGone && output.written == 0) {
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    FileChannel.open(path, StandardOpenOption.WRITE).close();
                }
                Thread.sleep(1);
            }
        } catch (IOException | InterruptedException e) {
            // the pipe went with its job
        }
    }

    /**
     * Once the compiler has exited: reads and drops what it left, on a virtual thread, until the
     * writer {@linkplain #finish finishes} (or is closed), so a write never waits for a reader that
     * is gone. The read end stays open until {@link #close()}.
     */
    public void compilerExited() {
        compilerGone = true;
        Thread.ofVirtual().name("drain-" + path.getFileName()).start(() -> {
            try {
                readEnd.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // closed under us by close(): nothing left to drain
            }
        });
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
        }
        try (readEnd) {
            writeEnd.close();
        }
    }

    /** Writes straight to the pipe: a buffer here would hold back what the compiler could read. */
    private static final class PipeOutput extends OutputStream {
        private final RandomAccessFile file;
        private long written;

        PipeOutput(RandomAccessFile file) {
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            file.write(b);
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            file.write(b, off, len);
            written += len;
        }
    }

    private static MethodHandle mkfifo() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(
                    linker.defaultLookup().find("mkfifo").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
