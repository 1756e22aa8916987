package news.dispatch.mailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.Map;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import news.dispatch.mailer.letter.Email;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpConnectionTest {

    private GreenMail server;

    @BeforeEach
    void start() {
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** The message is written into a buffer and then to the server at once: dot-stuffing must still happen. */
    @Test
    void bothPartsArriveAsWrittenEvenWithLinesThatStartWithADot() throws Exception {
        String text = "Your digest\n.a line that starts with a dot\n.\n..\nÜmlauts — “quotes” €5\n"
                + "x".repeat(200);
        String html = "<p>Your digest</p>\n.<b>dot</b>\n.\n<p>Ümlauts — “quotes” €5</p>";
        Email email = new Email("reader@example.org", "Dots and Ümlauts", text, html,
                Map.of("List-Id", "Dispatch digests <digests.news.example>"));
        MailRoute route = new MailRoute("127.0.0.1", server.getSmtp().getPort(), null, null, Map.of(), false);

        try (SmtpConnection connection = new SmtpConnection(route, new InternetAddress("news@news.example"))) {
            connection.send(email, "<dispatch.1.2@news.example>", "bounces+d1.2@news.example", new Date()).settle();
        }

        assertThat(server.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage received = server.getReceivedMessages()[0];
        assertThat(received.getMessageID()).isEqualTo("<dispatch.1.2@news.example>");
        assertThat(received.getHeader("Return-Path", null)).as("the envelope sender, not the From")
                .isEqualTo("<bounces+d1.2@news.example>");
        assertThat(received.getSubject()).isEqualTo("Dots and Ümlauts");
        assertThat(received.getHeader("List-Id", null)).isEqualTo("Dispatch digests <digests.news.example>");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(lines(parts.getBodyPart(0).getContent())).isEqualTo(text);
        assertThat(lines(parts.getBodyPart(1).getContent())).isEqualTo(html);
    }

    @Test
    void manyMessagesGoOverOneConnection() throws Exception {
        MailRoute route = new MailRoute("127.0.0.1", server.getSmtp().getPort(), null, null, Map.of(), false);

        try (SmtpConnection connection = new SmtpConnection(route, new InternetAddress("news@news.example"))) {
            for (int i = 0; i < 3; i++) {
                connection.send(new Email("reader" + i + "@example.org", "Today " + i, "text", "<p>html</p>",
                        Map.of()), "<dispatch." + i + ".2@news.example>", "bounces@news.example", new Date());
            }
        }

        assertThat(server.waitForIncomingEmail(5_000, 3)).isTrue();
        assertThat(server.getReceivedMessages()).extracting(MimeMessage::getSubject)
                .containsExactlyInAnyOrder("Today 0", "Today 1", "Today 2");
        assertThat(server.getReceivedMessages()[0].getHeader("Received", null))
                .as("a name a relay takes in EHLO, or the address as a literal (RFC 5321 §4.1.4); not localhost")
                .doesNotContainIgnoringCase("HELO localhost")
                .containsPattern("HELO (\\[[0-9a-fA-F.:Pv]+]|\\S+\\.\\S+)\\)");
    }

    /** {@code mail.smtp.ssl.enable} (port 465) and a username: TLS from the first byte, then AUTH. */
    @Test
    void implicitTlsAndAuthenticationAsJakartaMailWasConfigured() throws Exception {
        ServerSetup smtps = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort();
        // Its TLS setup takes a while on a busy machine.
        smtps.setServerStartupTimeout(20_000);
        GreenMail secure = new GreenMail(smtps);
        secure.start();
        try {
            secure.setUser("relay@news.example", "relay", "s3cret");
            Map<String, String> tls = Map.of("mail.smtp.ssl.enable", "true", "mail.smtp.ssl.trust", "*");
            MailRoute route = new MailRoute("127.0.0.1", secure.getSmtps().getPort(), "relay", "s3cret", tls, false);
            MailRoute wrong = new MailRoute("127.0.0.1", secure.getSmtps().getPort(), "relay", "guess", tls, false);
            Email email = new Email("reader@example.org", "Over TLS", "text", "<p>html</p>", Map.of());

            try (SmtpConnection connection = new SmtpConnection(route, new InternetAddress("news@news.example"))) {
                connection.send(email, "<dispatch.1.2@news.example>", "bounces@news.example", new Date()).settle();
            }
            try (SmtpConnection connection = new SmtpConnection(wrong, new InternetAddress("news@news.example"))) {
                assertThatThrownBy(() -> connection.send(email, "<dispatch.2.2@news.example>", "bounces@news.example",
                        new Date())).isInstanceOfSatisfying(SmtpFailure.class, failure -> {
                            assertThat(failure.permanent()).isFalse();
                            assertThat(failure).hasMessageContaining("AUTH");
                        });
            }

            assertThat(secure.waitForIncomingEmail(5_000, 1)).isTrue();
            assertThat(secure.getReceivedMessages()).extracting(MimeMessage::getSubject).containsExactly("Over TLS");
        } finally {
            secure.stop();
        }
    }

    /** What arrives has the CRLF line ends of SMTP. */
    private static String lines(Object content) {
        return ((String) content).replace("\r\n", "\n");
    }
}
