package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A feed served by the test whose entry changes its title under the same guid, down to the mailbox: the reader who
 * was sent the story gets the correction in their next digest; with the feed's switch off, nobody does.
 */
@HostileTest
class RetitledFeedEntriesIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    HostileTest.HostileFeeds feeds;

    @Autowired
    Subscribers subscribers;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    ApiClient admin;
    String own;

    @BeforeEach
    void setUp() {
        admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        own = "Retitle" + UUID.randomUUID().toString().substring(0, 6);
    }

    @AfterEach
    void quiet() {
        feeds.quiet();
        titleCorrections(true);
    }

    /** A daily reader whose hour is half a day away, so the running schedule leaves them to the test's runs. */
    private Subscriber daily(String email, String tag) {
        return daily(email, tag, Preferences.DEFAULT_LANGUAGE);
    }

    private Subscriber daily(String email, String tag, Language language) {
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        return subscribers.add(EmailAddress.of(email), new Preferences(List.of(Tag.of(tag)), Frequency.DAILY,
                ZoneOffset.UTC, farHour, false).withLanguage(language), SubscriberStatus.ACTIVE);
    }

    /** The newsroom feed serves one entry, under a guid of this test's, with this title; then it is polled. */
    private void entry(String title) {
        feeds.serveNewsroom("<rss version=\"2.0\"><channel><title>Newsroom</title><item><title>" + title
                + "</title><link>https://news.example/" + own + "</link><guid>urn:" + own + ":1</guid><category>"
                + own + "</category></item></channel></rss>");
        Answer polled = admin.post("/api/admin/feeds/poll", "");
        assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
    }

    private void titleCorrections(boolean on) {
        Answer switched = admin.send("PATCH", "/api/admin/feeds", "application/json", """
                {"url": "%s/newsroom", "titleCorrections": %s}""".formatted(feeds.base(), on));
        assertThat(switched.status()).as(switched.toString()).isEqualTo(200);
    }

    /** An admin's digest run for daily readers, a minute on, and its mail sent. */
    private void runDaily() {
        clock.advance(Duration.ofMinutes(1));
        Answer run = admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> jdbc.sql("""
                        select count(*) from delivery
                         where status = 'SENDING' or status in ('QUEUED', 'RETRYING') and available_at <= ?""")
                .param(clock.instant().atOffset(ZoneOffset.UTC)).query(Long.class).single() == 0);
        clock.advance(Duration.ofSeconds(1));
    }

    private List<CapturedEmail> mailTo(String address) {
        return sandbox.messages().stream().filter(mail -> mail.to().contains(address)).toList();
    }

    @Test
    void aRetitledEntryReachesTheMailboxOfWhoWasSentItAsACorrectionUnlessTheFeedIsSwitchedOff() {
        String reader = own.toLowerCase() + ".reader@example.com";
        String other = own.toLowerCase() + ".other@example.com";
        String lecteur = own.toLowerCase() + ".lecteur@example.com";
        daily(reader, own);
        daily(other, own + "Elsewhere");
        daily(lecteur, own, Language.FR);
        entry("Minister resigns");
        // The runs' counts are not asserted: they hold the readers other tests of this context left owed a digest.
        runDaily();
        assertThat(mailTo(lecteur)).hasSize(1);
        assertThat(mailTo(other)).isEmpty();
        assertThat(mailTo(reader)).hasSize(1);
        assertThat(mailTo(reader).get(0).text()).contains("Minister resigns");

        entry("Minister offers to resign");
        runDaily();

        assertThat(mailTo(reader)).hasSize(2);
        CapturedEmail corrected = mailTo(reader).get(0);
        assertThat(corrected.subject()).isEqualTo("Correction: Minister offers to resign");
        assertThat(corrected.text()).contains("Title changed: Minister resigns → Minister offers to resign")
                .as("no line of the reader's tags above no story").doesNotContainPattern("(?m)^(#\\S+ )+$");
        CapturedEmail corrigé = mailTo(lecteur).get(0);
        assertThat(corrigé.subject()).isEqualTo("Correction : Minister offers to resign");
        assertThat(corrigé.text()).as("in the reader's language, as the rest of the email")
                .contains("Titre modifié : Minister resigns → Minister offers to resign")
                .doesNotContain("Title changed");
        assertThat(corrigé.html()).contains("Titre modifié : Minister resigns → Minister offers to resign");
        long story = admin.get("/api/articles?tag=" + own).json().get("items").get(0).get("id").asLong();
        assertThat(admin.get("/api/articles/" + story).json().get("corrections").get(0).get("text").asString())
                .as("the staff's words").isEqualTo("Title changed: Minister resigns → Minister offers to resign");
        assertThat(new Browser(port).get("/articles/" + story + "?lang=fr").body()).as("the story's public page")
                .contains("Titre modifié : Minister resigns → Minister offers to resign");
        assertThat(mailTo(other)).as("the readers who were sent it, and nobody else").isEmpty();
        assertThat(mailTo(lecteur)).hasSize(2);

        titleCorrections(false);
        entry("Minister stays");
        runDaily();
        assertThat(mailTo(reader)).as("nobody is owed anything").hasSize(2);
        assertThat(mailTo(lecteur)).hasSize(2);
        assertThat(mailTo(other)).isEmpty();
        assertThat(admin.get("/api/articles?tag=" + own).json().get("items").get(0).get("title").asString())
                .as("the story has its new title all the same").isEqualTo("Minister stays");
    }
}
