package org.jdistcc.client.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdistcc.client.job.Log;
import org.jdistcc.protocol.SourceEnvironment;

/**
 * The client's environment variables, read once, here and nowhere else ({@link Variable} lists
 * them). Reading never fails: a value that does not parse is kept as a {@link #problems() problem},
 * which fails a compile with distcc's "bad arguments" status but not {@code --version}.
 *
 * @param hostsVariable {@code DISTCC_HOSTS}, or null when unset (then the hosts files are read)
 * @param uncachedErrFd {@code UNCACHED_ERR_FD}, 0 when unset or not a number
 * @param safeguard {@code _DISTCC_SAFEGUARD} is set: distcc has invoked itself
 * @param verifyEvery {@code JDISTCC_VERIFY}: compile one remote job in this many here as well; 0: none
 * @param principal {@code DISTCC_PRINCIPAL}, or null
 * @param path {@code PATH}, with distcc's default when unset
 * @param pwd {@code PWD}, or null
 * @param remoteOptions {@code JDISTCC_REMOTE_OPTIONS}: words added to the command on volunteers only
 * @param includeServerPort {@code INCLUDE_SERVER_PORT}, set by {@code pump}: pump mode is on; or null
 * @param uncarried a gcc variable that source mode does not carry to the volunteer and that is set, or null
 * @param carried the compiler environment source mode applies on the volunteer, as NAME=VALUE
 * @param verifyCompiler {@code JDISTCC_VERIFY_COMPILER=1}: volunteers whose compiler cannot be
 *     checked are not used
 * @param tlsTofu {@code JDISTCC_TLS_TOFU=1}: a volunteer marked {@code ,tls} with no pinned key is
 *     pinned with the key it shows first
 * @param tokenFile {@code JDISTCC_TOKEN_FILE}: the token for volunteers that admit by token, or null
 * @param streamCpp {@code JDISTCC_STREAM_CPP=1}: preprocessed text goes to volunteers that take it
 *     in chunks as the preprocessor writes it
 * @param environment the whole environment, for the processes the client starts
 */
public record Settings(
        ClientPaths paths,
        Path tmpDir,
        String hostsVariable,
        Log.Level verbosity,
        String logFile,
        int uncachedErrFd,
        boolean fallback,
        boolean skipLocalRetry,
        Duration backoffPeriod,
        Duration slotBackstop,
        Timeouts timeouts,
        String sshCommand,
        boolean saveTemps,
        boolean tcpCork,
        boolean binstate,
        boolean rewriteCross,
        boolean strictFidelity,
        int verifyEvery,
        boolean verifyCompiler,
        boolean streamCpp,
        boolean safeguard,
        String principal,
        String path,
        String pwd,
        List<String> remoteOptions,
        String includeServerPort,
        String uncarried,
        List<String> carried,
        boolean tlsTofu,
        Path tokenFile,
        List<String> problems,
        Map<String, String> environment) {

    static final String SAFEGUARD = "_DISTCC_SAFEGUARD";
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    /** gcc variables that change the search path or the outputs: source mode does not carry them. */
    private static final List<String> UNCARRIED = List.of(
            "CPATH",
            "C_INCLUDE_PATH",
            "CPLUS_INCLUDE_PATH",
            "OBJC_INCLUDE_PATH",
            "GCC_EXEC_PREFIX",
            "COMPILER_PATH",
            "DEPENDENCIES_OUTPUT",
            "SUNPRO_DEPENDENCIES");

    public Settings {
        carried = List.copyOf(carried);
        remoteOptions = List.copyOf(remoteOptions);
        problems = List.copyOf(problems);
    }

    public static Settings from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        long io = number(env, Variable.DISTCC_IO_TIMEOUT, 300, problems);
        if (io <= 0) {
            problems.add("DISTCC_IO_TIMEOUT must be a positive number of seconds");
            io = 300;
        }
        var timeouts = new Timeouts(
                Duration.ofMillis(number(env, Variable.DISTCC_RESOLVE_TIMEOUT_MSEC, 5000, problems)),
                Duration.ofMillis(number(env, Variable.DISTCC_CONNECT_TIMEOUT_MSEC, 4000, problems)),
                Duration.ofSeconds(io));
        String path = Variable.PATH.in(env);
        return new Settings(
                ClientPaths.from(env),
                Path.of(ClientPaths.tmpDir(env)),
                Variable.DISTCC_HOSTS.in(env),
                verbosity(Variable.DISTCC_VERBOSE.in(env)),
                Variable.DISTCC_LOG.in(env),
                fd(Variable.UNCACHED_ERR_FD.in(env)),
                bool(env, Variable.DISTCC_FALLBACK, true),
                Variable.DISTCC_SKIP_LOCAL_RETRY.isSetIn(env),
                Duration.ofSeconds(number(env, Variable.DISTCC_BACKOFF_PERIOD, 60, problems)),
                Duration.ofMillis(Math.max(10, number(env, Variable.DISTCC_PAUSE_TIME_MSEC, 1000, problems))),
                timeouts,
                orDefault(Variable.DISTCC_SSH.in(env), "ssh"),
                bool(env, Variable.DISTCC_SAVE_TEMPS, false),
                bool(env, Variable.DISTCC_TCP_CORK, true),
                bool(env, Variable.DISTCC_BINSTATE, false),
                !Variable.DISTCC_NO_REWRITE_CROSS.isSetIn(env) && !env.containsKey("DISTCC_NO_CROSS_REWRITE"),
                "strict".equals(Variable.JDISTCC_FIDELITY.in(env)),
                verifyEvery(env, problems),
                bool(env, Variable.JDISTCC_VERIFY_COMPILER, false),
                bool(env, Variable.JDISTCC_STREAM_CPP, false),
                env.containsKey(SAFEGUARD),
                Variable.DISTCC_PRINCIPAL.in(env),
                path == null ? DEFAULT_PATH : path,
                Variable.PWD.in(env),
                words(Variable.JDISTCC_REMOTE_OPTIONS.in(env)),
                orNull(Variable.INCLUDE_SERVER_PORT.in(env)),
                firstSet(env, UNCARRIED),
                carried(env),
                bool(env, Variable.JDISTCC_TLS_TOFU, false),
                orNull(Variable.JDISTCC_TOKEN_FILE.in(env)) == null
                        ? null
                        : Path.of(Variable.JDISTCC_TOKEN_FILE.in(env)),
                problems,
                env);
    }

    /** {@code JDISTCC_AGENT_IDLE} for the agent, read at its start: seconds, at least 1. */
    public static Duration agentIdle(Map<String, String> env) {
        String text = Variable.JDISTCC_AGENT_IDLE.in(env);
        try {
            if (text != null && !text.isBlank()) {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(text.trim())));
            }
        } catch (NumberFormatException e) {
            // keep the default
        }
        return Duration.ofMinutes(10);
    }

    /** {@code JDISTCC_DNS_SERVER}, or null when unset: the name servers discovery asks. */
    public String dnsServer() {
        return Variable.JDISTCC_DNS_SERVER.in(environment);
    }

    public Path distccDir() {
        return paths.distccDir();
    }

    public Path lockDir() {
        return paths.distccDir().resolve("lock");
    }

    /** {@code DISTCC_VERBOSE}: "1" is distcc's (everything); "info" is ours (why each compile went where). */
    private static Log.Level verbosity(String text) {
        if ("1".equals(text)) {
            return Log.Level.DEBUG;
        }
        return "info".equals(text) ? Log.Level.INFO : Log.Level.WARNING;
    }

    /** distcc's {@code dcc_getenv_bool}: "1" and "0" count, anything else is the default. */
    private static boolean bool(Map<String, String> env, Variable v, boolean defaultValue) {
        String text = v.in(env);
        if ("1".equals(text)) {
            return true;
        }
        return "0".equals(text) ? false : defaultValue;
    }

    private static long number(Map<String, String> env, Variable v, long defaultValue, List<String> problems) {
        String text = v.in(env);
        if (text == null || text.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            problems.add(v.name() + " is not a number: '" + text + "'");
            return defaultValue;
        }
    }

    private static int verifyEvery(Map<String, String> env, List<String> problems) {
        long every = number(env, Variable.JDISTCC_VERIFY, 0, problems);
        if (every < 0 || every > Integer.MAX_VALUE) {
            problems.add("JDISTCC_VERIFY must be 0 (off) or a positive number of compiles");
            return 0;
        }
        return (int) every;
    }

    /** distcc uses atoi: anything but a positive number means "not set". */
    private static int fd(String text) {
        try {
            return text == null ? 0 : Math.max(0, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }

    private static String orDefault(String value, String defaultValue) {
        return value == null || value.isBlank() ? defaultValue : value;
    }

    private static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String firstSet(Map<String, String> env, List<String> names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                return name;
            }
        }
        return null;
    }

    private static List<String> carried(Map<String, String> env) {
        List<String> entries = new ArrayList<>();
        for (String name : SourceEnvironment.NAMES) {
            String value = env.get(name);
            if (value != null) {
                entries.add(name + "=" + value);
            }
        }
        return entries;
    }
}
