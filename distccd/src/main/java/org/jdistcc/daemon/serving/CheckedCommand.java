package org.jdistcc.daemon.serving;

import java.nio.file.Path;
import org.jdistcc.daemon.compilers.CompileCommand;

/**
 * A request that passed the checks (stage 2): the compiler allow-list, the option policy, and the
 * compiler found on the daemon's path.
 *
 * @param command the command rewritten for the job directory
 * @param compiler the executable that runs it
 */
record CheckedCommand(CompileCommand command, Path compiler) {}
