package org.jdistcc.client.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jdistcc.client.job.Abandoned;
import org.jdistcc.client.job.JobContext;

/**
 * One launcher's compile, run in the agent: the launcher's directory, environment and umask; its
 * stdout and stderr as reply frames. Every compile that runs here ends with an {@code L} frame, so
 * the real compiler always runs as the launcher process itself.
 */
final class AgentJob extends JobContext {
    private final AgentRequest request;
    private final AgentReply reply;
    private final Path cwd;
    private final CountDownLatch gone = new CountDownLatch(1);
    private volatile boolean abandoned;
    private volatile boolean answered;

    AgentJob(AgentRequest request, AgentReply reply) {
        this.request = request;
        this.reply = reply;
        this.cwd = Path.of(request.cwd());
    }

    @Override
    public Path cwd() {
        return cwd;
    }

    @Override
    public Map<String, String> env() {
        return request.env();
    }

    @Override
    public int umask() {
        return request.umask();
    }

    @Override
    public long pid() {
        return request.pid();
    }

    @Override
    public boolean stderrIsTerminal() {
        return request.stderrIsTerminal();
    }

    @Override
    public void writeStdout(byte[] bytes) throws IOException {
        reply.output(AgentReply.STDOUT, bytes);
    }

    @Override
    public void writeStderr(byte[] bytes) throws IOException {
        reply.output(AgentReply.STDERR, bytes);
    }

    @Override
    public void writeFd(int fd, byte[] bytes) throws IOException {
        reply.toFd(fd, bytes);
    }

    @Override
    public ProcessBuilder configure(ProcessBuilder builder) {
        builder.directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(request.env());
        return builder;
    }

    /**
     * Tells the launcher to exec the compiler, then waits until the connection closes: the launcher
     * exec'd with the socket open, so it closes when the compiler (and its children) exit. Until
     * then the caller's slot stays held, as it would around a compile the agent ran itself.
     */
    @Override
    public int runHere(List<String> command) {
        checkAbandoned();
        try {
            reply.exec(command);
            answered = true;
        } catch (IOException e) {
            throw new Abandoned();
        }
        while (true) {
            try {
                gone.await();
                return 0; // the launcher, now the compiler, exits with the real status
            } catch (InterruptedException e) {
                // the connection watcher interrupts when the client goes: gone is counted down then
            }
        }
    }

    /** Sent while the job runs, until it answers (after an L frame the socket is the compiler's). */
    void keepAlive() throws IOException {
        if (!answered && !abandoned) {
            reply.keepAlive();
        }
    }

    boolean answered() {
        return answered || abandoned;
    }

    /** The job ended with an exit status (unless it already handed the compile to the launcher). */
    void finish(int status) throws IOException {
        if (!answered && !abandoned) {
            answered = true;
            reply.exit(status);
        }
    }

    /** The connection closed or broke: kill the job's preprocessor, delete its temp files. */
    void abandon() {
        abandoned = true;
        gone.countDown();
        temps().cleanUp();
    }

    @Override
    public boolean abandoned() {
        return abandoned;
    }
}
