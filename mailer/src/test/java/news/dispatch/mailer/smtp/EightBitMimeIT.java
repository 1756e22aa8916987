package news.dispatch.mailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import news.dispatch.mailer.dkim.DkimAlgorithm;
import news.dispatch.mailer.dkim.DkimSigner;
import news.dispatch.mailer.dkim.SigningKeys;
import news.dispatch.mailer.letter.Email;
import news.dispatch.mailer.testing.SmtpSinkProcess;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against Postfix's own {@code smtp-sink}, which offers 8BITMIME as Postfix does, keeping what it receives: unsigned
 * mail arrives in 8bit, says so in its envelope, and reads back as written; a part 8bit cannot carry, and signed mail,
 * arrive in quoted-printable.
 */
class EightBitMimeIT {

    private static final String TEXT = "Your digest — Київ, 5 € = 4 £\n.a line that begins with a dot\n"
            + "Aviation: “A320neo” deliveries ".repeat(20) + "\n😀\n";
    private static final String HTML = "<p class=\"story\"><a href=\"https://news.example/a?b=c&amp;d=e\">Київ</a></p>\n"
            + "<p>\n.</p>\n";

    @TempDir
    Path dumps;

    private SmtpSinkProcess sink;

    @BeforeEach
    void start() throws Exception {
        SmtpSinkProcess.assumeInstalled();
        sink = SmtpSinkProcess.keeping(dumps);
    }

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void unsignedMailArrivesIn8bitAndReadsBackAsWritten() throws Exception {
        try (SmtpConnection connection = new SmtpConnection(route(), from())) {
            send(connection, new Email("reader@example.org", "Today", TEXT, HTML, Map.of())).settle();
        }

        Received received = received();
        assertThat(received.envelope()).isEqualTo("<bounces@news.example> BODY=8BITMIME");
        assertThat(received.parts()).extracting(part -> part.getHeader("Content-Transfer-Encoding")[0])
                .containsExactly("8bit", "8bit");
        assertThat(received.texts()).containsExactly(TEXT, HTML);
    }

    @Test
    void aPartWithALineOverTheLimitOf8bitArrivesInQuotedPrintable() throws Exception {
        String longLine = "word ".repeat(300);
        try (SmtpConnection connection = new SmtpConnection(route(), from())) {
            send(connection, new Email("reader@example.org", "Today", longLine, HTML, Map.of())).settle();
        }

        Received received = received();
        assertThat(received.envelope()).isEqualTo("<bounces@news.example> BODY=8BITMIME");
        assertThat(received.parts()).extracting(part -> part.getHeader("Content-Transfer-Encoding")[0])
                .containsExactly("quoted-printable", "8bit");
        assertThat(received.texts()).containsExactly(longLine, HTML);
    }

    @Test
    void signedMailArrivesInQuotedPrintable() throws Exception {
        SigningKeys keys = new SigningKeys("news.example", List.of(new SigningKeys.Key("ed",
                DkimAlgorithm.ED25519_SHA256, KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate())));
        try (SmtpConnection connection = new SmtpConnection(route(), from(), new DkimSigner(() -> keys, true))) {
            send(connection, new Email("reader@example.org", "Today", TEXT, HTML, Map.of())).settle();
        }

        Received received = received();
        assertThat(received.envelope()).isEqualTo("<bounces@news.example>");
        assertThat(received.message().getHeader("DKIM-Signature")).hasSize(1);
        assertThat(received.parts()).extracting(part -> part.getHeader("Content-Transfer-Encoding")[0])
                .containsExactly("quoted-printable", "quoted-printable");
        assertThat(received.texts()).containsExactly(TEXT, HTML);
    }

    private MailRoute route() {
        return new MailRoute("127.0.0.1", sink.port(), null, null, Map.of(), false);
    }

    private static InternetAddress from() throws Exception {
        return new InternetAddress("Dispatch <news@news.example>");
    }

    private static PendingReply send(SmtpConnection connection, Email email) throws SmtpFailure {
        return connection.send(email, "<dispatch.1.1@news.example>", "bounces@news.example", new Date());
    }

    /** The one message the sink kept, once it has written it whole (its last line is the closing boundary). */
    private Received received() throws Exception {
        Path[] kept = new Path[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Stream<Path> files = Files.list(dumps)) {
                kept[0] = files.findFirst().orElse(null);
            }
            return kept[0] != null && Files.readString(kept[0], StandardCharsets.UTF_8).stripTrailing().endsWith("--");
        });
        byte[] bytes = Files.readAllBytes(kept[0]);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        return new Received(message);
    }

    private record Received(MimeMessage message) {

        String envelope() throws Exception {
            return message.getHeader("X-Mail-Args")[0];
        }

        List<BodyPart> parts() throws Exception {
            MimeMultipart multipart = (MimeMultipart) message.getContent();
            return List.of(multipart.getBodyPart(0), multipart.getBodyPart(1));
        }

        /** The parts' texts, their line breaks LF as the sink keeps them. */
        List<String> texts() throws Exception {
            return parts().stream().map(part -> {
                try {
                    return ((String) part.getContent()).replace("\r\n", "\n");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }
}
