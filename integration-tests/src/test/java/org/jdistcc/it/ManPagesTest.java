package org.jdistcc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdistcc.client.config.Variable;
import org.jdistcc.testing.CommandRunner;
import org.jdistcc.testing.Installation;
import org.jdistcc.testing.Outcome;
import org.jdistcc.testing.RequiresInstallation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The installed manual pages ({@code PREFIX/share/man/man1}, written by packaging/man/ManPages.java)
 * render without a warning and name every option and variable the programs take, so they cannot
 * drift from the code unnoticed.
 */
@ExtendWith(RequiresInstallation.class)
class ManPagesTest {
    /** An option as --help lists it: "--format=tsv|json" -> "--format". */
    private static final Pattern LONG_OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    /** The client's variables, as string literals in its sources and getenv() calls in the launcher. */
    private static final Pattern VARIABLE = Pattern.compile("\"((?:J?DISTCC)_[A-Z_]+)\"");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"distcc", "distccd", "distccmon-text", "lsdistcc", "pump"})
    void rendersWithoutWarnings(String program, Installation jdistcc) {
        Outcome man = render(program, jdistcc);

        assertEquals(0, man.exitCode(), man::toString);
        assertEquals("", man.stderr(), "warnings from man/groff for " + program + ".1");
        for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "SEE ALSO")) {
            assertTrue(man.stdout().contains("\n" + section + "\n"), program + ".1 has no " + section + ":\n" + man);
        }
    }

    @Test
    void distccdPageNamesEveryOptionOfDaemonOptions(Installation jdistcc) throws ClassNotFoundException {
        String page = render("distccd", jdistcc).stdout();
        var spec = new CommandLine(Class.forName("org.jdistcc.daemon.DaemonOptions")).getCommandSpec();

        var missing = new TreeSet<String>();
        for (OptionSpec option : spec.options()) {
            // A hidden option is distccd's own business (--detached: what it passes to its detached copy).
            if (option.hidden()) {
                continue;
            }
            for (String name : option.names()) {
                if (!containsWord(page, name)) {
                    missing.add(name);
                }
            }
        }
        assertTrue(missing.isEmpty(), "distccd.1 does not name " + missing);
    }

    @ParameterizedTest
    @ValueSource(strings = {"distcc", "distccd", "distccmon-text", "lsdistcc", "pump"})
    void pageNamesEveryOptionOfHelp(String program, Installation jdistcc) {
        Outcome help = jdistcc.userIn(dir)
                .run(jdistcc.prefix().resolve("bin/" + program).toString(), "--help");
        // distcc 3.4's lsdistcc exits 1 after its usage (its test suite's Lsdistcc_Case checks it).
        assertEquals(program.equals("lsdistcc") ? 1 : 0, help.exitCode(), help::toString);
        String page = render(program, jdistcc).stdout();

        var missing = new TreeSet<String>();
        Matcher option = LONG_OPTION.matcher(help.stdout());
        while (option.find()) {
            if (!containsWord(page, option.group())) {
                missing.add(option.group());
            }
        }
        assertTrue(missing.isEmpty(), program + ".1 does not name " + missing + " from --help");
    }

    @Test
    void distccPageNamesEveryVariableTheClientReads(Installation jdistcc) throws IOException {
        String page = render("distcc", jdistcc).stdout();

        var missing = new TreeSet<String>();
        for (String variable : clientVariables()) {
            if (!containsWord(page, variable)) {
                missing.add(variable);
            }
        }
        assertTrue(missing.isEmpty(), "distcc.1 does not name " + missing);
    }

    /**
     * The client's table of variables (what the page is generated from), and every DISTCC_* and
     * JDISTCC_* its Java sources and the C launcher name besides.
     */
    private static Set<String> clientVariables() throws IOException {
        Path sources = Path.of("..", "distcc-client", "src", "main", "java");
        Path launcher = Path.of("..", "launcher", "distcc.c");
        assertTrue(Files.isDirectory(sources) && Files.isRegularFile(launcher), "run from integration-tests/");
        var names = new TreeSet<String>();
        for (Variable variable : Variable.values()) {
            names.add(variable.name());
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                collect(Files.readString(file), VARIABLE, names);
            }
        }
        collect(Files.readString(launcher), Pattern.compile("getenv\\(\"([A-Z_]+)\"\\)"), names);
        return names;
    }

    private static void collect(String text, Pattern pattern, Set<String> into) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            into.add(m.group(1));
        }
    }

    /** The page as man shows it, in plain text, with groff's warnings on stderr. */
    private Outcome render(String program, Installation jdistcc) {
        Path page = jdistcc.prefix().resolve("share/man/man1/" + program + ".1");
        assertTrue(Files.isRegularFile(page), page + " is not installed");
        Outcome man = CommandRunner.in(dir)
                .with("MANWIDTH", "80")
                .with("LC_ALL", "C.UTF-8")
                .with("MAN_KEEP_FORMATTING", "")
                .run("man", "--warnings", "-l", "-P", "cat", page.toString());
        // Hyphens and minus signs as the terminal may show them, so options compare as typed.
        String text = man.stdout().replace('\u2010', '-').replace('\u2212', '-').replaceAll(".\b", "");
        return new Outcome(man.exitCode(), text, man.stderr());
    }

    private static boolean containsWord(String text, String word) {
        return Pattern.compile("(?<![\\w-])" + Pattern.quote(word) + "(?![\\w-])")
                .matcher(text)
                .find();
    }
}
