package org.jdistcc.protocol;

import java.nio.charset.StandardCharsets;

/**
 * What {@link MessageReader} checks in an element's 12-byte header (four token letters, eight hex
 * digits) and how it names what it got wrong, without reading anything itself.
 */
final class ElementHeader {
    private ElementHeader() {}

    static boolean isHexDigest(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(byte[] header, Token token) {
        for (int i = 0; i < 4; i++) {
            if (header[i] != token.name().charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static int parseNumber(Token expected, byte[] header) throws ProtocolException {
        for (int i = 0; i < 4; i++) {
            if (header[i] != expected.name().charAt(i)) {
                throw new ProtocolException(
                        isTokenName(header)
                                ? ProtocolException.Kind.UNEXPECTED_TOKEN
                                : ProtocolException.Kind.MALFORMED,
                        "expected " + expected + ", got '" + printable(header, 0, 4) + "'");
            }
        }
        int value = 0;
        for (int i = 4; i < 12; i++) {
            int digit = Character.digit(header[i], 16);
            if (digit < 0) {
                // distcc 3.4 parses with strtoul(,16) and accepts upper case; so do we, nothing else.
                throw new ProtocolException(
                        ProtocolException.Kind.MALFORMED,
                        "bad number after " + expected + ": '" + printable(header, 4, 12) + "'");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    static boolean isTokenName(byte[] header) {
        String name = new String(header, 0, 4, StandardCharsets.US_ASCII);
        for (Token t : Token.values()) {
            if (t.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    static String printable(byte[] b, int from, int to) {
        var sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }

    static long unsigned(int value) {
        return Integer.toUnsignedLong(value);
    }

    /** A header's body length, refused when over {@code limits} (or too long for one array). */
    static long checkedLength(Token token, int wireLength, Limits limits) throws ProtocolException {
        long length = unsigned(wireLength);
        if (length > limits.maxBodySize() || length > Integer.MAX_VALUE - 16) {
            throw new ProtocolException(ProtocolException.Kind.TOO_LARGE, token + " body of " + length + " bytes");
        }
        return length;
    }
}
