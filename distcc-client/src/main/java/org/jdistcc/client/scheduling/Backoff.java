package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import org.jdistcc.client.hosts.HostSpec;

/**
 * Hosts that failed recently are skipped for a while. State is distcc 3.4's: the modification
 * time of {@code lock/backoff_<host>_0}, so a host Debian's client backed off is skipped by us too.
 */
public final class Backoff {
    private final Path lockDir;
    private final Duration period;
    private final Clock clock;

    public Backoff(Path lockDir, Duration period, Clock clock) {
        this.lockDir = lockDir;
        this.period = period;
        this.clock = clock;
    }

    Path file(HostSpec host) {
        return lockDir.resolve("backoff_" + host.lockName() + "_0");
    }

    public boolean isBackedOff(HostSpec host) {
        if (period.isZero() || period.isNegative()) {
            return false;
        }
        try {
            FileTime failedAt = Files.getLastModifiedTime(file(host));
            return failedAt.toInstant().plus(period).isAfter(clock.instant());
        } catch (IOException e) {
            return false;
        }
    }

    public void markFailed(HostSpec host) {
        if (period.isZero() || period.isNegative()) {
            return;
        }
        try {
            Files.createDirectories(lockDir);
            Path file = file(host);
            Files.write(file, new byte[] {'x'});
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        } catch (IOException e) {
            // Without state we merely retry the host sooner.
        }
    }

    public void markSucceeded(HostSpec host) {
        try {
            Files.deleteIfExists(file(host));
        } catch (IOException e) {
            // Stale backoff expires on its own.
        }
    }
}
