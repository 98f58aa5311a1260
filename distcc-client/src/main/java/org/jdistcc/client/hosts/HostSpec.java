package org.jdistcc.client.hosts;

import org.jdistcc.protocol.Compression;

/** One entry of a distcc host list: where a job may run and how many at once. */
public sealed interface HostSpec {
    /** How many jobs may run there at once. */
    int limit();

    /** The name distcc 3.4 uses in lock and backoff file names: {@code localhost}, {@code tcp_HOST_PORT}, {@code ssh_HOST}. */
    String lockName();

    /** A compile on this machine ({@code localhost} or {@code localhost/N}). */
    record Local(int limit) implements HostSpec {
        @Override
        public String lockName() {
            return "localhost";
        }
    }

    /**
     * A volunteer reached over TCP.
     *
     * @param tls marked {@code ,tls}: reached only over TLS, and only when it shows the key pinned for
     *     it in {@code $DISTCC_DIR/known_volunteers}
     */
    record Tcp(String host, int port, int limit, Compression compression, boolean pump, boolean tls)
            implements HostSpec {
        /** A plaintext volunteer, as distcc 3.4 knows them. */
        public Tcp(String host, int port, int limit, Compression compression, boolean pump) {
            this(host, port, limit, compression, pump, false);
        }

        @Override
        public String lockName() {
            return "tcp_" + host + "_" + port;
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** A volunteer reached by running {@code distccd --inetd} over SSH. */
    record Ssh(String user, String host, int limit, String command, Compression compression, boolean pump)
            implements HostSpec {
        @Override
        public String lockName() {
            return "ssh_" + host;
        }

        @Override
        public String toString() {
            return (user == null ? "" : user) + "@" + host;
        }
    }
}
