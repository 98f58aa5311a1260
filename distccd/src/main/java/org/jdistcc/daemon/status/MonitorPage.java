package org.jdistcc.daemon.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The live monitor: one self-contained HTML page ({@code monitor.html} next to this class: inline
 * CSS, JavaScript and SVG, nothing fetched from elsewhere, no build step) that polls {@code /status}
 * once a second and draws it.
 *
 * <p>Its Content-Security-Policy lets the page run only its own inline script (by hash) and talk
 * only to this port, so a client-supplied file name could not run code even if the page ever
 * inserted it as HTML (it inserts text only).
 */
final class MonitorPage {
    static final String CONTENT_TYPE = "text/html; charset=utf-8";
    private static final String RESOURCE = "monitor.html";

    private final byte[] html;
    private final String contentSecurityPolicy;

    private MonitorPage(byte[] html, String contentSecurityPolicy) {
        this.html = html;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    static MonitorPage load() {
        try (InputStream in = MonitorPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the daemon's jar");
            }
            byte[] html = in.readAllBytes();
            return new MonitorPage(html, policyFor(new String(html, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] html() {
        return html;
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /**
     * Whether a request for {@code /} comes from a browser: its Accept header names {@code
     * text/html} (RFC 9110 section 12.5.1), with a quality above 0. curl, wget, Python and scripts
     * written for distcc send {@code *}{@code /*} or no Accept at all, and keep getting distcc's page.
     */
    static boolean wantsHtml(List<String> acceptHeaders) {
        if (acceptHeaders == null) {
            return false;
        }
        for (String header : acceptHeaders) {
            for (String range : header.split(",", -1)) {
                String[] parts = range.split(";", -1);
                if (!parts[0].trim().toLowerCase(Locale.ROOT).equals("text/html")) {
                    continue;
                }
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
                    if (p.startsWith("q=")) {
                        try {
                            refused = Double.parseDouble(p.substring(2)) <= 0;
                        } catch (NumberFormatException e) {
                            refused = true;
                        }
                    }
                }
                if (!refused) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Scripts allowed by the SHA-256 of the page's one inline script (CSP level 2), styles inline. */
    private static String policyFor(String html) {
        int open = html.indexOf("<script>");
        int close = html.indexOf("</script>", open);
        if (open < 0 || close < 0 || html.indexOf("<script", close) >= 0) {
            throw new IllegalStateException(RESOURCE + " must hold exactly one inline <script>");
        }
        String script = html.substring(open + "<script>".length(), close);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "default-src 'none'; script-src 'sha256-"
                    + Base64.getEncoder().encodeToString(hash) + "'; "
                    + "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; "
                    + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
