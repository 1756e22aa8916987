package news.dispatch.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import news.dispatch.web.ApiClient;
import news.dispatch.web.DispatchTest;

/**
 * Behind a TLS proxy with {@code server.forward-headers-strategy} left as it is, the log says so, once: nothing else
 * showed it (an operator's QA, 8 December 2026).
 */
@DispatchTest
@ExtendWith(OutputCaptureExtension.class)
class UnreadForwardedHeadersIT {

    @LocalServerPort
    int port;

    @Test
    void requestsThroughAProxyWhoseHeadersAreNotReadAreSaidOnce(CapturedOutput output) {
        ApiClient proxied = ApiClient.anonymous(port).with("X-Forwarded-Proto", "https")
                .with("X-Forwarded-For", "203.0.113.5");

        assertThat(proxied.get("/api/tags").status()).isEqualTo(200);
        assertThat(proxied.get("/api/tags").status()).isEqualTo(200);

        assertThat(output.getOut().lines().filter(line -> line.contains("came through a proxy")))
                .singleElement().asString().contains("WARN", "server.forward-headers-strategy=native");
    }
}
