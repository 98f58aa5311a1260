package org.jdistcc.daemon.serving;

import java.nio.file.Path;
import org.jdistcc.common.toolchain.CompilerIdentity;
import org.jdistcc.daemon.compilers.CompileCommand;

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
}
