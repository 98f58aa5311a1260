package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.common.io.Directories;

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
        if (!Files.exists(file(host))) {
            return false; // the usual case, checked without an exception
        }
        try {
            Instant failedAt = Files.getLastModifiedTime(file(host)).toInstant();
            Instant now = clock.instant();
            if (failedAt.isAfter(now)) {
                return true; // distrusted until then: markDistrusted
            }
            return !period.isZero()
                    && !period.isNegative()
                    && failedAt.plus(period).isAfter(now);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Not to be used for {@code duration} whatever the backoff period: the file's time is set in the
     * future, which distcc 3.4's check ({@code dcc_check_backoff}: mtime + period after now) honours too.
     * A later success elsewhere does not clear it ({@link #markSucceeded}).
     */
    public void markDistrusted(HostSpec host, Duration duration) {
        try {
            Directories.ensure(lockDir);
            Path file = file(host);
            Files.write(file, new byte[] {'x'});
            Files.setLastModifiedTime(file, FileTime.from(clock.instant().plus(duration)));
        } catch (IOException e) {
            // Without state the volunteer is merely checked again sooner.
        }
    }

    public void markFailed(HostSpec host) {
        if (period.isZero() || period.isNegative()) {
            return;
        }
        try {
            Directories.ensure(lockDir);
            Path file = file(host);
            Files.write(file, new byte[] {'x'});
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        } catch (IOException e) {
            // Without state we merely retry the host sooner.
        }
    }

    /** Clears a failure; not a distrust, which a job that was in flight on the host must not lift. */
    public void markSucceeded(HostSpec host) {
        Path file = file(host);
        if (!Files.exists(file)) {
            return; // the usual case, checked without an exception
        }
        try {
            if (Files.getLastModifiedTime(file).toInstant().isAfter(clock.instant())) {
                return;
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // No file, or stale backoff, which expires on its own.
        }
    }
}
