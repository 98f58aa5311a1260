package org.jdistcc.daemon.serving;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the {@code .d} file gcc wrote for a pump-mode job into the client's, as distcc 3.4's server
 * does ({@code dcc_cleanup_dotd} in src/dotd.c): line by line, the first occurrence of the object's
 * name on the server is replaced by the client's target (its {@code -MT}, else its {@code -o}), then
 * every occurrence of the root is cut, so {@code <root>/home/u/inc/a.h} reads {@code
 * /home/u/inc/a.h}. Bytes, not text: names are whatever bytes the client's files had.
 *
 * <p>3.4 gives up on lines longer than 8 KiB ({@code MAXPATHLEN * 2}); gcc breaks its lines far
 * shorter, and this has no such limit.
 */
final class DependencyRewriter {
    private DependencyRewriter() {}

    static byte[] rewrite(byte[] dotd, String root, String serverObject, String clientTarget) {
        byte[] rootBytes = root.getBytes(StandardCharsets.UTF_8);
        byte[] server = serverObject.getBytes(StandardCharsets.UTF_8);
        byte[] client = clientTarget.getBytes(StandardCharsets.UTF_8);
        var out = new ByteArrayOutputStream(dotd.length);
        int start = 0;
        while (start < dotd.length) {
            int newline = indexOf(dotd, new byte[] {'\n'}, start, dotd.length);
            int end = newline < 0 ? dotd.length : newline + 1;
            byte[] line = graft(Arrays.copyOfRange(dotd, start, end), server, client);
            int from = 0;
            for (int at = indexOf(line, rootBytes, 0, line.length);
                    at >= 0;
                    at = indexOf(line, rootBytes, from, line.length)) {
                out.write(line, from, at - from);
                from = at + rootBytes.length;
            }
            out.write(line, from, line.length - from);
            start = end;
        }
        return out.toByteArray();
    }

    /** {@code dcc_strgraft}: the first {@code needle} in {@code line} becomes {@code replacement}. */
    private static byte[] graft(byte[] line, byte[] needle, byte[] replacement) {
        int at = indexOf(line, needle, 0, line.length);
        if (at < 0 || needle.length == 0) {
            return line;
        }
        var out = new ByteArrayOutputStream(line.length - needle.length + replacement.length);
        out.write(line, 0, at);
        out.write(replacement, 0, replacement.length);
        out.write(line, at + needle.length, line.length - at - needle.length);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
        if (needle.length == 0) {
            return -1;
        }
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
