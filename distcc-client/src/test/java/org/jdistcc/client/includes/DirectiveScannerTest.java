package org.jdistcc.client.includes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DirectiveScannerTest {
    static Stream<Arguments> sources() {
        return Stream.of(
                arguments("#include \"a.h\"", "INCLUDE QUOTED a.h @1"),
                arguments("  #  include_next <b.h> // c", "INCLUDE ANGLED next b.h @1"),
                arguments("#import \"c.h\"", "INCLUDE QUOTED c.h @1"),
                arguments("#include FOO(x) /* c */", "INCLUDE COMPUTED FOO(x) @1"),
                arguments("#if __has_include(<d.h>) || 1", "PROBE ANGLED d.h @1"),
                arguments("#define X __has_include_next(\"e.h\")", "PROBE QUOTED next e.h @1"),
                arguments("#elif __has_include(HDR)", "PROBE COMPUTED HDR @1"),
                arguments("#pragma GCC dependency \"f.y\" extra", "PROBE QUOTED f.y @1"),
                arguments("/* #include \"no.h\" */", null),
                arguments("char *s = \"#include \\\"no.h\\\"\";", null),
                arguments("x = R\"(\n#include \"raw.h\"\n)\";", "INCLUDE QUOTED raw.h @2"),
                arguments("#include <sys//types.h>", "INCLUDE ANGLED sys//types.h @1"),
                arguments("/*\n*/ #include \"after.h\"", "INCLUDE QUOTED after.h @2"),
                arguments("int a; // \\\n#include \"commented-out.h\"", null),
                arguments("??=include \"trigraph.h\"", "INCLUDE QUOTED trigraph.h @1"),
                arguments("x = 1'000;\n#include \"sep.h\"", "INCLUDE QUOTED sep.h @2"),
                arguments("#include \"x.h\" /* a comment\n #include \"in-comment.h\" */", "INCLUDE QUOTED x.h @1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void findsTheIncludeLikeDirectives(String source, String expected) {
        ScannedFile scan = DirectiveScanner.scan(source.getBytes(StandardCharsets.UTF_8));
        List<String> found = scan.includes().stream()
                .map(d -> d.use() + " " + d.form() + (d.next() ? " next " : " ") + d.operand() + " @" + d.line())
                .toList();
        assertEquals(expected == null ? List.of() : List.of(expected), found);
    }

    @Test
    void keepsEveryDefinitionOfAMacro() {
        ScannedFile scan = DirectiveScanner.scan("""
                #define H "a.h"
                #ifdef X
                # define H <b.h>
                #endif
                #define F(a, ...) a /* c */ __VA_ARGS__
                #define G(args...) args
                #define H2 \\
                  "spliced.h"
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("#define H \"a.h\"", "#define H <b.h>"), strings(scan.definitionsOf("H")));
        assertEquals(List.of("#define F(a,__VA_ARGS__) a   __VA_ARGS__"), strings(scan.definitionsOf("F")));
        assertEquals(List.of("#define G(args) args"), strings(scan.definitionsOf("G")));
        assertEquals(List.of("#define H2 \"spliced.h\""), strings(scan.definitionsOf("H2")));
    }

    @Test
    void countsLinesThroughCommentsAndSplices() {
        ScannedFile scan = DirectiveScanner.scan(
                "/* one\ntwo */\nx \\\ny\n#include \"five.h\"\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(5, scan.includes().getFirst().line());
    }

    private static List<String> strings(List<MacroDefinition> definitions) {
        return definitions.stream().map(MacroDefinition::toString).toList();
    }
}
