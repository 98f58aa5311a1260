package org.jdistcc.common.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * An Ed25519 key pair in one file, as {@code distccd --host-key FILE} and the client's {@code
 * $DISTCC_DIR/client_key} keep it: the private key in PEM (PKCS #8, what {@code openssl pkey} reads)
 * followed by the public key in PEM. Created on first use with mode 600, atomically (written aside,
 * then linked into place, so two processes starting at once end up with the same key and nobody
 * reads half a file); like ssh, a file other users can read is refused.
 */
public final class KeyPairFile {
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";
    /** Far above a real file's ~250 bytes: a bound on what is read, for a wrong path given by mistake. */
    private static final long MAX_SIZE = 16 * 1024;

    private KeyPairFile() {}

    /**
     * The key pair in {@code file}, created first if there is none.
     *
     * @throws IOException with a message naming the file and what is wrong with it
     */
    public static KeyPair loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        return load(file);
    }

    /** The key pair in {@code file}, which must exist. */
    public static KeyPair load(Path file) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : mode) {
            if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                throw new IOException(file + " is open to other users (mode "
                        + PosixFilePermissions.toString(mode) + "): a private key must be mode 600 (chmod 600 "
                        + file + ")");
            }
        }
        if (Files.size(file) > MAX_SIZE) {
            throw new IOException(file + " is not a key file: larger than " + MAX_SIZE + " bytes");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            var factory = KeyFactory.getInstance("Ed25519");
            var pair = new KeyPair(
                    factory.generatePublic(new X509EncodedKeySpec(pem(text, PUBLIC, file))),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(pem(text, PRIVATE, file))));
            checkPair(pair, file);
            return pair;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + " is not an ed25519 key file: " + e.getMessage(), e);
        }
    }

    private static void create(Path file) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this JVM cannot make ed25519 keys: " + e.getMessage(), e);
        }
        String text = block(PRIVATE, pair.getPrivate().getEncoded())
                + block(PUBLIC, pair.getPublic().getEncoded());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path aside = Files.createTempFile(
                dir,
                ".key-",
                ".new",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(aside, text, StandardCharsets.US_ASCII);
            try (var channel = java.nio.channels.FileChannel.open(aside, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.createLink(file, aside);
            } catch (FileAlreadyExistsException e) {
                // Another process made it first: theirs is the key.
            }
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    /** A damaged or hand-edited file could pair one key with another's half: sign and verify once. */
    private static void checkPair(KeyPair pair, Path file) throws GeneralSecurityException, IOException {
        byte[] probe = "jdistcc key pair check".getBytes(StandardCharsets.US_ASCII);
        var signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(probe);
        byte[] signature = signer.sign();
        var verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(pair.getPublic());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new IOException(file + ": its public key is not its private key's");
        }
    }

    private static byte[] pem(String text, String label, Path file) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (to < 0) {
            throw new IOException(file + " is not a key file: no " + label + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }

    private static String block(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }
}
