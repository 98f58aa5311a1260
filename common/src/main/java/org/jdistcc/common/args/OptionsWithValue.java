package org.jdistcc.common.args;

import java.util.Set;

/**
 * gcc and clang options whose value is the next word, so that word is neither an input nor an
 * option. distcc 3.4 only knows this for {@code -o}, {@code -MF}, {@code -MT} and {@code -MQ}; we
 * know more so that {@code -include foo.c} or {@code -mllvm -x...} are not misread.
 */
final class OptionsWithValue {
    private static final Set<String> OPTIONS = Set.of(
            // gcc driver and preprocessor
            "-o",
            "-x",
            "-D",
            "-U",
            "-I",
            "-L",
            "-l",
            "-A",
            "-B",
            "-T",
            "-u",
            "-e",
            "-z",
            "-MF",
            "-MT",
            "-MQ",
            "-include",
            "-imacros",
            "-iprefix",
            "-iwithprefix",
            "-iwithprefixbefore",
            "-isystem",
            "-idirafter",
            "-iquote",
            "-isysroot",
            "-imultilib",
            "-imultiarch",
            "-Xpreprocessor",
            "-Xassembler",
            "-Xlinker",
            "-aux-info",
            "-dumpbase",
            "-dumpbase-ext",
            "-dumpdir",
            "-specs",
            "-wrapper",
            "--param",
            "--sysroot",
            "--specs",
            "--include",
            "--imacros",
            "--define-macro",
            "--undefine-macro",
            "--include-directory",
            "--include-directory-after",
            "--include-prefix",
            "--include-with-prefix",
            "--include-with-prefix-before",
            "--include-with-prefix-after",
            "--library-directory",
            "--assert",
            "--for-linker",
            "--for-assembler",
            "--output",
            "--language",
            // clang
            "-Xclang",
            "-Xanalyzer",
            "-mllvm",
            "-target",
            "-arch",
            "-F",
            "-iframework",
            "-iframeworkwithsysroot",
            "-iwithsysroot",
            "-isystem-after",
            "-cxx-isystem",
            "-include-pch",
            "-ivfsoverlay",
            "-resource-dir",
            "-MJ");

    private OptionsWithValue() {}

    static boolean takesNextWord(String option) {
        return OPTIONS.contains(option);
    }
}
