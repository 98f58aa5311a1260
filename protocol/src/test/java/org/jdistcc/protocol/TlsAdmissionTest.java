package org.jdistcc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TlsAdmissionTest {
    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aTokenGoesAsTOKNWithItsLength() throws Exception {
        var out = new ByteArrayOutputStream();
        TlsAdmission.writeToken(out, "secret-token".getBytes(StandardCharsets.US_ASCII));
        assertEquals("TOKN0000000csecret-token", out.toString(StandardCharsets.US_ASCII));
        assertArrayEquals(
                "secret-token".getBytes(StandardCharsets.US_ASCII),
                TlsAdmission.readToken(new ByteArrayInputStream(out.toByteArray())));
    }

    @Test
    void noTokenIsAnEmptyOne() throws Exception {
        assertArrayEquals(new byte[0], TlsAdmission.readToken(bytes("TOKN00000000")));
    }

    @Test
    void admittedIsADMTZeroAndARefusalCarriesItsReason() throws Exception {
        var out = new ByteArrayOutputStream();
        TlsAdmission.writeAnswer(out, null);
        assertEquals("ADMT00000000", out.toString(StandardCharsets.US_ASCII));
        assertNull(TlsAdmission.readAnswer(new ByteArrayInputStream(out.toByteArray())));

        out.reset();
        TlsAdmission.writeAnswer(out, "key not authorized");
        assertEquals("ADMT00000071SERR00000012key not authorized", out.toString(StandardCharsets.US_ASCII));
        assertEquals("key not authorized", TlsAdmission.readAnswer(new ByteArrayInputStream(out.toByteArray())));
    }

    @Test
    void aTokenPastTheBoundIsRefusedUnread() {
        var e = assertThrows(ProtocolException.class, () -> TlsAdmission.readToken(bytes("TOKN00000401")));
        assertEquals(ProtocolException.Kind.TOO_LARGE, e.kind());
        e = assertThrows(ProtocolException.class, () -> TlsAdmission.readToken(bytes("TOKNffffffff")));
        assertEquals(ProtocolException.Kind.TOO_LARGE, e.kind());
    }

    @Test
    void aRequestWhereTheTokenShouldBeIsNotOne() {
        var e = assertThrows(ProtocolException.class, () -> TlsAdmission.readToken(bytes("DIST00000001")));
        assertEquals(ProtocolException.Kind.UNEXPECTED_TOKEN, e.kind());
        e = assertThrows(ProtocolException.class, () -> TlsAdmission.readToken(bytes("TOKN0000")));
        assertEquals(ProtocolException.Kind.TRUNCATED, e.kind());
        e = assertThrows(ProtocolException.class, () -> TlsAdmission.readToken(bytes("TOKN00000005abc")));
        assertEquals(ProtocolException.Kind.TRUNCATED, e.kind());
    }
}
