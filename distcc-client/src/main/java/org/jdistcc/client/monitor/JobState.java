package org.jdistcc.client.monitor;

/**
 * One running client as a state file describes it.
 *
 * @param file the source file as given on the command line, or "" before it is known
 * @param host the host as written in the host list ({@code 10.0.0.2:3632}, {@code @box}), or
 *     {@code localhost}; "" before one is chosen
 * @param slot the slot held on that host, or -1
 * @param startedMillis when the client started (epoch ms); for distcc 3.4's files, which do not
 *     say, the time of their last change
 * @param phaseSinceMillis when the current phase began (epoch ms)
 * @param size bytes of the input sent (the preprocessed source, or the source tree), or -1 while
 *     unknown (and always in distcc 3.4's files)
 */
record JobState(
        long pid,
        Phase phase,
        String file,
        String host,
        int slot,
        long startedMillis,
        long phaseSinceMillis,
        long size) {
    public JobState {
        file = file == null ? "" : file;
        host = host == null ? "" : host;
    }

    /** A state whose input size is not known yet. */
    JobState(long pid, Phase phase, String file, String host, int slot, long startedMillis, long phaseSinceMillis) {
        this(pid, phase, file, host, slot, startedMillis, phaseSinceMillis, -1);
    }
}
