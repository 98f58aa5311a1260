package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdistcc.daemon.compilers.RunningCompiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's directory: {@code work/} is the compiler's working directory (the source and every
 * output), {@code tmp/} its {@code TMPDIR}, and its stdout and stderr go beside them so they are
 * never mistaken for outputs. Closing kills the compiler if it still runs and removes everything,
 * and what the job {@linkplain #adopt adopted}.
 */
final class JobDir implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobDir.class);

    private final Path root;
    private final JobDirs owner;
    private volatile RunningCompiler compiler;
    private AutoCloseable adopted;
    private boolean closed;

    JobDir(Path root, JobDirs owner) throws IOException {
        this.root = root;
        this.owner = owner;
        Files.createDirectory(work());
        Files.createDirectory(tmp());
    }

    Path root() {
        return root;
    }

    Path work() {
        return root.resolve("work");
    }

    Path tmp() {
        return root.resolve("tmp");
    }

    Path stdout() {
        return root.resolve("stdout");
    }

    Path stderr() {
        return root.resolve("stderr");
    }

    void running(RunningCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * Something of the job's outside this directory, closed with it after the compiler is dead:
     * pump mode's root, which must have distcc's name and length ({@link PumpRoot}).
     */
    synchronized void adopt(AutoCloseable resource) {
        if (closed) {
            throw new IllegalStateException("job directory already closed");
        }
        this.adopted = resource;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RunningCompiler c = compiler;
        if (c != null) {
            c.kill();
        }
        if (adopted != null) {
            try {
                adopted.close();
            } catch (Exception e) {
                LOG.error("cannot close {}: {}", adopted, e.toString());
            }
        }
        try {
            JobDirs.deleteTree(root);
        } catch (IOException e) {
            LOG.error("cannot remove job directory {}: {}", root, e.toString());
        }
        owner.release(this);
    }
}
