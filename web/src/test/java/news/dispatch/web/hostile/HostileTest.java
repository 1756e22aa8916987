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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import news.dispatch.core.testing.MutableClock;
import news.dispatch.web.DispatchApplication;
import news.dispatch.web.DispatchTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The whole app as {@link DispatchTest} runs it, with a clock the tests move (so every limit refills between cases),
 * small limits a test can reach (a few server threads, a second's patience with a stalled body), behind a TLS proxy
 * on the loopback (forwarded headers trusted from it, as Tomcat trusts internal addresses), and feeds served by a local server that answers with hostile XML. Its own database
 * and Quartz scheduler name. Every hostile-input, abuse and privacy test class shares this context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:hostile-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "spring.quartz.scheduler-name=hostile-test",
                "dispatch.demo=false",
                "dispatch.base-url=https://dispatch.example",
                "dispatch.mail.idle-poll=200ms",
                "dispatch.admin.username=" + DispatchTest.ADMIN,
                "dispatch.admin.password=" + DispatchTest.ADMIN_PASSWORD,
                "dispatch.login.failures-per-client=1000",
                "dispatch.readers.sign-ups-per-client=" + HostileTest.SIGN_UPS_PER_CLIENT,
                "dispatch.readers.link-failures-per-client=" + HostileTest.LINK_FAILURES_PER_CLIENT,
                "server.tomcat.threads.max=" + HostileTest.SERVER_THREADS,
                "server.tomcat.threads.min-spare=2",
                "dispatch.http.body-read-timeout=1s",
                "dispatch.http.body-deadline=2s",
                "server.forward-headers-strategy=native"})
@Import(HostileTest.Rig.class)
@interface HostileTest {

    int SIGN_UPS_PER_CLIENT = 6;
    int LINK_FAILURES_PER_CLIENT = 12;
    int SERVER_THREADS = 8;

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
                    <link>https://news.example/dtd</link></item></channel></rss>""");

    @TestConfiguration
    class Rig {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
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
            };
        }
    }

    /** A local HTTP server that answers each of {@link #FEEDS}. */
    final class HostileFeeds {

        private final HttpServer server;

        HostileFeeds() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FEEDS.forEach((path, xml) -> server.createContext(path, exchange -> {
                byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }));
            server.start();
        }

        String base() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void stop() {
            server.stop(0);
        }
    }
}
