package org.jdistcc.client.includes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way an operand may expand, given every definition each macro may have, and that each may be
 * undefined where the directive is (so {@code S(x)} stays as a possibility); '¦' separates them.
 */
class MacroExpanderTest {
    static Stream<Arguments> operands() {
        String stringify = "#define S(x) #x\n#define X(x) S(x)\n";
        String variadic = "#define F(a, ...) <a, ## __VA_ARGS__>\n";
        return Stream.of(
                arguments("#define H \"a.h\"\n#define H \"b.h\"\n", "H", "\"a.h\" ¦ \"b.h\" ¦ H"),
                arguments(stringify, "X(dir/file.h)", "\"dir/file.h\" ¦ S(dir/file.h) ¦ X(dir/file.h)"),
                arguments(
                        stringify + "#define dir d\n",
                        "X(dir/file.h)",
                        "\"d/file.h\" ¦ \"dir/file.h\" ¦ S(d/file.h) ¦ S(dir/file.h) ¦ X(d/file.h) ¦ X(dir/file.h)"),
                arguments(
                        "#define C(a,b) a##b\n#define P(x) <C(x,_impl.h)>\n",
                        "P(os)",
                        "<os_impl.h> ¦ <C(os,_impl.h)> ¦ P(os)"),
                arguments("#define A A\n", "A", "A"),
                arguments(variadic, "F(x)", "<x> ¦ F(x)"),
                arguments(variadic, "F(x, y)", "<x,y> ¦ F(x, y)"),
                arguments("#define G(x) x\n", "G", "G"),
                arguments("#define Q(s) #s\n", "Q(\"q.h\")", "\"\\\"q.h\\\"\" ¦ Q(\"q.h\")"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("operands")
    void expandsEveryWay(String definitions, String operand, String expected) throws Exception {
        ScannedFile scan = DirectiveScanner.scan(definitions.getBytes(StandardCharsets.UTF_8));
        var expander = new MacroExpander(scan::definitionsOf);
        Set<String> found = new TreeSet<>();
        for (var expansion : expander.expand(PpLexer.tokens(operand))) {
            found.add(MacroExpander.render(expansion).replace(" ", ""));
        }
        Set<String> wanted = new TreeSet<>();
        for (String alternative : expected.split("¦", -1)) {
            wanted.add(alternative.strip().replace(" ", ""));
        }
        assertEquals(wanted, found);
    }
}
