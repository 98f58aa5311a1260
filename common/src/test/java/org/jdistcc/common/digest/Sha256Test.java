package org.jdistcc.common.digest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libcrypto's digests agree with the JDK's, for every size around its block boundaries and for
 * slices. The tests run with native access (the surefire configuration), as the agent and the
 * daemon do; on a machine without libcrypto.so.3 they check the JDK against itself.
 */
class Sha256Test {
    @Test
    void knownDigests() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
        assertEquals(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void agreesWithTheJdkAtEverySizeAroundItsBlocks() {
        byte[] data = new byte[70_000];
        new Random(42).nextBytes(data);
        for (int length : new int[] {1, 55, 56, 63, 64, 65, 119, 120, 128, 4095, 4096, 65_537, 70_000}) {
            var jdk = Sha256.newDigest();
            jdk.update(data, 0, length);
            assertArrayEquals(jdk.digest(), Sha256.of(data, 0, length), "length " + length);
        }
        var jdk = Sha256.newDigest();
        jdk.update(data, 1_000, 5_000);
        assertArrayEquals(jdk.digest(), Sha256.of(data, 1_000, 5_000), "a slice");
    }

    @Test
    void aSliceOutsideTheArrayIsRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> Sha256.of(new byte[10], 5, 6));
    }

    @Test
    void aFileHashesAsItsBytes(@TempDir Path dir) throws Exception {
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("cc1"), data);
        assertEquals(Sha256.hex(data), Sha256.hex(file));
    }

    @Test
    void libcryptoServesWhereTheMachineHasIt() {
        boolean libcrypto = Files.exists(Path.of("/lib/x86_64-linux-gnu/libcrypto.so.3"))
                || Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"));
        if (libcrypto && Sha256.class.getModule().isNativeAccessEnabled()) {
            assertTrue(Sha256.isNative(), "libcrypto.so.3 is here, but the JDK's digest is used");
        }
    }
}
