package org.jdistcc.client.compile;

import org.jdistcc.client.stats.Outcome;
import org.jdistcc.common.ExitCode;

/**
 * Why a compile runs on this machine: every path that compiles here names one of these, and {@link
 * CompileHere} is the one place that acts on it (distcc 3.4's {@code compile.c} ends the same way,
 * at its {@code fallback}, {@code lock_local} and {@code run_local} labels).
 *
 * @param text what the log says: for a fallback, distcc 3.4's warning itself
 * @param outcome how {@code --show-stats} counts it
 * @param slot whether a slot of this machine must be taken first
 * @param refusal for a fallback (distribution was wanted and failed): the status to exit with
 *     instead when {@code DISTCC_FALLBACK=0} forbids it; null for everything else, which that
 *     variable does not concern (as in distcc 3.4)
 * @param volunteerStderr for a refused fallback, what the last volunteer said: distcc 3.4 copies it
 *     to stderr then ({@code dcc_copy_file_to_fd(server_stderr_fname)})
 */
// An array component, against the usual rule for records: the stderr is copied out once, never compared.
@SuppressWarnings("ArrayRecordComponent")
record Why(String text, Outcome outcome, SlotPolicy slot, ExitCode refusal, byte[] volunteerStderr) {
    Why(String text, Outcome outcome, SlotPolicy slot, ExitCode refusal) {
        this(text, outcome, slot, refusal, new byte[0]);
    }

    /** The three slot situations of a compile here. */
    enum SlotPolicy {
        /** Take one of this machine's slots ({@code --localslots}), so a dead farm does not overload it. */
        TAKE_LOCAL_SLOT,
        /** The host list's {@code localhost} was chosen: its slot is already held. */
        SLOT_HELD,
        /** Nothing is distributed at all (no host list): nothing to share, no slot. */
        NO_SLOT
    }

    /** Not distributable, or not distributable exactly: compiled here by design. */
    static Why byChoice(String reason) {
        return new Why(reason, Outcome.LOCAL, SlotPolicy.TAKE_LOCAL_SLOT, null);
    }

    /**
     * The host list lists no host (distcc 3.4 warned already): a failure to distribute, as in 3.4,
     * so {@code DISTCC_FALLBACK=0} refuses it; without volunteers there is nothing to share, so no slot.
     */
    static Why noHosts() {
        return new Why(FALLBACK_WITHOUT_HOST, Outcome.LOCAL, SlotPolicy.NO_SLOT, ExitCode.NO_HOSTS);
    }

    /** distcc 3.4's words when no host was tried ({@code src/compile.c}, label {@code fallback}). */
    static final String FALLBACK_WITHOUT_HOST = "failed to distribute, running locally instead";

    static Why localhostChosen(int slot) {
        return new Why("localhost slot " + slot, Outcome.LOCAL, SlotPolicy.SLOT_HELD, null);
    }

    /** The source failed (preprocessor or compiler): a run here gives the diagnostics exactly. */
    static Why rerun(String reason) {
        return new Why(reason, Outcome.RERUN_HERE, SlotPolicy.TAKE_LOCAL_SLOT, null);
    }

    /**
     * Every volunteer failed, or none was available.
     *
     * @param source the source as named on the command line
     * @param lastHost the last volunteer that failed, as written in the host list; null if none was tried
     * @param volunteerStderr what that volunteer said, if anything
     */
    static Why fallback(String source, String lastHost, ExitCode refusal, byte[] volunteerStderr) {
        String text = lastHost == null
                ? FALLBACK_WITHOUT_HOST
                : "failed to distribute " + source + " to " + lastHost + ", running locally instead";
        return new Why(text, Outcome.FALLBACK, SlotPolicy.TAKE_LOCAL_SLOT, refusal, volunteerStderr);
    }

    /** A volunteer lagged and the same compile, started here too, finished first ({@link RaceHere}). */
    static Why racedHere(String host) {
        return new Why("compiled here first: " + host + " lagged", Outcome.RACED_HERE, SlotPolicy.SLOT_HELD, null);
    }

    /** The host list does not parse: nothing can be distributed. */
    static Why badHostList() {
        return new Why(FALLBACK_WITHOUT_HOST, Outcome.FALLBACK, SlotPolicy.NO_SLOT, ExitCode.BAD_HOSTSPEC);
    }
}
