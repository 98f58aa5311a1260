package org.jdistcc.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyLineTest {
    static PublicKey newKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    }

    @Test
    void aKeyRoundTripsThroughItsLineWithItsComment() throws Exception {
        PublicKey key = newKey();
        String text = KeyLine.of(key, "builder@ci-7").toString();
        assertTrue(text.matches("ed25519 [A-Za-z0-9+/]{43}= builder@ci-7"), text);
        KeyLine parsed = KeyLine.parse("  " + text + "  ");
        assertEquals("builder@ci-7", parsed.comment());
        assertTrue(parsed.matches(key));
        assertEquals(key, parsed.publicKey());
        assertFalse(parsed.matches(newKey()));
    }

    @Test
    void aCommentMayHaveSpacesAndIsNotPartOfTheKey() throws Exception {
        PublicKey key = newKey();
        KeyLine a = KeyLine.parse(KeyLine.of(key, "").keyText() + " the build farm, rack 2");
        assertEquals("the build farm, rack 2", a.comment());
        assertTrue(a.sameKey(KeyLine.of(key, "other")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ed25519",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDvlS6",
                "ed25519 not*base64",
                "ed25519 AAAA",
                "rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ"
            })
    void refusesWhatIsNotAnEd25519Line(String line) {
        assertThrows(IllegalArgumentException.class, () -> KeyLine.parse(line));
    }

    @Test
    void anotherKindOfKeyIsNotAnEd25519Key() throws Exception {
        PublicKey ec = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        assertThrows(IllegalArgumentException.class, () -> KeyLine.of(ec, ""));
        assertFalse(KeyLine.of(newKey(), "").matches(ec));
    }
}
