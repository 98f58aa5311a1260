/**
 * The gcc/clang command line as distcc sees it: {@link org.jdistcc.common.args.CompilerCommand#parse}
 * models one (source, output, mode, language, dependency file) and says whether it may be compiled
 * elsewhere ({@link org.jdistcc.common.args.Verdict}), and how to run its preprocessor here and its
 * compiler on a server. The rules are distcc 3.4's ({@code src/arg.c}, {@code src/strip.c}, {@code
 * src/filename.c}); where we differ, {@link org.jdistcc.common.args.CompilerCommand} says why.
 *
 * <p>The client runs this on every compile: one pass over the words, string switches and set lookups,
 * no regular expressions, reflection or logging.
 *
 * <p>Uses only the JDK: no other package of {@code common}, nothing of the protocol.
 */
package org.jdistcc.common.args;
