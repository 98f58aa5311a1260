package org.jdistcc.common.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPairFileTest {
    @TempDir
    Path dir;

    @Test
    void aKeyIsMadeOnFirstUseWithMode600AndTheSameKeyIsReadAfter() throws Exception {
        Path file = dir.resolve("sub/dir/key");
        KeyPair made = KeyPairFile.loadOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        KeyPair read = KeyPairFile.loadOrCreate(file);
        assertArrayEquals(made.getPublic().getEncoded(), read.getPublic().getEncoded());
        assertArrayEquals(made.getPrivate().getEncoded(), read.getPrivate().getEncoded());
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        try (var left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "nothing left aside");
        }
    }

    @Test
    void processesStartingAtOnceEndUpWithOneKey() throws Exception {
        Path file = dir.resolve("key");
        List<Future<KeyPair>> pairs = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                pairs.add(pool.submit((Callable<KeyPair>) () -> KeyPairFile.loadOrCreate(file)));
            }
        }
        for (Future<KeyPair> pair : pairs) {
            assertArrayEquals(
                    pairs.getFirst().get().getPublic().getEncoded(),
                    pair.get().getPublic().getEncoded());
        }
    }

    @Test
    void aKeyOtherUsersCanReadIsRefused() throws Exception {
        Path file = dir.resolve("key");
        KeyPairFile.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, () -> KeyPairFile.load(file));
        assertTrue(e.getMessage().contains("chmod 600 " + file), e.getMessage());
    }

    @Test
    void aFileThatIsNotAKeyPairIsRefusedWithItsName() throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "not a key\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(IOException.class, () -> KeyPairFile.load(file));
        assertTrue(e.getMessage().startsWith(file + " is not a key file"), e.getMessage());
    }

    @Test
    void aPublicKeyThatIsNotThePrivateKeysIsRefused() throws Exception {
        String one = Files.readString(write("one"));
        String two = Files.readString(write("two"));
        String mixed = one.substring(0, one.indexOf("-----BEGIN PUBLIC KEY-----"))
                + two.substring(two.indexOf("-----BEGIN PUBLIC KEY-----"));
        Path file = dir.resolve("mixed");
        Files.writeString(file, mixed);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(IOException.class, () -> KeyPairFile.load(file));
        assertTrue(e.getMessage().contains("its public key is not its private key's"), e.getMessage());
    }

    private Path write(String name) throws IOException {
        Path file = dir.resolve(name);
        KeyPairFile.loadOrCreate(file);
        return file;
    }
}
