package org.jdistcc.client.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.jdistcc.common.tls.KeyLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedKeysTest {
    @TempDir
    Path dir;

    private static PublicKey newKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    }

    private static String text(PublicKey key) {
        return KeyLine.of(key, "").keyText();
    }

    @Test
    void aHostIsTrustedWithItsPinnedKeyOnlyAndALineWithoutPortIsForPort3632() throws Exception {
        PublicKey build1 = newKey();
        PublicKey other = newKey();
        PublicKey v6 = newKey();
        Path file = Files.writeString(
                dir.resolve("known_volunteers"),
                "# the farm\n\nbuild1 " + text(build1) + " rack 1\nbuild1:4000 " + text(other) + "\n[::1]:3700 "
                        + text(v6) + "\n");
        var pins = new PinnedKeys(file, false);
        assertNull(pins.refusal(build1, "build1", 3632));
        assertNull(pins.refusal(other, "build1", 4000));
        assertNull(pins.refusal(v6, "::1", 3700));
        String wrong = pins.refusal(other, "build1", 3632);
        assertTrue(
                wrong.startsWith("build1:3632 showed key " + text(other) + ", not the one pinned in " + file), wrong);
        assertTrue(pins.refusal(build1, "build1", 5000).startsWith("build1:5000 has no key pinned in " + file));
    }

    @Test
    void withoutTrustOnFirstUseAnUnknownHostIsRefusedWithTheWayToPinIt() throws Exception {
        Path file = dir.resolve("known_volunteers");
        String why = new PinnedKeys(file, false).refusal(newKey(), "build9", 3632);
        assertTrue(why.contains("--show-key") && why.contains("JDISTCC_TLS_TOFU=1"), why);
        assertTrue(Files.notExists(file));
    }

    @Test
    void trustOnFirstUsePinsWhatTheHostShowsFirstAndHoldsItToThat() throws Exception {
        Path file = dir.resolve("sub/known_volunteers");
        PublicKey first = newKey();
        var pins = new PinnedKeys(file, true);
        assertNull(pins.refusal(first, "build9", 3700));
        assertTrue(Files.readString(file).startsWith("build9:3700 " + text(first) + " pinned-on-first-use-"));
        assertNull(pins.refusal(first, "build9", 3700));
        assertTrue(pins.refusal(newKey(), "build9", 3700).contains("not the one pinned"));
        assertEquals(1, Files.readAllLines(file).size());
    }

    @Test
    void aDamagedLineIsARefusalNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("known_volunteers"), "build1 ed25519 AAAA\n");
        String why = new PinnedKeys(file, true).refusal(newKey(), "build1", 3632);
        assertTrue(why.startsWith("cannot read " + file), why);
    }
}
