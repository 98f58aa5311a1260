/**
 * What a compiler is, as far as its objects are concerned: {@link
 * org.jdistcc.common.toolchain.CompilerIdentity}, a digest of the driver, the programs it runs to
 * compile ({@code cc1}, {@code cc1plus}, {@code as}, found through {@code -print-prog-name}) and what
 * it says of its configuration ({@code -dumpversion}, {@code -dumpmachine}, {@code -v}, {@code
 * -dumpspecs}). The client and the volunteer compute it the same way, so two ends can tell whether
 * their compilers are the same; the volunteer's result cache keys on it.
 *
 * <p>The one package of {@code common} that starts processes: the compiler's own queries, with fixed
 * arguments, bounded in time and output. Uses only the JDK; no other package of {@code common}.
 */
package org.jdistcc.common.toolchain;
