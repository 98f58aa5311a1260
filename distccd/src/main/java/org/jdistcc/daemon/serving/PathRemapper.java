package org.jdistcc.daemon.serving;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts the job's root out of what the compiler printed, so {@code <root>/usr/include/stdio.h:12:3:}
 * reads {@code /usr/include/stdio.h:12:3:} as in a local compile. gcc names files by the paths it
 * opened, and {@code -ffile-prefix-map} reaches debug information and {@code __FILE__} but not
 * diagnostics or {@code .su} files. Works on bytes: colour escapes, UTF-8 quotes and the layout stay
 * as they were; only a root followed by {@code /} is cut, so the root must be a name nothing else
 * contains (a fresh temporary directory).
 */
final class PathRemapper {
    private final byte[] root;

    PathRemapper(String root) {
        this.root = root.getBytes(StandardCharsets.UTF_8);
    }

    byte[] strip(byte[] text) {
        int first = indexOf(text, 0);
        if (first < 0) {
            return text;
        }
        var out = new ByteArrayOutputStream(text.length);
        int from = 0;
        for (int at = first; at >= 0; at = indexOf(text, from)) {
            out.write(text, from, at - from);
            from = at + root.length;
        }
        out.write(text, from, text.length - from);
        return out.toByteArray();
    }

    boolean occursIn(byte[] text) {
        return indexOf(text, 0) >= 0;
    }

    /** The next occurrence of the root followed by {@code /} at or after {@code from}, or -1. */
    private int indexOf(byte[] text, int from) {
        int last = text.length - root.length - 1;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < root.length; j++) {
                if (text[i + j] != root[j]) {
                    continue outer;
                }
            }
            if (text[i + root.length] == '/') {
                return i;
            }
        }
        return -1;
    }
}
