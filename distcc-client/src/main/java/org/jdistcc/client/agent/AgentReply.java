package org.jdistcc.client.agent;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The frames the agent answers a launcher with: a type byte, a 4-byte big-endian length, the
 * payload. {@code O}/{@code E}: bytes for the client's stdout/stderr (the launcher holds them until
 * the job's end, so a job that the agent abandons half-way never shows its diagnostics twice).
 * {@code U}: a 4-byte file descriptor, then bytes for it ({@code UNCACHED_ERR_FD}).
 * {@code X}: the exit status, last. {@code L}: run this argv yourself (an {@code execv} in the
 * launcher, with its own environment, directory, umask, stdio and signals), last too. {@code K}:
 * nothing, every few seconds of a long job, so the launcher can tell a slow job from a hung agent.
 */
final class AgentReply {
    static final byte STDOUT = 'O';
    static final byte STDERR = 'E';
    static final byte TO_FD = 'U';
    static final byte EXIT = 'X';
    static final byte EXEC = 'L';
    static final byte KEEP_ALIVE = 'K';

    private final DataOutputStream out;

    AgentReply(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    synchronized void output(byte type, byte[] bytes) throws IOException {
        out.writeByte(type);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    synchronized void toFd(int fd, byte[] bytes) throws IOException {
        out.writeByte(TO_FD);
        out.writeInt(4 + bytes.length);
        out.writeInt(fd);
        out.write(bytes);
    }

    synchronized void keepAlive() throws IOException {
        out.writeByte(KEEP_ALIVE);
        out.writeInt(0);
        out.flush();
    }

    synchronized void exit(int status) throws IOException {
        out.writeByte(EXIT);
        out.writeInt(4);
        out.writeInt(status);
        out.flush();
    }

    synchronized void exec(List<String> argv) throws IOException {
        byte[][] words = new byte[argv.size()][];
        int length = 4;
        for (int i = 0; i < words.length; i++) {
            words[i] = argv.get(i).getBytes(StandardCharsets.UTF_8);
            length += 4 + words[i].length;
        }
        out.writeByte(EXEC);
        out.writeInt(length);
        out.writeInt(words.length);
        for (byte[] word : words) {
            out.writeInt(word.length);
            out.write(word);
        }
        out.flush();
    }
}
