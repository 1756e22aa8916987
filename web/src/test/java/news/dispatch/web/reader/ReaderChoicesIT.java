package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.DeliveryKind;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.scheduler.digest.Digests;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Readers' choices, second edition: a rhythm per tag and a pause, through the API, the pages and the real emails. */
class ReaderChoicesIT extends SignUpJourney {

    @Autowired
    Articles articles;

    @Autowired
    Digests digests;

    @Autowired
    Deliveries deliveries;

    /** Signs a reader up through the API and confirms them; answers their preferences token. */
    private String confirmedReader(Mailbox inbox, String email) {
        assertThat(api.post("/api/subscriptions", """
                {"email": "%s", "tags": ["#Ukraine", "#Aviation"], "frequency": "DAILY", "timezone": "Europe/Berlin"}
                """.formatted(email)).status()).isEqualTo(202);
        api.post("/api/subscriptions/confirm", "{\"token\": \""
                + Mailbox.token(inbox.awaitSubject("Confirm your subscription to Dispatch"), "confirm") + "\"}");
        return Mailbox.token(inbox.awaitSubject("Welcome to Dispatch"), "preferences");
    }

    private void story(String title, String... tags) {
        articles.publish(new NewArticle(title, null, null, null, null, null,
                Arrays.stream(tags).map(Tag::of).toList()));
    }

    private long digestsTo(String email) {
        Subscriber reader = subscribers.findByEmail(EmailAddress.of(email)).orElseThrow();
        return deliveries.listFor(reader.id()).stream().filter(d -> d.kind() == DeliveryKind.DIGEST).count();
    }

    @Test
    void eachTagGoesAtItsOwnRhythmAndAStoryOnBothArrivesOnce() {
        Mailbox inbox = new Mailbox(sandbox, "rhythms@example.com");
        String token = confirmedReader(inbox, "rhythms@example.com");

        Answer changed = api.send("PUT", "/api/preferences/" + token, "application/json",
                "{\"tagFrequencies\": {\"#Ukraine\": \"immediate\"}}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("tagFrequencies").toString()).isEqualTo("{\"ukraine\":\"IMMEDIATE\"}");
        JsonNode later = api.send("PUT", "/api/preferences/" + token, "application/json", "{\"sendHour\": 9}").json();
        assertThat(later.get("tagFrequencies").toString()).as("an edit of one field keeps the others")
                .isEqualTo("{\"ukraine\":\"IMMEDIATE\"}");
        Answer unfollowed = api.send("PUT", "/api/preferences/" + token, "application/json",
                "{\"tagFrequencies\": {\"#Sport\": \"WEEKLY\"}}");
        assertThat(unfollowed.status()).isEqualTo(400);
        assertThat(unfollowed.json().get("errors").get(0).get("field").asString()).isEqualTo("tagFrequencies");

        clock.advance(Duration.ofMinutes(1));
        story("Airspace over Kyiv closed", "#Ukraine", "#Aviation");
        story("New airliner certified", "#Aviation");
        clock.advance(Duration.ofMinutes(1));
        digests.runNow(Frequency.IMMEDIATE);
        CapturedEmail first = inbox.awaitCount(3).get(0);
        assertThat(first.text()).contains("Airspace over Kyiv closed").doesNotContain("New airliner certified");
        assertThat(first.text()).as("the heading names the run's rhythm, not the reader's frequency")
                .startsWith("New on your tags").doesNotContain("Your daily digest");

        digests.runNow(Frequency.DAILY);
        CapturedEmail second = inbox.awaitCount(4).get(0);
        assertThat(second.text()).contains("New airliner certified").doesNotContain("Airspace over Kyiv closed");
        assertThat(second.text()).startsWith("Your daily digest");
    }

    @Test
    void aPauseHoldsEverythingAndWhatCameMeanwhileNeverFollows() {
        Mailbox inbox = new Mailbox(sandbox, "holiday@example.com");
        String token = confirmedReader(inbox, "holiday@example.com");
        assertThat(inbox.awaitSubject("Welcome to Dispatch").text())
                .contains("On holiday? Pause: https://dispatch.example/preferences/" + token + "#pause");

        clock.advance(Duration.ofMinutes(1));
        story("Story before the holiday", "#Ukraine");
        clock.advance(Duration.ofMinutes(1));
        digests.runNow(Frequency.DAILY);
        assertThat(inbox.awaitCount(3).get(0).text()).contains("Story before the holiday");

        Browser browser = new Browser(port);
        Browser.Page page = browser.get("/preferences/" + token);
        assertThat(page.body()).contains("id=\"pause\"", "Pause one week").doesNotContain("Resume now");
        assertThat(page.body()).as("only unsubscribing is red").contains(
                "value=\"P1W\" class=\"secondary\">Pause one week</button>",
                "<button type=\"submit\" class=\"danger\">Unsubscribe</button>");
        Browser.Page paused = browser.post("/preferences/" + token + "/pause", "_csrf", page.csrf(), "for", "P1W");
        assertThat(paused.status()).isEqualTo(302);
        LocalDate today = clock.instant().atZone(ZoneId.of("Europe/Berlin")).toLocalDate();
        assertThat(api.get("/api/preferences/" + token).json().get("pausedUntil").asString())
                .isEqualTo(today.plusWeeks(1).toString());
        assertThat(browser.get("/preferences/" + token).body()).contains("Paused", "Resume now");
        long id = subscribers.findByEmail(EmailAddress.of("holiday@example.com")).orElseThrow().id();
        assertThat(new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD)
                .get("/admin/subscribers/" + id).body()).as("the admin sees the pause")
                .contains("until <time datetime=\"" + today.plusWeeks(1) + "\">");
        assertThat(api.send("PUT", "/api/preferences/" + token, "application/json",
                "{\"pausedUntil\": \"+10000-01-01\"}").status()).as("no YYYY-MM-DD").isEqualTo(400);

        clock.advance(Duration.ofDays(6));
        story("Story during the holiday", "#Ukraine");
        clock.advance(Duration.ofMinutes(1));
        digests.runNow(Frequency.DAILY);
        assertThat(digestsTo("holiday@example.com")).as("nothing while paused").isEqualTo(1);

        clock.advance(Duration.ofDays(2));
        story("Story after the holiday", "#Ukraine");
        clock.advance(Duration.ofMinutes(1));
        digests.runNow(Frequency.DAILY);
        CapturedEmail back = inbox.awaitCount(4).get(0);
        assertThat(back.text()).contains("Story after the holiday").doesNotContain("Story during the holiday");

        LocalDate now = clock.instant().atZone(ZoneId.of("Europe/Berlin")).toLocalDate();
        api.send("PUT", "/api/preferences/" + token, "application/json",
                "{\"pausedUntil\": \"" + now.plusDays(3) + "\"}");
        assertThat(api.send("PUT", "/api/preferences/" + token, "application/json", "{\"pausedUntil\": null}")
                .json().get("pausedUntil").isNull()).as("a pause ended early is no pause, not one until today")
                .isTrue();
    }

    @Test
    void theAdminReadsAndChangesQuietHoursAsTheReaderDoesOneHourNeverClearingTheOther() {
        Mailbox inbox = new Mailbox(sandbox, "night@example.com");
        String token = confirmedReader(inbox, "night@example.com");
        ApiClient admin = api.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        String path = "/api/admin/subscribers/"
                + subscribers.findByEmail(EmailAddress.of("night@example.com")).orElseThrow().id();
        assertThat(admin.get(path).json().get("quietFrom").isNull()).isTrue();

        api.send("PUT", "/api/preferences/" + token, "application/json", "{\"quietFrom\": 22, \"quietUntil\": 7}");
        assertThat(admin.get(path).json().get("quietFrom").asInt()).isEqualTo(22);
        Answer changed = admin.send("PATCH", path, "application/json", "{\"quietUntil\": 6}");

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("quietFrom").asInt()).as("the other hour kept").isEqualTo(22);
        assertThat(changed.json().get("quietUntil").asInt()).isEqualTo(6);
        assertThat(api.get("/api/preferences/" + token).json().get("quietUntil").asInt()).isEqualTo(6);
        Answer unreadable = admin.send("PATCH", path, "application/json", "{\"quietFrom\": \"22:00\"}");
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(unreadable.body()).contains("quietFrom must be an hour between 0 and 23, or null");
        Answer cleared = admin.send("PATCH", path, "application/json", "{\"quietFrom\": null, \"quietUntil\": null}");
        assertThat(cleared.json().get("quietFrom").isNull()).isTrue();
        assertThat(cleared.json().get("quietUntil").isNull()).isTrue();
    }

    /** A QA's sign-up with quiet hours was answered 202 and the hours dropped: an alert woke the reader at 04:26. */
    @Test
    void quietHoursComeWithTheSignUpAndAreCheckedAsThePreferencesCheckThem() {
        Answer refused = api.post("/api/subscriptions", """
                {"email": "early@example.com", "tags": ["#Aviation"], "quietFrom": 22}""");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body()).contains("quietUntil is needed with quietFrom");

        Mailbox inbox = new Mailbox(sandbox, "early@example.com");
        assertThat(api.post("/api/subscriptions", """
                {"email": "early@example.com", "tags": ["#Aviation"], "timezone": "Asia/Kolkata",
                 "quietFrom": 22, "quietUntil": 7}""").status()).isEqualTo(202);
        api.post("/api/subscriptions/confirm", "{\"token\": \""
                + Mailbox.token(inbox.awaitSubject("Confirm your subscription to Dispatch"), "confirm") + "\"}");
        String token = Mailbox.token(inbox.awaitSubject("Welcome to Dispatch"), "preferences");

        Answer preferences = api.get("/api/preferences/" + token);
        assertThat(preferences.json().get("quietFrom").asInt()).as(preferences.toString()).isEqualTo(22);
        assertThat(preferences.json().get("quietUntil").asInt()).isEqualTo(7);
    }

    @Test
    void theConsentIsOnRecordForTheAdminAndInTheReadersDataDownload() {
        Mailbox inbox = new Mailbox(sandbox, "consent@example.com");
        String token = confirmedReader(inbox, "consent@example.com");
        Subscriber reader = subscribers.findByEmail(EmailAddress.of("consent@example.com")).orElseThrow();
        ApiClient admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);

        JsonNode consent = admin.get("/api/admin/subscribers/" + reader.id()).json().get("consent");
        assertThat(consent.get("source").asString()).isEqualTo("API");
        assertThat(consent.get("at").asString()).isNotBlank();
        assertThat(consent.get("text").asString()).contains("#Ukraine", "#Aviation", "daily digest at 07:00",
                "Europe/Berlin");
        assertThat(admin.send("PATCH", "/api/admin/subscribers/" + reader.id(), "application/json",
                "{\"sendHour\": 9}").json().get("consent")).as("a change answers with it too").isEqualTo(consent);
        assertThat(jdbc.sql("select client_hash from consent where subscriber_id = ?").param(reader.id())
                .query(String.class).single()).as("a keyed hash, never the address, nor its plain SHA-256")
                .hasSize(64).doesNotContain(".").isNotIn(LinkTokens.hash("127.0.0.1"), LinkTokens.hash("0:0:0:0:0:0:0:1"),
                        LinkTokens.hash("::1"));

        JsonNode data = api.get("/preferences/" + token + "/data").json().get("consent");
        assertThat(data.get("source").asString()).isEqualTo("API");
        assertThat(data.get("text").asString()).isEqualTo(consent.get("text").asString());

        Browser browser = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        assertThat(browser.get("/admin/subscribers/" + reader.id()).body()).contains("Consent", "API",
                consent.get("text").asString().substring(0, 20));

        assertThat(admin.send("POST", "/api/admin/subscribers/import", "text/csv",
                "email,tags\nimported@example.com,#Aviation\n").status()).isEqualTo(200);
        Subscriber imported = subscribers.findByEmail(EmailAddress.of("imported@example.com")).orElseThrow();
        JsonNode importedConsent = admin.get("/api/admin/subscribers/" + imported.id()).json().get("consent");
        assertThat(importedConsent.get("source").asString()).isEqualTo("IMPORT");
        assertThat(importedConsent.get("text").asString()).as("not words Dispatch never showed them, as if it had")
                .startsWith("Imported from the newsroom's own list, with consent given outside Dispatch")
                .contains("#Aviation");
        JsonNode listed = admin.get("/api/admin/subscribers?q=example.com&size=200").json().get("items");
        assertThat(listed).as("the list shows each reader's consent as their own record does").hasSize(2)
                .allSatisfy(item -> assertThat(item.get("consent").get("source").asString()).isIn("API", "IMPORT"));
        assertThat(jdbc.sql("select imported_by from consent where subscriber_id = ?").param(imported.id())
                .query(String.class).single()).isEqualTo(DispatchTest.ADMIN);
    }

    /** Quiet hours were the API's alone: a reader without a script could not reach them (reader QA, 7 December). */
    @Test
    void thePreferencesPageSetsQuietHoursAndTakesThemAway() {
        Mailbox inbox = new Mailbox(sandbox, "page.quiet@example.com");
        String token = confirmedReader(inbox, "page.quiet@example.com");
        Browser browser = new Browser(port);

        Browser.Page page = browser.get("/preferences/" + token);
        assertThat(page.body()).contains("id=\"quiet\"", "<h2>Quiet hours</h2>",
                "<option value=\"22\" selected>22:00</option>").doesNotContain("No quiet hours");
        Browser.Page same = browser.post("/preferences/" + token + "/quiet", "_csrf", page.csrf(), "from", "6",
                "until", "6");
        assertThat(same.header("Location")).endsWith("/preferences/" + token + "?quiet=same#quiet");
        assertThat(browser.get("/preferences/" + token + "?quiet=same").body())
                .contains("id=\"quiet-error\">Quiet hours end at another hour than they start");
        assertThat(api.get("/api/preferences/" + token).json().get("quietFrom").isNull()).isTrue();

        assertThat(browser.post("/preferences/" + token + "/quiet", "_csrf", page.csrf(), "from", "23",
                "until", "6").header("Location")).endsWith("?saved");
        JsonNode quiet = api.get("/api/preferences/" + token).json();
        assertThat(List.of(quiet.get("quietFrom").asInt(), quiet.get("quietUntil").asInt())).containsExactly(23, 6);
        Browser.Page set = browser.get("/preferences/" + token);
        assertThat(set.body()).contains("Quiet from 23:00 to 06:00.", "<option value=\"6\" selected>06:00</option>",
                "No quiet hours");
        browser.post("/preferences/" + token, "_csrf", set.csrf(), "tags", "Ukraine", "tags", "Aviation",
                "moreTags", "", "frequency", "WEEKLY", "sendHour", "7", "timezone", "Europe/Berlin");
        assertThat(api.get("/api/preferences/" + token).json().get("quietFrom").asInt())
                .as("the main form keeps them").isEqualTo(23);

        browser.post("/preferences/" + token + "/quiet", "_csrf", set.csrf(), "off", "on");
        assertThat(api.get("/api/preferences/" + token).json().get("quietUntil").isNull()).isTrue();
    }

    @Test
    void thePreferencesPageSetsEachTagsRhythmAndAllAtTheSameRhythm() {
        Mailbox inbox = new Mailbox(sandbox, "page.rhythms@example.com");
        String token = confirmedReader(inbox, "page.rhythms@example.com");
        Browser browser = new Browser(port);

        Browser.Page page = browser.get("/preferences/" + token);
        assertThat(page.body()).contains("name=\"rhythm:ukraine\"", "All at the same rhythm");
        assertThat(browser.post("/preferences/" + token + "/rhythms", "_csrf", page.csrf(),
                "rhythm:ukraine", "IMMEDIATE", "rhythm:aviation", "WEEKLY").status()).isEqualTo(302);
        assertThat(api.get("/api/preferences/" + token).json().get("tagFrequencies").toString())
                .isEqualTo("{\"aviation\":\"WEEKLY\",\"ukraine\":\"IMMEDIATE\"}");
        assertThat(browser.get("/preferences/" + token).body())
                .containsPattern("value=\"IMMEDIATE\" selected[^<]*>As it happens");

        // Signing up again, the reader is told what they follow at each rhythm, not all of it at their frequency.
        api.post("/api/subscriptions", "{\"email\": \"page.rhythms@example.com\", \"tags\": [\"#Ukraine\"]}");
        CapturedEmail reminder = inbox.awaitCount(3).get(0);
        assertThat(reminder.text()).containsPattern("You follow, as-it-happens:\\R#Ukraine \\R")
                .containsPattern("You follow, weekly:\\R#Aviation \\R").doesNotContain("daily");

        // Saving the main form keeps the rhythms.
        Browser.Page again = browser.get("/preferences/" + token);
        browser.post("/preferences/" + token, "_csrf", again.csrf(), "tags", "Ukraine", "tags", "Aviation",
                "moreTags", "", "frequency", "DAILY", "sendHour", "7", "timezone", "Europe/Berlin");
        assertThat(api.get("/api/preferences/" + token).json().get("tagFrequencies").size()).isEqualTo(2);

        assertThat(browser.post("/preferences/" + token + "/rhythms", "_csrf", again.csrf(), "same", "on",
                "rhythm:ukraine", "IMMEDIATE").status()).isEqualTo(302);
        assertThat(api.get("/api/preferences/" + token).json().get("tagFrequencies").toString()).isEqualTo("{}");

        // Values no form of the page offers get the error page, in the browser's words, not the API's JSON.
        Browser.Page hourly = browser.post("/preferences/" + token + "/rhythms", "_csrf", again.csrf(),
                "rhythm:ukraine", "HOURLY");
        assertThat(hourly.status()).isEqualTo(400);
        assertThat(hourly.header("Content-Type")).startsWith("text/html");
        assertThat(hourly.body()).contains("That did not work").doesNotContain("\"detail\"");
        assertThat(browser.post("/preferences/" + token + "/pause", "_csrf", again.csrf(), "for", "P9Y").body())
                .contains("That did not work");
        Browser.Page noLength = browser.post("/preferences/" + token + "/pause", "_csrf", again.csrf());
        assertThat(noLength.status()).isEqualTo(400);
        assertThat(noLength.header("Content-Type")).as("a parameter missing, as Spring refuses it")
                .startsWith("text/html");
    }
}
