package org.jdistcc.common.args;

/** The gcc driver's rules for naming files it was not given a name for. */
final class FileNames {
    private FileNames() {}

    /** The last path component; a path ending in {@code /} is returned whole, as distcc does. */
    static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 || slash == path.length() - 1 ? path : path.substring(slash + 1);
    }

    /**
     * The extension of a file name without its dot, or null when there is none or the name ends in a
     * dot ({@code dcc_find_extension}). Only the last path component is looked at, so {@code dir.d/x}
     * has none.
     */
    static String extension(String path) {
        String base = basename(path);
        int dot = base.lastIndexOf('.');
        return dot < 0 || dot == base.length() - 1 ? null : base.substring(dot + 1);
    }

    /**
     * What gcc writes when {@code -c} or {@code -S} has no {@code -o}: the source's last component with
     * its extension replaced, in the current directory ({@code %b.o}; distcc's {@code
     * dcc_output_from_source}).
     */
    static String defaultOutput(String source, String newExtension) {
        String base = basename(source);
        int dot = base.lastIndexOf('.');
        return (dot < 0 ? base : base.substring(0, dot)) + newExtension;
    }

    /**
     * The {@code .d} file of {@code -MD}/{@code -MMD} with {@code -o FILE} and no {@code -MF}: gcc's
     * spec {@code %{o*:%.d%*}} cuts the value at the last dot after the last slash (even a leading
     * one: {@code .hidden} gives {@code .d}) and appends {@code .d}. Checked against gcc 12:
     * {@code hello.bar.foo} gives {@code hello.bar.d}, {@code hello.} gives {@code hello.d}, {@code
     * out.x/b} gives {@code out.x/b.d}.
     */
    static String dependencyFileForOutput(String output) {
        for (int i = output.length() - 1; i >= 0; i--) {
            char c = output.charAt(i);
            if (c == '/') {
                break;
            }
            if (c == '.') {
                return output.substring(0, i) + ".d";
            }
        }
        return output + ".d";
    }
}
