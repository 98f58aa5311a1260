package org.jdistcc.client.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The version a jdistcc daemon publishes in {@code GET /status} on its stats port: one plain
 * HTTP/1.0 request, the reply bounded in size and time, and a string search for {@code
 * "version":"..."} (the page is ours; a JSON library would cost more than this whole tool).
 */
final class StatsPortVersion {
    private static final int MAX_REPLY = 64 * 1024;

    private StatsPortVersion() {}

    /** The version, or "" when the port is closed, denies us, or says nothing of one. */
    static String ask(InetAddress address, int port, long deadline) {
        int remaining = VolunteerProbe.remainingMillis(deadline);
        if (remaining <= 0) {
            return "";
        }
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), remaining);
            socket.setSoTimeout(Math.max(1, VolunteerProbe.remainingMillis(deadline)));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /status HTTP/1.0\r\nHost: " + address.getHostAddress() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String reply = new String(in.readNBytes(MAX_REPLY), StandardCharsets.UTF_8);
            return versionIn(reply);
        } catch (IOException e) {
            return "";
        }
    }

    static String versionIn(String reply) {
        if (!reply.startsWith("HTTP/1.") || !reply.substring(9).startsWith("200")) {
            return "";
        }
        String key = "\"version\":\"";
        int at = reply.indexOf(key);
        if (at < 0) {
            return "";
        }
        int start = at + key.length();
        int end = reply.indexOf('"', start);
        if (end < 0 || end - start > 64) {
            return "";
        }
        String version = reply.substring(start, end);
        for (int i = 0; i < version.length(); i++) {
            char ch = version.charAt(i);
            if (ch < ' ' || ch == '\\') {
                return "";
            }
        }
        return version;
    }
}
