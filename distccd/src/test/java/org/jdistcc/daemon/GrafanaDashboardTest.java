package org.jdistcc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdistcc.testing.RunningDaemon;
import org.jdistcc.testing.WithDaemon;
import org.junit.jupiter.api.Test;

/** docs/grafana/jdistcc.json asks Prometheus only for metrics a real daemon's /metrics has. */
@WithDaemon(stats = true)
class GrafanaDashboardTest {
    static final Path DASHBOARD = Path.of("..", "docs", "grafana", "jdistcc.json");
    static final Pattern OUR_METRIC = Pattern.compile("\\bdistccd_[a-zA-Z0-9_]+");

    /** The names of the samples in a Prometheus text exposition ({@code name{labels} value}). */
    static Set<String> sampleNames(String exposition) {
        var names = new TreeSet<String>();
        for (String line : exposition.lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    static Set<String> metricsIn(List<String> queries) {
        var names = new TreeSet<String>();
        for (String query : queries) {
            Matcher m = OUR_METRIC.matcher(query);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    @Test
    void everyMetricTheDashboardQueriesIsServedByTheDaemon(RunningDaemon daemon) throws Exception {
        Object dashboard = JsonTree.parse(Files.readString(DASHBOARD));
        List<String> queries = JsonTree.stringsUnder(dashboard, "expr");
        queries = new java.util.ArrayList<>(queries);
        queries.addAll(JsonTree.stringsUnder(dashboard, "definition")); // the volunteer variable
        Set<String> used = metricsIn(queries);

        String metrics;
        try (var http = HttpClient.newHttpClient()) {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.statsPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            metrics = response.body();
        }
        Set<String> served = sampleNames(metrics);

        var missing = new TreeSet<>(used);
        missing.removeAll(served);
        assertEquals(Set.of(), missing, "the dashboard queries metrics /metrics does not have:\n" + metrics);
        // Every metric the daemon serves has a panel (a histogram by its buckets, sum and count).
        var unused = new TreeSet<>(served);
        unused.removeAll(used);
        assertEquals(Set.of(), unused, "metrics no panel shows");
        assertTrue(queries.size() >= 15, "queries: " + queries);
    }

    @Test
    void everyPanelQueriesThroughTheChosenDataSourceAndTheVolunteerFilter() throws Exception {
        @SuppressWarnings("unchecked")
        var dashboard = (Map<String, Object>) JsonTree.parse(Files.readString(DASHBOARD));
        var panels = (List<?>) dashboard.get("panels");
        assertTrue(panels.size() >= 10, "panels: " + panels.size());
        for (Object p : panels) {
            var panel = (Map<?, ?>) p;
            assertEquals(
                    Map.of("type", "prometheus", "uid", "${datasource}"),
                    panel.get("datasource"),
                    panel.get("title") + "");
            for (String expr : JsonTree.stringsUnder(panel, "expr")) {
                Matcher m = Pattern.compile("distccd_[a-z_]+(\\{[^}]*})?").matcher(expr);
                while (m.find()) {
                    assertTrue(
                            m.group(1) != null && m.group(1).contains("instance=~\"$instance\""),
                            panel.get("title") + ": " + expr);
                }
            }
        }
    }

    @Test
    void theParserRefusesWhatIsNotJson() {
        assertThrows(IllegalArgumentException.class, () -> JsonTree.parse("{\"a\": 1,}"));
        assertThrows(IllegalArgumentException.class, () -> JsonTree.parse("{\"a\": 01}"));
        assertThrows(IllegalArgumentException.class, () -> JsonTree.parse("{\"a\": 1, \"a\": 2}"));
        assertThrows(IllegalArgumentException.class, () -> JsonTree.parse("[1] 2"));
        assertEquals(
                List.of("x", "y"), JsonTree.stringsUnder(JsonTree.parse("{\"e\":\"x\",\"p\":[{\"e\":\"y\"}]}"), "e"));
    }
}
