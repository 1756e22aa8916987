package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.MailerTestApplication;
import news.dispatch.mailer.Readers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Mail through the whole path — outbox, workers, SMTP — into GreenMail, read back as a mail client would. */
@SpringBootTest(classes = MailerTestApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:delivery;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "spring.mail.port=3025",
        "dispatch.base-url=https://news.example",
        "dispatch.mail.from=Dispatch <news@press.example>",
        "dispatch.bounces.address=bounces@press.example",
        "dispatch.mail.idle-poll=100ms"})
@ResetsDatabase({"suppression", "delivery", "subscriber", "article"})
class DeliveryIT {

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @Autowired
    Outbox outbox;

    @Autowired
    Suppressions suppressions;

    @Autowired
    Deliveries deliveries;

    @Autowired
    LinkTokens tokens;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Articles articles;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void aDigestArrivesWithBothPartsTheListHeadersAndItsStoriesNewestFirst() throws Exception {
        Subscriber reader = Readers.active(subscribers, "reader@example.com", "#Aviation", "#Ukraine");
        Article older = Readers.story(articles, "easyJet finishes A320 updates", Instant.parse("2025-11-29T15:28:00Z"),
                "#Aviation");
        Article newer = Readers.story(articles, "Airbus orders A320 software fix",
                Instant.parse("2025-11-29T16:35:00Z"), "#Aviation", "#Airbus");

        outbox.queueDigests(List.of(new Outbox.DigestOrder(reader.id(), "reader@example.com",
                new DeliveryPeriod.Day(LocalDate.of(2025, 11, 30)), List.of(newer.id(), older.id()), 3)));

        MimeMessage mail = arrived();
        assertThat(mail.getSubject()).isEqualTo("Aviation: Airbus orders A320 software fix + 4 more");
        assertThat(mail.getHeader("From", null)).isEqualTo("Dispatch <news@press.example>");
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("reader@example.com");
        // Ids and lists name the sending domain (the From's), not the site's host.
        assertThat(mail.getHeader("Message-ID", null))
                .matches("<dispatch\\.\\d+\\.\\d+\\.[0-9a-f]{16}@press\\.example>");
        Delivery delivery = deliveries.findByMessageId(mail.getHeader("Message-ID", null)).orElseThrow();
        String idAndTime = delivery.id() + "." + delivery.createdAt().toEpochMilli();
        assertThat(mail.getHeader("Return-Path", null))
                .isEqualTo("<bounces+d" + idAndTime + "." + tokens.mark(idAndTime) + "@press.example>");
        assertThat(deliveries.findByReturnPathTag("d" + idAndTime + "." + tokens.mark(idAndTime)))
                .get().extracting(Delivery::id).isEqualTo(delivery.id());
        assertThat(deliveries.findByReturnPathTag("d" + idAndTime)).as("without the mark").isEmpty();
        assertThat(deliveries.findByReturnPathTag("d" + delivery.id() + ".1." + tokens.mark(delivery.id() + ".1")))
                .as("marked, but not when it was made").isEmpty();
        assertThat(mail.getSentDate()).isNotNull();
        assertThat(mail.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(mail.getHeader("List-Id", null)).isEqualTo("Dispatch digests <digests.press.example>");

        Matcher unsubscribe = Pattern.compile("<https://news\\.example/unsubscribe/([A-Za-z0-9_-]+)>, "
                + "<mailto:bounces@press\\.example\\?subject=unsubscribe%20([A-Za-z0-9_-]+)>")
                .matcher(mail.getHeader("List-Unsubscribe", null).replaceAll("\\s+", " "));
        assertThat(unsubscribe.matches()).isTrue();
        assertThat(unsubscribe.group(2)).isEqualTo(unsubscribe.group(1));
        assertThat(subscribers.findByLink(LinkPurpose.UNSUBSCRIBE, unsubscribe.group(1))).get()
                .extracting(Subscriber::id).isEqualTo(reader.id());
        String preferencesUrl = "https://news.example/preferences/"
                + subscribers.linkToken(reader, LinkPurpose.PREFERENCES);

        Parts parts = parts(mail);
        for (String part : List.of(parts.text(), parts.html())) {
            assertThat(part).contains("Airbus orders A320 software fix", "easyJet finishes A320 updates",
                    "Summary of Airbus orders A320 software fix", newer.url().toString(), preferencesUrl,
                    "https://news.example/unsubscribe/" + unsubscribe.group(1), "3 more", "#Aviation");
            assertThat(part.indexOf("Airbus orders")).isLessThan(part.indexOf("easyJet finishes"));
        }
        assertThat(parts.text()).contains("29 Nov 2025, 17:35 CET");
        assertThat(parts.html()).contains("max-width:600px", "<table role=\"presentation\"");
    }

    @Test
    void textFromArticlesIsEscapedInHtmlAndNeverStartsAHeader() throws Exception {
        Subscriber reader = Readers.active(subscribers, "reader@example.com", "#Aviation");
        Article hostile = Readers.story(articles, "<script>alert('x')</script> & \"more\"\r\nBcc: victim@example.com",
                Instant.now(), "#Aviation");

        outbox.queueAlert(reader, hostile.id());

        MimeMessage mail = arrived();
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("reader@example.com");
        assertThat(mail.getSubject()).isEqualTo(
                "Breaking: <script>alert('x')</script> & \"more\" Bcc: victim@example.com");
        Parts parts = parts(mail);
        assertThat(parts.html()).doesNotContain("<script>").contains("&lt;script&gt;", "&amp;");
        assertThat(parts.text()).contains("<script>alert('x')</script>");
        assertThat(mail.getHeader("List-Unsubscribe", null)).startsWith("<https://news.example/unsubscribe/");
    }

    @Test
    void aNonAsciiSubjectIsEncodedAsUtf8() throws Exception {
        Subscriber reader = Readers.active(subscribers, "reader@example.com", "#Україна");
        Article article = Readers.story(articles, "Київ: нічна атака дронів — «світло повернуть»", Instant.now(),
                "#Україна");

        outbox.queueAlert(reader, article.id());

        MimeMessage mail = arrived();
        assertThat(mail.getHeader("Subject", null)).startsWith("=?UTF-8?");
        assertThat(mail.getSubject()).isEqualTo("Breaking: Київ: нічна атака дронів — «світло повернуть»");
        assertThat(parts(mail).html()).contains("нічна атака");
    }

    @Test
    void aConfirmationCarriesItsLinkAndNoUnsubscribeHeader() throws Exception {
        Subscriber reader = subscribers.add(EmailAddress.of("new@example.com"),
                Readers.preferences("#Aviation"), SubscriberStatus.PENDING);

        outbox.queueConfirmation(reader, "confirmation-token-0123456789");

        MimeMessage mail = arrived();
        assertThat(mail.getSubject()).isEqualTo("Confirm your subscription to Dispatch");
        assertThat(mail.getHeader("List-Unsubscribe")).isNull();
        Parts parts = parts(mail);
        assertThat(parts.text()).contains("https://news.example/confirm/confirmation-token-0123456789", "7 days");
        assertThat(parts.html()).contains("href=\"https://news.example/confirm/confirmation-token-0123456789\"");
    }

    @Test
    void aWelcomeListsTheTagsFollowedAndTheLinks() throws Exception {
        Subscriber reader = Readers.active(subscribers, "reader@example.com", "#Aviation", "#USMigration");

        outbox.queueNotice(reader, Notice.WELCOME);

        MimeMessage mail = arrived();
        assertThat(mail.getSubject()).isEqualTo("Welcome to Dispatch");
        Parts parts = parts(mail);
        assertThat(parts.text()).contains("#Aviation", "#USMigration", "https://news.example/preferences/",
                "https://news.example/unsubscribe/");
        assertThat(mail.getHeader("List-Unsubscribe", null)).isNotNull();
    }

    @Test
    void sentDeliveriesAreRecordedAsSent() {
        Subscriber reader = Readers.active(subscribers, "reader@example.com", "#Aviation");
        outbox.queueNotice(reader, Notice.WELCOME);

        arrived();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries.countByStatus())
                .containsEntry(DeliveryStatus.SENT, 1L));
        Delivery delivery = deliveries.list(Optional.empty(), Optional.empty(),
                new PageRequest(0, 20)).items().get(0);
        assertThat(delivery.to()).isEqualTo("reader@example.com");
        assertThat(delivery.kind()).isEqualTo(DeliveryKind.NOTICE);
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.sentAt()).isNotNull();
    }

    @Test
    void aReturnedMessageIdFindsTheDeliveryItWentOutAs() throws Exception {
        Subscriber reader = Readers.active(subscribers, "reader@example.com", "#Aviation");
        outbox.queueNotice(reader, Notice.WELCOME);
        String messageId = arrived().getHeader("Message-ID", null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries.countByStatus())
                .containsEntry(DeliveryStatus.SENT, 1L));

        assertThat(deliveries.findByMessageId(messageId)).get()
                .satisfies(delivery -> {
                    assertThat(delivery.to()).isEqualTo("reader@example.com");
                    assertThat(delivery.kind()).isEqualTo(DeliveryKind.NOTICE);
                    assertThat(delivery.status()).isEqualTo(DeliveryStatus.SENT);
                });
        String otherTime = messageId.replaceFirst("\\.(\\d+)\\.([0-9a-f]+)@", ".1$1.$2@");
        assertThat(deliveries.findByMessageId(otherTime)).as("the right id, another creation time").isEmpty();
        String unmarked = messageId.replaceFirst("\\.[0-9a-f]+@", "@");
        assertThat(deliveries.findByMessageId(unmarked)).as("id and time, as a reader who saw a neighbour's could "
                + "write them, without the mark").isEmpty();
        String otherMark = messageId.replaceFirst("\\.[0-9a-f]+@", ".0123456789abcdef@");
        assertThat(deliveries.findByMessageId(otherMark)).as("a mark made up").isEmpty();
        assertThat(deliveries.findByMessageId("<CAB1234@mail.example.org>")).as("not one of ours").isEmpty();
    }

    @Test
    void aSuppressedAddressGetsNoEmailOfAnyKindWhateverQueuedIt() throws Exception {
        Subscriber suppressed = Readers.active(subscribers, "Gone@Example.com", "#Aviation");
        Subscriber other = Readers.active(subscribers, "reader@example.com", "#Aviation");
        suppressions.add(EmailAddress.of("gone@example.com"), SuppressionReason.MANUAL, "asked by phone");
        Article story = Readers.story(articles, "Runway closed", Instant.parse("2025-11-29T15:28:00Z"), "#Aviation");
        outbox.queueConfirmation(suppressed, "token-of-a-confirmation-link-000");
        outbox.queueNotice(suppressed, Notice.WELCOME);
        outbox.queueAlert(suppressed, story.id());
        outbox.queueDigests(List.of(new Outbox.DigestOrder(suppressed.id(), "Gone@Example.com",
                new DeliveryPeriod.Day(LocalDate.of(2025, 11, 30)), List.of(story.id()), 0)));
        outbox.queueAlert(other, story.id());

        assertThat(arrived().getAllRecipients()).extracting(Object::toString).containsExactly("reader@example.com");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deliveries.listFor(suppressed.id()))
                .extracting(Delivery::status).containsOnly(DeliveryStatus.FAILED).hasSize(4));
        assertThat(deliveries.listFor(suppressed.id())).extracting(Delivery::lastError)
                .containsOnly("not sent: suppressed (the address is on the suppression list)");
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void mailQueuedHoursAgoCountsInTheHourItWasSent() {
        Subscriber reader = Readers.active(subscribers, "reader@example.com", "#Aviation");
        OffsetDateTime hoursAgo = OffsetDateTime.now(ZoneOffset.UTC).minusHours(3);
        transaction.executeWithoutResult(status -> {
            outbox.queueNotice(reader, Notice.WELCOME);
            jdbc.sql("update delivery set created_at = ?, queued_at = ?, available_at = ?")
                    .params(hoursAgo, hoursAgo, hoursAgo).update();
        });

        arrived();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                deliveries.sentPerHour(Instant.now().minus(Duration.ofHours(1))).values()).containsExactly(1L));
        assertThat(deliveries.sentPerHour(Instant.now().minus(Duration.ofMinutes(1))).values()).containsExactly(1L);
    }

    private static MimeMessage arrived() {
        assertThat(greenMail.waitForIncomingEmail(10_000, 1)).as("an email arrives").isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    record Parts(String text, String html) {
    }

    private static Parts parts(MimeMessage mail) throws Exception {
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        MimeMultipart alternative = (MimeMultipart) mail.getContent();
        assertThat(alternative.getCount()).isEqualTo(2);
        BodyPart text = alternative.getBodyPart(0);
        BodyPart html = alternative.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
        assertThat(Collections.list(mail.getAllHeaders())).isNotEmpty();
        return new Parts((String) text.getContent(), (String) html.getContent());
    }
}
