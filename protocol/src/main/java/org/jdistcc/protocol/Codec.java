package org.jdistcc.protocol;

import io.airlift.compress.v3.MalformedInputException;
import io.airlift.compress.v3.lz4.Lz4JavaCompressor;
import io.airlift.compress.v3.lz4.Lz4JavaDecompressor;
import io.airlift.compress.v3.lzo.LzoCompressor;
import io.airlift.compress.v3.lzo.LzoDecompressor;
import java.util.Arrays;

/**
 * Compresses and decompresses bulk payloads. Pure Java (no JNI: it costs the client ~55 ms of
 * start-up per compile).
 */
final class Codec {
    /**
     * LZO1X cannot expand one input byte into more than a few hundred output bytes; this bounds
     * what a hostile peer can make us allocate for a small body.
     */
    private static final int MAX_EXPANSION = 300;

    private Codec() {}

    static byte[] compress(Compression compression, byte[] in, int off, int len) {
        long started = System.nanoTime();
        byte[] out = compressNow(compression, in, off, len);
        if (compression != Compression.NONE) {
            CompressionMeter.record(compression, len, out.length, System.nanoTime() - started);
        }
        return out;
    }

    private static byte[] compressNow(Compression compression, byte[] in, int off, int len) {
        return switch (compression) {
            case NONE -> Arrays.copyOfRange(in, off, off + len);
            case LZO -> {
                if (len == 0) {
                    yield new byte[0];
                }
                var c = new LzoCompressor();
                byte[] out = new byte[c.maxCompressedLength(len)];
                int n = c.compress(in, off, len, out, 0, out.length);
                yield Arrays.copyOf(out, n);
            }
            case LZ4 -> {
                // LZ4 blocks do not record their size: we put it first, 4 bytes big-endian.
                if (len == 0) {
                    yield new byte[0];
                }
                var c = new Lz4JavaCompressor();
                byte[] out = new byte[4 + c.maxCompressedLength(len)];
                putInt(out, len);
                int n = c.compress(in, off, len, out, 4, out.length - 4);
                yield Arrays.copyOf(out, 4 + n);
            }
        };
    }

    static byte[] decompress(Compression compression, byte[] in, long maxSize) throws ProtocolException {
        if (in.length == 0) {
            return in;
        }
        try {
            return switch (compression) {
                case NONE -> in;
                case LZO -> decompressLzo(in, maxSize);
                case LZ4 -> decompressLz4(in, maxSize);
            };
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new ProtocolException(
                    ProtocolException.Kind.BAD_COMPRESSION, compression + " payload does not decompress: " + e);
        }
    }

    private static byte[] decompressLzo(byte[] in, long maxSize) throws ProtocolException {
        // The stream does not say how big its output is: distcc starts at 8x and doubles.
        long ceiling = Math.min(maxSize, (long) in.length * MAX_EXPANSION + 4096);
        ceiling = Math.min(ceiling, Integer.MAX_VALUE - 16);
        long size = Math.min(ceiling, Math.max(4096L, (long) in.length * 8));
        var d = new LzoDecompressor();
        while (true) {
            byte[] out = new byte[(int) size];
            try {
                int n = d.decompress(in, 0, in.length, out, 0, out.length);
                return n == out.length ? out : Arrays.copyOf(out, n);
            } catch (MalformedInputException e) {
                if (size >= ceiling && ceiling == maxSize) {
                    // The stream does not say its size: over the bound and corrupt look the same.
                    throw new ProtocolException(
                            ProtocolException.Kind.TOO_LARGE,
                            "LZO payload does not decompress within the " + maxSize + " bytes allowed");
                }
                if (size >= ceiling) {
                    throw e;
                }
                size = Math.min(ceiling, size * 2);
            }
        }
    }

    private static byte[] decompressLz4(byte[] in, long maxSize) throws ProtocolException {
        if (in.length < 4) {
            throw new ProtocolException(ProtocolException.Kind.BAD_COMPRESSION, "LZ4 payload shorter than its header");
        }
        long size = getInt(in) & 0xffffffffL;
        if (size > maxSize || size > (long) (in.length - 4) * 256 + 64) {
            throw new ProtocolException(ProtocolException.Kind.TOO_LARGE, "LZ4 payload claims " + size + " bytes");
        }
        byte[] out = new byte[(int) size];
        int n = new Lz4JavaDecompressor().decompress(in, 4, in.length - 4, out, 0, out.length);
        if (n != size) {
            throw new ProtocolException(
                    ProtocolException.Kind.BAD_COMPRESSION, "LZ4 payload gave " + n + " bytes, header said " + size);
        }
        return out;
    }

    private static void putInt(byte[] b, int v) {
        b[0] = (byte) (v >>> 24);
        b[1] = (byte) (v >>> 16);
        b[2] = (byte) (v >>> 8);
        b[3] = (byte) v;
    }

    private static int getInt(byte[] b) {
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }
}
