package org.jdistcc.client.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.jdistcc.common.dns.DnsRecord;
import org.junit.jupiter.api.Test;

class SrvOrderTest {
    private static DnsRecord.Srv srv(int priority, int weight, String target) {
        return new DnsRecord.Srv("_distcc._tcp.farm.test", 60, priority, weight, 3632, target);
    }

    @Test
    void lowerPriorityComesFirstAndDotMeansNotOffered() {
        var order = SrvOrder.order(
                List.of(srv(20, 0, "c"), srv(10, 0, "a"), srv(10, 0, "."), srv(15, 0, "b")), new SplittableRandom(1));
        assertEquals(
                List.of("a", "b", "c"),
                order.stream().map(DnsRecord.Srv::target).toList());
    }

    /** RFC 2782: within a priority, a record comes first in proportion to its weight. */
    @Test
    void weightsShareTheFirstPlaceInProportion() {
        var random = new SplittableRandom(42);
        int heavyFirst = 0;
        int draws = 4000;
        for (int i = 0; i < draws; i++) {
            var order = SrvOrder.order(List.of(srv(0, 20, "light"), srv(0, 60, "heavy")), random);
            assertEquals(2, order.size());
            heavyFirst += order.getFirst().target().equals("heavy") ? 1 : 0;
        }
        double share = heavyFirst / (double) draws;
        assertTrue(share > 0.70 && share < 0.80, "heavy first in " + share + " of the draws, expected 60/80");
    }

    @Test
    void zeroWeightsAreKeptAll() {
        var order = SrvOrder.order(List.of(srv(0, 0, "a"), srv(0, 0, "b"), srv(0, 5, "c")), new SplittableRandom(3));
        assertEquals(3, order.size());
    }
}
