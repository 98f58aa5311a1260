/**
 * What the client and the daemon both need and nothing else: distcc's exit codes ({@link
 * org.jdistcc.common.ExitCode}, {@code src/exitcode.h}), its error line ({@link
 * org.jdistcc.common.ErrorLine}), JSON strings for the few JSON documents the tools print. The
 * command-line model is in {@code args}, streams in {@code io}, compiler identities in {@code
 * toolchain}.
 *
 * <p>The bottom of everything: uses only the JDK; {@code common}'s packages use none of each other
 * but {@code digest} and {@code io}, which are below the rest (PackageFloorsTest). No protocol, no sockets; no processes but a compiler's own queries
 * ({@code toolchain}).
 */
package org.jdistcc.common;
