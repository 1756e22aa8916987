package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Tags written in scripts whose vowels are combining marks (Hindi, Thai), and Turkish's capital {@code İ}, over
 * HTTP: a reader signs up on them, a story tagged the same reaches them, and the tag's feed and follow link work.
 */
class TagsInEveryScriptIT extends SignUpJourney {

    private static final String INDIA = "\u092D\u093E\u0930\u0924"; // भारत: its second letter is a vowel sign
    private static final String NEWS = "\u0E02\u0E48\u0E32\u0E27"; // ข่าว: a tone mark over its first letter

    private static final Pattern FOLLOW_TAG =
            Pattern.compile("https://dispatch\\.example(/follow/[A-Za-z0-9_-]+/tags/[A-Za-z0-9%-]+)");

    @Autowired
    Accounts accounts;

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** An admin's digest run for daily readers, a minute on, and its mail sent. */
    private void runDaily(ApiClient admin) {
        clock.advance(Duration.ofMinutes(1));
        Answer run = admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                        select count(*) from delivery
                         where status = 'SENDING' or status in ('QUEUED', 'RETRYING') and available_at <= ?""")
                .param(clock.instant().atOffset(ZoneOffset.UTC)).query(Long.class).single() == 0);
    }

    @Test
    void aReaderFollowsTagsWithCombiningMarksAndGetsTheirStories() {
        String own = "s" + UUID.randomUUID().toString().substring(0, 6);
        Mailbox inbox = new Mailbox(sandbox, own + "@example.com");
        // Half a day from the hour the schedule would send at: only the test's run sends the digest.
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        Answer signUp = api.post("/api/subscriptions", """
                {"email": "%s@example.com", "tags": ["#%s", "#\u0130stanbul", "%s-Old"], "frequency": "DAILY",
                 "timezone": "UTC", "sendHour": %d, "alerts": false}
                """.formatted(own, INDIA, own, farHour));
        assertThat(signUp.status()).as(signUp.body()).isEqualTo(202);
        CapturedEmail confirmation = inbox.awaitSubject("Confirm your subscription to Dispatch");
        assertThat(confirmation.text()).contains("#" + INDIA, "#\u0130stanbul");
        assertThat(api.post("/api/subscriptions/confirm",
                "{\"token\": \"" + Mailbox.token(confirmation, "confirm") + "\"}").status()).isEqualTo(200);
        String preferences = Mailbox.token(inbox.awaitSubject("Welcome to Dispatch"), "preferences");
        assertThat(api.get("/api/preferences/" + preferences).json().get("tags").toString())
                .isEqualTo("[\"istanbul\",\"%s-old\",\"%s\"]".formatted(own, INDIA));

        accounts.save("scripts-desk", "scripts-desk-password", Role.EDITOR);
        ApiClient editor = ApiClient.anonymous(port).as("scripts-desk", "scripts-desk-password");
        Answer story = editor.post("/api/articles", """
                {"title": "Monsoon reaches the Bosphorus", "tags": ["%s", "ISTANBUL", "%s"]}
                """.formatted(INDIA, NEWS));
        assertThat(story.status()).as(story.body()).isEqualTo(201);
        assertThat(story.json().get("tags").toString())
                .isEqualTo("[\"%s\",\"istanbul\",\"%s\"]".formatted(INDIA, NEWS));

        // The reader's old tag retires, offering the Thai one: the digest holds the story and the link that follows it.
        ApiClient admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Answer retired = admin.post("/api/admin/tags/" + own + "-old/retire",
                "{\"offer\": [\"#%s\"]}".formatted(NEWS));
        assertThat(retired.status()).as(retired.body()).isEqualTo(200);
        runDaily(admin);
        CapturedEmail digest = inbox.all().get(0);
        assertThat(digest.text()).contains("Monsoon reaches the Bosphorus", "#" + INDIA, "#\u0130stanbul");
        Matcher link = FOLLOW_TAG.matcher(digest.text());
        assertThat(link.find()).as(digest.text()).isTrue();
        assertThat(link.group(1)).isEqualTo("/follow/" + preferences + "/tags/" + encoded(NEWS));

        Browser browser = new Browser(port);
        Browser.Page page = browser.get(link.group(1));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Follow #" + NEWS, "action=\"" + link.group(1) + "?lang=en\"");
        Browser.Page followed = browser.post(link.group(1), "_csrf", page.csrf());
        assertThat(followed.status()).isEqualTo(302);
        assertThat(browser.follow(followed).body()).contains("You follow #" + NEWS);
        assertThat(api.get("/api/preferences/" + preferences).json().get("tags").toString())
                .isEqualTo("[\"istanbul\",\"%s\",\"%s\"]".formatted(INDIA, NEWS));

        for (String asked : new String[] {INDIA, "\u0130stanbul", "I\u0307STANBUL"}) {
            Answer feed = api.get("/tags/" + encoded(asked) + "/feed.atom");
            assertThat(feed.status()).as(asked).isEqualTo(200);
            assertThat(feed.body()).contains("Monsoon reaches the Bosphorus");
        }
        assertThat(api.get("/tags/" + encoded(INDIA) + "/feed.atom").body())
                .contains("/tags/" + encoded(INDIA) + "/feed.atom");
        Answer tagPage = api.get("/tags/" + encoded(INDIA));
        assertThat(tagPage.status()).isEqualTo(200);
        assertThat(tagPage.body()).contains("Monsoon reaches the Bosphorus", "/tags/" + encoded(INDIA) + "/feed.atom");
    }
}
