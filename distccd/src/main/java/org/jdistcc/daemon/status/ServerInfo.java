package org.jdistcc.daemon.status;

import java.nio.file.Path;
import java.util.List;

/**
 * The daemon's configuration as the status pages show it.
 *
 * @param version the daemon's version ({@code 0.1.0})
 * @param listen the address it listens on, as given ({@code 0.0.0.0} for all)
 * @param port the compile port
 * @param jobs the most jobs it runs at once ({@code --jobs}; distcc's {@code dcc_max_kids})
 * @param compression the payload encodings it accepts ({@code none}, {@code lzo}, {@code lz4})
 * @param allowed the {@code --allow} networks, as CIDR text
 * @param tmpDir where jobs run: its free space is {@code dcc_free_space}
 */
public record ServerInfo(
        String version,
        String listen,
        int port,
        int jobs,
        List<String> compression,
        List<String> allowed,
        Path tmpDir) {
    public ServerInfo {
        compression = List.copyOf(compression);
        allowed = List.copyOf(allowed);
    }
}
