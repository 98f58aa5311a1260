/**
 * The {@code distccd} program: the top floor, which wires the others. {@link org.jdistcc.daemon.Main}
 * reads the command line ({@code DaemonOptions}, checked as a whole by {@code CheckedOptions}), leaves
 * root and detaches ({@code launch}), builds what every job shares ({@code Wiring}: compiler path, job
 * directories, compile slots, the file cache, statistics) and serves: one client on stdin ({@code InetdServing}) or a
 * listening socket ({@code TcpServing}).
 *
 * <p>May use every package of the daemon; none of them uses this one. Nothing here handles a job:
 * that is {@code serving}'s. Floors are checked by {@code scripts/PackageFloors.java}
 * (PackageFloorsTest): {@code launch, net, compilers, status, cache} at the bottom, then {@code serving},
 * then this package.
 */
package org.jdistcc.daemon;
