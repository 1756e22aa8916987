package news.dispatch.mailer.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.MailerTestApplication;
import news.dispatch.mailer.Readers;
import news.dispatch.mailer.outbox.DeliveryPeriod;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.smtp.SmtpSink;
import news.dispatch.mailer.testing.Dkimpy;
import news.dispatch.mailer.testing.Dkimpy.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every kind of email, sent through the outbox with DKIM on, checked by a verifier that is not ours (dkimpy) on the
 * bytes as they arrived, with DNS answered from the records the app says to publish: with the RSA key made at start,
 * with an Ed25519 key beside it (two signatures), and with the Ed25519 key alone. A changed copy must fail.
 */
@SpringBootTest(classes = MailerTestApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:signed-mail;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "dispatch.base-url=https://news.example",
        "dispatch.mail.from=Dispatch <news@press.example>",
        "dispatch.bounces.address=bounces@press.example",
        "dispatch.mail.idle-poll=100ms",
        "dispatch.mail.dkim.enabled=true"})
@ResetsDatabase({"delivery", "subscriber", "article"})
class SignedMailIT {

    private static final Pattern SIGNED_NAMES = Pattern.compile("(?s)\\bh=([^;]+);");

    static SmtpSink sink;

    @Autowired
    Outbox outbox;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Articles articles;

    @Autowired
    DkimKeys keys;

    @Autowired
    JdbcClient jdbc;

    @BeforeAll
    static void startSink() throws IOException {
        sink = SmtpSink.keepingMessages();
    }

    @AfterAll
    static void stopSink() throws IOException {
        sink.close();
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> sink.port());
    }

    /** Back to the key made at start, alone. */
    @BeforeEach
    void firstKeyOnly() {
        Dkimpy.assumeInstalled();
        jdbc.sql("delete from dkim_key where selector <> 'dispatch'").update();
        jdbc.sql("update dkim_key set state = 'ACTIVE', retired_at = null where selector = 'dispatch'").update();
        keys.reread();
        sink.forgetRecipients();
    }

    @Test
    void everyKindOfEmailVerifiesWithTheKeyMadeAtStart() {
        assertVerified(everyKind(), "pass rsa-sha256 s=dispatch");
        assertThat(keys.list()).singleElement().satisfies(key -> {
            assertThat(key.bits()).isEqualTo(2048);
            assertThat(key.dnsTxt()).startsWith("v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A");
        });
    }

    @Test
    void theListHeadersAreSignedAndFromAndSubjectOverSigned() {
        List<byte[]> mail = everyKind();

        String digest = mail.stream().map(m -> new String(m, StandardCharsets.US_ASCII))
                .filter(m -> m.contains("List-Id: Dispatch digests")).findFirst().orElseThrow();
        Matcher names = SIGNED_NAMES.matcher(digest);
        assertThat(names.find()).isTrue();
        assertThat(names.group(1).replaceAll("\\s", "").split(":")).containsExactly("from", "from", "to",
                "subject", "subject", "date", "message-id", "mime-version", "content-type", "content-language",
                "list-id", "list-unsubscribe", "list-unsubscribe-post");
        assertThat(digest).contains("c=relaxed/relaxed;", "d=press.example; s=dispatch;");
        assertThat(digest.lines().filter(line -> line.startsWith("DKIM-Signature:"))).as("folded within 78")
                .singleElement().asString().hasSizeLessThanOrEqualTo(78);
        assertThat(digest.lines()).allMatch(line -> line.length() <= 998);
    }

    @Test
    void withAnEd25519KeyBesideTheRsaKeyBothSignaturesVerifyAndThenTheEd25519KeyAlone() {
        keys.create("ed2026", "ed25519-sha256");
        // A key being published signs nothing yet.
        assertVerified(everyKind(), "pass rsa-sha256 s=dispatch");

        keys.activate("ed2026");
        assertVerified(everyKind(), "pass rsa-sha256 s=dispatch", "pass ed25519-sha256 s=ed2026");

        keys.retire("dispatch");
        assertVerified(everyKind(), "pass ed25519-sha256 s=ed2026");
    }

    @Test
    void aCopyWithOneBodyCharacterChangedOrAnAddedFromFails() {
        keys.create("ed2026", "ed25519-sha256");
        keys.activate("ed2026");
        byte[] message = everyKind().get(0);
        String text = new String(message, StandardCharsets.US_ASCII);
        assertThat(Dkimpy.verify(message, published())).allMatch(Verdict::pass).hasSize(2);

        int body = text.indexOf("\r\n\r\n") + 4;
        int letter = body + text.substring(body).indexOf("Dispatch");
        String changedBody = text.substring(0, letter) + "d" + text.substring(letter + 1);
        String addedFrom = "From: Dispatch <news@attacker.example>\r\n" + text;

        assertThat(Dkimpy.verify(List.of(changedBody.getBytes(StandardCharsets.US_ASCII),
                addedFrom.getBytes(StandardCharsets.US_ASCII)), published()))
                .allSatisfy(verdicts -> assertThat(verdicts).hasSize(2).noneMatch(Verdict::pass));
    }

    /**
     * A confirmation, a welcome, a digest and an alert, as they arrived: only those sent to this call's readers, so
     * that mail still on its way from an earlier case (delivery is at least once) cannot be taken for them.
     */
    private List<byte[]> everyKind() {
        sink.forgetRecipients();
        String pendingAddress = "new-" + System.nanoTime() + "@example.com";
        String readerAddress = "reader-" + System.nanoTime() + "@example.com";
        Subscriber pending = subscribers.add(EmailAddress.of(pendingAddress), Readers.preferences("#Aviation"),
                SubscriberStatus.PENDING);
        Subscriber reader = Readers.active(subscribers, readerAddress, "#Aviation");
        Article story = Readers.story(articles, "Airbus orders A320 software fix — “now”",
                Instant.now().minusSeconds(60), "#Aviation");

        outbox.queueConfirmation(pending, "confirmation-token-0123456789");
        outbox.queueNotice(reader, Notice.WELCOME);
        outbox.queueDigests(List.of(new Outbox.DigestOrder(reader.id(), reader.email().value(),
                new DeliveryPeriod.Day(LocalDate.now().plusDays(System.nanoTime() % 1000)), List.of(story.id()), 0)));
        outbox.queueAlert(reader, story.id());

        List<String> to = List.of("To: " + pendingAddress, "To: " + readerAddress);
        await().atMost(Duration.ofSeconds(20)).until(() -> ours(to).size() >= 4);
        List<byte[]> mail = ours(to);
        assertThat(mail.stream().map(SignedMailIT::subject).collect(Collectors.joining(" | ")))
                .contains("Confirm your subscription", "Welcome to Dispatch", "=?UTF-8?");
        return mail;
    }

    private static List<byte[]> ours(List<String> to) {
        return sink.messages().stream().filter(message -> new String(message, StandardCharsets.US_ASCII).lines()
                .anyMatch(to::contains)).toList();
    }

    /** dkimpy's verdicts on each message, with DNS answered from the published records, are those expected. */
    private void assertVerified(List<byte[]> mail, String... expected) {
        List<List<Verdict>> verdicts = Dkimpy.verify(mail, published());
        for (int i = 0; i < mail.size(); i++) {
            assertThat(verdicts.get(i)).as(described(mail.get(i))).extracting(Verdict::toString)
                    .containsExactly(expected);
        }
    }

    /** What the admin publishes: every key's record, as the app gives it. */
    private Map<String, String> published() {
        return keys.list().stream().collect(Collectors.toMap(DkimKey::dnsName, DkimKey::dnsTxt));
    }

    private static String subject(byte[] message) {
        return new String(message, StandardCharsets.US_ASCII).lines().filter(line -> line.startsWith("Subject: "))
                .findFirst().orElse("?");
    }

    /** Which email it is, for a failure's description. */
    private static String described(byte[] message) {
        return new String(message, StandardCharsets.US_ASCII).lines()
                .filter(line -> line.startsWith("Subject: ") || line.startsWith("To: ") || line.startsWith("Date: ")
                        || line.startsWith("Message-ID: "))
                .toList().toString();
    }
}
