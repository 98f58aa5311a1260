package org.jdistcc.protocol;

/**
 * The number a client sends with {@code DIST} and the server echoes with {@code DONE}.
 *
 * <p>distcc 3.4 knows 1 (plain), 2 (LZO) and 3 (LZO + pump). jdistcc's own dialects carry the
 * magic {@code 0x6a640000} ("jd") in the upper half and feature bits in the lower half; distcc
 * 3.4's daemon closes the connection on any number above 3, so a jdistcc dialect is only ever
 * sent to a host known to be jdistcc: marked {@code ,lz4}, or answering a {@link #HELLO}, see
 * docs/protocol.md.
 */
public record ProtocolVersion(int wire) {
    public static final ProtocolVersion PLAIN = new ProtocolVersion(1);
    public static final ProtocolVersion LZO = new ProtocolVersion(2);
    public static final ProtocolVersion PUMP = new ProtocolVersion(3);

    static final int JDISTCC_MAGIC = 0x6a640000;
    static final int MAGIC_MASK = 0xffff0000;
    /** Feature bit: payloads are LZ4 blocks. */
    public static final int FEATURE_LZ4 = 0x1;
    /** Feature bit: the reply may carry extra output files (XFIL/XNAM/FILE). */
    public static final int FEATURE_SIDE_FILES = 0x2;
    /**
     * Feature bit: source mode. The request carries the client's working directory ({@code CDIR}), the
     * original command and the compiler's environment ({@code NENV}/{@code ENVV}), and its inputs
     * instead of preprocessed text, as {@link #FEATURE_FILE_CACHE} says; only with that bit.
     */
    public static final int FEATURE_SOURCES = 0x4;

    /**
     * Feature bit: a hello, not a job. The request is {@code DIST} alone; a jdistcc daemon answers
     * {@code DONE} with every feature it serves and {@code HELO} with facts about itself ({@link Hello}),
     * then closes. distcc 3.4's daemon closes on any {@code DIST} above 3: silence means distcc.
     */
    public static final int FEATURE_HELLO = 0x8;

    /**
     * Feature bit: inputs by digest. A source-mode request names every input in a {@link Manifest}
     * ({@code MANI}); the volunteer answers with the ones whose content it lacks ({@link Need}, {@code
     * NEED}), and only those travel ({@code FILE} each). The reply carries the dependency file the
     * compile wrote ({@code DOTD}, after {@code DOTO}).
     */
    public static final int FEATURE_FILE_CACHE = 0x10;

    /**
     * Feature bit: the request names the client's compiler ({@code CIDN} after the {@code ARGV}s: its
     * identity digest, or empty for "do not check"), and the reply says how it was made ({@code XRES}
     * right after {@code DONE}: {@link Reply#flags()}). A volunteer whose compiler of that name is
     * another one refuses with {@link Reply#OTHER_COMPILER}.
     */
    public static final int FEATURE_IDENTITY = 0x20;

    /**
     * Feature bit: the preprocessed source travels in chunks as the client's preprocessor writes it,
     * not as one {@code DOTI} whose length must be known first: {@code DOTI} elements of at most
     * {@link MessageReader#MAX_CHUNK} bytes on the wire, each compressed on its own, ended by an
     * empty {@code DOTI}. A client that stops in the middle (its preprocessor failed) closes the
     * connection; the volunteer then kills its compiler and replies nothing.
     */
    public static final int FEATURE_SOURCE_CHUNKS = 0x80;

    /**
     * Feature bit, alone like {@link #FEATURE_HELLO}: the waiting room. The request is {@code DIST}
     * alone; the daemon answers as to a hello, with the fact {@code invited=yes} once a compile slot
     * is free and kept for this client (then the job's own request follows on the same connection),
     * or {@code invited=no} when its room is full. A daemon that has a room says so by the hello fact
     * {@code room}, not by this bit in its {@code DONE}: clients of earlier versions refuse a hello
     * with a bit they do not know.
     */
    public static final int FEATURE_WAIT = 0x40;

    static final int KNOWN_FEATURES = FEATURE_LZ4
            | FEATURE_SIDE_FILES
            | FEATURE_SOURCES
            | FEATURE_HELLO
            | FEATURE_FILE_CACHE
            | FEATURE_IDENTITY
            | FEATURE_SOURCE_CHUNKS
            | FEATURE_WAIT;

    /** What a jdistcc client sends to learn whether a volunteer is jdistcc, and what it serves. */
    public static final ProtocolVersion HELLO = jdistcc(FEATURE_HELLO);

    /** What a jdistcc client sends to wait for a compile slot ({@link #FEATURE_WAIT}). */
    public static final ProtocolVersion WAIT = jdistcc(FEATURE_WAIT);

    /** Every dialect feature this build serves and speaks, as a hello's {@code DONE} says them. */
    public static final ProtocolVersion ALL_FEATURES = jdistcc(KNOWN_FEATURES & ~FEATURE_WAIT);

    public static ProtocolVersion jdistcc(int features) {
        return new ProtocolVersion(JDISTCC_MAGIC | features);
    }

    /**
     * The version of a request's DIST number, or null if we do not speak it: {@link #fromWire}, less a
     * hello or a wait that comes with a job's features (neither does, from a client of ours).
     */
    static ProtocolVersion ofRequest(int wire) {
        ProtocolVersion version = fromWire(wire);
        if (version != null && (version.isHello() || version.isWait())) {
            int alone = version.isHello() ? FEATURE_HELLO : FEATURE_WAIT;
            return version.features() == alone ? version : null;
        }
        return version;
    }

    /**
     * The version a server should serve for a received DIST number, or null if unknown. distcc
     * 3.4 treats 0 as 1 (observed), so we do too.
     */
    public static ProtocolVersion fromWire(int wire) {
        if (wire == 0 || wire == 1) {
            return PLAIN;
        }
        if (wire == 2 || wire == 3) {
            return new ProtocolVersion(wire);
        }
        if ((wire & MAGIC_MASK) == JDISTCC_MAGIC && (wire & ~MAGIC_MASK & ~KNOWN_FEATURES) == 0) {
            // Source mode's requests are by digest only: its earlier form (every file's content) is gone.
            boolean sources = (wire & FEATURE_SOURCES) != 0;
            return sources == ((wire & FEATURE_FILE_CACHE) != 0) ? new ProtocolVersion(wire) : null;
        }
        return null;
    }

    public boolean isJdistcc() {
        return (wire & MAGIC_MASK) == JDISTCC_MAGIC;
    }

    public boolean has(int feature) {
        return isJdistcc() && (wire & feature) != 0;
    }

    /** The jdistcc feature bits, 0 for distcc's own versions. */
    public int features() {
        return isJdistcc() ? wire & ~MAGIC_MASK : 0;
    }

    public boolean isHello() {
        return has(FEATURE_HELLO);
    }

    /** A request to wait for a compile slot ({@link #FEATURE_WAIT}): {@code DIST} alone, as a hello. */
    public boolean isWait() {
        return has(FEATURE_WAIT);
    }

    public boolean isPump() {
        return wire == 3;
    }

    /** Whether the reply carries a dependency file ({@code DOTD} after {@code DOTO}). */
    public boolean repliesDependencies() {
        return isPump() || has(FEATURE_FILE_CACHE);
    }

    /** Whether the request head carries the client's working directory ({@code CDIR}). */
    public boolean sendsWorkingDirectory() {
        return isPump() || has(FEATURE_SOURCES);
    }

    public Compression compression() {
        if (wire == 1) {
            return Compression.NONE;
        }
        if (wire == 2 || wire == 3) {
            return Compression.LZO;
        }
        return has(FEATURE_LZ4) ? Compression.LZ4 : Compression.NONE;
    }

    @Override
    public String toString() {
        return isJdistcc() ? String.format("jdistcc-%x", wire & ~MAGIC_MASK) : Integer.toString(wire);
    }
}
