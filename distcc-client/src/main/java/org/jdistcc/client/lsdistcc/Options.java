package org.jdistcc.client.lsdistcc;

import java.util.List;

/**
 * lsdistcc's command line: distcc 3.4's ({@code src/lsdistcc.c}: one-letter options with the
 * value attached, {@code -t5 -r3700 -pgcc}, up to the first argument that is not an option; then
 * either a name format holding {@code %d} or host names), and jdistcc's long options, of which
 * {@code --format} switches to jdistcc's report of the configured hosts.
 *
 * @param names the host names, or a one-element list holding a format with {@code %d}
 * @param compiler the compiler the check asks for, or null to check the connection only
 * @param format null for distcc 3.4's output (one line per host found)
 */
record Options(
        boolean help,
        boolean latency,
        boolean numeric,
        boolean markDown,
        int totalTimeoutSeconds,
        int dnsRetryMillis,
        int connectTimeoutMillis,
        int compileTimeoutMillis,
        int matchBits,
        int overlap,
        int dnsGap,
        int port,
        int protocol,
        String compiler,
        boolean appendDomain,
        int verbose,
        List<String> names,
        Format format,
        long probeTimeoutMillis,
        int statsPort) {

    enum Format {
        TSV,
        JSON
    }

    /** distcc 3.4's name format when no host is named: distcc1, distcc2, ... */
    static final String DEFAULT_NAME_FORMAT = "distcc%d";

    static final int DEFAULT_PORT = 3632;

    static final String USAGE = """
            Usage: lsdistcc [-tTIMEOUT] [-mBITS] [-nvd] [format | HOST...]
                   lsdistcc [-tTIMEOUT] [-lxv] +zeroconf | +srv=DOMAIN | +addresses=NAME...
                   lsdistcc --format=tsv|json [--timeout=SECONDS] [--compiler=NAME]
                            [--stats-port=PORT] [HOST...]

            Lists the distcc volunteers that answer, one per line, in a form DISTCC_HOSTS takes:
              DISTCC_HOSTS=$(lsdistcc -pgcc)
            The names come from the format (default distcc%d: distcc1, distcc2, ..., up to the
            first name that does not resolve) or from the HOSTs given; or they are the volunteers
            the host list's discovery words find (mDNS, DNS SRV, every address of a name), printed
            as ADDRESS:PORT/LIMIT. Options (distcc 3.4's; a value is written right after its
            letter, as -t5):
              -l          print each host's latency in milliseconds (DNS excluded)
              -n          print the IP address instead of the name
              -x          print hosts that are down too, with ,down
              -tTIMEOUT   stop after TIMEOUT seconds [7]
              -hHTIMEOUT  accepted for distcc 3.4's sake: the system resolver retries itself [500]
              -cCTIMEOUT  milliseconds to connect; 0: do not connect, every name found is up [900]
              -kKTIMEOUT  milliseconds to compile; 0: do not compile [1500]
              -mBITS      stop at a host whose address differs from the first one's in its first
                          BITS bits [0]
              -oOVERLAP   extra name lookups in flight [1]
              -gDNSGAP    names that do not resolve to tolerate before stopping [0]
              -rPORT      port to connect to [3632]
              -PPROTOCOL  protocol of the test compile, 1-3; printed as "", ",lzo", ",lzo,cpp" [1]
              -pCOMPILER  have each host compile a one-line file with COMPILER; without it, a host
                          that accepts the connection is up
              -d          append this machine's DNS domain to the names
              -v          say what happens on stderr
            Exit status: 0 if some name resolved (or the time ran out), 1 if none did or for this
            help, 101 for a bad option.

            jdistcc's report (--format): the HOSTs are host-list entries (box, 10.0.0.2:3700/8,lzo);
            without any, the configured list ($DISTCC_HOSTS, $DISTCC_DIR/hosts, ~/.distcc/hosts,
            /etc/distcc/hosts). Each host compiles a one-line C file with protocol 1, then 2 (lzo),
            3 (pump) and jdistcc's lz4 dialect, to tell which it speaks.
              --format=tsv|json   one line per host, tab-separated, or JSON
              --timeout=SECONDS   bound on probing one host, all attempts included [5]
              --compiler=NAME     compiler the probe asks for, as -p [gcc]
              --stats-port=PORT   where jdistcc daemons tell their version [3633]; 0: don't ask
            Exit status: 0 if at least one host compiled the probe, else 1; 106 for a bad host list.
            """;

    /** What is wrong with a command line; the message names the argument. */
    static final class BadOption extends Exception {
        BadOption(String message) {
            super(message);
        }
    }

    static Options parse(List<String> args) throws BadOption {
        var o = new Builder();
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-"); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--")) {
                o.longOption(arg);
            } else {
                o.shortOption(arg);
            }
        }
        List<String> names = List.copyOf(args.subList(i, args.size()));
        return o.build(names);
    }

    private static final class Builder {
        boolean help;
        boolean latency;
        boolean numeric;
        boolean markDown;
        int totalTimeoutSeconds = 7;
        int dnsRetryMillis = 500;
        int connectTimeoutMillis = 900;
        int compileTimeoutMillis = 1500;
        int matchBits;
        int overlap = 1;
        int dnsGap;
        int port = DEFAULT_PORT;
        int protocol = 1;
        String compiler;
        boolean appendDomain;
        int verbose;
        Format format;
        long probeTimeoutMillis = 5000;
        int statsPort = 3633;
        /** The first distcc 3.4 option given, which --format does not take. */
        String legacyOnly;
        /** The first of jdistcc's options that only --format takes. */
        String reportOnly;

        void longOption(String arg) throws BadOption {
            if (arg.equals("--help")) {
                help = true;
            } else if (arg.equals("--format=tsv")) {
                format = Format.TSV;
            } else if (arg.equals("--format=json")) {
                format = Format.JSON;
            } else if (arg.startsWith("--timeout=")) {
                double seconds = parseSeconds(arg, arg.substring("--timeout=".length()));
                probeTimeoutMillis = (long) (seconds * 1000);
                reportOnly = reportOnly == null ? arg : reportOnly;
            } else if (arg.startsWith("--compiler=") && arg.length() > "--compiler=".length()) {
                compiler = arg.substring("--compiler=".length());
            } else if (arg.startsWith("--stats-port=")) {
                statsPort = number(arg, arg.substring("--stats-port=".length()), 0, 65535);
                reportOnly = reportOnly == null ? arg : reportOnly;
            } else {
                throw new BadOption("unknown option '" + arg + "'");
            }
        }

        void shortOption(String arg) throws BadOption {
            if (arg.length() < 2) {
                throw new BadOption("unknown option '-'");
            }
            char letter = arg.charAt(1);
            String value = arg.substring(2);
            if ("lnxvd".indexOf(letter) >= 0) {
                for (char flag : arg.substring(1).toCharArray()) {
                    flag(arg, flag);
                }
                return;
            }
            if (letter == 'h' && value.isEmpty()) {
                help = true; // 3.4 takes a bare -h as -h0; everyone else means help
                return;
            }
            if ("mthckogPpr".indexOf(letter) < 0) {
                throw new BadOption("unknown option '" + arg + "'");
            }
            if (value.isEmpty()) {
                throw new BadOption(
                        "option -" + letter + " needs its value right after it (-" + letter + "5), in '" + arg + "'");
            }
            legacyOnly = legacyOnly == null && letter != 'p' ? arg : legacyOnly;
            switch (letter) {
                case 'm' -> matchBits = number(arg, value, 0, 31);
                case 't' -> totalTimeoutSeconds = number(arg, value, 0, Integer.MAX_VALUE);
                case 'h' -> dnsRetryMillis = number(arg, value, 0, Integer.MAX_VALUE);
                case 'c' -> connectTimeoutMillis = number(arg, value, 0, Integer.MAX_VALUE);
                case 'k' -> compileTimeoutMillis = number(arg, value, 0, Integer.MAX_VALUE);
                case 'o' -> overlap = number(arg, value, 0, 1000);
                case 'g' -> dnsGap = number(arg, value, 0, Integer.MAX_VALUE);
                case 'P' -> protocol = number(arg, value, 1, 3);
                case 'p' -> compiler = value;
                case 'r' -> port = number(arg, value, 1, 65535);
                default -> throw new BadOption("unknown option '" + arg + "'");
            }
        }

        private void flag(String arg, char flag) throws BadOption {
            legacyOnly = legacyOnly == null ? arg : legacyOnly;
            switch (flag) {
                case 'l' -> latency = true;
                case 'n' -> numeric = true;
                case 'x' -> markDown = true;
                case 'v' -> verbose++;
                case 'd' -> appendDomain = true;
                default -> throw new BadOption("unknown option '" + arg + "'");
            }
        }

        Options build(List<String> names) throws BadOption {
            if (format != null && legacyOnly != null) {
                throw new BadOption("distcc 3.4's option '" + legacyOnly + "' does not apply to --format's report");
            }
            if (format == null && reportOnly != null) {
                throw new BadOption("'" + reportOnly + "' applies to --format's report (distcc 3.4's bound on the"
                        + " whole run is -tSECONDS)");
            }
            if (format == null && !names.isEmpty() && names.getFirst().contains("%d") && names.size() > 1) {
                throw new BadOption("a name format ('" + names.getFirst() + "') is given alone, without host names");
            }
            List<String> effective = format == null && names.isEmpty() ? List.of(DEFAULT_NAME_FORMAT) : names;
            return new Options(
                    help,
                    latency,
                    numeric,
                    markDown,
                    totalTimeoutSeconds,
                    dnsRetryMillis,
                    connectTimeoutMillis,
                    compileTimeoutMillis,
                    matchBits,
                    overlap,
                    dnsGap,
                    port,
                    protocol,
                    format != null && compiler == null ? "gcc" : compiler,
                    appendDomain,
                    verbose,
                    effective,
                    format,
                    probeTimeoutMillis,
                    statsPort);
        }
    }

    private static int number(String arg, String value, int min, int max) throws BadOption {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadOption("'" + arg + "' wants a whole number from " + min + " to " + max);
    }

    private static double parseSeconds(String arg, String value) throws BadOption {
        try {
            double seconds = Double.parseDouble(value);
            if (seconds > 0 && seconds <= 3600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadOption("'" + arg + "' wants a number of seconds above 0, up to 3600");
    }

    /** Whether the names are a format such as distcc%d rather than a list. */
    boolean namesAreFormat() {
        return names.size() == 1 && names.getFirst().contains("%d");
    }
}
