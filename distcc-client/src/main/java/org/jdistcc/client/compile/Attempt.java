package org.jdistcc.client.compile;

import org.jdistcc.client.remote.RemoteFailure;

/** What became of one attempt at a compile on one volunteer, in one dialect. */
sealed interface Attempt {
    /** The volunteer's result is kept: outputs are in place, diagnostics printed; exit with this status. */
    record Done(int status) implements Attempt {}

    /** The volunteer or the network failed: back the host off and try elsewhere. */
    record HostFailed(RemoteFailure failure) implements Attempt {}

    /** This dialect cannot reproduce this compile; nothing was sent. Another dialect may. */
    record Declined(String why) implements Attempt {}

    /**
     * Compile here instead.
     *
     * @param volunteerAnswered the volunteer did its part (its result is just not kept): it is not to blame
     */
    record Here(Why why, boolean volunteerAnswered) implements Attempt {}
}
