package org.jdistcc.common.digest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256, in bytes or lower-case hex. Whole arrays go to OpenSSL's {@code SHA256()} through the
 * foreign-function API where the JVM allows native access and {@code libcrypto.so.3} is there: the
 * client agent and the daemon run C1 only, which has no SHA intrinsic, so the JDK's digest manages
 * ~140 MB/s where libcrypto does ~1.4 GB/s on the same core; hashing the headers of a freshly
 * checked-out tree was a tenth of the agent's CPU in a pump build. Anywhere else, the JDK's.
 */
// Native calls are the point here, made only where native access is enabled (see load()).
@SuppressWarnings("restricted")
public final class Sha256 {
    public static final int BYTES = 32;
    private static final MethodHandle NATIVE = load();

    private Sha256() {}

    /** Whether digests of whole arrays are made by libcrypto. */
    public static boolean isNative() {
        return NATIVE != null;
    }

    public static byte[] of(byte[] content) {
        return of(content, 0, content.length);
    }

    public static byte[] of(byte[] content, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, content.length);
        if (NATIVE != null) {
            byte[] digest = new byte[BYTES];
            try {
                // critical(true): the arrays are passed in place, without copying them off the heap.
                var unused = (MemorySegment) NATIVE.invokeExact(
                        MemorySegment.ofArray(content).asSlice(offset, length),
                        (long) length,
                        MemorySegment.ofArray(digest));
                return digest;
            } catch (Throwable e) {
                // fall through to the JDK's
            }
        }
        MessageDigest digest = newDigest();
        digest.update(content, offset, length);
        return digest.digest();
    }

    public static String hex(byte[] content) {
        return HexFormat.of().formatHex(of(content));
    }

    /** A file's digest, read in blocks (compilers are tens of megabytes). */
    public static String hex(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The JDK's, for content that arrives in pieces. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** libcrypto's SHA256(), checked against the JDK's on a known input; null when it cannot serve. */
    private static MethodHandle load() {
        try {
            if (!Sha256.class.getModule().isNativeAccessEnabled()) {
                return null;
            }
            MemorySegment symbol = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global())
                    .find("SHA256")
                    .orElse(null);
            if (symbol == null) {
                return null;
            }
            MethodHandle sha = Linker.nativeLinker()
                    .downcallHandle(
                            symbol,
                            FunctionDescriptor.of(
                                    ValueLayout.ADDRESS,
                                    ValueLayout.ADDRESS,
                                    ValueLayout.JAVA_LONG,
                                    ValueLayout.ADDRESS),
                            Linker.Option.critical(true));
            byte[] probe = "jdistcc".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] got = new byte[BYTES];
            var unused = (MemorySegment)
                    sha.invokeExact(MemorySegment.ofArray(probe), (long) probe.length, MemorySegment.ofArray(got));
            return Arrays.equals(got, newDigest().digest(probe)) ? sha : null;
        } catch (Throwable e) {
            return null; // no libcrypto.so.3, another libc, no native access
        }
    }
}
