package org.jdistcc.client.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the client keeps its files: {@code $DISTCC_DIR} (default {@code ~/.distcc}) with its
 * {@code lock/}, {@code state/} and {@code stats}. Shared by the compiling client and the tools
 * that read what it leaves there ({@code distccmon-text}, {@code lsdistcc}, {@code --show-stats}).
 *
 * @param home the user's home directory, or null when neither {@code HOME} nor {@code user.home} is set
 */
public record ClientPaths(Path distccDir, Path home) {
    public static ClientPaths from(Map<String, String> env) {
        String homeText = Variable.HOME.in(env);
        if (homeText == null) {
            homeText = System.getProperty("user.home");
        }
        Path home = homeText == null ? null : Path.of(homeText);
        String dir = Variable.DISTCC_DIR.in(env);
        Path distccDir = dir != null && !dir.isEmpty()
                ? Path.of(dir)
                : (home != null
                        ? home.resolve(".distcc")
                        : Path.of(tmpDir(env), "distcc-" + System.getProperty("user.name")));
        return new ClientPaths(distccDir, home);
    }

    public Path stateDir() {
        return distccDir.resolve("state");
    }

    public Path statsFile() {
        return distccDir.resolve("stats");
    }

    /** {@code $DISTCC_DIR/compilers}: which compiler to use on which volunteer ({@code hosts/CompilerMap}). */
    public Path compilerMap() {
        return distccDir.resolve("compilers");
    }

    /** {@code $DISTCC_DIR/identities/}: this machine's compilers' identities, kept between compiles. */
    public Path identities() {
        return distccDir.resolve("identities");
    }

    /** {@code $DISTCC_DIR/client_key}: this client's key pair for volunteers marked {@code ,tls}. */
    public Path clientKey() {
        return distccDir.resolve("client_key");
    }

    /** {@code $DISTCC_DIR/known_volunteers}: the volunteers' pinned keys, {@code HOST[:PORT] KEY} lines. */
    public Path knownVolunteerKeys() {
        return distccDir.resolve("known_volunteers");
    }

    static String tmpDir(Map<String, String> env) {
        String t = Variable.TMPDIR.in(env);
        return t == null || t.isEmpty() ? "/tmp" : t;
    }
}
