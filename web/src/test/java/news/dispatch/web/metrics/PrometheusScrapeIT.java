package news.dispatch.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.AdminApiJourney;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.metrics.PrometheusText.Sample;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Prometheus reads after a morning's work: a sign-up, an alert and a digest, all through the sandbox.
 */
@ResetsDatabase({"delivery", "subscriber", "article"})
class PrometheusScrapeIT extends AdminApiJourney {

    private static final String DASHBOARD = "/grafana/dispatch-dashboard.json";

    @Test
    void aScrapeAfterRealWorkHoldsEveryDispatchMeterInPrometheusTextFormat() {
        PrometheusText scrape = scrapeAfterWork();

        assertThat(scrape.value("dispatch_mail_deliveries_total", Map.of("kind", "CONFIRMATION", "outcome", "sent")))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("dispatch_mail_deliveries_total", Map.of("kind", "DIGEST", "outcome", "sent")))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("dispatch_mail_send_seconds_count", Map.of("kind", "DIGEST")))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("dispatch_mail_digest_build_seconds_count", Map.of("trigger", "manual")))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("dispatch_mail_digest_queued_total", Map.of("trigger", "manual")))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("dispatch_mail_alerts_total", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("dispatch_mail_alert_recipients_total", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(scrape.named("dispatch_mail_queue")).hasSize(1);
        assertThat(scrape.value("dispatch_subscribers", Map.of("status", "ACTIVE"))).isEqualTo(1);
        assertThat(scrape.value("dispatch_subscribers", Map.of("status", "PENDING"))).isEqualTo(1);
        assertThat(scrape.named("dispatch_suppressions")).extracting(sample -> sample.labels().get("reason"))
                .contains("HARD_BOUNCE", "SOFT_BOUNCES", "COMPLAINT", "MANUAL");
        assertThat(scrape.named("dispatch_bounces_messages_total")).extracting(sample -> sample.labels()
                .get("verdict")).contains("HARD_BOUNCE", "SOFT_BOUNCE", "COMPLAINT");
        assertThat(scrape.named("dispatch_feeds_polls_total")).isNotEmpty();
        assertThat(scrape.types()).containsKeys("jvm_memory_used_bytes", "hikaricp_connections_active",
                "http_server_requests_seconds", "process_cpu_usage");

        // Tags a scraper can afford: nobody's address, and no ids, whatever a request's path held.
        List<Sample> dispatch = scrape.samples().stream().filter(sample -> sample.name().startsWith("dispatch_"))
                .toList();
        assertThat(dispatch).allSatisfy(sample -> assertThat(sample.labels().values())
                .as(sample.toString()).noneMatch(value -> value.contains("@") || value.matches("\\d+")));
        assertThat(scrape.named("http_server_requests_seconds_count")).allSatisfy(sample -> assertThat(
                sample.labels().get("uri")).as(sample.toString()).doesNotContain("@").doesNotMatch(".*/\\d+.*"));
    }

    @Test
    void everyPanelOfTheGrafanaDashboardAsksForMetersAScrapeHas() throws IOException {
        PrometheusText scrape = scrapeAfterWork();
        JsonNode dashboard;
        try (InputStream in = getClass().getResourceAsStream(DASHBOARD)) {
            dashboard = JsonMapper.builder().build().readTree(in);
        }
        assertThat(dashboard.at("/templating/list/0/type").asString()).isEqualTo("datasource");
        assertThat(dashboard.at("/templating/list/0/query").asString()).isEqualTo("prometheus");

        List<String> expressions = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> {
            assertThat(panel.at("/datasource/uid").asString()).as(panel.get("title").asString())
                    .isEqualTo("${datasource}");
            panel.get("targets").forEach(target -> expressions.add(target.get("expr").asString()));
        });
        dashboard.get("templating").get("list").forEach(variable -> {
            if (variable.has("definition")) {
                expressions.add(variable.get("definition").asString());
            }
        });
        Set<String> meters = expressions.stream().flatMap(expression -> Promql.metrics(expression).stream())
                .collect(Collectors.toSet());
        Set<String> scraped = scrape.samples().stream().map(Sample::name).collect(Collectors.toSet());

        assertThat(meters).contains("dispatch_mail_deliveries_total", "dispatch_mail_queue",
                "dispatch_mail_digest_build_seconds_count", "dispatch_bounces_messages_total",
                "jvm_memory_used_bytes");
        assertThat(meters).as("what the dashboard asks for and no scrape has").allMatch(scraped::contains);
    }

    private PrometheusText scrapeAfterWork() {
        ApiClient anonymous = ApiClient.anonymous(port);
        assertThat(anonymous.post("/api/subscriptions", """
                {"email": "newcomer@example.com", "tags": ["#Aviation"]}""").status()).isEqualTo(202);
        subscribers.add(EmailAddress.of("reader@example.com"), new Preferences(List.of(Tag.of("#Aviation")),
                Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
        long alerted = publish("Airbus grounds A320s");
        Answer alert = admin.send("POST", "/api/articles/" + alerted + "/alert");
        assertThat(alert.status()).as(alert.toString()).isEqualTo(202);
        publish("Airlines patch 6,000 jets overnight");
        assertThat(admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}").status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusText scrape = scrape();
            assertThat(scrape.value("dispatch_mail_deliveries_total", Map.of("kind", "DIGEST", "outcome", "sent")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("dispatch_mail_deliveries_total",
                    Map.of("kind", "CONFIRMATION", "outcome", "sent"))).isGreaterThanOrEqualTo(1);
        });
        return scrape();
    }

    private long publish(String title) {
        Answer published = admin.post("/api/articles", "{\"title\": \"" + title + "\", \"tags\": [\"#Aviation\"]}");
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        return published.json().get("id").asLong();
    }

    private PrometheusText scrape() {
        Answer scrape = ApiClient.anonymous(port).bearing(DispatchTest.METRICS_TOKEN).get("/actuator/prometheus");
        assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
        assertThat(scrape.header("Content-Type")).startsWith("text/plain");
        return PrometheusText.parse(scrape.body());
    }

    /** The metric names a PromQL expression reads: what is left once functions, labels and keywords are taken out. */
    static final class Promql {

        private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
        private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
                "group_right", "offset", "bool", "and", "or", "unless");

        static Set<String> metrics(String expression) {
            // A variable's label_values(metric, label) reads the metric; the label is no meter.
            String bare = expression.replaceAll("label_values\\(([^,)]*),[^)]*\\)", "$1")
                    .replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", "")
                    .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
            Set<String> metrics = new TreeSet<>();
            Matcher identifier = IDENTIFIER.matcher(bare);
            while (identifier.find()) {
                String name = identifier.group();
                boolean function = bare.substring(identifier.end()).stripLeading().startsWith("(");
                if (!function && !KEYWORDS.contains(name) && !name.matches("\\d.*")) {
                    metrics.add(name);
                }
            }
            return metrics;
        }
    }
}
