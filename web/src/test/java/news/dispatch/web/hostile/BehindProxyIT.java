package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Behind a TLS-terminating proxy ({@code server.forward-headers-strategy=native}, the proxy on an internal address):
 * a request the proxy received over HTTPS gets a {@code Secure} session cookie and HSTS, on pages and API alike; a
 * plain HTTP one neither; and every limit counts the reader's own address, not the proxy's.
 */
@HostileTest
@ResetsDatabase({"delivery", "subscriber"})
class BehindProxyIT {

    private static final String HSTS = "Strict-Transport-Security";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        clock.advance(Duration.ofDays(1));
    }

    @Test
    void anHttpsRequestGetsASecureSessionCookieAndHsts() throws Exception {
        HttpResponse<String> login = send(get("/login").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "203.0.113.5"));

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie")).get().asString()
                .startsWith("JSESSIONID=").contains("; Secure").contains("; HttpOnly");
        assertThat(login.headers().firstValue(HSTS)).get().asString().startsWith("max-age=");
        for (String path : List.of("/subscribe", "/articles", "/api/articles", "/actuator/health")) {
            assertThat(send(get(path).header("X-Forwarded-Proto", "https")).headers().firstValue(HSTS))
                    .as(path).isPresent();
        }
    }

    @Test
    void aPlainHttpRequestGetsNeither() throws Exception {
        HttpResponse<String> login = send(get("/login"));

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie")).get().asString()
                .startsWith("JSESSIONID=").doesNotContain("Secure");
        for (String path : List.of("/login", "/subscribe", "/api/articles")) {
            assertThat(send(get(path)).headers().firstValue(HSTS)).as(path).isEmpty();
        }
    }

    @Test
    void signUpsAreCountedPerReaderNotPerProxy() throws Exception {
        for (int i = 0; i < HostileTest.SIGN_UPS_PER_CLIENT; i++) {
            assertThat(signUp("203.0.113.5", "reader" + i + "@example.com")).isEqualTo(202);
        }
        assertThat(signUp("203.0.113.5", "one-more@example.com")).isEqualTo(429);

        assertThat(signUp("198.51.100.7", "neighbour@example.com")).as("another reader behind the same proxy")
                .isEqualTo(202);
    }

    private int signUp(String client, String email) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/subscriptions"))
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", client)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\": \"" + email + "\", \"tags\": [\"Aviation\"]}"))).statusCode();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
