package news.dispatch.web.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import news.dispatch.mailer.smtp.SmtpSink;
import news.dispatch.mailer.testing.Dkimpy;
import news.dispatch.mailer.testing.Dkimpy.Verdict;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.WholeApp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole app with DKIM on, sending to a relay of its own (an SMTP server that keeps the bytes it receives): a
 * reader signs up, and the confirmation and the welcome verify, by dkimpy, against the record the admin API says to
 * publish; the Sending page says DKIM is met.
 */
@WholeApp
@TestPropertySource(properties = {"test.context-name=signed-mail",
        "dispatch.mail.from=Dispatch <news@press.example>",
        "dispatch.bounces.address=bounces@press.example",
        "dispatch.mail.idle-poll=200ms",
        "dispatch.mail.dkim.enabled=true"})
class SignedMailIT {

    private static final Pattern CONFIRM = Pattern.compile("https://dispatch\\.example/confirm/([A-Za-z0-9_-]+)");

    @LocalServerPort
    int port;

    /** Started before the context, whose mail route is chosen from spring.mail.host as it starts. */
    static SmtpSink relay;

    @BeforeAll
    static void startRelay() throws IOException {
        relay = SmtpSink.keepingMessages();
    }

    @AfterAll
    static void stopRelay() throws IOException {
        relay.close();
    }

    @DynamicPropertySource
    static void relayAddress(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> relay.port());
    }

    @Test
    void aReadersMailVerifiesAgainstTheRecordTheAdminIsToldToPublish() throws Exception {
        Dkimpy.assumeInstalled();
        ApiClient reader = ApiClient.anonymous(port);
        ApiClient admin = reader.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);

        assertThat(reader.post("/api/subscriptions", "{\"email\": \"signed@example.com\", \"tags\": [\"#Aviation\"]}")
                .status()).isEqualTo(202);
        byte[] confirmation = arrived(1);

        JsonNode dkim = admin.get("/api/admin/sending").json().get("dkim");
        assertThat(dkim.get("enabled").asBoolean()).isTrue();
        assertThat(dkim.get("domain").asString()).isEqualTo("press.example");
        assertThat(dkim.get("dnsName").asString()).isEqualTo("dispatch._domainkey.press.example");
        Map<String, String> dns = Map.of(dkim.get("dnsName").asString(), dkim.get("dnsTxt").asString());
        assertThat(Dkimpy.verify(confirmation, dns)).extracting(Verdict::toString)
                .containsExactly("pass rsa-sha256 s=dispatch");

        Matcher link = CONFIRM.matcher(text(confirmation));
        assertThat(link.find()).isTrue();
        Answer confirmed = reader.post("/api/subscriptions/confirm", "{\"token\": \"" + link.group(1) + "\"}");
        assertThat(confirmed.status()).isEqualTo(200);
        byte[] welcome = arrived(2);
        assertThat(new String(welcome, StandardCharsets.US_ASCII))
                .contains("Subject: Welcome to Dispatch", "List-Unsubscribe-Post: List-Unsubscribe=One-Click");
        assertThat(Dkimpy.verify(welcome, dns)).extracting(Verdict::toString)
                .containsExactly("pass rsa-sha256 s=dispatch");

        String page = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD)
                .get("/admin/sending").body();
        assertThat(page).contains("signing as <code>d=press.example</code>", "dispatch._domainkey.press.example",
                "Every email is signed (rsa-sha256, selector dispatch).");

        // A relay and no bounces mailbox: the mailto every email offers is honoured by nobody, and said so.
        JsonNode mailto = admin.get("/api/admin/sending").json().get("checks").valueStream()
                .filter(rule -> rule.get("rule").asString().equals("Unsubscribe by mail (mailto)")).findFirst()
                .orElseThrow();
        assertThat(mailto.get("status").asString()).isEqualTo("NOT_MET");
        assertThat(mailto.get("detail").asString()).contains("no mailbox is read");

        // Both sign, and the checklist names both.
        admin.post("/api/admin/sending/keys", "{\"selector\": \"ed1\", \"algorithm\": \"ed25519-sha256\"}");
        admin.post("/api/admin/sending/keys/ed1/activate", "");
        assertThat(dkimCheck(admin).get("detail").asString())
                .isEqualTo("Every email is signed (rsa-sha256, selector dispatch; ed25519-sha256, selector ed1).");
        // Signed with Ed25519 alone, the mail is unsigned to a provider that verifies RSA only.
        assertThat(admin.post("/api/admin/sending/keys/dispatch/retire", "").status()).isEqualTo(200);
        JsonNode check = dkimCheck(admin);
        assertThat(check.get("status").asString()).isEqualTo("NOT_MET");
        assertThat(check.get("detail").asString()).startsWith("Only Ed25519 signs (selector ed1)");
    }

    private static JsonNode dkimCheck(ApiClient admin) {
        return admin.get("/api/admin/sending").json().get("checks").valueStream()
                .filter(rule -> rule.get("rule").asString().equals("DKIM signature")).findFirst().orElseThrow();
    }

    private byte[] arrived(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> relay.messages().size() >= count);
        return relay.messages().get(count - 1);
    }

    private static String text(byte[] raw) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        return (String) ((MimeMultipart) message.getContent()).getBodyPart(0).getContent();
    }
}
