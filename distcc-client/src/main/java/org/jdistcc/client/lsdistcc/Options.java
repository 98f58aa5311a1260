package org.jdistcc.client.lsdistcc;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** lsdistcc's command line. */
record Options(List<String> hosts, boolean json, long timeoutMillis, String compiler, int statsPort, boolean help) {
    static final String USAGE = """
            usage: lsdistcc [--format=tsv|json] [--timeout=SECONDS] [--compiler=NAME]
                            [--stats-port=PORT] [HOST...]

            Checks which volunteers answer, by having each compile a one-line C file (as Debian's
            lsdistcc -p does): with protocol 1, then 2 (lzo), 3 (pump) and jdistcc's lz4 dialect.
            HOSTs are host-list entries (box, 10.0.0.2:3700/8,lzo); without any, the configured
            list ($DISTCC_HOSTS, $DISTCC_DIR/hosts, ~/.distcc/hosts, /etc/distcc/hosts).

              --format=tsv|json   output (default tsv: one line per host, tab-separated)
              --timeout=SECONDS   bound on probing one host, all attempts included (default 5)
              --compiler=NAME     compiler the probe asks for; it must be allowed there (default gcc)
              --stats-port=PORT   where jdistcc daemons tell their version (default 3633; 0: don't ask)

            Exit status: 0 if at least one host compiled the probe, else 1.
            """;

    /** The options, or null after printing what is wrong to {@code err}. */
    static Options parse(List<String> args, PrintStream err) {
        List<String> hosts = new ArrayList<>();
        boolean json = false;
        long timeout = 5000;
        String compiler = "gcc";
        int statsPort = 3633;
        for (String a : args) {
            try {
                if (a.equals("--help") || a.equals("-h")) {
                    return new Options(List.of(), false, 0, "", 0, true);
                } else if (a.equals("--format=json")) {
                    json = true;
                } else if (a.equals("--format=tsv")) {
                    json = false;
                } else if (a.startsWith("--timeout=")) {
                    double seconds = Double.parseDouble(a.substring("--timeout=".length()));
                    if (!(seconds > 0) || seconds > 3600) {
                        throw new NumberFormatException();
                    }
                    timeout = (long) (seconds * 1000);
                } else if (a.startsWith("--compiler=") && a.length() > "--compiler=".length()) {
                    compiler = a.substring("--compiler=".length());
                } else if (a.startsWith("--stats-port=")) {
                    statsPort = Integer.parseInt(a.substring("--stats-port=".length()));
                    if (statsPort < 0 || statsPort > 65535) {
                        throw new NumberFormatException();
                    }
                } else if (a.startsWith("--")) {
                    throw new NumberFormatException();
                } else {
                    hosts.add(a);
                }
            } catch (NumberFormatException e) {
                err.print("lsdistcc: bad argument '" + a + "'\n" + USAGE);
                return null;
            }
        }
        return new Options(List.copyOf(hosts), json, timeout, compiler, statsPort, false);
    }
}
