package org.jdistcc.client.scheduling;

import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.protocol.CompilerFacts;
import org.jdistcc.protocol.ProtocolVersion;

/**
 * Whether a volunteer's compiler of a name is this machine's: the policy half of the identity check
 * (the volunteer checks again per job, {@link ProtocolVersion#FEATURE_IDENTITY}). distcc 3.4 never
 * checks; here a volunteer whose compiler is known to differ gets no job, and with {@code
 * JDISTCC_VERIFY_COMPILER=1} neither does one that cannot say.
 */
public sealed interface CompilerMatch {
    /** The volunteer's compiler of that name has this machine's identity. */
    record Same() implements CompilerMatch {}

    /** The user maps this compiler to {@code name} on the volunteer: sent under it, unchecked. */
    record Mapped(String name) implements CompilerMatch {}

    /** The volunteer's compiler of that name is another one. */
    record Differs(String theirs, CompilerIdentity ours) implements CompilerMatch {}

    /**
     * A jdistcc volunteer that did not list the name (a long list was cut, or it runs any name): it
     * checks the identity the job carries.
     */
    record CheckedPerJob() implements CompilerMatch {}

    /** Nobody can tell: distcc 3.4's volunteers, or this machine's compiler has no identity. */
    record Unverifiable(String why) implements CompilerMatch {}

    /**
     * @param known what the volunteer answered to a hello, or null when nothing is known
     * @param name the compiler's name as it would be sent
     * @param ours this machine's compiler's identity, or null when it could not be worked out
     * @param mapped the name {@code $DISTCC_DIR/compilers} gives for this volunteer, or null
     */
    static CompilerMatch of(KnownVolunteers.Known known, String name, CompilerIdentity ours, String mapped) {
        if (mapped != null) {
            return new Mapped(mapped);
        }
        if (known == null) {
            return new Unverifiable("not known to be a jdistcc volunteer");
        }
        if (known.dialect() == KnownVolunteers.Dialect.DISTCC) {
            return new Unverifiable("a distcc volunteer cannot say what its compiler is");
        }
        if ((known.features() & ProtocolVersion.FEATURE_IDENTITY) == 0) {
            return new Unverifiable("a jdistcc volunteer too old to say what its compiler is");
        }
        if (ours == null) {
            return new Unverifiable("this machine's compiler could not be identified");
        }
        String theirs = CompilerFacts.identityOf(known.facts(), name);
        if (theirs == null) {
            return new CheckedPerJob();
        }
        return theirs.equals(ours.digest()) ? new Same() : new Differs(theirs, ours);
    }

    /** Why the volunteer gets no job for this compiler, or null when it may. */
    default String whyNot(String name, boolean verifyCompiler) {
        return switch (this) {
            case Differs d ->
                "its " + name + " is another compiler (" + shorten(d.theirs()) + ", here "
                        + d.ours().describe() + ")";
            case Unverifiable u ->
                verifyCompiler
                        ? "its " + name + " cannot be verified (" + u.why() + ") and JDISTCC_VERIFY_COMPILER=1"
                        : null;
            default -> null;
        };
    }

    /** Whether this outcome is worth a warning: the compiler is known to differ. */
    default boolean isMismatch() {
        return this instanceof Differs;
    }

    private static String shorten(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) : digest;
    }
}
