package org.jdistcc.common.dns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * distcc 3.4's DNS-SD service ({@code src/zeroconf.h}, {@code src/zeroconf-reg.c}, {@code
 * src/gcc-id.c}): type {@code _distcc._tcp}, instance {@code distcc@HOSTNAME}, TXT {@code
 * txtvers=1 cpus=N jobs=N distcc=VERSION gnuhost=... cc_version=... cc_machine=...}, and a subtype
 * {@code _MACHINE--VERSION._sub._distcc._tcp} from {@code cc -dumpmachine} and {@code cc
 * -dumpversion}, which its clients browse so that jobs only go to volunteers with their compiler.
 */
public final class DistccService {
    public static final String TYPE = "_distcc._tcp.local";

    /** DNS-SD's list of the service types offered (RFC 6763 section 9). */
    public static final String SERVICES = "_services._dns-sd._udp.local";

    private static final Duration CC_BOUND = Duration.ofSeconds(5);
    private static final int MAX_CC_OUTPUT = 256;

    private DistccService() {}

    /** What {@code cc} says of itself, the two facts the subtype is made of. */
    public record CcFacts(String version, String machine) {}

    /** {@code _MACHINE--VERSION._sub._distcc._tcp.local}, each part as 3.4's {@code strip_bad_chars} leaves it. */
    public static String subtype(CcFacts facts) {
        return "_" + stripBadChars(facts.machine(), 63) + "--" + stripBadChars(facts.version(), 63) + "._sub." + TYPE;
    }

    /** 3.4's instance name: {@code distcc@} and the host name (which avahi makes unique on a clash). */
    public static String instance(String hostname) {
        return "distcc@" + hostname.replace(".", "\\.") + "." + TYPE;
    }

    /** 3.4's TXT strings, plus {@code jdistcc=VERSION}, which 3.4's clients ignore. */
    public static List<String> txt(int cpus, int jobs, String jdistccVersion, CcFacts cc) {
        var strings = new java.util.ArrayList<>(
                List.of("txtvers=1", "cpus=" + cpus, "jobs=" + jobs, "distcc=3.4", "jdistcc=" + jdistccVersion));
        if (cc != null) {
            strings.add("gnuhost=" + cc.machine());
            strings.add("cc_version=" + cc.version());
            strings.add("cc_machine=" + cc.machine());
        }
        return strings;
    }

    /**
     * 3.4's client: the jobs a volunteer takes, from its TXT {@code jobs}, else {@code cpus + 2}
     * when {@code jobs} is not a positive number, else 4 ({@code src/zeroconf.c}, {@code resolve_reply}).
     */
    public static int jobs(DnsRecord.Txt txt) {
        if (txt == null) {
            return 4;
        }
        int cpus = Math.max(1, atoi(txt.value("cpus"), 1));
        String jobs = txt.value("jobs");
        if (jobs == null) {
            return 4;
        }
        int n = atoi(jobs, 0);
        return n > 0 ? Math.min(n, 1024) : cpus + 2;
    }

    /** {@code cc -dumpversion} and {@code cc -dumpmachine}, each bounded in time and size; null if either fails. */
    public static CcFacts ofCompiler(String cc) {
        String version = firstWord(cc, "-dumpversion");
        String machine = version == null ? null : firstWord(cc, "-dumpmachine");
        return machine == null ? null : new CcFacts(version, machine);
    }

    private static String firstWord(String cc, String option) {
        try {
            Process p = new ProcessBuilder(cc, option)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            try (InputStream in = p.getInputStream()) {
                byte[] out = in.readNBytes(MAX_CC_OUTPUT);
                if (!p.waitFor(CC_BOUND.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return null;
                }
                // 3.4 keeps the first line up to white space
                String word = new String(out, StandardCharsets.UTF_8).strip().split("\\s+")[0];
                return word.isEmpty() ? null : word;
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** 3.4's {@code strip_bad_chars}: lower-case letters and digits stay, capitals are lowered, the rest become '-'. */
    static String stripBadChars(String s, int max) {
        var out = new StringBuilder();
        for (char c : s.substring(0, Math.min(s.length(), max)).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                out.append(Character.toLowerCase(c));
            } else {
                out.append('-');
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static int atoi(String text, int otherwise) {
        if (text == null) {
            return otherwise;
        }
        int end = 0;
        String t = text.strip();
        while (end < t.length() && end < 9 && Character.isDigit(t.charAt(end))) {
            end++;
        }
        return end == 0 ? otherwise : Integer.parseInt(t.substring(0, end));
    }
}
