package org.jdistcc.client.includes;

import java.util.List;

/** The {@code #} operator: an argument's spelling as a string literal (C11 6.10.3.2). */
final class Stringifier {
    private Stringifier() {}

    static PpToken stringify(List<PpToken> argument, boolean spaceBefore) {
        var text = new StringBuilder("\"");
        for (int i = 0; i < argument.size(); i++) {
            PpToken t = argument.get(i);
            if (i > 0 && t.spaceBefore()) {
                text.append(' ');
            }
            if (t.kind() == PpToken.Kind.LITERAL) {
                for (int k = 0; k < t.text().length(); k++) {
                    char c = t.text().charAt(k);
                    if (c == '"' || c == '\\') {
                        text.append('\\');
                    }
                    text.append(c);
                }
            } else {
                text.append(t.text());
            }
        }
        return PpToken.of(PpToken.Kind.LITERAL, text.append('"').toString(), spaceBefore);
    }
}
