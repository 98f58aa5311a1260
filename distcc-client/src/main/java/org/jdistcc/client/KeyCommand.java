package org.jdistcc.client;

import java.io.IOException;
import java.net.InetAddress;
import org.jdistcc.client.config.ClientPaths;
import org.jdistcc.client.job.JobContext;
import org.jdistcc.common.ExitCode;
import org.jdistcc.common.tls.KeyLine;
import org.jdistcc.common.tls.KeyPairFile;

/**
 * {@code distcc --show-key}: this client's public key as one line, {@code ed25519 BASE64 USER@HOST},
 * for a volunteer's {@code --authorized-keys}, the key pair made first in {@code
 * $DISTCC_DIR/client_key} (mode 600) when there is none, as {@code ssh-keygen} would.
 */
final class KeyCommand {
    private KeyCommand() {}

    static int show(JobContext job, ClientPaths paths) {
        try {
            var pair = KeyPairFile.loadOrCreate(paths.clientKey());
            return ClientCommand.print(job, KeyLine.of(pair.getPublic(), who()) + "\n");
        } catch (IOException e) {
            return ClientCommand.fail(job, ExitCode.IO_ERROR, "--show-key: " + e.getMessage());
        }
    }

    private static String who() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return System.getProperty("user.name") + "@" + host;
    }
}
