/**
 * One job, from the request's first byte to the reply's last: {@link
 * org.jdistcc.daemon.serving.CompileJob} runs the chain (receive the head, check it, receive the
 * input, compile, reply) with its deadlines, compile slot and endings once for every kind of request;
 * a {@code Dialect} per kind ({@code PreprocessedDialect}: distcc's {@code .i} protocols; {@code
 * SourceDialect}: jdistcc's source mode; {@code PumpDialect}: distcc's pump mode) says how the input
 * arrives, what runs on it and what goes back. Also here: the job's directory ({@code JobDir}), the
 * wire side of a job ({@code JobReceiver}, {@code ReplySender}), what source mode needs to look like a
 * local compile ({@code SourceRequest}, {@code SourceTree}, {@code DefaultSearchPaths}, {@code
 * PathRemapper}, {@code DependencyFile}), and what pump
 * mode needs to do as distcc 3.4's server does ({@code PumpTree}, {@code PumpRoot}, {@code
 * PumpArguments}, {@code DependencyRewriter}, {@code DebugPathRewriter}, {@code ElfSections}).
 *
 * <p>Middle floor: uses {@code net}, {@code compilers}, {@code status}, {@code cache}, {@code
 * protocol} and {@code common}; never the entry point above it ({@code org.jdistcc.daemon}).
 */
package org.jdistcc.daemon.serving;
