package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Locale;

import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
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
@ResetsDatabase({"delivery", "subscriber"})
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
        assertThat(list.body()).contains("leser@xn--bcher-kva.example");
        Browser.Page page = admin.get("/admin/mailbox/" + email.id());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("leser@xn--bcher-kva.example");
    }

    @Test
    void lookAlikeSpellingsOfOneAddressAreOneReaderWhoseMailGoesToOneAddress() {
        String[] spellings = {"user@bücher.example", "user@xn--bcher-kva.example", "user@bu\u0308cher.example",
                "\uff55\uff53\uff45\uff52\uff20\uff42\uff55\u0308\uff43\uff48\uff45\uff52\uff0e"
                        + "\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45",
                "user@BÜCHER.EXAMPLE"};
        for (String spelling : spellings) {
            assertThat(signUp(spelling).status()).as(spelling).isEqualTo(202);
        }

        assertThat(jdbc.sql("select email from subscriber").query(String.class).list())
                .containsExactly("user@xn--bcher-kva.example");
        // A PENDING address is sent a fresh link per sign-up, up to the hourly cap: to one address, as one reader.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select count(*) from delivery where status = 'SENT'").query(Long.class).single() == 3);
        assertThat(jdbc.sql("select distinct recipient from delivery").query(String.class).list())
                .containsExactly("user@xn--bcher-kva.example");
        assertThat(sandbox.messages()).flatExtracting(CapturedEmail::to)
                .filteredOn(to -> to.toLowerCase(Locale.ROOT).contains("user@") || to.contains("\uff55"))
                .containsOnly("user@xn--bcher-kva.example");
    }

    @Test
    void thePerAddressSignUpLimitCountsEverySpellingOfTheAddress() {
        String[] spellings = {"limit@bücher.example", "limit@xn--bcher-kva.example", "limit@bu\u0308cher.example",
                "\uff4c\uff49\uff4d\uff49\uff54@bücher.example", "limit@BÜCHER.example"};
        for (String spelling : spellings) {
            assertThat(signUp(spelling).status()).as(spelling).isEqualTo(202);
        }

        Answer sixth = signUp("limit@b\u00fccher.example");
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.json().get("detail").asString()).contains("this email address");
    }

    @Test
    void whatCannotBeNormalisedIsA400NamingTheEmailField() {
        for (String email : new String[] {"reader@stra\u00dfe.example", "reader@xn--zz.example",
                "reader@exa\u200bmple.com", "reader@exa\u00admple.com", "jos\u00e9@example.com",
                "reader@\u2488.example"}) {
            Answer refused = signUp(email);
            assertThat(refused.status()).as(email).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("email");
            assertThat(refused.json().get("errors").get(0).get("message").asString()).startsWith("email");
        }
        assertThat(jdbc.sql("select count(*) from subscriber").query(Long.class).single()).isZero();
    }

    private Answer signUp(String email) {
        return anonymous.post("/api/subscriptions", "{\"email\": \"" + email + "\", \"tags\": [\"Aviation\"]}");
    }
}
