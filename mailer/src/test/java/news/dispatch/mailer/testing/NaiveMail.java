package news.dispatch.mailer.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import news.dispatch.mailer.letter.Email;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * The naive way to send mail that benchmarks compare the outbox with: Spring's {@code JavaMailSender.send(message)},
 * one call per message, which opens a new SMTP connection each time and leaves Jakarta Mail's socket as it is
 * (Nagle's algorithm on). Shared by the mailer's and the scheduler's benchmarks, so both measure the same thing.
 */
public final class NaiveMail {

    private NaiveMail() {
    }

    /**
     * Sends {@code warmup} emails, then {@code messages} more, each with its own call, taking the emails in turn.
     * Give it emails of the sizes really sent: whether Nagle's algorithm stalls a message depends on its length.
     *
     * @return nanoseconds the {@code messages} sends took, after the warm-up
     */
    public static long send(List<Email> emails, String from, String host, int port, int warmup, int messages)
            throws MessagingException {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(host);
        sender.setPort(port);
        for (int i = 0; i < warmup; i++) {
            sender.send(mime(sender, emails.get(i % emails.size()), from));
        }
        long start = System.nanoTime();
        for (int i = warmup; i < warmup + messages; i++) {
            sender.send(mime(sender, emails.get(i % emails.size()), from));
        }
        return System.nanoTime() - start;
    }

    /** The message as {@link MimeMessageHelper} writes it: both parts, UTF-8, the email's own headers. */
    public static MimeMessage mime(JavaMailSenderImpl sender, Email email, String from) throws MessagingException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(email.to());
        helper.setSubject(email.subject());
        helper.setText(email.text(), email.html());
        for (Map.Entry<String, String> header : email.headers().entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        return message;
    }
}
