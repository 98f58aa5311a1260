package org.jdistcc.daemon;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdistcc.common.JsonString;

/**
 * Debian's {@code chromium}, headless, driven over the Chrome DevTools Protocol: a WebSocket from
 * Java's own HttpClient, no node or WebDriver. It loads a page, evaluates JavaScript in it (string
 * results only) and takes screenshots.
 */
final class HeadlessChromium implements AutoCloseable {
    /** Set by .ci/run: there a missing chromium fails the test instead of skipping it. */
    static final String REQUIRED = "JDISTCC_REQUIRE_BROWSER";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern REPLY_ID = Pattern.compile("^\\{\"id\":(\\d+),");

    private final Process process;
    private final Path profile;
    private final HttpClient http;
    private final WebSocket socket;
    private final BlockingQueue<String> messages;
    private int nextId;

    private HeadlessChromium(
            Process process, Path profile, HttpClient http, WebSocket socket, BlockingQueue<String> messages) {
        this.process = process;
        this.profile = profile;
        this.http = http;
        this.socket = socket;
        this.messages = messages;
    }

    /** {@code chromium} on the PATH (Debian's package installs {@code /usr/bin/chromium}). */
    static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir, "chromium");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts a browser with a fresh profile in {@code profile} and a {@code width}x{@code height} window. */
    static HeadlessChromium start(Path binary, Path profile, int width, int height)
            throws IOException, InterruptedException {
        Files.createDirectories(profile);
        var command = List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox", // as root (CI) the sandbox refuses to start
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "--window-size=" + width + "," + height,
                "about:blank");
        var builder = new ProcessBuilder(command)
                .redirectOutput(profile.resolveSibling("chromium.out").toFile())
                .redirectError(profile.resolveSibling("chromium.err").toFile());
        // Its singleton socket directory goes to $TMPDIR: keep it beside the profile, removed with it.
        Path tmp = Files.createDirectories(profile.resolveSibling("chromium-tmp"));
        builder.environment().put("TMPDIR", tmp.toString());
        Process process = builder.start();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            // Chromium writes the port it chose to DevToolsActivePort in the profile.
            String pageSocket = pageWebSocket(process, profile, http);
            var messages = new LinkedBlockingQueue<String>();
            WebSocket socket = http.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(pageSocket), new Collector(messages))
                    .get(30, TimeUnit.SECONDS);
            return new HeadlessChromium(process, profile, http, socket, messages);
        } catch (IOException
                | InterruptedException
                | RuntimeException
                | java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            stop(process);
            http.close();
            throw new IOException("chromium did not start: " + e + "\n" + log(profile), e);
        }
    }

    private static String pageWebSocket(Process process, Path profile, HttpClient http)
            throws IOException, InterruptedException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
            if (lines.size() >= 2) {
                var list = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + lines.get(0).strip() + "/json/list"))
                        .timeout(Duration.ofSeconds(10))
                        .build();
                String body =
                        http.send(list, HttpResponse.BodyHandlers.ofString()).body();
                Matcher page = Pattern.compile(
                                "\"type\":\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\":\\s*\"(ws://[^\"]+)\"")
                        .matcher(body);
                if (page.find()) {
                    return page.group(1);
                }
            }
            Thread.sleep(100);
        }
        throw new IOException(
                "no DevTools page target within " + START_TIMEOUT + " (alive: " + process.isAlive() + ")");
    }

    /** Opens {@code url} in the page and waits until it has loaded. */
    void navigate(String url) throws IOException, InterruptedException {
        command("Page.navigate", "{\"url\":" + JsonString.quote(url) + "}");
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (!evaluate("document.readyState").equals("complete")) {
            if (System.nanoTime() > deadline) {
                throw new IOException(url + " did not load within " + COMMAND_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    /** Evaluates {@code expression} in the page; its value converted to a string. */
    String evaluate(String expression) throws IOException, InterruptedException {
        String reply = command(
                "Runtime.evaluate",
                "{\"expression\":" + JsonString.quote("String(" + expression + ")") + ",\"returnByValue\":true}");
        if (reply.contains("\"exceptionDetails\"")) {
            throw new IOException("the page threw evaluating " + expression + ": " + reply);
        }
        return stringAfter(reply, "\"value\":");
    }

    /** The viewport as a PNG. */
    void screenshot(Path png) throws IOException, InterruptedException {
        String reply = command("Page.captureScreenshot", "{\"format\":\"png\"}");
        Files.write(png, Base64.getDecoder().decode(stringAfter(reply, "\"data\":")));
    }

    /** What chromium printed, for failure messages. */
    String log() {
        return log(profile);
    }

    @Override
    public void close() {
        socket.abort();
        stop(process);
        http.close();
    }

    private String command(String method, String params) throws IOException, InterruptedException {
        int id = ++nextId;
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                .join();
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (true) {
            String message = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new IOException(method + ": no reply within " + COMMAND_TIMEOUT + "\n" + log());
            }
            Matcher m = REPLY_ID.matcher(message);
            if (!m.find() || Integer.parseInt(m.group(1)) != id) {
                continue; // an event, or the reply to a command we stopped waiting for
            }
            if (message.startsWith("{\"id\":" + id + ",\"error\":")) {
                throw new IOException(method + " failed: " + message);
            }
            return message;
        }
    }

    /** The JSON string value after the first {@code key} in {@code json} (RFC 8259 escapes). */
    static String stringAfter(String json, String key) throws IOException {
        int at = json.indexOf(key);
        if (at < 0 || json.charAt(at + key.length()) != '"') {
            throw new IOException("no string " + key + " in " + json);
        }
        var out = new StringBuilder();
        for (int i = at + key.length() + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = json.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e); // " \ /
            }
        }
        throw new IOException("unterminated string in " + json);
    }

    private static void stop(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(ProcessHandle::destroyForcibly);
    }

    private static String log(Path profile) {
        try {
            String err = Files.readString(profile.resolveSibling("chromium.err"));
            return err.length() > 4000 ? err.substring(err.length() - 4000) : err;
        } catch (IOException e) {
            return "";
        }
    }

    /** Gathers each text message, which may arrive in several frames, whole into a queue. */
    private record Collector(BlockingQueue<String> messages, StringBuilder partial) implements WebSocket.Listener {
        Collector(BlockingQueue<String> messages) {
            this(messages, new StringBuilder());
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
