package org.jdistcc.client.remote;

import org.jdistcc.client.hosts.HostSpec;

/** Told how a volunteer's reply arrived, once it has: what a client learns a link's speed from. */
@FunctionalInterface
public interface ReplyObserver {
    /**
     * @param bytes the reply's bytes after its first, as they came off the wire
     * @param nanos the time spent waiting for them ({@link ReadClock})
     */
    void replied(HostSpec host, long bytes, long nanos);
}
