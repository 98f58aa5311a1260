package org.jdistcc.daemon.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.jdistcc.common.digest.Sha256;

/**
 * The name of a cached result: a SHA-256 over labelled fields, each length-prefixed so no two lists
 * of fields can give the same bytes. {@code serving} decides what goes in (docs/cache.md): the
 * compiler's identity, the arguments that reach the output, the environment that matters, the
 * inputs' contents.
 */
public record ResultKey(byte[] digest) {
    public ResultKey {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a result key is 32 bytes");
        }
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultKey k && MessageDigest.isEqual(digest, k.digest);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return hex();
    }

    public static Builder builder(String kind) {
        return new Builder().text("format", "jdistcc-result 1").text("kind", kind);
    }

    /** Fields in order; {@link #build()} once. */
    public static final class Builder {
        private final MessageDigest sha = sha256();

        private Builder() {}

        public Builder text(String label, String value) {
            field(label, value.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Builder list(String label, List<String> values) {
            text(label, Integer.toString(values.size()));
            for (String value : values) {
                text(label, value);
            }
            return this;
        }

        /** The file's contents (by their digest, which {@link #fileDigest} gives). */
        public Builder file(String label, Path file) throws IOException {
            return text(label, fileDigest(file));
        }

        public ResultKey build() {
            return new ResultKey(sha.digest());
        }

        private void field(String label, byte[] value) {
            byte[] name = label.getBytes(StandardCharsets.UTF_8);
            sha.update(length(name.length));
            sha.update(name);
            sha.update(length(value.length));
            sha.update(value);
        }

        private static byte[] length(long n) {
            return java.nio.ByteBuffer.allocate(8).putLong(n).array();
        }
    }

    /** The SHA-256 of {@code content} in hex. */
    public static String digest(byte[] content) {
        return Sha256.hex(content);
    }

    /** A file's SHA-256 in hex, read in blocks. */
    public static String fileDigest(Path file) throws IOException {
        return Sha256.hex(file);
    }

    static MessageDigest sha256() {
        return Sha256.newDigest();
    }
}
