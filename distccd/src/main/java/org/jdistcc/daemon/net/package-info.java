/**
 * The daemon's sockets: accepting clients ({@link org.jdistcc.daemon.net.Listener}), refusing those
 * not on the {@code --allow} list before reading a byte ({@link org.jdistcc.daemon.net.AccessList},
 * as distcc 3.4's {@code src/access.c}), capping open connections, noting clients over their
 * per-client limits when they connect ({@link org.jdistcc.daemon.net.ClientLimits}), TLS beside
 * plaintext on one port and who TLS admits ({@link org.jdistcc.daemon.net.TlsGate}), and one client's
 * streams, counted,
 * whether a TCP socket or stdin under {@code --inetd} ({@link org.jdistcc.daemon.net.ClientConnection}).
 *
 * <p>Bottom floor: uses {@code common}, the JDK and the log, no other package of the daemon, and of the
 * protocol only the TLS admission ({@code TlsAdmission}): what a connection carries is {@code serving}'s
 * business.
 */
package org.jdistcc.daemon.net;
