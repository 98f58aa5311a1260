package org.jdistcc.client.includes;

import java.util.List;
import java.util.Map;

/**
 * What an include analysis needs from one file's text: its include-like directives (from every
 * branch of every conditional: which ones the preprocessor takes is not decided here), its macro
 * definitions (for computed includes), and, when it has one, a construct that makes the analysis
 * give up ({@code #embed}, an assembler {@code .incbin}).
 */
record ScannedFile(List<IncludeDirective> includes, Map<String, List<MacroDefinition>> definitions, String problem) {
    List<MacroDefinition> definitionsOf(String name) {
        List<MacroDefinition> found = definitions.get(name);
        return found == null ? List.of() : found;
    }
}
