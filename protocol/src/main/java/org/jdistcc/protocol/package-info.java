/**
 * distcc's wire format ({@code src/rpc.c}, {@code src/serve.c}) and jdistcc's extensions to it (LZ4,
 * side files, source mode; docs/protocol.md): the messages as records ({@link
 * org.jdistcc.protocol.Request}, {@link org.jdistcc.protocol.Reply}, {@link
 * org.jdistcc.protocol.Manifest}, {@link org.jdistcc.protocol.PumpEntry}), one {@link org.jdistcc.protocol.MessageReader} and one {@link
 * org.jdistcc.protocol.MessageWriter} turning them into bytes and back, the bounds on what a peer can
 * make us allocate ({@link org.jdistcc.protocol.Limits}), and the rules both ends must apply the same
 * way ({@link org.jdistcc.protocol.SideFileNames}).
 *
 * <p>Pure functions over streams: no sockets, no threads, no processes. Uses only the JDK and the
 * compression library; client and daemon use it, it uses neither.
 */
package org.jdistcc.protocol;
