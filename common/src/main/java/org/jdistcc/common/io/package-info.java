/**
 * Streams both sides wrap around a connection: {@link org.jdistcc.common.io.CountingInputStream} and
 * {@link org.jdistcc.common.io.CountingOutputStream} count its traffic; files replaced whole
 * ({@link org.jdistcc.common.io.WholeFile}) and directories made on first use.
 *
 * <p>Imports only the JDK: no protocol, no sockets of its own. On the bottom floor of {@code
 * common}, with {@code digest}: the other packages may use it.
 */
package org.jdistcc.common.io;
