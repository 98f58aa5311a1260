package org.jdistcc.client.compile;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdistcc.client.config.Timeouts;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Log;
import org.jdistcc.client.remote.Invitations;
import org.jdistcc.client.remote.JobSender;
import org.jdistcc.client.scheduling.FinishFirst;
import org.jdistcc.client.scheduling.InFlight;
import org.jdistcc.client.scheduling.KnownVolunteers;
import org.jdistcc.client.scheduling.Slot;
import org.jdistcc.client.scheduling.SlotPicker;

/**
 * The waiting room, the client's side (issue 16; distcc's TODO "servers invite tasks as cycles
 * become available"). A compile placed on a jdistcc volunteer whose last report says other clients'
 * jobs fill it would queue there behind them, committed to it. Instead it waits in that volunteer's
 * room and, at once, in the rooms of up to two more about as fast where it would finish sooner if
 * invited now (and this machine's lock files have a slot free for it), and goes to the first that
 * invites it: the volunteer that is free first, whoever else uses it. The others are left, and so
 * are their slots. A compile nobody invites within the I/O timeout (all rooms said no, or failed)
 * goes where it was placed, and queues there as before.
 */
final class FirstInvitation {
    /** Rooms waited in at once for one compile: a bound on its open connections. */
    static final int MAX_ROOMS = 3;
    /**
     * How much slower than the placed volunteer another may compile and still be waited for. The
     * first to invite is the first free, not the first to finish: a slow volunteer free at once
     * would take a compile a fast one finishes sooner after its queue (measured on the farm of
     * docs/performance.md: with slow volunteers in the rooms, two users' builds finished up to 1.5x
     * apart).
     */
    static final double SIMILAR = 1.5;

    private final SlotPicker slots;
    private final FinishFirst placer;
    private final HostDialects dialects;
    private final JobSender sender;
    private final Timeouts timeouts;
    private final Log log;

    FirstInvitation(
            SlotPicker slots, FinishFirst placer, HostDialects dialects, JobSender sender, Timeouts timeouts, Log log) {
        this.slots = slots;
        this.placer = placer;
        this.dialects = dialects;
        this.sender = sender;
        this.timeouts = timeouts;
        this.log = log;
    }

    /**
     * {@code placed} as it is when its volunteer is not reported full, or has no room; else where the
     * first invitation came from (the sender then holds its connection), or {@code placed} when none
     * came in time.
     *
     * @param waiting told when the compile starts to wait (the monitor's "blocked")
     */
    FinishFirst.Placed await(
            FinishFirst.Placed placed,
            List<HostSpec> candidates,
            Set<HostSpec> excluded,
            double units,
            Runnable waiting) {
        HostSpec chosen = placed.slot().host();
        if (placed.crowding() <= 1 || !hasRoom(chosen)) {
            return placed;
        }
        Duration alone = placer.alone(chosen, units, candidates);
        List<Slot> held = new ArrayList<>(List.of(placed.slot()));
        try {
            for (HostSpec other : candidates) {
                if (held.size() >= MAX_ROOMS) {
                    break;
                }
                if (other.equals(chosen) || excluded.contains(other) || !hasRoom(other)) {
                    continue;
                }
                // Worth a wait where, invited at once, it would finish before the placed one is
                // expected to (how long its queue is, the invitation will tell, not an estimate),
                // and it compiles about as fast.
                Duration there = placer.alone(other, units, candidates);
                if (there.compareTo(placed.expected()) >= 0 || there.toNanos() > alone.toNanos() * SIMILAR) {
                    continue;
                }
                Slot slot = slots.tryAcquire(List.of(other), Set.of());
                if (slot != null) {
                    held.add(slot);
                }
            }
            // As long as a job queued at the placed volunteer would wait for its reply: its room is
            // one of these, so waiting here is never later than queueing there, only freer.
            Duration bound = timeouts.io();
            waiting.run();
            log.debug("waiting for an invitation from "
                    + held.stream().map(Slot::host).toList() + " for up to " + bound.toMillis() + " ms");
            Invitations.Invited invitation = Invitations.first(
                    held.stream().map(s -> (HostSpec.Tcp) s.host()).toList(), bound, timeouts);
            if (invitation == null) {
                log.debug("no invitation in time: going to " + chosen + " as placed");
                return placed;
            }
            sender.invited(invitation);
            Slot taken = held.stream()
                    .filter(s -> s.host().equals(invitation.host()))
                    .findFirst()
                    .orElseThrow();
            held.remove(taken);
            log.debug("invited by " + taken.host());
            if (taken != placed.slot()) {
                held.remove(placed.slot());
                placed.slot().close();
                log.debug("so compiling there, not on " + chosen);
            }
            // A slot is kept there for it: its time there is its own, no queue, and it counts as
            // running here until that is up (the placed slot's ticket counted the queue too).
            Duration there = taken == placed.slot() ? alone : placer.alone(taken.host(), units, candidates);
            Instant now = Instant.now();
            InFlight.Ticket queued = taken.ticket();
            taken.track(InFlight.HERE.start(taken.host().lockName(), now, now.plus(there)));
            if (queued != null) {
                queued.close();
            }
            return new FinishFirst.Placed(taken, there, 1);
        } catch (IOException | RuntimeException e) {
            // Nothing here may cost the compile its placed slot: it goes there as before.
            log.debug("cannot wait in rooms: " + e);
            return placed;
        } finally {
            for (Slot s : held) {
                if (s != placed.slot()) {
                    s.close();
                }
            }
        }
    }

    /** A plaintext jdistcc volunteer that said it has a waiting room. */
    private boolean hasRoom(HostSpec host) {
        if (!(host instanceof HostSpec.Tcp tcp) || tcp.tls()) {
            return false;
        }
        KnownVolunteers.Known known = dialects.known(host);
        if (known == null || known.dialect() != KnownVolunteers.Dialect.JDISTCC) {
            return false;
        }
        String room = known.facts().get("room");
        return room != null && !room.isEmpty() && !"0".equals(room);
    }
}
