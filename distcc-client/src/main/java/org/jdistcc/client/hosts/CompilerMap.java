package org.jdistcc.client.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code $DISTCC_DIR/compilers}: which compiler to ask a volunteer for when it has this machine's
 * under another name, or has one that differs and is trusted anyway (a cross-compiler built
 * elsewhere). One mapping per line, {@code #} starts a comment:
 *
 * <pre>
 * # HOST[:PORT]   LOCAL NAME                 VOLUNTEER'S NAME ("=": the same name)
 * 10.0.0.5        arm-linux-gnueabihf-gcc    arm-linux-gnueabihf-gcc-12
 * buildbox:3632   gcc                        =
 * *               x86_64-linux-gnu-g++       g++-12
 * </pre>
 *
 * HOST is a host-list entry's host name or address ({@code *}: every volunteer); LOCAL is the
 * compiler as typed ({@code gcc}) or as it would be sent ({@code x86_64-linux-gnu-gcc}). A mapped
 * compiler is sent under the volunteer's name without the identity check: the user vouches for it.
 * The first line that matches wins. Parsing only: reading the file is {@code config}'s.
 */
public record CompilerMap(List<Entry> entries, List<String> warnings) {
    public static final CompilerMap EMPTY = new CompilerMap(List.of(), List.of());

    /**
     * @param port -1 for any port
     * @param volunteer the name to send; equal to {@code local} for {@code =}
     */
    public record Entry(String host, int port, String local, String volunteer) {
        boolean matches(HostSpec spec) {
            if (host.equals("*")) {
                return !(spec instanceof HostSpec.Local);
            }
            return switch (spec) {
                case HostSpec.Tcp t -> host.equalsIgnoreCase(t.host()) && (port < 0 || port == t.port());
                case HostSpec.Ssh s -> host.equalsIgnoreCase(s.host()) && port < 0;
                case HostSpec.Local l -> false;
            };
        }
    }

    public CompilerMap {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /**
     * The name to ask {@code host} for, or null when no line maps this compiler there.
     *
     * @param sent the compiler's name as it would be sent (after distcc's cross-compiler rewriting)
     * @param typed the compiler as the user named it
     */
    public String volunteerName(HostSpec host, String sent, String typed) {
        String typedBase = typed.substring(typed.lastIndexOf('/') + 1);
        for (Entry e : entries) {
            if (e.matches(host) && (e.local.equals(sent) || e.local.equals(typed) || e.local.equals(typedBase))) {
                return e.volunteer;
            }
        }
        return null;
    }

    public static CompilerMap parse(String text, String source) {
        List<Entry> entries = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String[] w = (hash < 0 ? line : line.substring(0, hash)).strip().split("\\s+");
            if (w.length == 1 && w[0].isEmpty()) {
                continue;
            }
            Entry entry = w.length == 3 ? entry(w[0], w[1], w[2]) : null;
            if (entry == null) {
                warnings.add(source + ":" + (i + 1) + ": ignored, not 'HOST[:PORT] LOCAL VOLUNTEER': " + line.strip());
            } else {
                entries.add(entry);
            }
        }
        return new CompilerMap(entries, warnings);
    }

    private static Entry entry(String hostWord, String local, String volunteer) {
        String host = hostWord;
        int port = -1;
        int colon = hostWord.lastIndexOf(':');
        if (colon > 0 && !hostWord.startsWith("[")) {
            try {
                port = Integer.parseInt(hostWord.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            host = hostWord.substring(0, colon);
        }
        if (host.isEmpty() || port == 0 || port > 65535 || local.contains("/") || volunteer.contains("/")) {
            return null;
        }
        return new Entry(host.toLowerCase(Locale.ROOT), port, local, volunteer.equals("=") ? local : volunteer);
    }
}
