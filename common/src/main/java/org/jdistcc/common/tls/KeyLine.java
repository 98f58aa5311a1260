package org.jdistcc.common.tls;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A public key as one line, the way {@code ~/.ssh/authorized_keys} has them: {@code ed25519 BASE64
 * [comment]}, BASE64 being the key's 32 bytes (RFC 8032). What {@code --show-key} prints and what
 * {@code --authorized-keys} and {@code known_volunteers} hold.
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equality by content
public record KeyLine(byte[] key, String comment) {
    static final String TYPE = "ed25519";
    /** The DER of an Ed25519 SubjectPublicKeyInfo up to the key's 32 bytes (RFC 8410 section 4). */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private static final int KEY_BYTES = 32;

    public KeyLine {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an ed25519 key is " + KEY_BYTES + " bytes, not " + key.length);
        }
        key = key.clone();
        comment = comment == null ? "" : comment.strip();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The line for {@code key}, which must be an Ed25519 key as the JDK encodes it. */
    public static KeyLine of(PublicKey key, String comment) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != SPKI_PREFIX.length + KEY_BYTES
                || !Arrays.equals(encoded, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an ed25519 key: " + key.getAlgorithm());
        }
        return new KeyLine(Arrays.copyOfRange(encoded, SPKI_PREFIX.length, encoded.length), comment);
    }

    /**
     * Reads a line: {@code ed25519 BASE64}, then an optional comment.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static KeyLine parse(String line) {
        String[] words = line.strip().split("\\s+", 3);
        if (words.length < 2 || !words[0].equals(TYPE)) {
            throw new IllegalArgumentException("expected 'ed25519 BASE64 [comment]'");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(words[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not base64: " + e.getMessage(), e);
        }
        return new KeyLine(key, words.length > 2 ? words[2] : "");
    }

    /** Whether {@code other} is this key; in constant time, as keys are compared with secrets' care. */
    public boolean matches(PublicKey other) {
        try {
            return MessageDigest.isEqual(key, of(other, "").key);
        } catch (IllegalArgumentException e) {
            return false; // another kind of key
        }
    }

    public boolean sameKey(KeyLine other) {
        return MessageDigest.isEqual(key, other.key);
    }

    public PublicKey publicKey() throws GeneralSecurityException {
        byte[] encoded = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_BYTES);
        System.arraycopy(key, 0, encoded, SPKI_PREFIX.length, KEY_BYTES);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    }

    /** {@code ed25519 BASE64}, without the comment: what two lines for one key share. */
    public String keyText() {
        return TYPE + " " + Base64.getEncoder().encodeToString(key);
    }

    @Override
    public String toString() {
        return comment.isEmpty() ? keyText() : keyText() + " " + comment;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyLine l && Arrays.equals(l.key, key) && l.comment.equals(comment);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + comment.hashCode();
    }
}
