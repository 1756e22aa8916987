package news.dispatch.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Readers' endpoints are public, so a method they do not take is a 405 for anyone, as it is for staff: never a 401
 * asking a reader's client to sign in.
 */
@DispatchTest
class PublicEndpointsIT {

    @LocalServerPort
    int port;

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aMethodAReadersEndpointDoesNotTakeIsA405ForAnyoneAndNotAWarningInTheLog(CapturedOutput log) {
        ApiClient anonymous = ApiClient.anonymous(port);

        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            assertNotAllowed(anonymous.send(method, "/api/subscriptions"), "POST");
        }
        assertNotAllowed(anonymous.get("/api/subscriptions/confirm"), "POST");
        assertNotAllowed(anonymous.send("DELETE", "/api/preferences/some-token"), "GET");
        assertNotAllowed(anonymous.send("POST", "/api/preferences/some-token"), "GET");
        assertNotAllowed(anonymous.send("POST", "/api/tags"), "GET");
        assertThat(log.getOut()).doesNotContain("HttpRequestMethodNotSupportedException");
    }

    @Test
    void staffEndpointsStillAskForCredentials() {
        ApiClient anonymous = ApiClient.anonymous(port);

        assertThat(anonymous.get("/api/articles").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/tags/some-tag/followers").status()).isEqualTo(401);
        assertThat(anonymous.send("DELETE", "/api/admin/subscribers/1").status()).isEqualTo(401);
    }

    private static void assertNotAllowed(Answer answer, String allowed) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(405);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Allow")).contains(allowed);
    }
}
