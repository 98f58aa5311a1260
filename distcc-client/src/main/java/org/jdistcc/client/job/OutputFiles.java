package org.jdistcc.client.job;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.jdistcc.protocol.Payload;
import org.jdistcc.protocol.ProtocolException;
import org.jdistcc.protocol.SideFile;
import org.jdistcc.protocol.SideFileNames;

/**
 * Puts a remote compile's results where a local compile writes them, each file appearing only
 * complete (renamed from a temporary file in the same directory): first the side files, then the
 * object, so a build tool that sees the new object also sees its {@code .dwo}.
 */
public final class OutputFiles {
    private OutputFiles() {}

    /**
     * Moves the object and its side files into place, side files first.
     *
     * @param sides side files as received (in a temporary directory beside {@code target}); each must
     *     be named after the object ({@link SideFileNames}), so a volunteer cannot write anything else
     *     here
     */
    public static void commit(TempFiles temps, Path objectTemp, Path target, List<SideFile> sides) throws IOException {
        String objectName = target.getFileName().toString();
        for (SideFile side : sides) {
            if (!SideFileNames.of(objectName).allows(side.name())) {
                throw new ProtocolException(
                        ProtocolException.Kind.MALFORMED,
                        "side file '" + side.name() + "' is not named after " + objectName);
            }
        }
        for (SideFile side : sides) {
            move(temps, ((Payload.InFile) side.content()).path(), target.resolveSibling(side.name()));
        }
        move(temps, objectTemp, target);
    }

    public static void move(TempFiles temps, Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        temps.forget(temp);
    }
}
