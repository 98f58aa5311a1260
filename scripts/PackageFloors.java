import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that the packages of a source tree form floors: each package uses only packages on floors
 * below its own, so no use runs back up and no two packages use each other, directly or round a
 * circle. Reads the sources, not the classes: every import and every fully qualified name in code
 * (comments and string literals are skipped) counts as a use.
 *
 * <pre>
 *   java scripts/PackageFloors.java SOURCE_DIR ROOT_PACKAGE [FLOOR ...]
 *   java scripts/PackageFloors.java distccd/src/main/java org.jdistcc.daemon launch,net,compilers,status serving .
 * </pre>
 *
 * Each FLOOR lists packages relative to ROOT_PACKAGE ({@code .} is ROOT_PACKAGE itself), separated by
 * commas, bottom floor first; packages on one floor may not use each other. Every package under
 * ROOT_PACKAGE must be on a floor. Without floors only circles are reported, with the uses between
 * packages: a first look at a tree whose floors are not decided yet. Prints what it found; exits 0
 * when all is well, 1 with every offending use (file:line) or circle, 2 for bad arguments.
 */
public final class PackageFloors {
    private record Use(String from, String to, Path file, int line) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !Files.isDirectory(Path.of(args[0]))) {
            System.err.println("usage: java PackageFloors.java SOURCE_DIR ROOT_PACKAGE [FLOOR ...]");
            System.exit(2);
        }
        Path sources = Path.of(args[0]);
        String root = args[1];
        List<Use> uses = uses(sources, root);
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Use use : uses) {
            graph.computeIfAbsent(use.from(), k -> new TreeSet<>());
            if (!use.from().equals(use.to())) {
                graph.get(use.from()).add(use.to());
            }
        }
        List<String> problems = new ArrayList<>();
        if (args.length > 2) {
            Map<String, Integer> floorOf = new HashMap<>();
            for (int floor = 2; floor < args.length; floor++) {
                for (String name : args[floor].split(",")) {
                    String pkg = name.strip().equals(".") ? root : root + "." + name.strip();
                    if (floorOf.put(pkg, floor - 2) != null) {
                        System.err.println(pkg + " is on two floors");
                        System.exit(2);
                    }
                }
            }
            for (String pkg : graph.keySet()) {
                if (!floorOf.containsKey(pkg)) {
                    problems.add(pkg + " is on no floor");
                }
            }
            for (Use use : uses) {
                Integer from = floorOf.get(use.from());
                Integer to = floorOf.get(use.to());
                if (from != null && !use.from().equals(use.to()) && (to == null || to >= from)) {
                    problems.add(String.format(
                            "%s:%d: %s uses %s, %s",
                            use.file(),
                            use.line(),
                            use.from(),
                            use.to(),
                            to == null
                                    ? "which is on no floor"
                                    : to.equals(from) ? "on the same floor" : "on a floor above"));
                }
            }
        }
        for (List<String> circle : circles(graph)) {
            problems.add("circle among " + String.join(", ", circle));
        }
        graph.forEach((pkg, used) -> System.out.println(pkg + " uses " + (used.isEmpty() ? "nothing" : used)));
        if (problems.isEmpty()) {
            System.out.println(
                    graph.size() + " packages under " + root + ": no circle"
                            + (args.length > 2 ? ", no use up a floor or across one" : ""));
            return;
        }
        problems.stream().distinct().forEach(System.out::println);
        System.exit(1);
    }

    /** Every use of a package under {@code root} by a file under {@code sources}, self-uses included. */
    private static List<Use> uses(Path sources, String root) throws IOException {
        Pattern name = Pattern.compile(
                "(?<![\\w.])(" + Pattern.quote(root) + "(?:\\.[a-z_][a-z0-9_]*)*)\\.(?:[A-Z]|\\*)");
        Pattern declaration = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
        List<Use> uses = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            String code = codeOnly(Files.readString(file));
            Matcher pkg = declaration.matcher(code);
            if (!pkg.find()) {
                continue;
            }
            String from = pkg.group(1);
            if (!from.equals(root) && !from.startsWith(root + ".")) {
                continue;
            }
            uses.add(new Use(from, from, file, pkg.end()));
            Matcher m = name.matcher(code).region(pkg.end(), code.length());
            while (m.find()) {
                uses.add(new Use(from, m.group(1), file, lineOf(code, m.start())));
            }
        }
        return uses;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The source with comments, string and character literals blanked out, newlines kept. */
    static String codeOnly(String source) {
        var out = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = source.indexOf("\"\"\"", i + 3);
                while (end > 0 && source.charAt(end - 1) == '\\') {
                    end = source.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? source.length() : end + 3;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                end = i + 1;
                while (end < source.length() && source.charAt(end) != quote && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, source.length());
            } else {
                out.append(source.charAt(i++));
                continue;
            }
            for (int j = i; j < end; j++) {
                out.append(source.charAt(j) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }

    /** The circles of the use graph: its strongly connected parts of more than one package (Tarjan). */
    private static List<List<String>> circles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<List<String>> circles = new ArrayList<>();
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, circles);
            }
        }
        return circles;
    }

    private static void connect(
            String pkg,
            Map<String, Set<String>> graph,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            List<List<String>> circles) {
        index.put(pkg, index.size());
        low.put(pkg, index.get(pkg));
        stack.push(pkg);
        for (String used : graph.getOrDefault(pkg, Set.of())) {
            if (!index.containsKey(used)) {
                connect(used, graph, index, low, stack, circles);
                low.put(pkg, Math.min(low.get(pkg), low.get(used)));
            } else if (stack.contains(used)) {
                low.put(pkg, Math.min(low.get(pkg), index.get(used)));
            }
        }
        if (low.get(pkg).equals(index.get(pkg))) {
            List<String> part = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                part.addFirst(member);
            } while (!member.equals(pkg));
            if (part.size() > 1) {
                circles.add(part);
            }
        }
    }
}
