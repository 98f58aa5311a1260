package org.jdistcc.client;

/** The texts of {@code --version} and {@code --help}. */
final class Version {
    static final String NUMBER = "0.1.0";

    private Version() {}

    static String text() {
        // The first line reads like distcc 3.4's ("distcc VERSION TARGET"), which scripts parse.
        return "distcc " + NUMBER + " " + target() + "\n"
                // distcc's test suite and scripts read the second line as "  (protocol...) (default port N)".
                + "  (protocols 1 and 2, and jdistcc's dialects) (default port 3632)\n"
                + "  jdistcc " + NUMBER + ", wire-compatible with distcc 3.4\n"
                + "\n"
                + "Copyright (C) 2026 the jdistcc authors.\n"
                + "jdistcc comes with ABSOLUTELY NO WARRANTY. It is free software, and you may\n"
                + "use, modify and redistribute it under the terms of the GNU General Public\n"
                + "License version 2 or later.\n";
    }

    /** The GNU triplet distcc prints (its configure-time host). */
    private static String target() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64-pc-linux-gnu";
            case "aarch64" -> "aarch64-unknown-linux-gnu";
            default -> System.getProperty("os.arch") + "-unknown-linux-gnu";
        };
    }

    static String usage() {
        return """
                Usage:
                   distcc [--option] COMPILER [compile options] -o OBJECT -c SOURCE
                   distcc --scan-includes COMPILER [compile options] -c SOURCE
                   distcc [compile options] -o OBJECT -c SOURCE   (compiler "cc")
                   COMPILER [compile options] ...                (masquerade: lib/distcc/COMPILER on PATH)

                Options:
                   --help                     explain usage and exit
                   --version                  show version and exit
                   --show-hosts               show the host list and exit
                   -j                         show the concurrency level (make -j$(distcc -j))
                   --show-principal           show DISTCC_PRINCIPAL (GSS-API is not supported)
                   --show-key                 show this client's key, for volunteers' --authorized-keys
                   --show-stats, -s           show this user's compile statistics
                   --zero-stats, -z           reset them
                   --scan-includes            show the files a compile would ship in pump mode

                Environment:
                   DISTCC_HOSTS               volunteers to compile on ("localhost host1 host2/4,lzo")
                   DISTCC_DIR                 lock, state and stats directory (default ~/.distcc)
                   DISTCC_VERBOSE=1           explain every decision on stderr
                   DISTCC_LOG=FILE            write that explanation to FILE instead
                   DISTCC_FALLBACK=0          never compile locally after a remote failure
                   DISTCC_BINSTATE=1          also write distcc 3.4's state files (for distccmon-gnome)
                   (man distcc lists every variable)

                jdistcc is wire-compatible with distcc 3.4. See the docs/ directory for more.
                """;
    }
}
