package news.dispatch.scheduler.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.testing.ResetsDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Feed servers that attack their reader: XML nested thousands deep, bodies that trickle or stall, redirects to this
 * machine, floods of entries and absurd dates. Only {@code localhost} is allowed; 127.0.0.2 and ::1 are loopback
 * servers the app must refuse to reach, which serve a feed that would otherwise become articles.
 */
@SpringBootTest(classes = HostileFeedsIT.App.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:hostile-feeds;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.quartz.auto-startup=false",
        "spring.quartz.scheduler-name=hostile-feeds",
        "dispatch.feeds.timeout=1s",
        "dispatch.feeds.max-new-per-poll=10",
        "dispatch.feeds.allowed-hosts=localhost"})
@ResetsDatabase({"feed", "article"})
class HostileFeedsIT {

    @SpringBootApplication(scanBasePackages = {"news.dispatch.core", "news.dispatch.scheduler.feed"})
    static class App {
    }

    static final List<String> PATHS = List.of("/deep", "/deeper", "/trickle", "/stall", "/good",
            "/redirect-to-127.0.0.2", "/redirect-to-ipv6-loopback", "/redirect-to-a-file", "/redirect-loop",
            "/many", "/dates", "/gzipped", "/gzip-bomb", "/moved", "/moved-twice", "/moved-for-now");

    static final ExecutorService handlers = Executors.newCachedThreadPool();
    static final List<HttpServer> servers = new ArrayList<>();
    static HttpServer server;
    static int insidePort;
    static int insideIpv6Port;

    @BeforeAll
    static void serveFeeds() throws IOException {
        server = serve(InetAddress.getByName("127.0.0.1"));
        insidePort = insideFeed("127.0.0.2");
        insideIpv6Port = insideFeed("::1");
        server.createContext("/deep", exchange -> send(exchange, nested(5_000)));
        server.createContext("/deeper", exchange -> send(exchange, nested(100_000)));
        server.createContext("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (byte b : rss(item("Trickled", "urn:trickle", "")).getBytes(StandardCharsets.UTF_8)) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                // The reader hung up: what it should do.
            }
        });
        server.createContext("/stall", exchange -> {
            exchange.sendResponseHeaders(200, 1_000);
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/good", exchange -> send(exchange, rss(item("Good story", "urn:good",
                "<category>World</category>"))));
        server.createContext("/redirect-to-127.0.0.2", exchange -> redirect(exchange,
                "http://127.0.0.2:" + insidePort + "/inside"));
        server.createContext("/redirect-to-ipv6-loopback", exchange -> redirect(exchange,
                "http://[::1]:" + insideIpv6Port + "/inside"));
        server.createContext("/redirect-to-a-file", exchange -> redirect(exchange, "file:///etc/passwd"));
        server.createContext("/redirect-loop", exchange -> redirect(exchange, "/redirect-loop"));
        // Each ends at a feed of its own: polls run side by side, and a story found twice is one feed's.
        server.createContext("/moved", exchange -> redirect(exchange, 301, "/moved-here"));
        server.createContext("/moved-twice", exchange -> redirect(exchange, 308, "/moved-twice-once"));
        server.createContext("/moved-twice-once", exchange -> redirect(exchange, 301, "/moved-twice-here"));
        server.createContext("/moved-for-now", exchange -> redirect(exchange, 302, "/moved-for-now-once"));
        server.createContext("/moved-for-now-once", exchange -> redirect(exchange, 301, "/moved-for-now-here"));
        for (String moved : List.of("/moved-here", "/moved-twice-here", "/moved-for-now-here")) {
            server.createContext(moved, exchange -> send(exchange, rss(item("Story at " + moved, "urn:" + moved,
                    "<category>World</category>"))));
        }
        // Unchanged between polls, and says so to a conditional GET, as a server keeping its feed in a file does.
        server.createContext("/many", exchange -> {
            if ("\"flood\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("ETag", "\"flood\"");
            send(exchange, rss(IntStream.rangeClosed(1, 25)
                    .mapToObj(i -> item("Flood " + i, "urn:flood:" + i, "<category>World</category>"))
                    .collect(Collectors.joining())));
        });
        // Compressed though not asked for (some servers do), and a small body that unpacks past the size limit.
        server.createContext("/gzipped", exchange -> sendGzipped(exchange, rss(item("Packed story", "urn:packed",
                "<category>World</category>")).getBytes(StandardCharsets.UTF_8)));
        server.createContext("/gzip-bomb", exchange -> sendGzipped(exchange, new byte[6 * 1024 * 1024]));
        server.createContext("/dates", exchange -> send(exchange, rss(
                dated("Far future", "Sat, 01 Jan 99999 00:00:00 GMT")
                        + dated("Long ago", "Mon, 01 Jan 1900 00:00:00 GMT")
                        + dated("Year 2999", "Mon, 01 Jan 2999 00:00:00 GMT")
                        + dated("Sensible", "Sat, 29 Nov 2025 14:23:00 GMT"))));
    }

    @AfterAll
    static void stop() {
        servers.forEach(each -> each.stop(0));
        handlers.shutdownNow();
    }

    /**
     * The port of a server on this loopback address that serves a feed, where the machine has the address. The app
     * must refuse it before connecting, so the cases hold either way; with the server, a failure would be a story.
     */
    private static int insideFeed(String address) {
        try {
            HttpServer inside = serve(InetAddress.getByName(address));
            inside.createContext("/inside", exchange -> send(exchange, rss(item("Inside secret", "urn:inside",
                    "<category>Secrets</category>"))));
            return inside.getAddress().getPort();
        } catch (IOException e) {
            return server.getAddress().getPort();
        }
    }

    @DynamicPropertySource
    static void feeds(DynamicPropertyRegistry registry) {
        String base = "http://localhost:" + server.getAddress().getPort();
        for (int i = 0; i < PATHS.size(); i++) {
            String url = base + PATHS.get(i);
            registry.add("dispatch.feeds.sources[" + i + "].url", () -> url);
        }
        registry.add("dispatch.feeds.sources[" + PATHS.size() + "].url",
                () -> "http://127.0.0.2:" + insidePort + "/inside");
    }

    @Autowired
    Feeds feeds;

    @Autowired
    Articles articles;

    @Autowired
    JdbcClient jdbc;

    @Test
    void eachHostileFeedIsRecordedOnItselfWithinItsDeadlineAndTheOthersStillGiveTheirStories() {
        List<FeedStatus> statuses = assertTimeoutPreemptively(Duration.ofSeconds(20), feeds::pollAll);

        assertThat(statuses).extracting(this::outcome).containsExactly(
                "/deep: not a readable RSS or Atom feed: elements nested more than 64 levels deep",
                "/deeper: not a readable RSS or Atom feed: elements nested more than 64 levels deep",
                "/trickle: no complete answer within 1 s",
                "/stall: no complete answer within 1 s",
                "/good: 1 article",
                "/redirect-to-127.0.0.2: refused: 127.0.0.2 is a loopback address (redirected there from localhost);"
                        + " only an admin can allow a host (dispatch.feeds.allowed-hosts)",
                "/redirect-to-ipv6-loopback: refused: [::1] is a loopback address (redirected there from localhost);"
                        + " only an admin can allow a host (dispatch.feeds.allowed-hosts)",
                "/redirect-to-a-file: redirected to a file: address; only http and https are followed",
                "/redirect-loop: more than 5 redirects",
                "/many: 10 articles",
                "/dates: 4 articles",
                "/gzipped: 1 article",
                "/gzip-bomb: larger than the limit of 5242880 bytes",
                "/moved: 1 article",
                "/moved-twice: 1 article",
                "/moved-for-now: 1 article",
                "/inside: refused: 127.0.0.2 is a loopback address; only an admin can allow a host"
                        + " (dispatch.feeds.allowed-hosts)");
        assertThat(titles()).doesNotContain("Inside secret", "Trickled").contains("Good story", "Packed story");
    }

    /** The admin is told where to point a feed that moved for good, and only then: a 302 may change back. */
    @Test
    void aFeedMovedForGoodSaysWhereToAndOneMovedForNowDoesNot() {
        List<FeedStatus> statuses = feeds.pollAll();

        assertThat(status(statuses, "/moved").movedTo()).hasPath("/moved-here");
        assertThat(status(statuses, "/moved-twice").movedTo()).as("two redirects, both for good")
                .hasPath("/moved-twice-here");
        assertThat(status(statuses, "/moved-for-now").movedTo()).as("one of its redirects for now").isNull();
        assertThat(status(statuses, "/good").movedTo()).isNull();
        assertThat(status(statuses, "/moved").lastError()).isNull();
    }

    @Test
    void onePollTakesAtMostItsShareOfAFloodAndSaysHowManyWait() {
        FeedStatus first = status(feeds.pollAll(), "/many");
        assertThat(first.articles()).isEqualTo(10);
        assertThat(first.dropped()).isEqualTo(15);
        assertThat(first.dropReason()).isEqualTo("more than 10 new entries in one poll: the other 15 wait for the"
                + " next poll");

        feeds.pollAll();
        FeedStatus third = status(feeds.pollAll(), "/many");

        assertThat(third.articles()).isEqualTo(25);
        assertThat(third.dropped()).isZero();
        assertThat(third.dropReason()).isNull();
        assertThat(titles()).filteredOn(title -> title.startsWith("Flood")).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void absurdDatesBecomeTheTimeOfThePollAndAreCounted() {
        FeedStatus dates = status(feeds.pollAll(), "/dates");

        assertThat(dates.clampedDates()).isEqualTo(3);
        Function<String, Instant> published = title -> articles.list(Optional.empty(), new PageRequest(0, 100))
                .items().stream().filter(article -> article.title().equals(title)).findFirst().orElseThrow()
                .publishedAt();
        assertThat(List.of("Far future", "Long ago", "Year 2999")).allSatisfy(title ->
                assertThat(published.apply(title)).isEqualTo(dates.lastPolledAt()));
        assertThat(published.apply("Sensible")).isEqualTo(Instant.parse("2025-11-29T14:23:00Z"));
        assertThat(dates.lastPolledAt().toString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    private String outcome(FeedStatus status) {
        return status.url().getPath() + ": " + (status.lastError() != null ? status.lastError()
                : status.articles() + (status.articles() == 1 ? " article" : " articles"));
    }

    private List<String> titles() {
        return articles.list(Optional.empty(), new PageRequest(0, 100)).items().stream().map(Article::title).toList();
    }

    private static FeedStatus status(List<FeedStatus> statuses, String path) {
        return statuses.stream().filter(status -> status.url().getPath().equals(path)).findFirst().orElseThrow();
    }

    private static HttpServer serve(InetAddress address) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.setExecutor(handlers);
        server.start();
        servers.add(server);
        return server;
    }

    static String nested(int depth) {
        return rss("<item><title>Deep</title><guid>urn:deep</guid><category>World</category><description>"
                + "<x>".repeat(depth) + "</x>".repeat(depth) + "</description></item>");
    }

    private static String rss(String items) {
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Desk</title>"
                + "<link>https://news.example/</link><description>d</description>" + items + "</channel></rss>";
    }

    private static String item(String title, String guid, String more) {
        return "<item><title>" + title + "</title><link>https://news.example/" + guid.replace(':', '-')
                + "</link><guid>" + guid + "</guid>" + more + "</item>";
    }

    private static String dated(String title, String date) {
        return item(title, "urn:" + title.replace(' ', '-'), "<category>World</category><pubDate>" + date
                + "</pubDate>");
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        redirect(exchange, 302, location);
    }

    private static void redirect(HttpExchange exchange, int status, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static void sendGzipped(HttpExchange exchange, byte[] body) throws IOException {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
            gzip.write(body);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
        exchange.getResponseHeaders().add("Content-Encoding", "gzip");
        exchange.sendResponseHeaders(200, packed.size());
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(packed.toByteArray());
        } catch (IOException e) {
            // The reader gave up first.
        }
    }

    private static void send(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // The reader gave up first.
        }
    }
}
