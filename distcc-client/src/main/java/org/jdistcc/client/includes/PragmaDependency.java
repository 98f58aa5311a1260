package org.jdistcc.client.includes;

import org.jdistcc.client.includes.IncludeDirective.Form;
import org.jdistcc.client.includes.IncludeDirective.Use;

/**
 * {@code #pragma GCC dependency "file"} compares the file's date with the current file's: the file
 * must exist on the other side too, though it is not read.
 */
final class PragmaDependency {
    private PragmaDependency() {}

    /** The probe a pragma's text (after {@code #pragma}) asks for, or null. */
    static IncludeDirective parse(String rest, int line) {
        if (!rest.startsWith("GCC")) {
            return null;
        }
        String tail = rest.substring(3).stripLeading();
        if (!tail.startsWith("dependency")) {
            return null;
        }
        String operand = tail.substring("dependency".length()).stripLeading();
        char open = operand.isEmpty() ? 0 : operand.charAt(0);
        int close = open == '"' ? operand.indexOf('"', 1) : open == '<' ? operand.indexOf('>', 1) : -1;
        if (close <= 0) {
            return null;
        }
        Form form = open == '"' ? Form.QUOTED : Form.ANGLED;
        return new IncludeDirective(Use.PROBE, form, false, operand.substring(1, close), line);
    }
}
