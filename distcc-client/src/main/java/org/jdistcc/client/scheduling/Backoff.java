package org.jdistcc.client.scheduling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
        Instant failedAt = failedAt(file(host));
        if (failedAt == null) {
            return false;
        }
        Instant now = clock.instant();
        if (failedAt.isAfter(now)) {
            return true; // distrusted until then: markDistrusted
        }
        return !period.isZero() && !period.isNegative() && failedAt.plus(period).isAfter(now);
    }

    /**
     * The time a backoff file holds, or null when there is none (the usual case: one stat, and no
     * exception for the missing file, which showed in the agent's CPU per compile).
     */
    private static Instant failedAt(Path file) {
        try {
            BasicFileAttributes seen =
                    file.getFileSystem().provider().readAttributesIfExists(file, BasicFileAttributes.class);
            return seen == null ? null : seen.lastModifiedTime().toInstant();
        } catch (IOException e) {
            return null;
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
        Instant failedAt = failedAt(file);
        if (failedAt == null || failedAt.isAfter(clock.instant())) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stale backoff, which expires on its own.
        }
    }
}
