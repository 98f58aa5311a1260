package org.jdistcc.common.toolchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jdistcc.common.digest.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Build IDs against binutils' {@code readelf -n}, on programs gcc links here. */
class ProgramDigestTest {
    private static final Pattern BUILD_ID = Pattern.compile("Build ID: ([0-9a-f]+)");

    @TempDir
    Path dir;

    private Path link(String name, String... options) throws Exception {
        Files.writeString(dir.resolve("main.c"), "int main(void) { return " + name.length() + "; }\n");
        var command =
                new java.util.ArrayList<>(List.of("gcc", "-o", dir.resolve(name).toString()));
        command.addAll(List.of(options));
        command.add(dir.resolve("main.c").toString());
        run(command);
        return dir.resolve(name);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), command + ": " + out);
        return out;
    }

    @Test
    void aProgramsBuildIdIsWhatReadelfReads() throws Exception {
        for (Path program : List.of(link("sha1", "-Wl,--build-id=sha1"), link("md5", "-Wl,--build-id=md5"))) {
            var matcher = BUILD_ID.matcher(run(List.of("readelf", "-n", program.toString())));
            assertTrue(matcher.find(), program + " has a build ID");

            assertEquals(matcher.group(1), HexFormat.of().formatHex(ProgramDigest.buildId(program)));
            assertEquals("build-id:" + matcher.group(1), ProgramDigest.of(program));
        }
    }

    @Test
    void withoutABuildIdTheWholeFileIsHashed() throws Exception {
        Path bare = link("bare", "-Wl,--build-id=none");
        Path script = dir.resolve("script");
        Files.writeString(script, "#!/bin/sh\nexit 0\n");

        assertNull(ProgramDigest.buildId(bare));
        assertEquals(Sha256.hex(bare), ProgramDigest.of(bare));
        assertEquals(Sha256.hex(script), ProgramDigest.of(script));
    }

    @Test
    void truncatedOrDamagedElfFilesFallBackToTheHash() throws Exception {
        byte[] whole = Files.readAllBytes(link("whole", "-Wl,--build-id=sha1"));
        for (int length : new int[] {0, 4, 63, 64, 200, whole.length / 2}) {
            Path cut = dir.resolve("cut" + length);
            Files.write(cut, java.util.Arrays.copyOf(whole, length));
            String digest = ProgramDigest.of(cut);
            assertTrue(digest.equals(Sha256.hex(cut)) || digest.startsWith("build-id:"), digest);
        }
        byte[] damaged = whole.clone();
        damaged[0x38] = (byte) 0xff; // e_phnum: 65535 program headers
        damaged[0x39] = (byte) 0xff;
        Path bad = dir.resolve("bad");
        Files.write(bad, damaged);
        assertEquals(Sha256.hex(bad), ProgramDigest.of(bad));
    }

    @Test
    void twoBuildsOfDifferentCodeDiffer() throws Exception {
        assertNotEquals(
                ProgramDigest.of(link("a", "-Wl,--build-id=sha1")),
                ProgramDigest.of(link("bb", "-Wl,--build-id=sha1")));
    }
}
