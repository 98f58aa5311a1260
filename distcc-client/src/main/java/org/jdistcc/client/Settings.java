package org.jdistcc.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jdistcc.client.remote.Timeouts;
import org.jdistcc.common.ExitCode;

/** The client's environment variables (distcc 3.4's names, PROTOCOL.md section 8), read once. */
record Settings(
        Path distccDir,
        Path home,
        Path tmpDir,
        boolean fallback,
        boolean skipLocalRetry,
        Duration backoffPeriod,
        Duration slotBackstop,
        Timeouts timeouts,
        String sshCommand,
        boolean saveTemps) {

    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }

        ExitCode code() {
            return ExitCode.BAD_ARGUMENTS;
        }
    }

    static Settings from(Map<String, String> env) throws Invalid {
        var paths = ClientPaths.from(env);
        Path home = paths.home();
        Path distccDir = paths.distccDir();
        long io = number(env, "DISTCC_IO_TIMEOUT", 300);
        if (io <= 0) {
            throw new Invalid("DISTCC_IO_TIMEOUT must be a positive number of seconds");
        }
        var timeouts = new Timeouts(
                Duration.ofMillis(number(env, "DISTCC_RESOLVE_TIMEOUT_MSEC", 5000)),
                Duration.ofMillis(number(env, "DISTCC_CONNECT_TIMEOUT_MSEC", 4000)),
                Duration.ofSeconds(io));
        return new Settings(
                distccDir,
                home,
                Path.of(tmp(env)),
                !"0".equals(env.get("DISTCC_FALLBACK")),
                env.containsKey("DISTCC_SKIP_LOCAL_RETRY"),
                Duration.ofSeconds(number(env, "DISTCC_BACKOFF_PERIOD", 60)),
                Duration.ofMillis(Math.max(10, number(env, "DISTCC_PAUSE_TIME_MSEC", 1000))),
                timeouts,
                env.getOrDefault("DISTCC_SSH", "ssh"),
                "1".equals(env.get("DISTCC_SAVE_TEMPS")));
    }

    Path lockDir() {
        return distccDir.resolve("lock");
    }

    private static String tmp(Map<String, String> env) {
        return ClientPaths.tmpDir(env);
    }

    private static long number(Map<String, String> env, String name, long defaultValue) throws Invalid {
        String text = env.get(name);
        if (text == null || text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new Invalid(name + " is not a number: '" + text + "'");
        }
    }
}
