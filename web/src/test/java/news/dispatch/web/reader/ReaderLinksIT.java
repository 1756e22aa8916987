package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;

/** The links in readers' emails: what they do, once, while they last; and what a broken one shows. */
class ReaderLinksIT extends SignUpJourney {

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
        assertThat(page.body()).contains("This confirmation link does not work", "href=\"/subscribe?lang=en\"");
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
        assertThat(page.body()).contains("<form method=\"post\" action=\"/confirm/" + token + "?lang=en\">",
                "name=\"_csrf\"", "<button type=\"submit\"");
        assertThat(status("careful@example.com")).isEqualTo("PENDING");

        assertThat(browser.post("/confirm/" + token).status()).as("without the CSRF token").isEqualTo(403);
        assertThat(new Browser(port).post("/confirm/" + token, "_csrf", page.csrf()).status())
                .as("with another visitor's token").isEqualTo(403);
        assertThat(status("careful@example.com")).isEqualTo("PENDING");

        assertThat(browser.post("/confirm/" + token, "_csrf", page.csrf()).status()).isEqualTo(302);
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
        assertThat(api.get("/preferences/" + unknown + "/data").header("Content-Type"))
                .as("a client of the data download").startsWith("application/problem+json");
        for (String path : List.of("/confirm/%s", "/preferences/%s", "/unsubscribe/%s", "/preferences/%s/data")) {
            Browser.Page page = browser.get(path.formatted(unknown));
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("does not work",
                    "<a class=\"button\" href=\"/subscribe?lang=en\">Start again</a>");
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
        String token = unsubscribeLinkOfActiveReader("one.click@example.com");

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

    @Test
    void aOneClickPostIsAnsweredAsOneWhateverTheClientAccepts() throws Exception {
        String token = unsubscribeLinkOfActiveReader("accepts.html@example.com");

        assertThat(oneClick(token, "text/html,application/xhtml+xml,*/*;q=0.8").statusCode())
                .as("RFC 8058's answer, not the page's redirect").isEqualTo(200);
        assertThat(status("accepts.html@example.com")).isEqualTo("UNSUBSCRIBED");

        String htmlOnly = unsubscribeLinkOfActiveReader("accepts.only.html@example.com");
        assertThat(oneClick(htmlOnly, "text/html").statusCode()).as("done, so not a 406").isEqualTo(200);
        assertThat(status("accepts.only.html@example.com")).isEqualTo("UNSUBSCRIBED");
    }

    private HttpResponse<String> oneClick(String token, String accept) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/unsubscribe/" + token))
                .header("Accept", accept)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A mailbox provider's unsubscribe button posts the link of the message the reader has open, often one of a
     * subscription they had before: it ends the present one (it answered {@code 404} until 7 December, and the reader
     * kept getting mail they had asked to stop). The old preferences link shows nothing of the new subscription.
     */
    @Test
    void aNewSubscriptionGetsNewLinksAndAnOldUnsubscribeLinkEndsIt() {
        String email = "again@example.com";
        Mailbox inbox = new Mailbox(sandbox, email);
        assertThat(confirm(signUpAndReadConfirmation(email)).status()).isEqualTo(200);
        CapturedEmail welcome = inbox.awaitSubject("Welcome to Dispatch");
        String oldPreferences = Mailbox.token(welcome, "preferences");
        String oldUnsubscribe = Mailbox.token(welcome, "unsubscribe");
        assertThat(unsubscribe(oldUnsubscribe).status()).isEqualTo(200);
        assertThat(api.get("/api/preferences/" + oldPreferences).json().get("status").asString())
                .as("while unsubscribed, the preferences link still shows where the reader stands")
                .isEqualTo("UNSUBSCRIBED");

        assertThat(api.post("/api/subscriptions", "{\"email\": \"" + email + "\", \"tags\": [\"#Shipping\"]}")
                .status()).isEqualTo(202);

        assertThat(api.get("/api/preferences/" + oldPreferences).status()).isEqualTo(404);
        assertThat(api.send("PUT", "/api/preferences/" + oldPreferences, "application/json", "{\"sendHour\": 8}")
                .status()).isEqualTo(404);
        Browser browser = new Browser(port);
        assertThat(browser.get("/preferences/" + oldPreferences).body()).contains("This link does not work");
        assertThat(unsubscribe(oldUnsubscribe).status()).as("asked again, harmless").isEqualTo(200);
        assertThat(browser.get("/unsubscribe/" + oldUnsubscribe).body()).contains("<h1>You're unsubscribed</h1>");

        assertThat(confirm(Mailbox.token(newest(inbox, "Confirm your subscription to Dispatch", 2), "confirm"))
                .status()).as("the old link left the new sign-up waiting as it was").isEqualTo(200);
        CapturedEmail secondWelcome = newest(inbox, "Welcome to Dispatch", 2);
        String newPreferences = Mailbox.token(secondWelcome, "preferences");
        String newUnsubscribe = Mailbox.token(secondWelcome, "unsubscribe");
        assertThat(newPreferences).isNotEqualTo(oldPreferences);
        assertThat(newUnsubscribe).isNotEqualTo(oldUnsubscribe);
        Answer now = api.get("/api/preferences/" + newPreferences);
        assertThat(now.status()).isEqualTo(200);
        assertThat(now.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(now.json().get("tags").toString()).isEqualTo("[\"shipping\"]");
        assertThat(api.get("/api/preferences/" + oldPreferences).status()).isEqualTo(404);

        assertThat(browser.get("/unsubscribe/" + oldUnsubscribe).body()).contains("Unsubscribe?", email);
        assertThat(unsubscribe(oldUnsubscribe).status()).isEqualTo(200);
        assertThat(api.get("/api/preferences/" + newPreferences).json().get("status").asString())
                .isEqualTo("UNSUBSCRIBED");
    }

    /** A zone the API takes but the form's list does not offer: the page showed a 500 (QA, 7 December). */
    @Test
    void aReaderOnAZoneTheListDoesNotOfferSeesTheirPagesWithIt() {
        Subscriber reader = subscribers.add(EmailAddress.of("eastern@example.com"), new Preferences(
                List.of(Tag.of("#Aviation")), Frequency.DAILY, ZoneId.of("US/Eastern"), 8, true),
                SubscriberStatus.ACTIVE);

        Browser.Page page = new Browser(port).get("/preferences/" + subscribers.linkToken(reader,
                LinkPurpose.PREFERENCES));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<option value=\"US/Eastern\" selected>US / Eastern (UTC");
    }

    @Test
    void aReaderSignedUpAgainAfterErasureGetsNewLinks() {
        Subscriber first = subscribers.add(EmailAddress.of("erased@example.com"), new Preferences(
                List.of(Tag.of("#Aviation")), Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
        String oldPreferences = subscribers.linkToken(first, LinkPurpose.PREFERENCES);
        ApiClient admin = api.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        assertThat(admin.delete("/api/admin/subscribers/" + first.id()).status()).isEqualTo(204);

        Subscriber second = subscribers.add(EmailAddress.of("erased@example.com"), first.preferences(),
                SubscriberStatus.ACTIVE);

        assertThat(api.get("/api/preferences/" + oldPreferences).status()).isEqualTo(404);
        assertThat(api.get("/api/preferences/" + subscribers.linkToken(second, LinkPurpose.PREFERENCES)).status())
                .isEqualTo(200);
    }

    @Test
    void aSecondSignUpBeforeConfirmingLeavesOnlyItsOwnLinkToConfirmItsChoices() {
        String email = "changed.mind@example.com";
        String first = signUpAndReadConfirmation(email);
        assertThat(api.post("/api/subscriptions", "{\"email\": \"" + email + "\", \"tags\": [\"#Shipping\"], "
                + "\"frequency\": \"WEEKLY\"}").status()).isEqualTo(202);
        String second = Mailbox.token(new Mailbox(sandbox, email).awaitCount(2).get(0), "confirm");
        assertThat(second).isNotEqualTo(first);

        Answer old = confirm(first);
        assertThat(old.status()).as("the first link stood for the first choices").isEqualTo(404);
        assertThat(new Browser(port).get("/confirm/" + first).status()).isEqualTo(404);
        assertThat(status(email)).isEqualTo("PENDING");

        assertThat(confirm(second).body()).isEqualTo("{\"status\":\"ACTIVE\"}");
        assertThat(jdbc.sql("select frequency from subscriber where email = ?").param(email).query(String.class)
                .single()).isEqualTo("WEEKLY");
        assertThat(confirm(first).status()).as("once ACTIVE, an old link only shows it").isEqualTo(200);
    }

    @Test
    void anUnsubscribedReadersPreferencesOfferToComeBackThroughAConfirmationAndNothingElse() {
        Subscriber reader = subscribers.add(EmailAddress.of("left@example.com"), new Preferences(
                List.of(Tag.of("#Aviation")), Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
        String preferences = subscribers.linkToken(reader, LinkPurpose.PREFERENCES);
        Browser browser = new Browser(port);
        Browser.Page keptOpen = browser.get("/preferences/" + preferences);
        assertThat(unsubscribe(subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE)).status()).isEqualTo(200);

        Browser.Page page = browser.get("/preferences/" + preferences);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("You have unsubscribed",
                        "<form method=\"post\" action=\"/preferences/" + preferences + "/resubscribe?lang=en\">",
                        "Subscribe again")
                .doesNotContain("Save my preferences", "Saved");

        Browser.Page stale = browser.post("/preferences/" + preferences, "_csrf", keptOpen.csrf(), "tags", "Aviation",
                "frequency", "WEEKLY", "sendHour", "7", "timezone", "UTC", "alerts", "on");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("Nothing was saved: you have unsubscribed").doesNotContain("Saved.");
        Answer put = api.send("PUT", "/api/preferences/" + preferences, "application/json",
                "{\"frequency\": \"WEEKLY\"}");
        assertThat(put.status()).isEqualTo(409);
        assertThat(put.header("Content-Type")).startsWith("application/problem+json");
        assertThat(put.json().get("detail").asString()).contains("unsubscribed");
        assertThat(status("left@example.com")).isEqualTo("UNSUBSCRIBED");
        assertThat(jdbc.sql("select frequency from subscriber where id = ?").param(reader.id()).query(String.class)
                .single()).isEqualTo("DAILY");

        assertThat(new Browser(port).post("/preferences/" + preferences + "/resubscribe").status())
                .as("without the page's CSRF token").isEqualTo(403);
        assertThat(status("left@example.com")).isEqualTo("UNSUBSCRIBED");
        Browser.Page back = browser.post("/preferences/" + preferences + "/resubscribe", "_csrf", page.csrf());
        assertThat(back.status()).as(back.toString()).isEqualTo(302);
        assertThat(back.header("Location")).endsWith("/preferences/resubscribed?lang=en");
        assertThat(browser.get("/preferences/resubscribed").body()).contains("Check your inbox");
        assertThat(status("left@example.com")).as("never straight back to ACTIVE").isEqualTo("PENDING");
        assertThat(browser.get("/preferences/" + preferences).status()).as("a new subscription, new links")
                .isEqualTo(404);

        String confirmation = Mailbox.token(new Mailbox(sandbox, "left@example.com")
                .awaitSubject("Confirm your subscription to Dispatch"), "confirm");
        assertThat(confirm(confirmation).body()).isEqualTo("{\"status\":\"ACTIVE\"}");
        assertThat(jdbc.sql("select count(*) from subscriber_tag where subscriber_id = ? and tag_key = 'aviation'")
                .param(reader.id()).query(Long.class).single()).as("the choices they had").isEqualTo(1);
    }

    /** Waits until the inbox holds {@code count} emails with the subject, and answers the newest. */
    private static CapturedEmail newest(Mailbox inbox, String subject, int count) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inbox.all())
                .filteredOn(mail -> subject.equals(mail.subject())).hasSize(count));
        return inbox.all().stream().filter(mail -> subject.equals(mail.subject())).findFirst().orElseThrow();
    }

    private String unsubscribeLinkOfActiveReader(String email) {
        Subscriber reader = subscribers.add(EmailAddress.of(email), new Preferences(List.of(Tag.of("#Aviation")),
                Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
        return subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE);
    }

    private Answer unsubscribe(String token) {
        return api.send("POST", "/unsubscribe/" + token, "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click");
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
}
