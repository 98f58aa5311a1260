/**
 * Streams both sides wrap around a connection: {@link org.jdistcc.common.io.CountingInputStream} and
 * {@link org.jdistcc.common.io.CountingOutputStream} count its traffic.
 *
 * <p>Imports only the JDK: no protocol, no sockets of its own.
 */
package org.jdistcc.common.io;
