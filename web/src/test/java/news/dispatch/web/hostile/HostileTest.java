package news.dispatch.web.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import news.dispatch.web.MovingClock;
import news.dispatch.web.WholeApp;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Controller;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The {@link WholeApp} with a clock the tests move (so every limit refills between cases), small limits a test can
 * reach (a few server threads, a second's patience with a stalled body), behind a TLS proxy on the loopback
 * (forwarded headers trusted from it, as Tomcat trusts internal addresses), and feeds served by local servers that
 * answer with hostile XML or lead inside this machine (only 127.0.0.1 is an allowed feed and webhook host; webhook
 * receivers get a second to answer, and retries are a second or a few apart on the clock). Every hostile-input,
 * abuse and privacy test class shares this context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WholeApp
@TestPropertySource(properties = {"test.context-name=hostile-test",
        "dispatch.mail.idle-poll=200ms",
        "dispatch.feeds.allowed-hosts=127.0.0.1",
        "dispatch.webhooks.allowed-hosts=127.0.0.1",
        "dispatch.webhooks.idle-poll=200ms",
        "dispatch.webhooks.timeout=" + HostileTest.WEBHOOK_TIMEOUT_MILLIS + "ms",
        "dispatch.webhooks.first-retry=1s",
        "dispatch.webhooks.max-retry-delay=10s",
        "dispatch.feeds.max-new-per-poll=" + HostileTest.MAX_NEW_PER_POLL,
        "dispatch.login.failures-per-client=1000",
        "dispatch.readers.sign-ups-per-client=" + HostileTest.SIGN_UPS_PER_CLIENT,
        "dispatch.readers.link-failures-per-client=" + HostileTest.LINK_FAILURES_PER_CLIENT,
        "server.tomcat.threads.max=" + HostileTest.SERVER_THREADS,
        "dispatch.http.requests-per-client=" + HostileTest.REQUESTS_PER_CLIENT,
        "server.tomcat.threads.min-spare=2",
        "dispatch.http.body-read-timeout=1s",
        "dispatch.http.body-deadline=2s",
        "server.forward-headers-strategy=native"})
@Import({MovingClock.class, HostileTest.Rig.class})
@interface HostileTest {

    int SIGN_UPS_PER_CLIENT = 6;
    int LINK_FAILURES_PER_CLIENT = 12;
    int MAX_NEW_PER_POLL = 5;
    int SERVER_THREADS = 8;
    int REQUESTS_PER_CLIENT = 5;
    int WEBHOOK_TIMEOUT_MILLIS = 1000;

    /** The feeds the app polls, by path: each one a way XML can attack its reader. */
    Map<String, String> FEEDS = Map.of(
            "/external-entity", """
                    <?xml version="1.0"?>
                    <!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                    <rss version="2.0"><channel><title>t</title><item><title>&secret;</title>
                    <link>https://news.example/xxe</link></item></channel></rss>""",
            "/billion-laughs", """
                    <?xml version="1.0"?>
                    <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                    <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                    <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
                    <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
                    <rss version="2.0"><channel><title>t</title><item><title>&lol5;</title>
                    <link>https://news.example/lol</link></item></channel></rss>""",
            "/external-dtd", """
                    <?xml version="1.0"?>
                    <!DOCTYPE rss SYSTEM "http://127.0.0.1:1/evil.dtd">
                    <rss version="2.0"><channel><title>t</title><item><title>Dtd</title>
                    <link>https://news.example/dtd</link></item></channel></rss>""",
            "/nested-5000-deep", HostileFeeds.nested(5_000),
            "/nested-100000-deep", HostileFeeds.nested(100_000));

    /**
     * Feeds that lead inside this machine, where only 127.0.0.1 is allowed: redirects from it to other loopback
     * addresses, and a feed configured on one. Each serves a story, which must never be read.
     */
    List<String> INSIDE = List.of("/redirect-to-127.0.0.2", "/redirect-to-ipv6-loopback", "/inside-feed");

    /** A feed whose server says it moved for good (301) to {@code /moved-here}, which serves no entry. */
    String MOVED = "/moved";

    @TestConfiguration
    class Rig {

        /**
         * Addresses that fail on our side, as a bug would: a reader's page, a staff page and the API, to see what
         * each answers with a 500. A member of this configuration, which registers it; no other context's scan finds
         * it.
         */
        @Controller
        static class Failing {

            static final String READER_PAGE = "/confirm/{token}/fails";
            static final String STAFF_PAGE = "/editor/fails";
            static final String API = "/api/admin/fails";

            @GetMapping({READER_PAGE, STAFF_PAGE, API})
            String fail() {
                throw new IllegalStateException("a bug with internals: news.dispatch.Secret");
            }
        }

        @Bean(destroyMethod = "stop")
        HostileFeeds hostileFeeds() throws IOException {
            return new HostileFeeds();
        }

        @Bean
        DynamicPropertyRegistrar feedSources(HostileFeeds feeds) {
            return registry -> {
                int i = 0;
                for (String path : FEEDS.keySet().stream().sorted().toList()) {
                    registry.add("dispatch.feeds.sources[" + i++ + "].url", () -> feeds.base() + path);
                }
                registry.add("dispatch.feeds.sources[" + i++ + "].url", () -> feeds.base() + "/newsroom");
                registry.add("dispatch.feeds.sources[" + i++ + "].url", () -> feeds.base() + MOVED);
                for (String path : INSIDE) {
                    registry.add("dispatch.feeds.sources[" + i++ + "].url",
                            () -> (path.equals("/inside-feed") ? feeds.inside() : feeds.base()) + path);
                }
            };
        }
    }

    /**
     * A local HTTP server that answers each of {@link #FEEDS}, redirects {@link #INSIDE} and {@link #MOVED}, and serves
     * {@code /newsroom} (empty unless a test fills it), and two more on 127.0.0.2 and ::1 that serve a good feed at
     * {@code /inside-feed}, where the machine has those addresses (the app must refuse them before connecting, so
     * the cases hold either way; with the servers, a failure to refuse would show as a story).
     */
    final class HostileFeeds {

        private static final String EMPTY = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";

        private final List<HttpServer> servers = new ArrayList<>();
        private final HttpServer server;
        private final int insidePort;
        private final int insideIpv6Port;
        private volatile String newsroom = EMPTY;

        HostileFeeds() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            servers.add(server);
            insidePort = insideFeed("127.0.0.2");
            insideIpv6Port = insideFeed("::1");
            FEEDS.forEach((path, xml) -> server.createContext(path, exchange -> send(exchange, xml)));
            server.createContext("/newsroom", exchange -> send(exchange, newsroom));
            server.createContext(MOVED, exchange -> {
                exchange.getResponseHeaders().add("Location", "/moved-here");
                exchange.sendResponseHeaders(301, -1);
                exchange.close();
            });
            server.createContext("/moved-here", exchange -> send(exchange, EMPTY));
            server.createContext(INSIDE.get(0), exchange -> redirect(exchange, inside() + "/inside-feed"));
            server.createContext(INSIDE.get(1), exchange -> redirect(exchange,
                    "http://[::1]:" + insideIpv6Port + "/inside-feed"));
            servers.forEach(HttpServer::start);
        }

        /** The port of a server on this loopback address that serves a good feed, or any port without one. */
        private int insideFeed(String address) {
            try {
                HttpServer inside = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
                inside.createContext("/inside-feed", exchange -> send(exchange, """
                        <rss version="2.0"><channel><title>t</title><item><title>Inside</title>
                        <link>https://news.example/inside</link><category>World</category></item></channel></rss>"""));
                servers.add(inside);
                return inside.getAddress().getPort();
            } catch (IOException e) {
                return server.getAddress().getPort();
            }
        }

        /** What {@code /newsroom} serves until {@link #quiet()}: by default a feed without entries. */
        void serveNewsroom(String xml) {
            newsroom = xml;
        }

        void quiet() {
            newsroom = EMPTY;
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        String inside() {
            return "http://127.0.0.2:" + insidePort;
        }

        void stop() {
            servers.forEach(each -> each.stop(0));
        }

        /** An item whose description nests elements {@code depth} deep: a recursive reader overflows its stack. */
        static String nested(int depth) {
            return "<rss version=\"2.0\"><channel><title>t</title><item><title>Deep</title>"
                    + "<link>https://news.example/deep</link><category>World</category><description>"
                    + "<x>".repeat(depth) + "</x>".repeat(depth) + "</description></item></channel></rss>";
        }

        private static void send(HttpExchange exchange, String xml) throws IOException {
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        private static void redirect(HttpExchange exchange, String location) throws IOException {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        }
    }
}
