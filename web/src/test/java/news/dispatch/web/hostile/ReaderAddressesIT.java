package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import news.dispatch.core.testing.MutableClock;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Addresses as readers type them: look-alike forms of one address are one reader who gets one email, what cannot be
 * normalised is refused with a 400 naming the field, and nothing a reader types breaks a page for staff.
 */
@HostileTest
class ReaderAddressesIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    MutableClock clock;

    ApiClient anonymous;

    @BeforeEach
    void setUp() {
        jdbc.sql("delete from delivery").update();
        jdbc.sql("delete from subscriber").update();
        // A new day: every sign-up limit has refilled.
        clock.advance(Duration.ofDays(1));
        anonymous = ApiClient.anonymous(port);
    }

    @Test
    void anInternationalisedDomainLeavesTheSandboxMailboxReadable() {
        assertThat(signUp("leser@bücher.example").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.messages().stream()
                .anyMatch(email -> email.to().toString().contains("bcher")));

        Browser admin = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Browser.Page list = admin.get("/admin/mailbox");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        CapturedEmail email = sandbox.messages().stream()
                .filter(captured -> captured.to().toString().contains("bcher")).findFirst().orElseThrow();
        Browser.Page page = admin.get("/admin/mailbox/" + email.id());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("leser@xn--bcher-kva.example");
    }

    private Answer signUp(String email) {
        return anonymous.post("/api/subscriptions", "{\"email\": \"" + email + "\", \"tags\": [\"Aviation\"]}");
    }
}
