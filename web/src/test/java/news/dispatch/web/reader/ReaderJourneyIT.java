package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.outbox.DeliveryKind;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** A reader's whole life with Dispatch, over HTTP, reading the real emails the app sends. */
class ReaderJourneyIT extends SignUpJourney {

    @Autowired
    Articles articles;

    @Autowired
    Outbox outbox;

    @Autowired
    Deliveries deliveries;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void aReaderSignsUpConfirmsChangesTheirMindAndLeavesThroughTheApi() {
        Mailbox inbox = new Mailbox(sandbox, "journey.api@example.com");

        Answer signUp = api.post("/api/subscriptions", """
                {"email": "journey.api@example.com", "tags": ["#Aviation", " Ukraine "], "frequency": "WEEKLY",
                 "timezone": "Europe/Berlin", "sendHour": 6, "alerts": false}
                """);
        assertThat(signUp.status()).isEqualTo(202);
        assertThat(signUp.body()).isEqualTo("{\"status\":\"PENDING\"}");

        CapturedEmail confirmation = inbox.awaitSubject("Confirm your subscription to Dispatch");
        assertThat(confirmation.text()).contains("#Aviation", "#Ukraine", "weekly");
        assertThat(confirmation.html()).contains("https://dispatch.example/confirm/");

        Answer confirmed = api.post("/api/subscriptions/confirm",
                "{\"token\": \"" + Mailbox.token(confirmation, "confirm") + "\"}");
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).isEqualTo("{\"status\":\"ACTIVE\"}");

        CapturedEmail welcome = inbox.awaitSubject("Welcome to Dispatch");
        assertThat(welcome.text()).contains("#Aviation", "#Ukraine");
        String preferences = Mailbox.token(welcome, "preferences");
        String unsubscribe = Mailbox.token(welcome, "unsubscribe");
        assertThat(welcome.headers()).anySatisfy(header -> {
            assertThat(header.getKey()).isEqualTo("List-Unsubscribe");
            assertThat(header.getValue()).isEqualToIgnoringWhitespace("<https://dispatch.example/unsubscribe/"
                    + unsubscribe + ">, <mailto:news@localhost?subject=unsubscribe%20" + unsubscribe + ">");
        });

        JsonNode mine = api.get("/api/preferences/" + preferences).json();
        assertThat(mine.propertyNames()).contains("email", "status", "tags", "frequency", "timezone", "sendHour",
                "alerts");
        assertThat(mine.get("email").asString()).isEqualTo("journey.api@example.com");
        assertThat(mine.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(mine.get("tags").toString()).isEqualTo("[\"aviation\",\"ukraine\"]");
        assertThat(mine.get("frequency").asString()).isEqualTo("WEEKLY");
        assertThat(mine.get("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(mine.get("sendHour").asInt()).isEqualTo(6);
        assertThat(mine.get("alerts").asBoolean()).isFalse();

        for (String[] bad : new String[][] {{"{\"tags\": []}", "tags"}, {"{\"frequency\": \"HOURLY\"}", "frequency"},
                {"{\"timezone\": \"Mars/Olympus\"}", "timezone"}, {"{\"sendHour\": 24}", "sendHour"},
                {"{\"tags\": [\"not/a/tag\"], \"sendHour\": 8}", "tags"}, {"{\"sendHour\": ", null}}) {
            Answer refused = api.send("PUT", "/api/preferences/" + preferences, "application/json", bad[0]);
            assertThat(refused.status()).as(bad[0]).isEqualTo(400);
            if (bad[1] != null) {
                assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo(bad[1]);
            }
        }
        assertThat(api.get("/api/preferences/" + preferences).json()).as("nothing stored").isEqualTo(mine);

        Answer changed = api.send("PUT", "/api/preferences/" + preferences, "application/json", """
                {"tags": ["#Airbus", "#Aviation"], "sendHour": 21, "alerts": true,
                 "email": "someone.else@example.com", "status": "SUSPENDED"}
                """);
        assertThat(changed.status()).isEqualTo(200);
        JsonNode now = changed.json();
        assertThat(now.get("tags").toString()).isEqualTo("[\"airbus\",\"aviation\"]");
        assertThat(now.get("sendHour").asInt()).isEqualTo(21);
        assertThat(now.get("alerts").asBoolean()).isTrue();
        assertThat(now.get("frequency").asString()).as("left out, so kept").isEqualTo("WEEKLY");
        assertThat(now.get("email").asString()).isEqualTo("journey.api@example.com");
        assertThat(now.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(api.get("/api/preferences/" + preferences).json()).isEqualTo(now);

        // An alert waiting in the outbox, due in an hour (made so before any mail worker can see it): leaving must
        // stop it.
        Subscriber reader = subscribers.findByEmail(EmailAddress.of("journey.api@example.com")).orElseThrow();
        Article story = articles.publish(new NewArticle("Airbus orders A320 software fix", null, null, null, null,
                null, List.of(Tag.of("#Airbus"))));
        transaction.executeWithoutResult(status -> {
            outbox.queueAlert(reader, story.id());
            jdbc.sql("update delivery set available_at = ? where subscriber_id = ? and kind = 'ALERT'")
                    .params(clock.instant().plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC), reader.id())
                    .update();
        });

        Answer left = api.send("POST", "/unsubscribe/" + unsubscribe, "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click");
        assertThat(left.status()).isEqualTo(200);
        assertThat(left.json().get("status").asString()).isEqualTo("UNSUBSCRIBED");
        assertThat(deliveries.listFor(reader.id())).filteredOn(delivery -> delivery.kind() == DeliveryKind.ALERT)
                .as("dropped at once, an hour before it was due").singleElement()
                .satisfies(alert -> assertThat(alert.status()).isEqualTo(DeliveryStatus.FAILED));
        assertThat(api.get("/api/preferences/" + preferences).json().get("status").asString())
                .isEqualTo("UNSUBSCRIBED");
        assertThat(api.send("POST", "/unsubscribe/" + unsubscribe, "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click").status()).as("repeating is harmless").isEqualTo(200);

        // Once the queued alert would be due, and with a new alert queued after leaving, nothing reaches the reader;
        // a notice to someone else shows the mail workers have been round since. (The new alert is of another story:
        // the outbox refuses a second alert of one story to one reader.)
        clock.advance(Duration.ofHours(2));
        Article later = articles.publish(new NewArticle("Airlines finish the A320 fix", null, null, null, null,
                null, List.of(Tag.of("#Airbus"))));
        outbox.queueAlert(reader, later.id());
        Subscriber bystander = subscribers.add(EmailAddress.of("journey.bystander@example.com"),
                reader.preferences(), SubscriberStatus.ACTIVE);
        outbox.queueNotice(bystander, Notice.WELCOME);
        new Mailbox(sandbox, "journey.bystander@example.com").awaitCount(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries.listFor(reader.id()))
                .filteredOn(delivery -> delivery.kind() == DeliveryKind.ALERT)
                .extracting(Delivery::status).containsExactly(DeliveryStatus.FAILED, DeliveryStatus.FAILED));
        assertThat(inbox.all()).extracting(CapturedEmail::subject)
                .containsExactly("Welcome to Dispatch", "Confirm your subscription to Dispatch");
    }

    @Test
    void aReaderDoesAllOfItThroughThePagesWithoutJavaScript() {
        articles.publish(new NewArticle("Kyiv power station hit", null, null, null, null, null,
                List.of(Tag.of("#Ukraine"), Tag.of("#Energy"))));
        Mailbox inbox = new Mailbox(sandbox, "journey.pages@example.com");
        Browser browser = new Browser(port);

        Browser.Page form = browser.get("/subscribe");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("#Ukraine", "#Energy");
        Browser.Page sent = browser.post("/subscribe", "_csrf", form.csrf(), "email", "journey.pages@example.com",
                "tags", "Ukraine", "moreTags", "#Aviation, Global Migration", "frequency", "DAILY", "sendHour", "8",
                "timezone", "Europe/Kyiv", "alerts", "on", "website", "");
        assertThat(sent.status()).as("redirected, so a reload sends nothing").isEqualTo(302);
        assertThat(browser.follow(sent).body()).contains("Check your inbox",
                "journey.pages@example.com");

        String confirmToken = Mailbox.token(inbox.awaitSubject("Confirm your subscription to Dispatch"), "confirm");
        Browser.Page confirm = browser.get("/confirm/" + confirmToken);
        assertThat(confirm.body()).contains("Confirm my subscription", "#Ukraine", "#Aviation", "#Global-Migration",
                "every day at 08:00, Kyiv time");
        assertThat(status("journey.pages@example.com")).as("a GET never confirms").isEqualTo("PENDING");

        Browser.Page confirmedPost = browser.post("/confirm/" + confirmToken, "_csrf", confirm.csrf());
        assertThat(confirmedPost.status()).isEqualTo(302);
        assertThat(confirmedPost.header("Location")).endsWith("/confirm/" + confirmToken);
        Browser.Page confirmed = browser.follow(confirmedPost);
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).contains("You're subscribed");
        assertThat(status("journey.pages@example.com")).isEqualTo("ACTIVE");
        String preferencesToken = Mailbox.token(inbox.awaitSubject("Welcome to Dispatch"), "preferences");
        assertThat(confirmed.body()).contains("/preferences/" + preferencesToken);

        Browser.Page preferences = browser.get("/preferences/" + preferencesToken);
        assertThat(preferences.status()).isEqualTo(200);
        assertThat(preferences.body()).contains("journey.pages@example.com")
                .containsPattern("value=\"Aviation\" checked")
                .containsPattern("value=\"Europe/Kyiv\" selected");
        Browser.Page saved = browser.post("/preferences/" + preferencesToken, "_csrf", preferences.csrf(),
                "tags", "Aviation", "moreTags", "", "frequency", "WEEKLY", "sendHour", "18",
                "timezone", "America/New_York");
        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.header("Location")).endsWith("/preferences/" + preferencesToken + "?saved");
        assertThat(browser.get("/preferences/" + preferencesToken + "?saved").body()).contains("Saved.");
        JsonNode mine = api.get("/api/preferences/" + preferencesToken).json();
        assertThat(mine.get("tags").toString()).isEqualTo("[\"aviation\"]");
        assertThat(mine.get("frequency").asString()).isEqualTo("WEEKLY");
        assertThat(mine.get("alerts").asBoolean()).as("box left unticked").isFalse();

        Browser.Page data = browser.get("/preferences/" + preferencesToken + "/data");
        assertThat(data.status()).isEqualTo(200);
        assertThat(data.header("Content-Type")).startsWith("application/json");
        assertThat(data.header("Content-Disposition")).startsWith("attachment");
        JsonNode held = api.get("/preferences/" + preferencesToken + "/data").json();
        assertThat(held.get("email").asString()).isEqualTo("journey.pages@example.com");
        assertThat(held.get("timezone").asString()).isEqualTo("America/New_York");
        assertThat(held.get("confirmedAt").asString()).endsWith("Z");
        assertThat(held.get("deliveries")).extracting(delivery -> delivery.get("kind").asString())
                .containsExactly("NOTICE", "CONFIRMATION");

        String unsubscribeToken = preferences.body()
                .replaceAll("(?s).*action=\"/unsubscribe/([^\"?]+)[^\"]*\".*", "$1");
        Browser.Page leave = browser.get("/unsubscribe/" + unsubscribeToken);
        assertThat(leave.body()).contains("Unsubscribe?", "journey.pages@example.com");
        assertThat(status("journey.pages@example.com")).as("a GET never unsubscribes").isEqualTo("ACTIVE");
        Browser.Page leaving = browser.post("/unsubscribe/" + unsubscribeToken);
        assertThat(leaving.status()).isEqualTo(302);
        Browser.Page left = browser.follow(leaving);
        assertThat(left.status()).isEqualTo(200);
        assertThat(left.header("Content-Type")).startsWith("text/html");
        assertThat(left.body()).contains("You're unsubscribed", "Sign up again");
        assertThat(status("journey.pages@example.com")).isEqualTo("UNSUBSCRIBED");
        assertThat(browser.get("/unsubscribe/" + unsubscribeToken).body()).contains("You're unsubscribed");
    }
}
