package org.jdistcc.daemon;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import org.jdistcc.common.ExitCode;
import org.jdistcc.daemon.compilers.CompilerWhitelist;
import org.jdistcc.daemon.net.AccessList;

/**
 * The command line checked as a whole, before anything starts: values parsed (addresses, networks),
 * and the combinations refused that would run a daemon serving nobody, or everybody.
 *
 * @param inetd whether to serve the one client on stdin rather than listen
 * @param inherited what stdin is when the daemon was started with a socket there (inetd, systemd), or null
 * @param listen {@code --listen}, or null for every address
 */
record CheckedOptions(
        DaemonOptions options,
        boolean inetd,
        Channel inherited,
        InetAddress listen,
        AccessList access,
        CompilerWhitelist whitelist) {

    /** An option, or a combination of them, the daemon will not start with. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient ExitCode exitCode;

        Invalid(ExitCode exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }

        ExitCode exitCode() {
            return exitCode;
        }
    }

    static CheckedOptions of(DaemonOptions options, Channel inherited) throws Invalid {
        String problem = options.problem();
        if (problem != null) {
            throw new Invalid(ExitCode.BAD_ARGUMENTS, problem);
        }
        if (options.detached) {
            options.noDetach = true;
        }
        if (options.wizard) {
            options.noDetach = true;
            options.logStderr = true;
            options.verbose = true;
        }
        boolean inetd = options.inetd || (!options.daemon && inherited instanceof SocketChannel);
        InetAddress listen;
        try {
            listen = options.listen == null ? null : InetAddress.getByName(options.listen);
        } catch (UnknownHostException e) {
            throw new Invalid(ExitCode.BAD_ARGUMENTS, "--listen " + options.listen + ": not an address");
        }
        AccessList access;
        try {
            access = AccessList.of(options.allow, options.allowPrivate);
        } catch (IllegalArgumentException e) {
            throw new Invalid(ExitCode.BAD_ARGUMENTS, "--allow: " + e.getMessage());
        }
        boolean tcp = !inetd || inherited instanceof SocketChannel;
        if (tcp && access.isEmpty()) {
            // distcc 3.4 warns and serves everyone here (fixed after 3.4); a volunteer must not.
            throw new Invalid(
                    ExitCode.BAD_ARGUMENTS,
                    "no --allow given: refusing to serve the whole network (use --allow CIDR or --allow-private)");
        }
        var whitelist =
                new CompilerWhitelist(options.whitelistDir, new HashSet<>(options.allowCompilers), options.insecure);
        if (!whitelist.allowsSomething()) {
            throw new Invalid(
                    ExitCode.COMPILER_MISSING,
                    options.whitelistDir + " is missing or empty and no --allow-compiler was given:"
                            + " no compiler could ever run");
        }
        return new CheckedOptions(options, inetd, inherited, listen, access, whitelist);
    }

    /** The address as logs and the stats page show it: {@code *} for every address. */
    String listenText() {
        return listen == null ? "*" : listen.getHostAddress();
    }
}
