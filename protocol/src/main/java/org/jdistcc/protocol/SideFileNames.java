package org.jdistcc.protocol;

/**
 * Which {@link SideFile} names may accompany an object, the one rule both ends apply: the daemon
 * sends only these, and the client writes only these beside its object, so a volunteer cannot make
 * a client write any other name into its build directory.
 *
 * <p>A side file is named as gcc names the extra outputs of {@code -o x.o}: the object's name with
 * its extension replaced ({@code x.dwo} for {@code -gsplit-dwarf}, {@code x.su} for {@code
 * -fstack-usage}); an object without an extension keeps its whole name as the stem ({@code x} ->
 * {@code x.dwo}).
 *
 * @param objectName the object's file name, without a directory
 */
public record SideFileNames(String objectName) {
    public static SideFileNames of(String objectName) {
        return new SideFileNames(objectName);
    }

    /** Whether a file named {@code name} (a bare file name) may accompany the object. */
    public boolean allows(String name) {
        String stem = stem();
        return !name.contains("/")
                && name.startsWith(stem)
                && name.length() > stem.length()
                && !name.equals(objectName);
    }

    /** {@code x.} for {@code x.o}: what every side file's name starts with. */
    private String stem() {
        int dot = objectName.lastIndexOf('.');
        return (dot > 0 ? objectName.substring(0, dot) : objectName) + ".";
    }
}
