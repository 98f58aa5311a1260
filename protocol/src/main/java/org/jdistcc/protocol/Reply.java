package org.jdistcc.protocol;

import java.util.List;

/**
 * The server's answer: {@code DONE}, {@code STAT}, {@code SERR}, {@code SOUT}, then on success
 * {@code DOTO}, for pump mode {@code DOTD}, and for jdistcc's side-file dialect the extra files.
 *
 * @param waitStatus the raw wait status: exit code &lt;&lt; 8, or the signal in the low 7 bits
 * @param object the object file; read by clients only when {@code waitStatus == 0}
 * @param deps pump mode's dependency file, or null
 */
public record Reply(
        ProtocolVersion version,
        int waitStatus,
        Payload stderr,
        Payload stdout,
        Payload object,
        Payload deps,
        List<SideFile> sideFiles)
        implements Message {
    public Reply {
        sideFiles = List.copyOf(sideFiles);
    }

    public boolean succeeded() {
        return waitStatus == 0;
    }

    /** The status as a shell shows it: the exit code, or 128 + signal. */
    public int exitStatus() {
        int signal = waitStatus & 0x7f;
        return signal != 0 ? 128 + signal : (waitStatus >>> 8) & 0xff;
    }

    public static int waitStatusOfExit(int exitCode) {
        return (exitCode & 0xff) << 8;
    }
}
