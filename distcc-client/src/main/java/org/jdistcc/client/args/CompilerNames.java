package org.jdistcc.client.args;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The compiler name to send to a volunteer. Like distcc 3.4 ({@code dcc_rewrite_generic_compiler},
 * {@code dcc_add_clang_target}): {@code cc}/{@code c++} become the gcc or clang they link to, and
 * {@code gcc}, {@code g++}, {@code gcc-N}, {@code g++-N} get this machine's target triplet when that
 * name exists beside them, so a volunteer of another architecture runs the right cross compiler.
 * {@code DISTCC_NO_REWRITE_CROSS} turns this off. Absolute paths are sent as they are.
 */
public final class CompilerNames {
    private CompilerNames() {}

    /**
     * The compiler name to send a volunteer: the user's, or the target-qualified one (distcc 3.4's {@code dcc_rewrite_generic_compiler}).
     *
     * @param rewriteCross false when {@code DISTCC_NO_REWRITE_CROSS} is set
     */
    public static String forVolunteer(String name, String located, boolean rewriteCross) {
        if (name.contains("/") || !rewriteCross) {
            return name;
        }
        String generic = name;
        if (name.equals("cc") || name.equals("c++")) {
            String real = realName(located);
            boolean clang = real.contains("clang");
            generic = name.equals("cc") ? (clang ? "clang" : "gcc") : (clang ? "clang++" : "g++");
        }
        if (generic.equals("gcc")
                || generic.equals("g++")
                || generic.startsWith("gcc-")
                || generic.startsWith("g++-")) {
            String triplet = triplet();
            Path dir = Path.of(located).getParent();
            if (triplet != null && dir != null && Files.isExecutable(dir.resolve(triplet + "-" + generic))) {
                return triplet + "-" + generic;
            }
        }
        return generic;
    }

    private static String realName(String located) {
        try {
            return Path.of(located).toRealPath().getFileName().toString();
        } catch (IOException e) {
            return located;
        }
    }

    /** Debian's multiarch triplet of this JVM's platform (distcc uses its configure-time host). */
    private static String triplet() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            case "riscv64" -> "riscv64-linux-gnu";
            case "ppc64le" -> "powerpc64le-linux-gnu";
            case "s390x" -> "s390x-linux-gnu";
            default -> null;
        };
    }
}
