package org.jdistcc.daemon.fidelity;

import java.util.ArrayList;
import java.util.List;

/**
 * The fidelity table: option sets x C/C++ x clean/warning/error sources. {@code $P} is the project's
 * absolute path. {@link Expect} says how jdistcc must get there: compiled by the volunteer, or, where
 * a remote result cannot be identical, here.
 */
final class FidelityCases {
    enum Expect {
        /** The volunteer's result is kept. */
        REMOTE,
        /** The client compiles here rather than keep a different result. */
        LOCAL
    }

    record Case(String name, String command, Expect expect) {
        List<String> words(String project) {
            return List.of(command.replace("$P", project).split(" "));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private FidelityCases() {}

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (String lang : List.of("c", "cpp")) {
            String cc = lang.equals("c") ? "gcc" : "g++";
            String clean = "clean." + lang;
            String warn = "warn." + lang;
            String err = "err." + lang;
            String p = lang + " ";
            cases.add(remote(p + "-O2", cc + " -O2 -Iinc -c " + clean));
            cases.add(remote(p + "-g", cc + " -g -Iinc -c " + clean));
            cases.add(remote(p + "-g3", cc + " -g3 -O1 -Iinc -c " + clean));
            cases.add(remote(p + "-gsplit-dwarf", cc + " -g -gsplit-dwarf -Iinc -c " + clean + " -o out/split.o"));
            cases.add(remote(p + "-fstack-usage", cc + " -O2 -fstack-usage -Iinc -c " + clean));
            cases.add(remote(p + "-MD", cc + " -g -MD -Iinc -c " + clean + " -o out/md.o"));
            cases.add(remote(p + "-MMD -MF -MT", cc + " -g -MMD -MF deps/x.d -MT custom-target -Iinc -c " + clean));
            cases.add(remote(p + "-Wp,-MD", cc + " -g -Wp,-MD,deps/wp.d -Iinc -c " + clean));
            cases.add(remote(
                    p + "-fdiagnostics-color=always",
                    cc + " -fdiagnostics-color=always -Wall -Wextra -Iinc -c " + warn));
            cases.add(remote(p + "warnings in and out of macros", cc + " -g -O2 -Wall -Wextra -Iinc -c " + warn));
            cases.add(remote(p + "error", cc + " -g -Wall -Iinc -c " + err));
            cases.add(remote(p + "-Werror", cc + " -Wall -Werror -Iinc -c " + warn));
            cases.add(remote(p + "-O2 -g -fPIC", cc + " -O2 -g -fPIC -Iinc -c " + clean + " -o out/pic.o"));
            cases.add(remote(p + "absolute paths", cc + " -g -fstack-usage -I$P/inc -c $P/" + clean + " -o out/abs.o"));
            cases.add(remote(p + "user -ffile-prefix-map", cc + " -g -ffile-prefix-map=$P=. -Iinc -c " + clean));
            cases.add(local(p + "error with -fstack-usage", cc + " -fstack-usage -Iinc -c " + err));
            cases.add(local(
                    p + "-gsplit-dwarf, absolute -o", cc + " -g -gsplit-dwarf -Iinc -c " + clean + " -o $P/out/s.o"));
        }
        cases.add(remote("c -S -g", "gcc -S -g -Iinc " + "clean.c -o out/clean.s"));
        cases.add(local("c -save-temps", "gcc -save-temps -Iinc -c clean.c"));
        return cases;
    }

    private static Case remote(String name, String command) {
        return new Case(name, command, Expect.REMOTE);
    }

    private static Case local(String name, String command) {
        return new Case(name, command, Expect.LOCAL);
    }
}
