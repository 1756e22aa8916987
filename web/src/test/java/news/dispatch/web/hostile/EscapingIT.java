package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.reader.Mailbox;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Text that is legitimately accepted (an editor may title a story with angle brackets, an address may start with
 * {@code =}) and must stay text wherever it appears: the public page, the alert and the digest, their headers, the
 * admin pages, and the CSV export a spreadsheet opens.
 */
@HostileTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class EscapingIT {

    private static final String SCRIPT_TITLE = "<script>alert('title')</script> Airbus & \"Boeing\"";
    private static final String IMAGE_SUMMARY = "<img src=x onerror=alert('summary')> Jets grounded";
    private static final String BOLD_AUTHOR = "<b onmouseover=alert('author')>Desk</b>";

    @LocalServerPort
    int port;

    @Autowired
    Subscribers subscribers;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    ApiClient admin;

    @BeforeEach
    void setUp() {
        clock.advance(Duration.ofDays(1));
        admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    private Subscriber reader(String email, boolean alerts, String tag) {
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        return subscribers.add(EmailAddress.of(email), new Preferences(List.of(Tag.of(tag)), Frequency.DAILY,
                ZoneOffset.UTC, farHour, alerts), SubscriberStatus.ACTIVE);
    }

    private long publish(String title, String summary, String author, String tag) {
        Answer created = admin.post("/api/articles", """
                {"title": %s, "summary": %s, "author": %s, "tags": [%s]}""".formatted(
                json(title), json(summary), json(author), json(tag)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("title").asString()).as("stored as typed, each line break one space")
                .isEqualTo(title.replaceAll("\\s*\\R\\s*", " "));
        return created.json().get("id").asLong();
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n")
                + "\"";
    }

    @Test
    void markupInAStoryIsTextOnItsPageInItsAlertAndInTheDigest() {
        reader("alerted@example.com", true, "Aviation");
        reader("digested@example.com", false, "Aviation");
        long id = publish(SCRIPT_TITLE, IMAGE_SUMMARY, BOLD_AUTHOR, "Aviation");

        String page = new Browser(port).get("/articles/" + id).body();
        assertNoMarkup(page);
        assertThat(page).contains("&lt;script&gt;alert(");

        assertThat(admin.post("/api/articles/" + id + "/alert", "").status()).isEqualTo(202);
        CapturedEmail alert = new Mailbox(sandbox, "alerted@example.com").awaitCount(1).get(0);
        assertThat(alert.subject()).contains(SCRIPT_TITLE);
        assertNoMarkup(alert.html());
        assertThat(alert.html()).contains("&lt;script&gt;alert(");

        clock.advance(Duration.ofMinutes(5));
        Answer run = admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        CapturedEmail digest = new Mailbox(sandbox, "digested@example.com").awaitCount(1).get(0);
        assertNoMarkup(digest.html());
        assertThat(digest.html()).contains("&lt;script&gt;alert(");
    }

    private static void assertNoMarkup(String html) {
        assertThat(html).doesNotContain("<script>alert", "<img src=x", "<b onmouseover");
    }

    @Test
    void lineBreaksAndEncodedWordsInATitleNeverBecomeAHeader() {
        reader("headers@example.com", true, "Aviation");
        List<String> titles = List.of("Breaking\r\nBcc: victim@example.com\r\nX-Injected: yes",
                "=?UTF-8?Q?Breaking=0D=0ABcc:_victim@example.com?=", "Breaking\nSubject: phish\r\n\r\nbody");
        for (String title : titles) {
            long id = publish(title, "Summary", "Desk", "Aviation");
            assertThat(admin.post("/api/articles/" + id + "/alert", "").status()).isEqualTo(202);
        }

        List<CapturedEmail> alerts = new Mailbox(sandbox, "headers@example.com").awaitCount(titles.size());
        assertThat(alerts).extracting(CapturedEmail::subject).as("each reads as typed, on one line")
                .contains("Breaking: =?UTF-8?Q?Breaking=0D=0ABcc:_victim@example.com?=");
        for (CapturedEmail alert : alerts) {
            assertThat(alert.to()).containsExactly("headers@example.com");
            assertThat(alert.headers()).extracting(Map.Entry::getKey)
                    .noneMatch(name -> name.equalsIgnoreCase("Bcc") || name.equalsIgnoreCase("X-Injected"))
                    .filteredOn(name -> name.equalsIgnoreCase("Subject")).hasSize(1);
            assertThat(alert.subject()).doesNotContain("\r", "\n").startsWith("Breaking");
        }
        assertThat(new Mailbox(sandbox, "victim@example.com").all()).isEmpty();
    }

    @Test
    void anExportDefusesEveryCellASpreadsheetWouldRunAndImportsBackUnchanged() {
        List<String> addresses = List.of("=1+1@example.com", "+1-1@example.com", "-2+3@example.com",
                "|calc@example.com");
        for (String address : addresses) {
            reader(address, true, "-cmd");
        }

        Answer export = admin.get("/api/admin/subscribers/export");

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("text/csv");
        List<String> lines = export.body().lines().skip(1).toList();
        assertThat(lines).hasSize(addresses.size()).allSatisfy(line -> {
            for (String cell : line.split(",")) {
                String bare = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertThat(bare).as("a cell of %s", line).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@");
            }
        });
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("'=1+1@example.com,'-cmd,"));

        jdbc.sql("delete from subscriber").update();
        Answer imported = admin.send("POST", "/api/admin/subscribers/import", "text/csv", export.body());
        assertThat(imported.json().get("imported").asInt()).as(imported.toString()).isEqualTo(addresses.size());
        assertThat(addresses).allSatisfy(address -> assertThat(subscribers.findByEmail(EmailAddress.of(address)))
                .hasValueSatisfying(reader -> assertThat(reader.preferences().tags()).extracting(Tag::label)
                        .containsExactly("-cmd")));
    }

    @Test
    void theAdminPagesShowAddressesAndTitlesAsText() {
        reader("o'brien+{news}@example.com", true, "Aviation");
        publish(SCRIPT_TITLE, IMAGE_SUMMARY, BOLD_AUTHOR, "Aviation");
        Browser staff = new Browser(port);
        String csrf = staff.get("/login").csrf();
        staff.post("/login", "username", DispatchTest.ADMIN, "password", DispatchTest.ADMIN_PASSWORD, "_csrf", csrf);

        String subscribersPage = staff.get("/admin/subscribers").body();
        assertThat(subscribersPage).contains("brien+{news}@example.com");
        String articlesPage = staff.get("/editor/articles").body();
        assertNoMarkup(articlesPage);
        assertThat(articlesPage).contains("&lt;script&gt;alert(");
    }
}
