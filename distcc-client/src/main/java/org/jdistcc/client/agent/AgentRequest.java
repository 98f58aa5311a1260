package org.jdistcc.client.agent;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code launcher/distcc.c} sends when it connects: everything about the process that would
 * otherwise have run the cold JVM. Big-endian, every string a 4-byte length and its bytes:
 *
 * <pre>
 *   "JDA2" pid umask flags argv0 cwd nargs arg... nenv NAME=VALUE...
 * </pre>
 *
 * Flag bit 0: the launcher's stderr is a terminal (the agent's own never is).
 */
record AgentRequest(
        long pid,
        int umask,
        boolean stderrIsTerminal,
        String argv0,
        String cwd,
        List<String> args,
        Map<String, String> env) {
    static final int MAGIC = 0x4a444132; // "JDA2"
    static final int STDERR_IS_TERMINAL = 1;
    /** Bounds, so that a confused peer cannot make the agent allocate without end. */
    static final int MAX_STRING = 1 << 20;

    static final int MAX_STRINGS = 1 << 16;
    static final int MAX_TOTAL = 32 << 20;

    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    static AgentRequest read(InputStream stream) throws IOException {
        var in = new DataInputStream(stream);
        if (in.readInt() != MAGIC) {
            throw new Malformed("not a jdistcc launcher");
        }
        int[] total = {0};
        long pid = in.readInt() & 0xffffffffL;
        int umask = in.readInt() & 0777;
        int flags = in.readInt();
        String argv0 = string(in, total);
        String cwd = string(in, total);
        List<String> args = new ArrayList<>();
        int nargs = count(in);
        for (int i = 0; i < nargs; i++) {
            args.add(string(in, total));
        }
        Map<String, String> env = new HashMap<>();
        int nenv = count(in);
        for (int i = 0; i < nenv; i++) {
            String entry = string(in, total);
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        if (!cwd.startsWith("/")) {
            throw new Malformed("working directory is not absolute: " + cwd);
        }
        return new AgentRequest(
                pid, umask, (flags & STDERR_IS_TERMINAL) != 0, argv0, cwd, List.copyOf(args), Map.copyOf(env));
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRINGS) {
            throw new Malformed("bad count " + n);
        }
        return n;
    }

    private static String string(DataInputStream in, int[] total) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_STRING || (total[0] += length) > MAX_TOTAL) {
            throw new Malformed("bad string length " + length);
        }
        // Linux paths and environments are bytes; the cold JVM decodes them as UTF-8 too (sun.jnu.encoding).
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
