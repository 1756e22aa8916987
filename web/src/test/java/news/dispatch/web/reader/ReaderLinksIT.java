package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.ApiClient;
import news.dispatch.web.Browser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The links in readers' emails: what they do, once, while they last; and what a broken one shows. */
@ReaderTest
class ReaderLinksIT {

    @LocalServerPort
    int port;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    Subscribers subscribers;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void setUp() {
        jdbc.sql("delete from delivery").update();
        jdbc.sql("delete from subscriber").update();
        clock.advance(Duration.ofDays(1));
        api = ApiClient.anonymous(port);
    }

    @Test
    void aConfirmationLinkExpiresAfterSevenDays() {
        String token = signUpAndReadConfirmation("late@example.com");

        clock.advance(Duration.ofDays(7).plusSeconds(1));

        Answer expired = confirm(token);
        assertThat(expired.status()).isEqualTo(404);
        assertThat(expired.header("Content-Type")).startsWith("application/problem+json");
        assertThat(expired.json().get("detail").asString()).contains("expired");
        Browser.Page page = new Browser(port).get("/confirm/" + token);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("This confirmation link does not work", "href=\"/subscribe\"");
        assertThat(status("late@example.com")).isEqualTo("PENDING");
    }

    @Test
    void confirmingTwiceIsHarmlessAndWelcomesOnce() {
        String token = signUpAndReadConfirmation("twice@example.com");

        assertThat(confirm(token).body()).isEqualTo("{\"status\":\"ACTIVE\"}");
        assertThat(confirm(token).body()).isEqualTo("{\"status\":\"ACTIVE\"}");

        new Mailbox(sandbox, "twice@example.com").awaitSubject("Welcome to Dispatch");
        assertThat(jdbc.sql("select count(*) from delivery where kind = 'NOTICE'").query(Long.class).single())
                .isEqualTo(1);
        assertThat(new Browser(port).get("/confirm/" + token).body()).contains("You're subscribed")
                .doesNotContain("Confirm my subscription");
    }

    @Test
    void aConfirmationPageAsksForTheClickAndOnlyThePostWithItsCsrfTokenConfirms() {
        String token = signUpAndReadConfirmation("careful@example.com");
        Browser browser = new Browser(port);

        Browser.Page page = browser.get("/confirm/" + token);
        browser.get("/confirm/" + token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\" action=\"/confirm/" + token + "\">",
                "name=\"_csrf\"", "<button type=\"submit\"");
        assertThat(status("careful@example.com")).isEqualTo("PENDING");

        assertThat(browser.post("/confirm/" + token).status()).as("without the CSRF token").isEqualTo(403);
        assertThat(new Browser(port).post("/confirm/" + token, "_csrf", page.csrf()).status())
                .as("with another visitor's token").isEqualTo(403);
        assertThat(status("careful@example.com")).isEqualTo("PENDING");

        assertThat(browser.post("/confirm/" + token, "_csrf", page.csrf()).status()).isEqualTo(200);
        assertThat(status("careful@example.com")).isEqualTo("ACTIVE");
    }

    @Test
    void unknownLinksAre404sWithAWayToStartAgain() {
        String unknown = LinkTokens.random();
        assertThat(confirm(unknown).status()).isEqualTo(404);
        assertThat(confirm("x").status()).isEqualTo(404);
        assertThat(api.post("/api/subscriptions/confirm", "{}").json().get("errors").get(0).get("field")
                .asString()).isEqualTo("token");
        assertThat(api.get("/api/preferences/" + unknown).status()).isEqualTo(404);
        assertThat(api.send("PUT", "/api/preferences/" + unknown, "application/json", "{\"sendHour\": 8}").status())
                .isEqualTo(404);
        Answer unsubscribe = api.send("POST", "/unsubscribe/" + unknown, "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click");
        assertThat(unsubscribe.status()).isEqualTo(404);
        assertThat(unsubscribe.header("Content-Type")).startsWith("application/problem+json");

        Browser browser = new Browser(port);
        for (String path : List.of("/confirm/", "/preferences/", "/unsubscribe/")) {
            Browser.Page page = browser.get(path + unknown);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("does not work",
                    "<a class=\"button\" href=\"/subscribe\">Start again</a>");
        }
        assertThat(browser.post("/unsubscribe/" + unknown).status()).isEqualTo(404);
    }

    @Test
    void eachLinkOpensOnlyWhatItIsFor() {
        Subscriber reader = subscribers.add(EmailAddress.of("links@example.com"), new Preferences(
                List.of(Tag.of("#Aviation")), Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
        String preferences = subscribers.linkToken(reader, LinkPurpose.PREFERENCES);
        String unsubscribe = subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE);

        assertThat(api.get("/api/preferences/" + unsubscribe).status()).isEqualTo(404);
        assertThat(api.send("POST", "/unsubscribe/" + preferences, "application/x-www-form-urlencoded", "")
                .status()).isEqualTo(404);
        assertThat(confirm(preferences).status()).isEqualTo(404);
        assertThat(status("links@example.com")).isEqualTo("ACTIVE");
    }

    @Test
    void oneClickUnsubscribeNeedsNoCookieNoCsrfTokenAndNoBody() throws Exception {
        Subscriber reader = subscribers.add(EmailAddress.of("one.click@example.com"), new Preferences(
                List.of(Tag.of("#Aviation")), Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
        String token = subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE);

        HttpResponse<String> bare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/unsubscribe/" + token))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(bare.statusCode()).isEqualTo(200);
        assertThat(bare.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(status("one.click@example.com")).isEqualTo("UNSUBSCRIBED");
        assertThat(api.send("POST", "/unsubscribe/" + token, "multipart/form-data; boundary=x",
                "--x\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--x--\r\n")
                .status()).isEqualTo(200);
    }

    private String signUpAndReadConfirmation(String email) {
        assertThat(api.post("/api/subscriptions", "{\"email\": \"" + email + "\", \"tags\": [\"#Aviation\"]}")
                .status()).isEqualTo(202);
        return Mailbox.token(new Mailbox(sandbox, email).awaitSubject("Confirm your subscription to Dispatch"),
                "confirm");
    }

    private Answer confirm(String token) {
        return api.post("/api/subscriptions/confirm", "{\"token\": \"" + token + "\"}");
    }

    private String status(String email) {
        return jdbc.sql("select status from subscriber where email = ?").param(email).query(String.class).single();
    }
}
