package org.jdistcc.daemon;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Command lines a hostile client could send, each with a fragment the refusal must name. {@code
 * %S} stands for a directory the attack aims at, which must stay empty.
 */
final class DangerousCommands {
    record Case(String line, String named) {
        List<String> argv(Path scratch) {
            return Arrays.stream(line.split(" "))
                    .map(w -> w.replace("%S", scratch.toString()).replace("%_", " "))
                    .toList();
        }

        @Override
        public String toString() {
            return line;
        }
    }

    static final List<Case> TABLE = List.of(
            new Case("gcc -wrapper /bin/sh,-c,touch%_%S/pwned -c x.c -o x.o", "'-wrapper'"),
            new Case("gcc -B%S/evil/ -c x.c -o x.o", "'-B"),
            new Case("gcc -B %S/evil/ -c x.c -o x.o", "'-B'"),
            new Case("gcc @/etc/passwd -c x.c -o x.o", "'@/etc/passwd'"),
            new Case("gcc -aux-info %S/x -c x.c -o x.o", "'-aux-info'"),
            new Case("gcc -fdump-tree-all=%S/x -c x.c -o x.o", "'-fdump-tree-all="),
            new Case("gcc -save-temps -dumpdir %S/ -c x.c -o x.o", "'-save-temps'"),
            new Case("gcc -dumpdir %S/ -c x.c -o x.o", "'-dumpdir'"),
            new Case("gcc -dumpbase %S/x -c x.c -o x.o", "'-dumpbase'"),
            new Case("gcc -fplugin=%S/x.so -c x.c -o x.o", "'-fplugin="),
            new Case("gcc -specs=%S/x -c x.c -o x.o", "'-specs="),
            new Case("gcc -fuse-ld=%S/ld -c x.c -o x.o", "'-fuse-ld="),
            new Case("gcc --sysroot=%S -c x.c -o x.o", "'--sysroot="),
            new Case("gcc -isysroot %S -c x.c -o x.o", "'-isysroot'"),
            new Case("gcc -MD -MF %S/x.d -c x.c -o x.o", "'-MF'"),
            new Case("gcc -Wp,-MD,%S/x.d -c x.c -o x.o", "'-Wp,-MD,"),
            new Case("gcc -Wa,-adhln=%S/x.lst -c x.c -o x.o", "'-Wa,-adhln="),
            new Case("gcc -Wl,-o,%S/x -c x.c -o x.o", "'-Wl,-o,"),
            new Case("gcc -Xassembler --MD -c x.c -o x.o", "'-Xassembler'"),
            new Case("gcc -include /etc/passwd -c x.c -o x.o", "'-include'"),
            new Case("gcc -fprofile-use=%S/prof -c x.c -o x.o", "'-fprofile-use="),
            new Case("gcc -fsanitize-ignorelist=/etc/passwd -c x.c -o x.o", "'-fsanitize-ignorelist=/etc/passwd'"),
            new Case("gcc -x c -fno-preprocessed -c x.c -o x.o", "'-fno-preprocessed'"),
            new Case("gcc -no-integrated-cpp -c x.c -o x.o", "'-no-integrated-cpp'"),
            new Case("gcc -fcompare-debug -c x.c -o x.o", "'-fcompare-debug'"),
            new Case("gcc -fmodule-mapper=|/bin/sh -c x.c -o x.o", "'-fmodule-mapper="),
            new Case("gcc -time=%S/t -c x.c -o x.o", "'-time="),
            new Case("gcc --output=%S/x.o -c x.c", "'--output="),
            new Case("gcc -E x.c -o x.i", "'-E'"),
            new Case("gcc -M x.c", "'-M'"),
            new Case("gcc -c x.c -o %S/", "'-o %S/'"),
            new Case("gcc -c x.c -o %S/..", "'-o %S/..'"),
            new Case("gcc -march=native -c x.c -o x.o", "'-march=native'"),
            new Case("gcc -x assembler -c x.c -o x.o", "'-x'"),
            new Case("gcc -c x.c /etc/passwd.c -o x.o", "'/etc/passwd.c'"),
            new Case("gcc x.c -o x", "neither -c nor -S"),
            new Case("/bin/sh -c x.c -o x.o", "compiler '/bin/sh'"),
            new Case("env -c x.c -o x.o", "compiler 'env'"),
            new Case("../bin/sh -c x.c -o x.o", "compiler '../bin/sh'"),
            new Case("sh -c x.c -o x.o", "compiler 'sh'"),
            new Case("/usr/local/bin/gcc -c x.c -o x.o", "compiler '/usr/local/bin/gcc'"));

    private DangerousCommands() {}
}
