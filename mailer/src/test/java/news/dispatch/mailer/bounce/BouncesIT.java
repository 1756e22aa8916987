package news.dispatch.mailer.bounce;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.suppression.Suppression;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.OutboxJourney;
import news.dispatch.mailer.Readers;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.mailer.sender.SenderIdentity;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What comes back, read from GreenMail's IMAP and POP3 servers as from a real mailbox, each message ending in the
 * right state for its reader; each acted on once, however often and by however many readers the mailbox is read.
 */
@TestPropertySource(properties = {"test.context-name=bounces", "dispatch.mail.from=Dispatch <news@press.example>",
        "dispatch.bounces.address=bounces@press.example", "dispatch.bounces.soft-limit=3"})
@ResetsDatabase({"returned_mail", "suppression", "delivery", "subscriber"})
class BouncesIT extends OutboxJourney {

    private static final String LOGIN = "bounces@press.example";
    /** URL-encoded in the mailbox's URL: the {@code @} and {@code /} must be, the {@code +} stays a plus. */
    private static final String PASSWORD = "p@ss+w/rd";

    @RegisterExtension
    static GreenMailExtension mailbox = new GreenMailExtension(new ServerSetup[] {ServerSetupTest.IMAP.dynamicPort(),
            ServerSetupTest.POP3.dynamicPort()});

    @Autowired
    Bounces bounces;

    @Autowired
    Suppressions suppressions;

    @Autowired
    Deliveries deliveries;

    @Autowired
    SenderIdentity sender;

    @Autowired
    LinkTokens tokens;

    @Test
    void aHardBounceSuspendsTheReaderDropsTheirQueuedMailAndSuppressesTheAddress() throws Exception {
        Subscriber reader = Readers.active(subscribers, "gone@reader.example", "#Aviation");
        Delivery bounced = sent(reader);
        outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
        deliver(dsn(sender.returnPath(tag(bounced)), "gone@reader.example", "failed", "5.1.1",
                "550 5.1.1 <gone@reader.example>: Recipient address rejected: User unknown", "<postfix-1@mx>"));

        BounceMailbox.MailboxRead read = imap().read();

        assertThat(read.error()).isNull();
        assertThat(read.acted()).isEqualTo(1);
        assertThat(status(reader)).isEqualTo(SubscriberStatus.SUSPENDED);
        assertThat(deliveries.listFor(reader.id())).extracting(Delivery::status)
                .containsExactly(DeliveryStatus.FAILED, DeliveryStatus.SENT);
        assertThat(suppressions.find(reader.email())).get().extracting(Suppression::reason)
                .isEqualTo(SuppressionReason.HARD_BOUNCE);
        assertThat(suppressions.find(reader.email()).orElseThrow().detail()).contains("5.1.1", "User unknown")
                .doesNotContain("gone@reader.example");
        assertThat(bounces.historyOf(reader.id())).singleElement().satisfies(message -> {
            assertThat(message.verdict()).isEqualTo(Verdict.HARD_BOUNCE);
            assertThat(message.deliveryId()).isEqualTo(bounced.id());
            assertThat(message.outcome()).isEqualTo("suspended and suppressed");
        });
        assertThat(mailbox.getReceivedMessages()).as("acted on, so deleted from the mailbox").isEmpty();
    }

    /**
     * A provider that refuses the mail for its sender's name (DMARC failing, taken for spam, too fast) says nothing of
     * the address: every reader it serves would otherwise be suspended by one DKIM mistake. Until the QA of 7 December
     * such a report suspended and suppressed the reader, though the same refusal told while sending did not.
     */
    @Test
    void aRefusalOfTheMessageRatherThanTheAddressIsRecordedAndChangesNobody() throws Exception {
        Subscriber reader = Readers.active(subscribers, "reader@gmail.example", "#Aviation");
        Delivery refused = sent(reader);
        deliver(dsn(sender.returnPath(tag(refused)), "reader@gmail.example", "failed", "5.7.26",
                "550-5.7.26 Unauthenticated email from press.example is not accepted due to domain's DMARC policy",
                "<gmail-1@mx>"));

        BounceMailbox.MailboxRead read = imap().read();

        assertThat(read.error()).isNull();
        assertThat(read.acted()).isZero();
        assertThat(status(reader)).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(suppressions.find(reader.email())).isEmpty();
        assertThat(bounces.historyOf(reader.id())).singleElement().satisfies(message -> {
            assertThat(message.verdict()).isEqualTo(Verdict.BLOCKED);
            assertThat(message.status()).isEqualTo("5.7.26");
            assertThat(message.deliveryId()).isEqualTo(refused.id());
            assertThat(message.outcome()).startsWith("nothing: the mail was refused for what it is or who sent it");
        });
        assertThat(mailbox.getReceivedMessages()).as("left for a person to read").hasSize(1);
    }

    @Test
    void aComplaintReadOverPop3UnsubscribesTheReaderFoundByTheReturnedMessageId() throws Exception {
        Subscriber reader = Readers.active(subscribers, "annoyed@reader.example", "#Aviation");
        Delivery complained = sent(reader);
        deliver(arf(messageId(complained)));

        pop3().read();

        assertThat(status(reader)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
        assertThat(suppressions.find(reader.email())).get().extracting(Suppression::reason)
                .isEqualTo(SuppressionReason.COMPLAINT);
        assertThat(mailbox.getReceivedMessages()).as("POP3: deleted once recorded").isEmpty();
    }

    @Test
    void aMailtoUnsubscribeUnsubscribesAsTheLinkDoesWithoutSuppressing() throws Exception {
        Subscriber reader = Readers.active(subscribers, "done@reader.example", "#Aviation");
        String token = subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE);
        outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
        deliver("""
                From: done@reader.example
                To: %s
                Subject: Re: unsubscribe%%20%s
                Message-ID: <unsubscribe-1@reader.example>

                Take me off.
                """.formatted(sender.returnPath(), token));

        imap().read();

        assertThat(status(reader)).as("the link's %20 left in the subject by a mail client")
                .isEqualTo(SubscriberStatus.UNSUBSCRIBED);
        assertThat(bounces.historyOf(reader.id())).singleElement().extracting(ReturnedMessage::subject)
                .as("the token is kept only as its hash").isEqualTo("Re: unsubscribe%20…");
        assertThat(deliveries.listFor(reader.id())).extracting(Delivery::status).containsExactly(DeliveryStatus.FAILED);
        assertThat(suppressions.find(reader.email())).as("a reader who left may come back").isEmpty();
    }

    /** The mailto of an email from before the reader left and came back ends the subscription they have now. */
    @Test
    void aMailtoUnsubscribeFromAnEarlierSubscriptionsEmailEndsThePresentOne() throws Exception {
        Subscriber first = Readers.active(subscribers, "back@reader.example", "#Aviation");
        String old = subscribers.linkToken(first, LinkPurpose.UNSUBSCRIBE);
        Subscriber back = subscribers.update(subscribers.update(first.unsubscribe())
                .rejoin(first.preferences()).confirm(Instant.now()));
        deliver("""
                From: back@reader.example
                To: %s
                Subject: unsubscribe %s
                Message-ID: <unsubscribe-old@reader.example>

                Stop, please.
                """.formatted(sender.returnPath(), old));

        imap().read();

        assertThat(status(back)).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
    }

    /**
     * While the new sign-up waits for its confirmation, the old mailto finds its subscription ended: the sign-up keeps,
     * and the record says so (it said "unsubscribed by mail" until a QA of 7 December).
     */
    @Test
    void aMailtoUnsubscribeFromAnEarlierSubscriptionLeavesASignUpWaitingForItsConfirmation() throws Exception {
        Subscriber first = Readers.active(subscribers, "waiting@reader.example", "#Aviation");
        String old = subscribers.linkToken(first, LinkPurpose.UNSUBSCRIBE);
        Subscriber back = subscribers.update(subscribers.update(first.unsubscribe()).rejoin(first.preferences()));
        deliver("""
                From: waiting@reader.example
                To: %s
                Subject: unsubscribe %s
                Message-ID: <unsubscribe-waiting@reader.example>

                Stop, please.
                """.formatted(sender.returnPath(), old));

        imap().read();

        assertThat(status(back)).isEqualTo(SubscriberStatus.PENDING);
        assertThat(bounces.historyOf(back.id())).singleElement().extracting(ReturnedMessage::outcome)
                .isEqualTo("nothing: the subscription of this link had ended already");
    }

    @Test
    void reportsOfOneEmailFromARelayAndTheLastServerCountAsOneSoftBounce() throws Exception {
        Subscriber reader = Readers.active(subscribers, "full@reader.example", "#Aviation");
        Delivery bounced = sent(reader);
        for (int report = 1; report <= 3; report++) {
            deliver(dsn(sender.returnPath(tag(bounced)), reader.email().value(), "failed", "4.2.2",
                    "452 4.2.2 Mailbox full", "<relay-" + report + "@mx>"));
        }

        imap().read();

        assertThat(status(reader)).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(bounces.historyOf(reader.id())).hasSize(3).extracting(ReturnedMessage::outcome)
                .containsOnly("soft bounce 1 of 3 in a row");
    }

    @Test
    void softBouncesSuspendAtTheLimitInARowAndAnEmailDeliveredBetweenStartsTheCountAgain() throws Exception {
        Subscriber reader = Readers.active(subscribers, "full@reader.example", "#Aviation");
        softBounce(reader, 1);
        softBounce(reader, 2);
        sent(reader);
        softBounce(reader, 3);
        softBounce(reader, 4);
        imap().read();

        assertThat(status(reader)).as("two in a row since a delivered email").isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(bounces.historyOf(reader.id()).get(0).outcome()).isEqualTo("soft bounce 2 of 3 in a row");

        softBounce(reader, 5);
        imap().read();

        assertThat(status(reader)).isEqualTo(SubscriberStatus.SUSPENDED);
        assertThat(suppressions.find(reader.email())).get().extracting(Suppression::reason)
                .isEqualTo(SuppressionReason.SOFT_BOUNCES);
    }

    /**
     * Bounces arrive late and out of order: the run a bounce belongs to ends at the first email after it that reached
     * the reader, as it starts at the last one before it. Here the third email reached the reader: the first two and
     * the fourth are runs of two and one. The second's bounce, come before the first's, counts one (the first not
     * known to bounce yet); the first's counts both.
     */
    @Test
    void softBouncesArrivingOutOfOrderCountOnlyTheEmailsInARowWithTheirs() throws Exception {
        Subscriber reader = Readers.active(subscribers, "late@reader.example", "#Aviation");
        Delivery first = sent(reader);
        Delivery second = sent(reader);
        sent(reader);
        Delivery fourth = sent(reader);

        for (Delivery bounced : List.of(fourth, second, first)) {
            deliver(dsn(sender.returnPath(tag(bounced)), reader.email().value(), "failed", "4.2.2",
                    "452 4.2.2 Mailbox full", "<late-" + bounced.id() + "@mx>"));
            imap().read();
        }

        assertThat(status(reader)).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(bounces.historyOf(reader.id())).extracting(ReturnedMessage::outcome).containsExactly(
                "soft bounce 2 of 3 in a row", "soft bounce 1 of 3 in a row", "soft bounce 1 of 3 in a row");
        assertThat(suppressions.find(reader.email())).isEmpty();
    }

    @Test
    void junkAndAutoRepliesChangeNobodyAndStayInTheMailboxReadAndNotReadAgain() throws Exception {
        Subscriber reader = Readers.active(subscribers, "person@reader.example", "#Aviation");
        Delivery delivery = sent(reader);
        deliver("""
                From: Sam Away <person@reader.example>
                To: %s
                Subject: Automatic reply: Rückkehr am Montag – Your daily news
                Auto-Submitted: auto-replied
                Message-ID: <ooo-1@reader.example>

                I am out of the office. 550 reasons to be away; mail was not delivered to my phone.
                """.formatted(sender.returnPath(tag(delivery))));
        deliver("""
                From: Reader <person@reader.example>
                To: %s
                Subject: Re: Your daily news
                Message-ID: <reply-1@reader.example>

                Thanks for the story!
                """.formatted(sender.returnPath(tag(delivery))));

        BounceMailbox.MailboxRead first = imap().read();
        BounceMailbox.MailboxRead second = imap().read();

        assertThat(first.read()).isEqualTo(2);
        assertThat(first.acted()).isZero();
        assertThat(second.read()).as("marked read, so not fetched again").isZero();
        assertThat(status(reader)).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(suppressions.find(reader.email())).isEmpty();
        assertThat(bounces.list(Optional.of(Verdict.IGNORED), new PageRequest(0, 10)).items()).extracting(ReturnedMessage::detail)
                .containsExactlyInAnyOrder("an auto-reply",
                        "not a bounce, complaint or unsubscribe: a person's reply or junk");
        assertThat(mailbox.getReceivedMessages()).as("left for a person to read").hasSize(2);
        assertThat(bounces.list(Optional.of(Verdict.IGNORED), new PageRequest(0, 10)).items())
                .extracting(ReturnedMessage::subject).as("raw UTF-8 read as such")
                .contains("Automatic reply: Rückkehr am Montag – Your daily news");
    }

    @Test
    void aMessageIsActedOnOnceAcrossRestartsAndTwoReadersAtOnce() throws Exception {
        Subscriber reader = Readers.active(subscribers, "twice@reader.example", "#Aviation");
        Delivery bounced = sent(reader);
        String bounce = dsn(sender.returnPath(tag(bounced)), "twice@reader.example", "failed", "4.2.2",
                "452 4.2.2 Mailbox full", "<same-bounce@mx>");
        for (int copy = 0; copy < 3; copy++) {
            deliver(bounce);
        }

        // Two nodes read the same mailbox at once, each with its own reader (a restart is a new one too).
        CompletableFuture<BounceMailbox.MailboxRead> one = CompletableFuture.supplyAsync(() -> imap().read());
        CompletableFuture<BounceMailbox.MailboxRead> other = CompletableFuture.supplyAsync(() -> imap().read());
        int acted = one.get().acted() + other.get().acted();
        deliver(bounce);
        acted += pop3().read().acted();

        assertThat(acted).isEqualTo(1);
        assertThat(bounces.historyOf(reader.id())).singleElement().extracting(ReturnedMessage::outcome)
                .isEqualTo("soft bounce 1 of 3 in a row");
        assertThat(status(reader)).isEqualTo(SubscriberStatus.ACTIVE);
    }

    @Test
    void aReportNamingOnlyAnAddressOrAForgedTagChangesNobodyAndSaysWhy() throws Exception {
        Subscriber reader = Readers.active(subscribers, "mailed@reader.example", "#Aviation");
        Delivery last = sent(reader);
        String byAddress = dsn(sender.returnPath(), "mailed@reader.example", "failed", "5.1.1",
                "550 5.1.1 user unknown", "<untagged-1@mx>");
        // What a reader who saw their own return path could write for their neighbour: the id and the time, no mark.
        String unmarked = dsn(sender.returnPath("d" + last.id() + "." + last.createdAt().toEpochMilli()),
                "mailed@reader.example", "failed", "5.1.1", "550 5.1.1 user unknown", "<forged-2@mx>");
        String complaint = arf("<dispatch." + last.id() + "." + last.createdAt().toEpochMilli() + "@press.example>");
        deliver(byAddress);
        deliver(unmarked);
        deliver(complaint);

        BounceMailbox.MailboxRead read = imap().read();

        assertThat(read.acted()).as("read, and acted on none").isZero();
        assertThat(status(reader)).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(suppressions.find(reader.email())).isEmpty();
        for (String forged : new String[] {byAddress, unmarked}) {
            assertThat(bounces.recorded(forged.getBytes(StandardCharsets.UTF_8))).get()
                    .extracting(ReturnedMessage::outcome).isEqualTo("nothing: it carries no tag nor Message-ID of "
                            + "ours, and an address alone is not trusted (anyone can write one); suppress it by hand "
                            + "if it is true");
        }
        assertThat(bounces.recorded(complaint.getBytes(StandardCharsets.UTF_8))).get()
                .extracting(ReturnedMessage::subscriberId).isNull();
        assertThat(mailbox.getReceivedMessages()).as("left in the mailbox, read, for a person").hasSize(3);
    }

    /** Where an operator turned {@code dispatch.bounces.trust-recipient} on, for servers that quote nothing. */
    @Nested
    @TestPropertySource(properties = "dispatch.bounces.trust-recipient=true")
    class TrustingAddresses {

        @Test
        void aReportNamingOnlyAnAddressCountsForAReaderMailedLatelyAndForgedOnesChangeNobody() throws Exception {
            Subscriber mailed = Readers.active(subscribers, "mailed@reader.example", "#Aviation");
            Subscriber never = Readers.active(subscribers, "never@reader.example", "#Aviation");
            sent(mailed);
            deliver(dsn(sender.returnPath(), "mailed@reader.example", "failed", "5.1.1", "550 5.1.1 user unknown",
                    "<untagged-1@mx>"));
            deliver(dsn(sender.returnPath(), "never@reader.example", "failed", "5.1.1", "550 5.1.1 user unknown",
                    "<forged-1@mx>"));

            imap().read();

            assertThat(status(mailed)).isEqualTo(SubscriberStatus.SUSPENDED);
            assertThat(status(never)).isEqualTo(SubscriberStatus.ACTIVE);
            assertThat(suppressions.find(never.email())).isEmpty();
            assertThat(bounces.recorded(dsn(sender.returnPath(), "never@reader.example", "failed", "5.1.1",
                    "550 5.1.1 user unknown", "<forged-1@mx>").getBytes(StandardCharsets.UTF_8)))
                    .get().extracting(ReturnedMessage::outcome)
                    .isEqualTo("nothing: no reader or delivery of ours is named");
        }

        @Test
        void softBouncesNamingOnlyTheAddressCountInARowAgainstTheEmailsLastSent() throws Exception {
            Subscriber reader = Readers.active(subscribers, "full@reader.example", "#Aviation");
            for (int bounce = 1; bounce <= 3; bounce++) {
                assertThat(status(reader)).isEqualTo(SubscriberStatus.ACTIVE);
                Delivery last = sent(reader);
                deliver(dsn(sender.returnPath(), "full@reader.example", "failed", "4.2.2", "452 4.2.2 Mailbox full",
                        "<untagged-soft-" + bounce + "@mx>"));
                imap().read();
                assertThat(bounces.historyOf(reader.id()).get(0).deliveryId()).isEqualTo(last.id());
            }

            assertThat(status(reader)).isEqualTo(SubscriberStatus.SUSPENDED);
        }
    }

    /** Its report comes first; the original it returns, attached, makes it large. */
    @Test
    void aBounceOfAFewMegabytesIsReadAsFarAsItsReport() throws Exception {
        Subscriber reader = Readers.active(subscribers, "big@reader.example", "#Aviation");
        Delivery bounced = sent(reader);
        deliver(dsn(sender.returnPath(tag(bounced)), "big@reader.example", "failed", "5.1.1", "550 5.1.1 user unknown",
                "<big-1@mx>").replace("--b--", """
                --b
                Content-Type: message/rfc822

                Subject: a large story
                Message-ID: <original@press.example>

                %s
                --b--""".formatted("y".repeat(100).concat("\n").repeat(30_000))));

        imap().read();

        assertThat(status(reader)).isEqualTo(SubscriberStatus.SUSPENDED);
        assertThat(bounces.historyOf(reader.id())).singleElement().extracting(ReturnedMessage::deliveryId)
                .isEqualTo(bounced.id());
    }

    @Test
    void aHugeMessageIsReadByItsStartAndRecorded() throws Exception {
        deliver("""
                From: someone@junk.example
                To: %s
                Subject: a very large attachment
                Message-ID: <huge-1@junk.example>

                %s
                """.formatted(sender.returnPath(), "x".repeat(100).concat("\n").repeat(30_000)));

        BounceMailbox.MailboxRead read = imap().read();

        assertThat(read.error()).isNull();
        assertThat(read.read()).isEqualTo(1);
        assertThat(bounces.list(Optional.empty(), new PageRequest(0, 10)).items()).singleElement()
                .extracting(ReturnedMessage::verdict).isEqualTo(Verdict.IGNORED);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aMailboxThatIsDownIsReportedOnceAndNeverThrows(CapturedOutput log) {
        BounceMailbox down = new BounceMailbox(bounces, "imap://nobody:nothing@127.0.0.1:1/INBOX", clock);

        BounceMailbox.MailboxRead read = down.read();
        down.read();
        down.read();

        assertThat(read.error()).isNotBlank();
        assertThat(read.mailbox()).doesNotContain("nothing");
        assertThat(down.lastRead().orElseThrow().error()).isNotBlank();
        assertThat(log.getOut().lines().filter(line -> line.contains("could not be read"))).singleElement()
                .asString().contains("WARN", "imap://127.0.0.1:1/INBOX as nobody");
    }

    @Test
    void aMailboxUrlIsDecodedAndItsPasswordNeverShown() {
        Mailbox parsed = Mailbox.parse("imaps://bounces%40press.example:p%40ss+w%2Frd@imap.press.example:993/Bounces");

        assertThat(parsed).extracting(Mailbox::protocol, Mailbox::host, Mailbox::port, Mailbox::user,
                        Mailbox::password, Mailbox::folder)
                .containsExactly("imaps", "imap.press.example", 993, LOGIN, PASSWORD, "Bounces");
        assertThat(parsed.toString()).doesNotContain("p@ss")
                .isEqualTo("imaps://imap.press.example:993/Bounces as bounces@press.example");
    }

    private BounceMailbox imap() {
        return new BounceMailbox(bounces, "imap://" + url() + ":" + mailbox.getImap().getPort() + "/INBOX", clock);
    }

    private BounceMailbox pop3() {
        return new BounceMailbox(bounces, "pop3://" + url() + ":" + mailbox.getPop3().getPort(), clock);
    }

    private static String url() {
        return "bounces%40press.example:p%40ss+w%2Frd@127.0.0.1";
    }

    private void softBounce(Subscriber reader, int number) throws Exception {
        Delivery bounced = sent(reader);
        deliver(dsn(sender.returnPath(tag(bounced)), reader.email().value(), "failed", "4.2.2",
                "452 4.2.2 Mailbox full", "<soft-" + number + "@mx>"));
    }

    /** A delivery to the reader, sent a minute on from the last. */
    private Delivery sent(Subscriber reader) {
        clock.advance(Duration.ofMinutes(1));
        outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
        long id = jdbc.sql("select max(id) from delivery").query(Long.class).single();
        jdbc.sql("update delivery set status = 'SENT', lane = null, sent_at = ? where id = ?")
                .params(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), id).update();
        clock.advance(Duration.ofMinutes(1));
        return deliveries.find(id).orElseThrow();
    }

    private String tag(Delivery delivery) {
        String idAndTime = delivery.id() + "." + delivery.createdAt().toEpochMilli();
        return "d" + idAndTime + "." + tokens.mark(idAndTime);
    }

    private String messageId(Delivery delivery) {
        String idAndTime = delivery.id() + "." + delivery.createdAt().toEpochMilli();
        return "<dispatch." + idAndTime + "." + tokens.mark(idAndTime) + "@press.example>";
    }

    private SubscriberStatus status(Subscriber reader) {
        return subscribers.find(reader.id()).orElseThrow().status();
    }

    private static void deliver(String message) throws Exception {
        GreenMailUser user = mailbox.getUserManager().getUserByEmail(LOGIN);
        if (user == null) {
            user = mailbox.setUser(LOGIN, LOGIN, PASSWORD);
        }
        user.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8))));
    }

    private static String dsn(String to, String recipient, String action, String status, String diagnostic,
                              String messageId) {
        return """
                From: MAILER-DAEMON@mx.press.example (Mail Delivery System)
                To: %1$s
                Subject: Undelivered Mail Returned to Sender
                Message-ID: %6$s
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b"

                --b
                Content-Type: text/plain

                Your message could not be delivered.

                --b
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.press.example

                Final-Recipient: rfc822; %2$s
                Action: %3$s
                Status: %4$s
                Diagnostic-Code: smtp; %5$s

                --b--
                """.formatted(to, recipient, action, status, diagnostic, messageId);
    }

    private static String arf(String returnedMessageId) {
        return """
                From: feedback@arf.mail.yahoo.com
                To: bounces@press.example
                Subject: FW: Your daily news
                Message-ID: <arf-1@yahoo.com>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="f"

                --f
                Content-Type: text/plain

                This is an email abuse report.

                --f
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: Yahoo!-Mail-Feedback/2.0
                Version: 1

                --f
                Content-Type: text/rfc822-headers

                From: Dispatch <news@press.example>
                Message-ID: %s
                Subject: Your daily news

                --f--
                """.formatted(returnedMessageId);
    }
}
