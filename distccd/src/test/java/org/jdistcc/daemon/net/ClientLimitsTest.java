package org.jdistcc.daemon.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bookkeeping of per-client limits, on a clock the test moves. */
class ClientLimitsTest {
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(1000 * SECOND);

    @Test
    void jobsInFlightAreCountedPerClientUntilTheirConnectionCloses() throws Exception {
        var limits = new ClientLimits(2, 0, now::get);
        InetAddress a = InetAddress.ofLiteral("10.0.0.1");
        InetAddress b = InetAddress.ofLiteral("10.0.0.2");

        var first = limits.admit(a);
        var second = limits.admit(a);
        var third = limits.admit(a);
        var other = limits.admit(b);

        assertNull(first.refusal());
        assertNull(second.refusal());
        assertNotNull(third.refusal());
        assertTrue(third.refusal().contains("10.0.0.1 already has 2 jobs open (--max-jobs-per-client 2)"));
        assertNull(other.refusal(), "another client is not limited by the first one's jobs");
        third.close(10);
        first.close(100);
        first.close(100); // closing twice frees one slot, once
        assertNull(limits.admit(a).refusal());
        assertNotNull(limits.admit(a).refusal());
    }

    @Test
    void bytesAreCountedOverTheLastMinute() throws Exception {
        var limits = new ClientLimits(0, 1000, now::get);
        InetAddress a = InetAddress.ofLiteral("10.0.0.1");

        limits.admit(a).close(600);
        now.addAndGet(30 * SECOND);
        limits.admit(a).close(500);
        var over = limits.admit(a);
        assertTrue(over.refusal().contains("sent 1100 bytes in the last minute"), over.refusal());
        over.close(50); // a refused connection's bytes count too

        now.addAndGet(31 * SECOND); // the 600 bytes are older than a minute now
        assertNull(limits.admit(a).refusal());
        now.addAndGet(60 * SECOND);
        assertEquals(null, limits.admit(a).refusal());
    }

    @Test
    void anIpv6ClientIsItsSlash64() throws Exception {
        var limits = new ClientLimits(1, 0, now::get);

        assertNull(limits.admit(InetAddress.ofLiteral("2001:db8:1:2::1")).refusal());
        var sameHost = limits.admit(InetAddress.ofLiteral("2001:db8:1:2:ffff::9"));
        var otherNetwork = limits.admit(InetAddress.ofLiteral("2001:db8:1:3::1"));

        assertTrue(
                sameHost.refusal().contains("client 2001:db8:1:2:0:0:0:0/64 already has 1 jobs"), sameHost.refusal());
        assertNull(otherNetwork.refusal());
    }

    @Test
    void withoutLimitsEveryoneIsAdmitted() throws Exception {
        InetAddress a = InetAddress.ofLiteral("10.0.0.1");
        for (int i = 0; i < 1000; i++) {
            assertNull(ClientLimits.NONE.admit(a).refusal());
        }
    }
}
