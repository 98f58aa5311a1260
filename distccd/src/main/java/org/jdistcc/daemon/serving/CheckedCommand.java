package org.jdistcc.daemon.serving;

import java.io.IOException;
import java.nio.file.Path;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.daemon.compilers.CompileCommand;
import org.jdistcc.daemon.compilers.Refusal;
import org.jdistcc.daemon.status.DaemonStats;
import org.jdistcc.protocol.Request;

/**
 * A request that passed the checks (stage 2): the compiler allow-list, the option policy, and the
 * compiler found on the daemon's path (and found to be the client's, when the client said which).
 *
 * @param command the command rewritten for the job directory
 * @param compiler the executable that runs it
 * @param identity what that compiler is, when it was needed (the client's check, the result cache)
 *     and could be worked out; else null
 */
record CheckedCommand(CompileCommand command, Path compiler, CompilerIdentity identity) {
    CheckedCommand(CompileCommand command, Path compiler) {
        this(command, compiler, null);
    }

    /**
     * Stage 2: compiler name, then options, then the compiler binary, and when the client named its
     * compiler's identity, that this one is the same. Nothing runs if one fails.
     *
     * @param identityWanted whether the compiler's identity is wanted anyway (a result cache keys by it)
     */
    static CheckedCommand check(
            ServingConfig config,
            Request request,
            Dialect dialect,
            boolean identityWanted,
            JobLog log,
            DaemonStats.Job statsJob)
            throws Refusal {
        String name = config.whitelist().check(request.argv().getFirst());
        CompileCommand command =
                dialect.check(name, request.argv().subList(1, request.argv().size()));
        log.source(command.source());
        statsJob.request(name, command.source());
        var compiler = config.locator().locate(name);
        CompilerIdentity identity = null;
        if (request.identity() != null || identityWanted) {
            try {
                identity = config.identities().of(compiler);
            } catch (IOException e) {
                if (request.identity() != null) {
                    throw Refusal.otherCompiler("cannot tell what compiler '" + name + "' is here: " + e.getMessage());
                }
            }
        }
        if (request.identity() != null && !request.identity().equals(identity.digest())) {
            throw Refusal.otherCompiler("compiler '" + name + "' here is " + identity.describe()
                    + ", not the client's (" + request.identity().substring(0, 12) + ")");
        }
        return new CheckedCommand(command, compiler, identity);
    }
}
