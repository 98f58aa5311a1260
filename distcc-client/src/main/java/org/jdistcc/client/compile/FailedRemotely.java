package org.jdistcc.client.compile;

import org.jdistcc.client.config.Settings;
import org.jdistcc.client.hosts.HostSpec;
import org.jdistcc.client.job.Diagnostics;
import org.jdistcc.client.job.JobContext;

/**
 * A compile that ran on the volunteer and failed (a compile error, most often), with distcc 3.4's
 * rule ({@code src/compile.c}, after {@code dcc_critique_status}): compile it again here, for
 * diagnostics with their source lines and in case the volunteer was the problem, unless {@code
 * DISTCC_SKIP_LOCAL_RETRY} is set or {@code DISTCC_FALLBACK=0} forbids it; then the volunteer's
 * diagnostics and status are the compile's. One rule for every dialect.
 *
 * <p>3.4 says so at error and warning level, on stderr; we say it at info level (the log), so that a
 * compile error looks exactly as gcc's own.
 */
final class FailedRemotely {
    private FailedRemotely() {}

    /**
     * @param mustRerun a dialect's own reason to compile here whatever the settings say (its result
     *     cannot be exact)
     */
    static Attempt decide(
            CompileTask task,
            HostSpec host,
            Settings settings,
            boolean mustRerun,
            int status,
            byte[] stderr,
            byte[] stdout) {
        JobContext job = task.job();
        String source = task.sourceName();
        job.log()
                .info("compile " + source + " on " + host + " failed"
                        + (status == 1 ? "" : " with exit code " + status));
        if (mustRerun || (settings.fallback() && !settings.skipLocalRetry())) {
            String retry = "remote compilation of '" + source + "' failed, retrying locally";
            job.log().info(retry);
            return new Attempt.Here(Why.rerun(retry), true);
        }
        if (!settings.fallback()) {
            job.log().error("failed to distribute and fallbacks are disabled");
        }
        Diagnostics.stderr(job, stderr);
        Diagnostics.stdout(job, stdout);
        return new Attempt.Done(status);
    }
}
