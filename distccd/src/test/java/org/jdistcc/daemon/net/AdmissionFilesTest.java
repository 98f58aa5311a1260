package org.jdistcc.daemon.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.jdistcc.common.tls.KeyLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --authorized-keys} and {@code --token-file} as the daemon reads them. */
class AdmissionFilesTest {
    @TempDir
    Path dir;

    private static PublicKey newKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    }

    @Test
    void authorizedKeysAreTheKeyLinesCommentsAndBlanksSkipped() throws Exception {
        PublicKey a = newKey();
        PublicKey b = newKey();
        Path file = Files.writeString(
                dir.resolve("authorized_keys"),
                "# build machines\n\n  " + KeyLine.of(a, "me@laptop") + "\n" + KeyLine.of(b, "") + "\n");
        AuthorizedKeys keys = AuthorizedKeys.read(file);
        assertEquals(2, keys.size());
        assertEquals("me@laptop", keys.find(a).comment());
        assertNotNull(keys.find(b));
        assertNull(keys.find(newKey()));
    }

    @Test
    void aLineThatIsNotAKeyStopsTheDaemonWithItsLineNumber() throws Exception {
        Path file = Files.writeString(dir.resolve("authorized_keys"), "# ok\nssh-rsa AAAAB3Nza me@old\n");
        IOException e = assertThrows(IOException.class, () -> AuthorizedKeys.read(file));
        assertTrue(e.getMessage().startsWith(file + ":2: "), e.getMessage());
    }

    @Test
    void aTokenFileAcceptsEachOfItsTokensAndNothingElse() throws Exception {
        Path file = Files.writeString(
                dir.resolve("tokens"), "# rotated monthly\nold-token-0123456789\nnew-token-0123456789\n");
        TokenFile tokens = TokenFile.read(file);
        assertTrue(tokens.accepts(bytes("old-token-0123456789")));
        assertTrue(tokens.accepts(bytes("new-token-0123456789\n")));
        assertFalse(tokens.accepts(bytes("new-token-012345678")));
        assertFalse(tokens.accepts(bytes("")));
        assertFalse(tokens.accepts(bytes("# rotated monthly")));
    }

    @Test
    void aShortTokenOrAnEmptyFileIsRefused() throws Exception {
        Path shortOne = Files.writeString(dir.resolve("short"), "secret\n");
        assertTrue(assertThrows(IOException.class, () -> TokenFile.read(shortOne))
                .getMessage()
                .contains(":1: a token must be 16 to 1024 characters"));
        Path empty = Files.writeString(dir.resolve("empty"), "# nothing yet\n");
        assertTrue(assertThrows(IOException.class, () -> TokenFile.read(empty))
                .getMessage()
                .endsWith("no token in it"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
