package org.jdistcc.common.toolchain;

import java.util.Objects;

/**
 * A compiler as far as its output is concerned: two compilers with the same identity make the same
 * object from the same input and arguments. distcc 3.4 never checks (its FAQ: "gcc programs which
 * report the same version number can have different behaviours"), so a version alone is not enough:
 * the digest covers the driver's bytes, the bytes of the programs it runs, and the configuration it
 * reports ({@link IdentityProbe}).
 *
 * @param digest lower-case hex SHA-256 of everything identified
 * @param version the driver's real name and what {@code -dumpversion} printed ({@code
 *     x86_64-linux-gnu-gcc-12 12}, {@code clang 14.0.6}), for people
 * @param machine what {@code -dumpmachine} printed (the target), for people
 */
public record CompilerIdentity(String digest, String version, String machine) {
    /** The length of {@link #digest()}: 64 hex digits. */
    public static final int DIGEST_LENGTH = 64;

    public CompilerIdentity {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(machine, "machine");
        if (!isDigest(digest)) {
            throw new IllegalArgumentException("not an identity digest: " + digest);
        }
    }

    /** Whether {@code text} has the form of a {@link #digest()}. */
    public static boolean isDigest(String text) {
        if (text == null || text.length() != DIGEST_LENGTH) {
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

    /** The first 12 digits, enough for a person to tell two identities apart. */
    public String shortDigest() {
        return digest.substring(0, 12);
    }

    /** {@code clang 14.0.6 x86_64-pc-linux-gnu 1a2b3c4d5e6f}: what messages show. */
    public String describe() {
        return version + " " + machine + " " + shortDigest();
    }
}
