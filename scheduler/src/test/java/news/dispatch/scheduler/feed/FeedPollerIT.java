package news.dispatch.scheduler.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Feeds served by a local HTTP server: good ones, unchanged ones, broken, slow and huge ones. */
@SpringBootTest(classes = FeedPollerIT.App.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:feeds;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.quartz.auto-startup=false",
        "dispatch.feeds.timeout=1s",
        "dispatch.feeds.max-size=20KB",
        "dispatch.feeds.allowed-hosts=127.0.0.1"})
@ResetsDatabase({"feed", "article"})
class FeedPollerIT {

    @SpringBootApplication(scanBasePackages = {"news.dispatch.core", "news.dispatch.scheduler.feed"})
    static class App {
    }

    static HttpServer server;
    static final Map<String, String> conditionalHeaders = new ConcurrentHashMap<>();

    @BeforeAll
    static void serveFeeds() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/rss", exchange -> {
            String etag = exchange.getRequestHeaders().getFirst("If-None-Match");
            if (etag != null) {
                conditionalHeaders.put("If-None-Match", etag);
            }
            if ("\"v1\"".equals(etag)) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("ETag", "\"v1\"");
            send(exchange, FeedReaderTest.RSS);
        });
        server.createContext("/atom", exchange -> send(exchange, FeedReaderTest.ATOM));
        server.createContext("/broken", exchange -> send(exchange, "<rss><channel><item>"));
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/huge", exchange -> send(exchange, "<rss>" + "x".repeat(100_000) + "</rss>"));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, FeedReaderTest.ATOM);
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @DynamicPropertySource
    static void feeds(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String[] paths = {"/slow", "/broken", "/rss", "/missing", "/huge", "/atom"};
        for (int i = 0; i < paths.length; i++) {
            int index = i;
            registry.add("dispatch.feeds.sources[" + i + "].url", () -> base + paths[index]);
        }
        registry.add("dispatch.feeds.sources[2].tags", () -> "World,#Desk");
        registry.add("dispatch.feeds.sources[5].tags", () -> "World");
    }

    @Autowired
    Feeds feeds;

    @Autowired
    Articles articles;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void noConditionalHeadersYet() {
        conditionalHeaders.clear();
    }

    @Test
    void entriesBecomeArticlesOnceWithTheirTagsAndBadFeedsAreRecordedWithoutStoppingTheOthers() {
        List<FeedStatus> statuses = feeds.pollAll();

        List<Article> published = articles.list(Optional.empty(), new PageRequest(0, 50)).items();
        assertThat(published).extracting(Article::title).containsExactlyInAnyOrder(
                "Airbus orders A320 software fix #Airbus", "Kyiv power station hit", "Grain corridor talks resume");
        Article a320 = published.stream().filter(a -> a.title().startsWith("Airbus")).findFirst().orElseThrow();
        assertThat(a320.tags()).extracting(Tag::label)
                .containsExactly("World", "Desk", "Aviation", "Airbus", "SolarFlare");
        assertThat(a320.url()).hasToString("https://news.example/a320");
        assertThat(a320.summary()).isEqualTo("Airlines rush to patch 6,000 jets. #SolarFlare");

        assertThat(statuses.get(1).lastError()).startsWith("not a readable RSS or Atom feed: ");
        assertThat(statuses).extracting(status -> status.url().getPath() + " " + status.lastError() + " "
                + status.articles()).containsExactly(
                "/slow no complete answer within 1 s 0",
                "/broken " + statuses.get(1).lastError() + " 0",
                "/rss null 2",
                "/missing the server answered HTTP 404 0",
                "/huge larger than the limit of 20480 bytes 0",
                "/atom null 1");
        assertThat(statuses).allSatisfy(status -> assertThat(status.lastPolledAt()).isNotNull());
    }

    @Test
    void anUnchangedFeedIsAskedConditionallyAndGivesNothingTwice() {
        feeds.pollAll();
        long after = articles.count();

        List<FeedStatus> again = feeds.pollAll();

        assertThat(conditionalHeaders).containsEntry("If-None-Match", "\"v1\"");
        assertThat(articles.count()).isEqualTo(after);
        assertThat(again.get(2).lastError()).isNull();
        assertThat(again.get(5).articles()).as("the Atom feed has no ETag; its entry is known").isEqualTo(1);
    }

    private static void send(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // The reader gave up first (the timeout case).
        }
    }
}
