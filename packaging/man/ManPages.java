/*
 * Writes jdistcc's manual pages from the templates beside this file and from the programs' own
 * definitions, so that a page cannot drift from the code it documents:
 *
 *   java -cp CLIENT_AND_DAEMON_JARS packaging/man/ManPages.java TEMPLATE_DIR OUT_DIR VERSION DATE
 *
 * Every TEMPLATE_DIR/NAME.SECTION.in becomes OUT_DIR/NAME.SECTION (pump.1.in, once written, is
 * picked up like the others). In a template, @VERSION@ and @DATE@ are replaced anywhere, and a
 * line holding only one of these markers is replaced by a generated block:
 *
 *   @DISTCCD_OPTIONS@      distccd's options: its picocli model (org.jdistcc.daemon.DaemonOptions)
 *   @DISTCC_OPTIONS@       the option lines of 'distcc --help'
 *   @LSDISTCC_OPTIONS@     the option lines of 'lsdistcc --help'
 *   @DISTCCMON_TEXT_OPTIONS@  the option lines of 'distccmon-text --help'
 *   @DISTCC_ENVIRONMENT@   the client's environment variables (below)
 *   @EXIT_CODES@           distcc's exit codes (org.jdistcc.common.ExitCode)
 *
 * The client's variables come from its enum org.jdistcc.client.config.Variable (name, default,
 * description), which is also what the client reads them through.
 * Run by scripts/lib/man-pages.sh (install.sh, package-deb.sh); tested by ManPagesTest.
 */

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

final class ManPages {
    private static final String VARIABLE_ENUM = "org.jdistcc.client.config.Variable";
    /** "   --show-stats, -s     show this user's ..." in a --help text: the option, 2+ spaces, its meaning. */
    private static final Pattern HELP_OPTION = Pattern.compile("^(\\s*)(-\\S.*?)(?:\\s{2,}(\\S.*))?$");
    /** Option names and upper-case placeholders inside an option's synopsis. */
    private static final Pattern TERM_WORD = Pattern.compile("(--?[a-zA-Z0-9][a-zA-Z0-9-]*)|([A-Z][A-Z0-9_]*(?:\\[[^\\]]*\\])?)");

    private ManPages() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java -cp JARS ManPages.java TEMPLATE_DIR OUT_DIR VERSION DATE");
            System.exit(2);
        }
        Path templateDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        List<Path> templates;
        try (var files = Files.list(templateDir)) {
            templates = files.filter(p -> p.getFileName().toString().matches(".+\\.[1-8]\\.in"))
                    .sorted()
                    .toList();
        }
        if (templates.isEmpty()) {
            throw new IllegalStateException("no NAME.SECTION.in templates in " + templateDir);
        }
        for (Path template : templates) {
            String name = template.getFileName().toString().replaceFirst("\\.in$", "");
            String page = expand(Files.readString(template), args[2], args[3]);
            Path tmp = out.resolve("." + name + ".tmp");
            Files.writeString(tmp, page);
            Files.move(tmp, out.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String expand(String template, String version, String date) throws Exception {
        var page = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            String block = switch (line.strip()) {
                case "@DISTCCD_OPTIONS@" -> daemonOptions();
                case "@DISTCC_OPTIONS@" -> helpOptions("org.jdistcc.client.Main", 0);
                // distcc 3.4's lsdistcc exits 1 after its usage, and its test suite checks that.
                case "@LSDISTCC_OPTIONS@" -> helpOptions("org.jdistcc.client.lsdistcc.LsDistccMain", 1);
                case "@DISTCCMON_TEXT_OPTIONS@" -> helpOptions("org.jdistcc.client.monitor.MonitorMain", 0);
                case "@DISTCC_ENVIRONMENT@" -> clientVariables();
                case "@EXIT_CODES@" -> exitCodes();
                default -> null;
            };
            if (block != null) {
                page.append(block);
            } else {
                page.append(line.replace("@VERSION@", version).replace("@DATE@", date)).append('\n');
            }
        }
        String text = page.toString();
        // The template's last line ended with \n, so split left one empty string after it.
        text = text.substring(0, text.length() - 1);
        Matcher left = Pattern.compile("@[A-Z_]+@").matcher(text);
        if (left.find()) {
            throw new IllegalStateException("unknown marker " + left.group() + " in a template");
        }
        return text;
    }

    // --- distccd: the picocli model -----------------------------------------------------------

    private static String daemonOptions() throws ClassNotFoundException {
        // picocli instantiates the package-private class itself (setAccessible), as distccd does.
        var spec = new CommandLine(Class.forName("org.jdistcc.daemon.DaemonOptions")).getCommandSpec();
        var out = new StringBuilder();
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            String synopsis = String.join(", ", option.names());
            if (option.arity().max() > 0) {
                synopsis += " " + option.paramLabel();
            }
            String description = String.join(" ", option.description())
                    .replace("%n", " ")
                    .replace("%%", "%");
            out.append(".TP\n").append(term(synopsis)).append('\n');
            out.append(text(description)).append('\n');
        }
        return out.toString();
    }

    // --- distcc, lsdistcc: their --help -------------------------------------------------------

    /** The option lines of MAIN_CLASS --help, run on this JVM's classpath, which exits {@code status}. */
    private static String helpOptions(String mainClass, int status) throws IOException, InterruptedException {
        String help = run(mainClass, status, "--help");
        var out = new StringBuilder();
        String indent = null;
        for (String line : help.split("\n")) {
            Matcher m = HELP_OPTION.matcher(line);
            if (m.matches() && (indent == null || m.group(1).length() <= indent.length())) {
                indent = m.group(1);
                out.append(".TP\n").append(term(m.group(2).strip())).append('\n');
                if (m.group(3) != null) {
                    out.append(text(m.group(3))).append('\n');
                }
            } else if (indent != null && line.startsWith(indent + " ") && !line.isBlank()) {
                out.append(text(line.strip())).append('\n'); // a description's next line
            } else {
                indent = null;
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(mainClass + " --help lists no options:\n" + help);
        }
        return out.toString();
    }

    private static String run(String mainClass, int status, String... args)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "--sun-misc-unsafe-memory-access=allow", "-Djdistcc.argv0=distcc", mainClass));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("DISTCC_") || k.endsWith("JAVA_OPTIONS")
                || k.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().put("DISTCC_HOSTS", "");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readNBytes(1 << 20);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(mainClass + " --help did not finish in 60 s");
        }
        if (process.exitValue() != status) {
            throw new IOException(mainClass + " --help exited " + process.exitValue() + ":\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    // --- the client's environment -------------------------------------------------------------

    private record Variable(String name, String defaultValue, String description) {}

    private static String clientVariables() throws ReflectiveOperationException {
        var out = new StringBuilder();
        for (Variable v : variables()) {
            out.append(".TP\n.B ").append(escape(v.name())).append('\n');
            out.append(text(v.description()));
            if (!v.defaultValue().isEmpty()) {
                out.append(" Default: ").append(text(v.defaultValue())).append('.');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static List<Variable> variables() throws ReflectiveOperationException {
        Class<?> table = Class.forName(VARIABLE_ENUM);
        Method defaultText = table.getMethod("defaultText");
        Method description = table.getMethod("description");
        var variables = new ArrayList<Variable>();
        for (Object constant : table.getEnumConstants()) {
            Object value = defaultText.invoke(constant);
            variables.add(new Variable(
                    ((Enum<?>) constant).name(),
                    value == null ? "" : value.toString(),
                    String.valueOf(description.invoke(constant))));
        }
        return variables;
    }

    // --- exit codes -----------------------------------------------------------------------------

    private static String exitCodes() throws ReflectiveOperationException {
        Class<?> codes = Class.forName("org.jdistcc.common.ExitCode");
        Method number = codes.getMethod("code");
        Method description = null;
        try {
            description = codes.getMethod("description");
        } catch (NoSuchMethodException e) {
            // then the constant's name, which is distcc's (src/exitcode.h: EXIT_BAD_ARGUMENTS)
        }
        var out = new StringBuilder();
        for (Object constant : codes.getEnumConstants()) {
            String meaning = description != null
                    ? String.valueOf(description.invoke(constant))
                    : ((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            out.append(".TP\n.B ").append(number.invoke(constant)).append('\n');
            out.append(text(meaning)).append('\n');
        }
        return out.toString();
    }

    // --- roff ---------------------------------------------------------------------------------

    /** An option's synopsis: names in bold, placeholders in italics. */
    private static String term(String synopsis) {
        var out = new StringBuilder();
        Matcher m = TERM_WORD.matcher(synopsis);
        int at = 0;
        while (m.find()) {
            out.append(escape(synopsis.substring(at, m.start())));
            out.append(m.group(1) != null ? "\\fB" : "\\fI").append(escape(m.group())).append("\\fR");
            at = m.end();
        }
        out.append(escape(synopsis.substring(at)));
        return out.toString();
    }

    /** Running text: escaped, and never starting with a control character. */
    private static String text(String plain) {
        String escaped = escape(plain);
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }

    private static String escape(String plain) {
        return plain.replace("\\", "\\e").replace("-", "\\-");
    }
}
