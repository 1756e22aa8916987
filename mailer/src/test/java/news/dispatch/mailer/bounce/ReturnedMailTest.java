package news.dispatch.mailer.bounce;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The corpus in {@code src/test/resources/returned}: messages in the shapes MTAs, providers and people send back,
 * each with what it means and the clues it gives to the delivery (a blank clue: the message gives none).
 */
class ReturnedMailTest {

    private static final String TOKEN = "Qk3vX9_rT2mLp8Zy4NcW1aHs6Ue0JdFo7BgIiKjR5tE";

    /** The policy class read from the server's words where the status says only "failed" (Exim's 5.0.0), or none. */
    @Test
    void aRefusalOfTheMessageIsToldByTheServersCodeWhereTheStatusIsGeneric() {
        assertThat(Verdict.ofFailure("5.0.0", "smtp; 554 5.7.1 Message rejected as spam by Content Filtering", false))
                .isEqualTo(Verdict.BLOCKED);
        assertThat(Verdict.ofFailure(null, "5.7.26 Unauthenticated email is not accepted", false))
                .isEqualTo(Verdict.BLOCKED);
        assertThat(Verdict.ofFailure("5.0.0", "smtp; 550 5.1.1 <a@b.example>: user unknown", false))
                .isEqualTo(Verdict.HARD_BOUNCE);
        assertThat(Verdict.ofFailure("5.1.1", "5.7.1 mentioned in passing", false)).as("a specific status decides")
                .isEqualTo(Verdict.HARD_BOUNCE);
        assertThat(Verdict.ofFailure("5.0.0", "550 5.7.1 <a@b.example>... Relaying denied", false))
                .isEqualTo(Verdict.HARD_BOUNCE);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(nullValues = "-", textBlock = """
            postfix-dsn-user-unknown.eml,   HARD_BOUNCE, 5.1.1,  bounces+d42.1764417600000@dispatch.example, <dispatch.42.1764417600000@dispatch.example>, gone@reader.example
            postfix-dsn-mailbox-full.eml,   SOFT_BOUNCE, 4.2.2,  bounces+d43.1764417600001@dispatch.example, <dispatch.43.1764417600001@dispatch.example>, full@reader.example
            postfix-dsn-delayed.eml,        IGNORED,     -,      bounces+d44.1764417600002@dispatch.example, -,                                            -
            postfix-plain-user-unknown.eml, HARD_BOUNCE, 5.1.1,  bounces+d45.1764417600003@dispatch.example, <dispatch.45.1764417600003@dispatch.example>, nobody@reader.example
            qmail-permanent.eml,            HARD_BOUNCE, 5.1.1,  bounces+d46.1764417600004@dispatch.example, <dispatch.46.1764417600004@dispatch.example>, left@oldhost.example
            qmail-remote-said.eml,          HARD_BOUNCE, 5.7.1,  bounces@dispatch.example,                   <dispatch.47.1764417600005@dispatch.example>, moved@corp.example
            gmail-dmarc-refused.eml,        BLOCKED,     5.7.26, bounces+d61.1764417600019@dispatch.example, <dispatch.61.1764417600019@dispatch.example>, reader@gmail.com
            postfix-dsn-spam-refused.eml,   BLOCKED,     5.7.1,  bounces+d62.1764417600020@dispatch.example, <dispatch.62.1764417600020@dispatch.example>, reader@isp.example
            postfix-dsn-rate-limited.eml,   BLOCKED,     4.7.0,  bounces+d63.1764417600021@dispatch.example, <dispatch.63.1764417600021@dispatch.example>, reader@big.example
            exchange-plain-not-found.eml,   HARD_BOUNCE, 5.1.10, bounces+d48.1764417600006@dispatch.example, <dispatch.48.1764417600006@dispatch.example>, former.staff@corp.example
            gmail-address-not-found.eml,    HARD_BOUNCE, 5.1.1,  bounces+d49.1764417600007@dispatch.example, <dispatch.49.1764417600007@dispatch.example>, nosuchreader@gmail.com
            gmail-plain-not-delivered.eml,  HARD_BOUNCE, -,      bounces@dispatch.example,                   <dispatch.50.1764417600008@dispatch.example>, reader@blocked.example
            gmail-delay.eml,                IGNORED,     -,      bounces+d51.1764417600009@dispatch.example, -,                                            -
            no-status-permanent.eml,        HARD_BOUNCE, -,      bounces+d52.1764417600010@dispatch.example, -,                                            ghost@tiny-isp.example
            arf-yahoo.eml,                  COMPLAINT,   -,      bounces+d53.1764417600011@dispatch.example, <dispatch.53.1764417600011@dispatch.example>, annoyed@yahoo.com
            arf-microsoft-jmrp.eml,         COMPLAINT,   -,      bounces@dispatch.example,                   <dispatch.54.1764417600012@dispatch.example>, redacted@outlook.com
            arf-dmarc-auth-failure.eml,     IGNORED,     -,      bounces@dispatch.example,                   <dispatch.60.1764417600018@dispatch.example>, -
            mailto-unsubscribe.eml,         UNSUBSCRIBE, -,      bounces@dispatch.example,                   -,                                            -
            mailto-unsubscribe-reply.eml,   UNSUBSCRIBE, -,      bounces@dispatch.example,                   -,                                            -
            mailto-unsubscribe-token-in-body.eml, UNSUBSCRIBE, -, bounces@dispatch.example,             -,                                            -
            mailto-unsubscribe-no-token.eml, IGNORED,    -,      bounces@dispatch.example,                   -,                                            -
            out-of-office.eml,              IGNORED,     -,      bounces+d55.1764417600013@dispatch.example, -,                                            -
            autoreply-vacation.eml,         IGNORED,     -,      bounces+d56.1764417600014@dispatch.example, -,                                            -
            mailer-daemon-out-of-office.eml, IGNORED,    -,      bounces+d57.1764417600015@dispatch.example, -,                                            -
            human-reply.eml,                IGNORED,     -,      bounces+d58.1764417600016@dispatch.example, <dispatch.58.1764417600016@dispatch.example>, -
            challenge-response.eml,         IGNORED,     -,      bounces+d59.1764417600017@dispatch.example, -,                                            -
            junk.eml,                       IGNORED,     -,      bounces@dispatch.example,                   -,                                            -
            """)
    void readsWhatCameBack(String file, Verdict verdict, String status, String addressedTo, String messageId,
                           String recipient) throws IOException {
        Reading reading = ReturnedMail.read(corpus(file));

        assertThat(reading.verdict()).as(reading.detail()).isEqualTo(verdict);
        assertThat(reading.status()).isEqualTo(status);
        assertThat(reading.addressedTo()).contains(addressedTo);
        if (messageId != null) {
            assertThat(reading.messageIds()).first().isEqualTo(messageId);
        }
        if (recipient != null && verdict != Verdict.IGNORED) {
            assertThat(reading.recipients()).contains(recipient);
        }
        assertThat(reading.detail()).isNotBlank();
    }

    @Test
    void aMailtoUnsubscribeCarriesTheReadersToken() throws IOException {
        assertThat(ReturnedMail.read(corpus("mailto-unsubscribe.eml")).token()).isEqualTo(TOKEN);
        assertThat(ReturnedMail.read(corpus("mailto-unsubscribe-reply.eml")).token()).isEqualTo(TOKEN);
        assertThat(ReturnedMail.read(corpus("mailto-unsubscribe-token-in-body.eml")).token()).isEqualTo(TOKEN);
        assertThat(ReturnedMail.read(corpus("mailto-unsubscribe-no-token.eml")).detail())
                .startsWith("an unsubscribe request without the reader's token");
    }

    @Test
    void aMailtoWithoutASubjectIsReadForTheTokenInItsText() {
        for (String subject : List.of("", "Subject: \r\n", "Subject:    \r\n")) {
            Reading reading = ReturnedMail.read(("From: a@reader.example\r\nTo: news@dispatch.example\r\n" + subject
                    + "\r\nunsubscribe " + TOKEN + "\r\n").getBytes(StandardCharsets.UTF_8));

            assertThat(reading.verdict()).as(subject).isEqualTo(Verdict.UNSUBSCRIBE);
            assertThat(reading.token()).isEqualTo(TOKEN);
        }
        assertThat(ReturnedMail.read(("From: a@reader.example\r\nTo: news@dispatch.example\r\n\r\n"
                + "Please take me off your list.\r\n").getBytes(StandardCharsets.UTF_8)).verdict())
                .isEqualTo(Verdict.IGNORED);
    }

    @Test
    void aTokenEndingInADashIsReadWhole() {
        String token = "Qk3vX9_rT2mLp8Zy4NcW1aHs6Ue0JdFo7BgIiKjR5t-";
        Reading reading = ReturnedMail.read(("From: a@reader.example\r\nTo: bounces@dispatch.example\r\n"
                + "Subject: unsubscribe " + token + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));

        assertThat(reading.verdict()).isEqualTo(Verdict.UNSUBSCRIBE);
        assertThat(reading.token()).isEqualTo(token);
    }

    @Test
    void aBounceKeepsWhatTheReceivingServerSaid() throws IOException {
        assertThat(ReturnedMail.read(corpus("postfix-dsn-user-unknown.eml")).detail())
                .startsWith("550 5.1.1").contains("User unknown");
        assertThat(ReturnedMail.read(corpus("qmail-remote-said.eml")).detail()).contains("Relaying denied");
        assertThat(ReturnedMail.read(corpus("arf-yahoo.eml")).detail()).contains("abuse");
        assertThat(ReturnedMail.read(corpus("arf-dmarc-auth-failure.eml")).detail())
                .isEqualTo("a feedback report of type auth-failure, not a reader's complaint");
    }

    @Test
    void hostileTextCostsOnePassNotHours() {
        String[] bodies = {"550 5.1.1 " + "x".repeat(1_500_000), "550 5.1.1\r\n" + " ".repeat(1_500_000),
                "550 5.1.1\r\n" + "\r\n".repeat(700_000), "550 5.1.1 " + "-".repeat(1_500_000)};
        for (String body : bodies) {
            byte[] raw = ("From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered Mail Returned to Sender\r\n\r\n"
                    + body).getBytes(StandardCharsets.UTF_8);

            Reading reading = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ReturnedMail.read(raw));

            assertThat(reading.verdict()).isEqualTo(Verdict.HARD_BOUNCE);
        }
    }

    @Test
    void garbageIsIgnoredNotThrown() {
        Reading reading = ReturnedMail.read(new byte[] {0, 1, 2, (byte) 0xff, '\n', '\n', 'x'});

        assertThat(reading.verdict()).isEqualTo(Verdict.IGNORED);
    }

    static byte[] corpus(String file) throws IOException {
        try (InputStream in = ReturnedMailTest.class.getResourceAsStream("/returned/" + file)) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }
}
