package org.jdistcc.client.config;

import java.util.Map;

/**
 * Every environment variable the client reads, with its default and what it does: {@link
 * Settings} reads each through its constant here, and {@code man distcc} is generated from this
 * table, so the two cannot drift. Names and meanings are distcc 3.4's ({@code man/distcc.1}) unless
 * the name starts with {@code JDISTCC_}.
 */
public enum Variable {
    DISTCC_HOSTS(
            "",
            "Space-separated list of volunteer host specifications. When unset, the first of"
                    + " $DISTCC_DIR/hosts, ~/.distcc/hosts and /etc/distcc/hosts that exists is read."),
    DISTCC_VERBOSE(
            "0",
            "If set to 1, explain every decision on the standard error (or in DISTCC_LOG). If set"
                    + " to info, say only where each compile ran and, when here, why (a jdistcc extension; distcc"
                    + " 3.4 ignores the value)."),
    DISTCC_LOG(
            "",
            "Log file for distcc's own messages, instead of the standard error. When set, warnings"
                    + " and errors go there too, with informational messages."),
    DISTCC_FALLBACK(
            "1",
            "If set to 0, a compile that failed to distribute fails instead of being compiled"
                    + " locally. Compiles that run locally by choice (linking, -E, local-only options) are not affected."),
    DISTCC_NO_REWRITE_CROSS(
            "unset",
            "If set, gcc and g++ are sent under the names given rather than"
                    + " their fully qualified cross-compiler names (also read as DISTCC_NO_CROSS_REWRITE)."),
    DISTCC_BACKOFF_PERIOD("60", "Seconds during which a volunteer that failed is not used again; 0 disables backoff."),
    DISTCC_IO_TIMEOUT("300", "Seconds a network read or write may block before the volunteer is given up."),
    DISTCC_PAUSE_TIME_MSEC(
            "1000",
            "Longest wait, in milliseconds, before looking again for a free slot when all"
                    + " are busy (a freed slot wakes waiters at once)."),
    DISTCC_CONNECT_TIMEOUT_MSEC("4000", "Milliseconds a volunteer may take to accept a connection."),
    DISTCC_RESOLVE_TIMEOUT_MSEC("5000", "Milliseconds a host name may take to resolve."),
    DISTCC_SAVE_TEMPS(
            "0",
            "If set to 1, temporary files are not deleted after use. The preprocessed text, otherwise"
                    + " held in memory up to 4 MiB, is then always written to a file in TMPDIR."),
    DISTCC_TCP_CORK(
            "1",
            "Accepted for distcc 3.4's sake (0 turns its TCP corking off). jdistcc writes each"
                    + " message through a buffer and flushes it whole, which fills segments as corking does, so the"
                    + " setting changes nothing."),
    DISTCC_SSH("ssh", "Command used to open SSH connections to volunteers named user@host."),
    DISTCC_SKIP_LOCAL_RETRY(
            "unset",
            "If set, a compile that fails on a volunteer is not compiled again here;"
                    + " the volunteer's diagnostics and status are kept."),
    DISTCC_DIR(
            "~/.distcc",
            "Directory for lock, state and statistics files, the client agent and what the"
                    + " client learns about volunteers."),
    TMPDIR("/tmp", "Directory for temporary files such as preprocessor output."),
    UNCACHED_ERR_FD(
            "unset",
            "If set and DISTCC_LOG is not, distcc's own messages go to this file descriptor"
                    + " (ccache sets it so that they are not cached as compiler output)."),
    JDISTCC_REMOTE_OPTIONS(
            "",
            "Options added to the compiler's command on volunteers only, split at white"
                    + " space (distcc's TODO: icpc needs flags there that it must not see here). The volunteer's"
                    + " option policy checks them like any other."),
    DISTCC_BINSTATE("0", "If set to 1, also write distcc 3.4's binary state files, for distccmon-gnome."),
    JDISTCC_FIDELITY(
            "relaxed",
            "strict: keep a remote result only when it is known to be identical to a local"
                    + " compile's; relaxed: keep every remote result, as distcc 3.4 does."),
    JDISTCC_VERIFY(
            "0",
            "If set to N > 0, one compile in N that a volunteer did (chosen at random; 1: every one) is"
                    + " compiled here as well and the objects compared. This machine's object is kept; a"
                    + " volunteer whose object differs is not used for an hour, with a warning and a"
                    + " wrong_object failure in the statistics."),
    JDISTCC_VERIFY_COMPILER(
            "0",
            "If set to 1, a compile goes only to volunteers that show their compiler is this"
                    + " machine's (jdistcc volunteers, which report each compiler's identity), or that"
                    + " $DISTCC_DIR/compilers maps: distcc 3.4 volunteers, which cannot say, are not used."),
    JDISTCC_DNS_SERVER(
            "",
            "Name servers that +srv= and +addresses= in the host list ask, as ADDRESS[:PORT] or"
                    + " [IPV6]:PORT, several separated by commas. When unset, those of /etc/resolv.conf."),
    JDISTCC_TLS_TOFU(
            "0",
            "If set to 1, a volunteer marked ,tls that has no key in $DISTCC_DIR/known_volunteers is"
                    + " trusted with the key it shows on first contact, and that key is pinned there (trust on"
                    + " first use, as ssh asks to). Unset, such a volunteer gets no job until its key is added"
                    + " (the line distccd --host-key FILE --show-key prints on it, after HOST[:PORT])."),
    JDISTCC_TOKEN_FILE(
            "unset",
            "A file holding the token to show volunteers marked ,tls that admit clients by token"
                    + " (distccd --token-file), for build machines whose keys are not listed in the"
                    + " volunteers' --authorized-keys. Its first line that is not blank or a # comment is sent,"
                    + " inside TLS only."),
    JDISTCC_STREAM_CPP(
            "0",
            "If set to 1, a compile whose volunteers all take preprocessed text as it is written (jdistcc"
                    + " volunteers) is preprocessed while it goes out, without a temporary file: the volunteer"
                    + " compiles while the preprocessor still runs. A failing preprocessor ends the remote"
                    + " compile at once, and its own diagnostics and status are the compile's. Without it, the"
                    + " text is made first, and its size helps place the compile."),
    JDISTCC_AGENT(
            "1", "If set to 0, the launcher does not use the resident client agent (each compile" + " starts a JVM)."),
    JDISTCC_AGENT_IDLE("600", "Seconds after which an idle client agent exits."),
    HOME("", "Home directory: the default DISTCC_DIR is ~/.distcc."),
    PATH("", "Where the real compiler is looked up; masquerade directories are skipped."),
    PWD("", "The working directory as the shell names it; gcc records it in debug information."),
    INCLUDE_SERVER_PORT(
            "unset",
            "Set by pump(1): compiles for hosts marked ,cpp then go to them in distcc's pump mode,"
                    + " the client agent finding each compile's headers itself (distcc 3.4 asks the include"
                    + " server listening on this socket). Unset, such hosts get preprocessed text, as with 3.4."),
    DISTCC_PRINCIPAL(
            "unset",
            "Shown by distcc --show-principal; jdistcc does not use GSS-API (hosts marked"
                    + " ,auth are skipped with a warning)."),
    DISTCC_ENABLE_DISCREPANCY_EMAIL("unset", "Accepted and ignored: jdistcc sends no email."),
    DCC_EMAILLOG_WHOM_TO_BLAME("unset", "Accepted and ignored: jdistcc sends no email.");

    private final String defaultText;
    private final String description;

    Variable(String defaultText, String description) {
        this.defaultText = defaultText;
        this.description = description;
    }

    /** The default as the manual states it ("" when there is none worth stating). */
    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }

    /** The value in {@code env}, or null when unset. */
    String in(Map<String, String> env) {
        return env.get(name());
    }

    /** Set to anything, the empty string included (distcc tests such variables with getenv). */
    boolean isSetIn(Map<String, String> env) {
        return env.containsKey(name());
    }
}
