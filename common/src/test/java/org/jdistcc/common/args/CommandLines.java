package org.jdistcc.common.args;

import java.util.ArrayList;
import java.util.List;

/** Splits test command lines into words: spaces separate, single quotes group ({@code ''} is empty). */
final class CommandLines {
    private CommandLines() {}

    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    static CompilerCommand parse(String line) {
        return CompilerCommand.parse(words(line));
    }
}
