package org.jdistcc.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The first exchange inside a TLS connection, before any request: the client sends its access token
 * ({@code TOKN}, empty when it has none), the volunteer answers whether it is admitted ({@code ADMT 0}),
 * or why not ({@code ADMT} with distcc's access-denied status, then {@code SERR} with the reason). So
 * a refused client learns why before it sends a request, and the volunteer reads nothing but a bounded
 * token from a client it has not admitted. See docs/protocol.md.
 */
public final class TlsAdmission {
    /** Longest token a volunteer reads. */
    public static final int MAX_TOKEN = 1024;
    /** Longest reason a client reads. */
    static final int MAX_REASON = 4096;
    /** {@code ADMT}'s value for a refusal: distcc's EXIT_ACCESS_DENIED. */
    static final int REFUSED = org.jdistcc.common.ExitCode.ACCESS_DENIED.code();

    private TlsAdmission() {}

    public static void writeToken(OutputStream out, byte[] token) throws IOException {
        MessageWriter.writeHeader(out, Token.TOKN, token.length);
        out.write(token);
    }

    /** The client's token (empty for none). */
    public static byte[] readToken(InputStream in) throws IOException {
        int length = number(in, Token.TOKN);
        if (length < 0 || length > MAX_TOKEN) {
            throw new ProtocolException(
                    ProtocolException.Kind.TOO_LARGE, "a token of " + Integer.toUnsignedString(length) + " bytes");
        }
        byte[] token = in.readNBytes(length);
        return token.length == length ? token : truncated();
    }

    /** @param refusal why the client is refused, or null when it is admitted */
    public static void writeAnswer(OutputStream out, String refusal) throws IOException {
        if (refusal == null) {
            MessageWriter.writeHeader(out, Token.ADMT, 0);
        } else {
            MessageWriter.writeHeader(out, Token.ADMT, REFUSED);
            MessageWriter.writeString(out, Token.SERR, refusal);
        }
    }

    /** Null when admitted, else the volunteer's reason. */
    public static String readAnswer(InputStream in) throws IOException {
        if (number(in, Token.ADMT) == 0) {
            return null;
        }
        int length = number(in, Token.SERR);
        if (length < 0 || length > MAX_REASON) {
            throw new ProtocolException(ProtocolException.Kind.TOO_LARGE, "a refusal of " + length + " bytes");
        }
        byte[] reason = in.readNBytes(length);
        if (reason.length != length) {
            truncated();
        }
        return new String(reason, StandardCharsets.UTF_8);
    }

    private static int number(InputStream in, Token expected) throws IOException {
        byte[] header = in.readNBytes(12);
        if (header.length != 12) {
            truncated();
        }
        if (!new String(header, 0, 4, StandardCharsets.US_ASCII).equals(expected.name())) {
            throw new ProtocolException(
                    ProtocolException.Kind.UNEXPECTED_TOKEN,
                    "expected " + expected + ", got '" + printable(header) + "'");
        }
        int value = 0;
        for (int i = 4; i < 12; i++) {
            int digit = Character.digit(header[i], 16);
            if (digit < 0) {
                throw new ProtocolException(ProtocolException.Kind.MALFORMED, "bad number after " + expected);
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static String printable(byte[] header) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
            out.write(header[i] >= 0x20 && header[i] < 0x7f ? header[i] : '?');
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] truncated() throws ProtocolException {
        throw new ProtocolException(ProtocolException.Kind.TRUNCATED, "the connection ended in the admission");
    }
}
