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

    /** A volunteer reached over TCP. */
    record Tcp(String host, int port, int limit, Compression compression, boolean pump) implements HostSpec {
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
