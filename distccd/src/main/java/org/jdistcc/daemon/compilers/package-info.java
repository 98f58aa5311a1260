/**
 * Which compilers may run and how: the compiler-name allow-list ({@link
 * org.jdistcc.daemon.compilers.CompilerWhitelist}, distcc 3.4's {@code /usr/lib/distcc} masquerade
 * directory), the option policy that refuses anything that would read or write outside the job
 * ({@link org.jdistcc.daemon.compilers.OptionPolicy}; {@link org.jdistcc.daemon.compilers.PumpCommand}
 * for pump mode), finding the real compiler on the daemon's path,
 * and starting and killing it ({@link org.jdistcc.daemon.compilers.CompilerRunner}, {@code
 * posix_spawn}) inside the sandbox every compiler runs in ({@link org.jdistcc.daemon.compilers.Sandbox}:
 * bubblewrap or the {@code distccd-sandbox} helper, what it shows, its rlimits).
 *
 * <p>Bottom floor: uses {@code common} (exit codes) and the JDK, no other package of the daemon. It
 * neither reads requests nor writes replies.
 */
package org.jdistcc.daemon.compilers;
