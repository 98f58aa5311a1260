package org.jdistcc.common.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdistcc.common.args.DependencyOptions.Style;
import org.jdistcc.common.args.DependencyOptions.Target;
import org.junit.jupiter.api.Test;

class DependencyOptionsTest {

    @Test
    void autotoolsLineNamesEverything() {
        DependencyOptions deps = CommandLines.parse(
                        "gcc -DHAVE_CONFIG_H -I. -MT x.lo -MD -MP -MF .deps/x.Tpo -c x.c -fPIC -o .libs/x.o")
                .dependencies();
        assertEquals(
                new DependencyOptions(
                        Style.ALL_HEADERS, Optional.of(".deps/x.Tpo"), List.of(new Target("x.lo", false)), true, false),
                deps);
    }

    @Test
    void kernelLineUsesThePreprocessorOption() {
        DependencyOptions deps = CommandLines.parse(
                        "gcc -Wp,-MMD,drivers/.x.o.d -nostdinc -c -o drivers/x.o drivers/x.c")
                .dependencies();
        assertEquals(
                new DependencyOptions(Style.USER_HEADERS, Optional.of("drivers/.x.o.d"), List.of(), false, false),
                deps);
    }

    @Test
    void preprocessorOptionOutranksTheDriversFile() {
        // cc1 sees -Wp words after the driver's -MD/-MF, and the last file named wins.
        assertEquals(
                Optional.of("w.d"),
                CommandLines.parse("gcc -MD -MF x.d -Wp,-MD,w.d -c x.c")
                        .dependencies()
                        .file());
    }

    @Test
    void quotedAndPlainTargetsKeepTheirOrder() {
        assertEquals(
                List.of(new Target("a", false), new Target("b$", true), new Target("c", false), new Target("d", true)),
                CommandLines.parse("gcc -MD -MT a -MQb$ -Wp,-MT,c,-MQ,d -c x.c")
                        .dependencies()
                        .targets());
    }

    @Test
    void compileWithoutDependencyOptionsHasNone() {
        assertEquals(DependencyOptions.NONE, CommandLines.parse("gcc -c x.c").dependencies());
    }

    @Test
    void environmentNamesTheFileOnlyWithoutDependencyOptions() {
        Map<String, String> env = Map.of("DEPENDENCIES_OUTPUT", "deps/x.d x.o", "SUNPRO_DEPENDENCIES", "sun.d");
        assertEquals(Optional.of("deps/x.d"), CommandLines.parse("gcc -c x.c").dependencyFile(env));
        assertEquals(Optional.of("x.d"), CommandLines.parse("gcc -MD -c x.c").dependencyFile(env));
        assertEquals(
                Optional.of("sun.d"),
                CommandLines.parse("gcc -c x.c").dependencyFile(Map.of("SUNPRO_DEPENDENCIES", "sun.d")));
        assertEquals(Optional.empty(), CommandLines.parse("gcc -c x.c").dependencyFile(Map.of()));
    }
}
