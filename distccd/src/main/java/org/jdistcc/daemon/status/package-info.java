/**
 * The daemon's statistics and its stats port.
 *
 * <p>The serving code feeds a {@link org.jdistcc.daemon.status.DaemonStats}: {@code jobStarted}
 * for each accepted connection, then on the returned job {@code request}, {@code sourceReceived},
 * {@code compiling}, {@code replying} and {@code finished} with a {@link
 * org.jdistcc.daemon.status.JobResult}. With {@code --stats}, {@link
 * org.jdistcc.daemon.status.StatsServer#start} serves the live monitor (a browser at {@code /}),
 * distcc's {@code <distccstats>} page, Prometheus {@code /metrics} and a JSON {@code /status} (see
 * docs/monitoring.md).
 *
 * <p>Bottom floor: uses {@code common} and the JDK, no other package of the daemon; it is told about
 * jobs, it never asks.
 */
package org.jdistcc.daemon.status;
