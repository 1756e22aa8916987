package news.dispatch.web.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.bounce.Bounces;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.web.AdminApiJourney;
import news.dispatch.web.Browser;
import news.dispatch.web.Browser.Page;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The suppression list, what came back, a reader's history and the dashboard's rates, as an admin's browser sees them. */
@ResetsDatabase({"returned_mail", "suppression", "delivery", "subscriber"})
class SuppressionPagesIT extends AdminApiJourney {

    @Autowired
    Suppressions suppressions;

    @Autowired
    Bounces bounces;

    @Autowired
    LinkTokens tokens;

    Browser browser;

    @BeforeEach
    void signIn() {
        browser = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    @Test
    void anAdminSuppressesSearchesAndLiftsAfterConfirming() {
        Page list = browser.get("/admin/suppressions");
        assertThat(list.body()).contains("Suppression list", "0 addresses");

        Page added = browser.post("/admin/suppressions", "email", "Gone@Example.com", "detail",
                "asked by phone <script>", "_csrf", list.csrf());
        assertThat(added.status()).isEqualTo(302);
        Page shown = browser.get(added.header("Location").replaceFirst("^https?://[^/]+", ""));
        assertThat(shown.body()).contains("Gone@example.com is suppressed", "MANUAL",
                "asked by phone &lt;script&gt;").doesNotContain("<script>");
        assertThat(browser.get("/admin/suppressions?q=nobody").body()).contains("0 addresses");

        Page refused = browser.post("/admin/suppressions", "email", "not an address", "_csrf", list.csrf());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Not added: ");

        Page confirm = browser.get("/admin/suppressions/lift?email=gone%40example.com");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Lift the suppression of Gone@example.com?");
        assertThat(suppressions.suppressed(EmailAddress.of("gone@example.com"))).as("not before the POST").isTrue();
        Page lifted = browser.post("/admin/suppressions/lift", "email", "Gone@example.com", "_csrf", confirm.csrf());
        assertThat(lifted.status()).isEqualTo(302);
        assertThat(suppressions.suppressed(EmailAddress.of("gone@example.com"))).isFalse();
        assertThat(browser.get("/admin/suppressions/lift?email=gone%40example.com").status()).isEqualTo(404);
    }

    @Test
    void whatCameBackIsListedWithWhyAndTheReadersPageHoldsTheirHistory() {
        Subscriber reader = add("gone@reader.example");
        outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
        long sent = markSent();
        bounces.process(bounce("gone@reader.example", "<dsn-page@mx>", sentAs()), Instant.now());
        bounces.process(("From: person@reader.example\r\nSubject: Re: hello\r\nMessage-ID: <reply-page@x>\r\n\r\n"
                + "Thanks!\r\n").getBytes(StandardCharsets.UTF_8), Instant.now());

        Page returned = browser.get("/admin/bounces");
        assertThat(returned.body()).contains("2 messages", "HARD_BOUNCE", "5.1.1", "suspended and suppressed",
                "IGNORED", "a person's reply").doesNotContain("gone@reader.example");
        assertThat(browser.get("/admin/bounces?verdict=IGNORED").body()).contains("1 message")
                .doesNotContain("HARD_BOUNCE</td>");

        Page detail = browser.get("/admin/subscribers/" + reader.id());
        assertThat(detail.body()).contains("Bounces and complaints", "HARD_BOUNCE", "suspended and suppressed",
                "SUSPENDED");
        assertThat(detail.body()).containsPattern("id=\"reader-suppression\"><span class=\"status FAILED\">HARD_BOUNCE");
        assertThat(sent).isPositive();
    }

    @Test
    void theDashboardShowsBounceAndComplaintRatesAgainstTheThresholds() {
        Subscriber reader = add("gone@reader.example");
        outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
        markSent();
        bounces.process(bounce("gone@reader.example", "<dsn-dashboard@mx>", sentAs()), Instant.now());

        Page dashboard = browser.get("/admin");

        assertThat(dashboard.body()).contains("Bounces and complaints", "Last 7 days", "Last 30 days",
                "100.00% <strong>over 5.00%</strong>", "0.00%");
    }

    private long markSent() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return jdbc.sql("update delivery set status = 'SENT', lane = null, sent_at = ?").param(now).update();
    }

    private Subscriber add(String email) {
        return subscribers.add(EmailAddress.of(email), new Preferences(List.of(Tag.of("Aviation")), Frequency.DAILY,
                ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
    }

    /** The Message-ID the last delivery went out with, which its bounce quotes. */
    private String sentAs() {
        return jdbc.sql("select id, created_at from delivery order by id desc limit 1").query((rs, row) -> {
            String idAndTime = rs.getLong("id") + "." + rs.getTimestamp("created_at").toInstant().toEpochMilli();
            return "<dispatch." + idAndTime + "." + tokens.mark(idAndTime) + "@localhost>";
        }).single();
    }

    private static byte[] bounce(String recipient, String messageId, String returnedMessageId) {
        return ("""
                From: MAILER-DAEMON@mx.reader.example
                Subject: Undelivered Mail Returned to Sender
                Message-ID: %s
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b"

                --b
                Content-Type: text/plain

                Could not be delivered.

                --b
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.reader.example

                Final-Recipient: rfc822; %s
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 <%s>: user unknown

                --b
                Content-Type: text/rfc822-headers

                Message-ID: %s
                Subject: Your preferences

                --b--
                """.formatted(messageId, recipient, recipient, returnedMessageId)).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
