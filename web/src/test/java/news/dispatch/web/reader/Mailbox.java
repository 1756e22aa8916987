package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;

/** A reader's inbox, read from the sandbox SMTP server that catches the app's mail. */
public final class Mailbox {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final SandboxSmtp sandbox;
    private final String address;

    /** The inbox of the address as typed: mail goes to its normal form (the domain in lower case, for one). */
    public Mailbox(SandboxSmtp sandbox, String address) {
        this.sandbox = sandbox;
        this.address = EmailAddress.of(address).value();
    }

    /** Newest first. */
    public List<CapturedEmail> all() {
        return sandbox.messages().stream().filter(email -> email.to().contains(address)).toList();
    }

    /** Waits until the inbox holds this many emails, and answers them, newest first. */
    public List<CapturedEmail> awaitCount(int count) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(all()).hasSize(count));
        return all();
    }

    /** Waits for an email with the subject, and answers the newest one. */
    public CapturedEmail awaitSubject(String subject) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(all()).extracting(CapturedEmail::subject)
                .contains(subject));
        return all().stream().filter(email -> subject.equals(email.subject())).findFirst().orElseThrow();
    }

    /** The token of the email's link to {@code https://dispatch.example/{path}/…}, from its plain-text part. */
    public static String token(CapturedEmail email, String path) {
        Matcher link = Pattern.compile("https://dispatch\\.example/" + path + "/([A-Za-z0-9_-]+)")
                .matcher(email.text());
        assertThat(link.find()).as("a %s link in:%n%s", path, email.text()).isTrue();
        return link.group(1);
    }
}
