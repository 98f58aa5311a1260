package org.jdistcc.client.lsdistcc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * This machine's DNS domain, for lsdistcc's {@code -d}, found as distcc 3.4's {@code
 * dcc_get_dns_domain} ({@code src/util.c}) does: the longer of {@code $HOST} and {@code
 * $HOSTNAME} that holds a dot (which saves a DNS round trip), else this machine's name, else its
 * name as DNS knows it; the domain is what follows the first dot.
 */
final class DnsDomain {
    /** 3.4's IS_LEGAL_DOMAIN_CHAR, and its 512-character bound. */
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9.-]{1,512}");

    private DnsDomain() {}

    /** The domain, or null if none can be found or the name holds characters a domain cannot. */
    static String of(Map<String, String> env) {
        String host = dotted(env.get("HOST"));
        String hostname = dotted(env.get("HOSTNAME"));
        String name = hostname != null && (host == null || host.length() < hostname.length()) ? hostname : host;
        if (name == null) {
            name = ownName();
        }
        if (name == null || !LEGAL.matcher(name).matches()) {
            return null;
        }
        int dot = name.indexOf('.');
        String domain = dot < 0 ? "" : name.substring(dot + 1);
        return domain.isEmpty() ? null : domain;
    }

    private static String dotted(String name) {
        return name != null && name.contains(".") ? name : null;
    }

    private static String ownName() {
        try {
            InetAddress self = InetAddress.getLocalHost();
            String name = self.getHostName();
            return name.contains(".") ? name : self.getCanonicalHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
