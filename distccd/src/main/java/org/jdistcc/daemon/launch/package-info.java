/**
 * Turning the JVM into a daemon process the way distcc 3.4's {@code src/daemon.c} does with fork and
 * setuid: leaving root by starting again as another user ({@code UserSwitch}), detaching by starting
 * again in a new session ({@code Detach}), the pid file, the log (a file, stderr, or syslog through
 * {@code /dev/log}), the lowered priority.
 *
 * <p>Bottom floor: uses only {@code common}, the JDK and the log (logback, set up here), no other package
 * of the daemon. Nothing here serves a client.
 */
package org.jdistcc.daemon.launch;
