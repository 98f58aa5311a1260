package org.jdistcc.client.includes;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdistcc.client.includes.AnalysisAgainstGccTest.Case;

/** The trees and compiles of {@link AnalysisAgainstGccTest}, by what they exercise. */
final class AnalysisCases {
    private AnalysisCases() {}

    /** How a name is looked up: search chains, include_next, links, environment variables. */
    static final List<Case> SEARCH = List.of(
            new Case(
                    "quoted include beside the including file, then in a subdirectory",
                    """
                    == src/main.c
                    #include "a.h"
                    int main(void) { return B + C; }
                    == src/a.h
                    #include "sub/b.h"
                    == src/sub/b.h
                    #include "c.h"
                    #define B 1
                    == src/sub/c.h
                    #define C 2
                    == src/c.h
                    #error wrong c.h: cpp looks beside sub/b.h first
                    """,
                    "src/main.c",
                    "",
                    Map.of(),
                    Set.of()),
            new Case(
                    "-iquote for quotes only, -I for both, same name in two directories",
                    """
                    == main.c
                    #include "x.h"
                    #include <y.h>
                    == q/x.h
                    #define X 1
                    == i/x.h
                    #error -iquote comes first
                    == i/y.h
                    #define Y 1
                    == q/y.h
                    #error -iquote is not searched for <...>
                    """,
                    "main.c",
                    "-iquote q -I i",
                    Map.of(),
                    Set.of()),
            new Case(
                    "-I before -isystem before built-in directories before -idirafter",
                    """
                    == main.c
                    #include <one.h>
                    #include <two.h>
                    #include <three.h>
                    #include <stdio.h>
                    == a/one.h
                    == s/one.h
                    #error -I first
                    == s/two.h
                    == after/two.h
                    #error -isystem before -idirafter
                    == after/three.h
                    == after/stdio.h
                    #error built-in directories before -idirafter
                    """,
                    "main.c",
                    "-I a -isystem s -idirafter after",
                    Map.of(),
                    Set.of()),
            new Case(
                    "#include_next through three -I directories to the system header",
                    """
                    == main.c
                    #include <limits.h>
                    #include "local.h"
                    == d1/limits.h
                    #include_next <limits.h>
                    #define D1 1
                    == d2/limits.h
                    #define D2 1
                    #include_next <limits.h>
                    == d3/limits.h
                    #include_next <limits.h>
                    == local.h
                    #include_next "local.h"
                    == d2/local.h
                    #define FOUND_AT_QUOTE_CHAIN_START 1
                    """,
                    "main.c",
                    "-I d1 -I d2 -I d3",
                    Map.of(),
                    Set.of()),
            new Case(
                    "a header found beside its includer continues #include_next at the chain start",
                    """
                    == main.c
                    #include "wrap.h"
                    == wrap.h
                    #include_next <wrap.h>
                    == first/wrap.h
                    #define WRAPPED 1
                    """,
                    "main.c",
                    "-I first",
                    Map.of(),
                    Set.of()),
            new Case(
                    "a directory given twice is searched once; a -I system directory is dropped",
                    """
                    == main.c
                    #include <x.h>
                    #include <stdio.h>
                    == a/x.h
                    #include_next <x.h>
                    == b/x.h
                    """,
                    "main.c",
                    "-I a -I b -I a -I /usr/include",
                    Map.of(),
                    Set.of()),
            new Case(
                    "directories through a symbolic link, a linked header, and '..'",
                    """
                    == real/inc/x.h
                    #include "y.h"
                    #include "../common/z.h"
                    == real/inc/y.h
                    == real/common/z.h
                    == other/linked.h
                    #include "beside.h"
                    == other/beside.h
                    #error the link's own directory is searched, not its target's
                    == include/beside.h
                    -> include/linked.h ../other/linked.h
                    -> inc real/inc
                    == main.c
                    #include <x.h>
                    #include "include/linked.h"
                    """,
                    "main.c",
                    "-I inc",
                    Map.of(),
                    Set.of()),
            new Case(
                    "CPATH after -I, C_INCLUDE_PATH after -isystem",
                    """
                    == main.c
                    #include <a.h>
                    #include <b.h>
                    == i/a.h
                    == cpath/a.h
                    #error -I first
                    == cpath/b.h
                    == cinc/b.h
                    #error CPATH is bracket, before C_INCLUDE_PATH
                    == cinc/c.h
                    """,
                    "main.c",
                    "-I i",
                    Map.of("CPATH", "cpath", "C_INCLUDE_PATH", "cinc:"),
                    Set.of()),
            new Case(
                    "-include and -imacros from the working directory, then the quote chain",
                    """
                    == main.c
                    int x = FROM_CONFIG + FROM_MACROS;
                    == config.h
                    #define FROM_CONFIG 1
                    #include "helper.h"
                    == helper.h
                    == q/macros.h
                    #define FROM_MACROS 2
                    """,
                    "main.c",
                    "-iquote q -include config.h -imacros macros.h",
                    Map.of(),
                    Set.of()),
            new Case("a C++ source with libstdc++ headers", """
                    == main.cc
                    #include <vector>
                    #include <cstdlib>
                    #include <cmath>
                    #include <string>
                    int main() { std::vector<std::string> v; return std::abs(int(v.size())); }
                    """, "main.cc", "-std=c++17", Map.of(), Set.of()));

    /** Computed includes and __has_include. */
    static final List<Case> MACROS = List.of(
            new Case(
                    "computed includes: stringified, pasted, through -D and gcc's predefined 'linux'",
                    """
                    == main.c
                    #include "config.h"
                    #include CONFIG_HEADER
                    #define STR(x) #x
                    #define XSTR(x) STR(x)
                    #include XSTR(PLATFORM/impl.h)
                    #define CAT(a, b) a##b
                    #define ANGLED(x) <CAT(x, _impl.h)>
                    #include ANGLED(PLATFORM)
                    == config.h
                    #define CONFIG_HEADER "generated/settings.h"
                    == generated/settings.h
                    == 1/impl.h
                    == inc/1_impl.h
                    == linux/impl.h
                    == inc/linux_impl.h
                    """,
                    "main.c",
                    "-DPLATFORM=linux -I inc",
                    Map.of(),
                    Set.of("linux/impl.h", "inc/linux_impl.h")),
            new Case(
                    "a macro defined in a header included later counts",
                    """
                    == main.c
                    #include "first.h"
                    #include "second.h"
                    == first.h
                    #include WHICH
                    == second.h
                    #define WHICH "picked.h"
                    == picked.h
                    """,
                    "main.c",
                    "-DWHICH=\"second.h\"",
                    Map.of(),
                    Set.of("picked.h")),
            new Case(
                    "every definition of a macro counts; an undefined one names nothing",
                    """
                    == main.c
                    #ifdef A
                    #define HDR "a.h"
                    #else
                    #define HDR "b.h"
                    #endif
                    #include HDR
                    #if 0
                    #include NOT_DEFINED_ANYWHERE
                    #endif
                    == a.h
                    == b.h
                    """,
                    "main.c",
                    "",
                    Map.of(),
                    Set.of("a.h")),
            new Case(
                    "__has_include: a probed header is listed, not read; __has_include_next too",
                    """
                    == main.c
                    #if __has_include("opt.h") && 0
                    #include "opt.h"
                    #endif
                    #if defined(__has_include) && __has_include(<missing.h>)
                    #error no
                    #endif
                    #include <w.h>
                    == opt.h
                    #include "never-read.h"
                    == never-read.h
                    == a/w.h
                    #if __has_include_next(<w.h>)
                    #endif
                    == b/w.h
                    """,
                    "main.c",
                    "-I a -I b",
                    Map.of(),
                    Set.of("opt.h", "never-read.h", "b/w.h")),
            new Case("#pragma GCC dependency needs the file", """
                    == main.c
                    #pragma GCC dependency "grammar.y"
                    == grammar.y
                    """, "main.c", "", Map.of(), Set.of("grammar.y")));

    /** Comments, splices, strings: where the scanner must and must not see a directive. */
    static final List<Case> LEXING = List.of(
            new Case(
                    "comments and strings hide directives, splices and comments do not",
                    """
                    == main.c
                    /* #include "in-comment.h" */
                    // a comment \\
                    #include "continued-comment.h"
                    const char *s = "\\
                    #include \\"in-string.h\\"";
                    /* a comment
                     spanning lines */ #include "after-comment.h"
                    #inc\\
                    lude "spliced.h"
                      #  /* c */ include /* c */ "spaced.h" /* c
                    */
                    %:include "digraph.h"
                    == in-comment.h
                    == continued-comment.h
                    == in-string.h
                    == after-comment.h
                    == spliced.h
                    == spaced.h
                    == digraph.h
                    """,
                    "main.c",
                    "",
                    Map.of(),
                    Set.of()),
            new Case(
                    "conditionals are not evaluated: every branch's headers are listed",
                    """
                    == main.c
                    #if 0
                    #include "never.h"
                    #elif defined(NOPE)
                    #include <also-never.h>
                    #else
                    #include "taken.h"
                    #endif
                    #ifdef _WIN32
                    #include <windows.h>
                    #endif
                    == never.h
                    == inc/also-never.h
                    == taken.h
                    """,
                    "main.c",
                    "-I inc",
                    Map.of(),
                    Set.of("never.h", "inc/also-never.h")),
            new Case(
                    "a raw string's lines are read as directives too",
                    """
                    == main.cc
                    const char *s = R"x(
                    #include "in-raw.h"
                    )x";
                    #include "after-raw.h"
                    == in-raw.h
                    == after-raw.h
                    """,
                    "main.cc",
                    "",
                    Map.of(),
                    Set.of("in-raw.h")));
}
