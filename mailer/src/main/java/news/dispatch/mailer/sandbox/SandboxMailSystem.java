package news.dispatch.mailer.sandbox;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * What the mail system out there would send back, played by the sandbox as Amazon SES's mailbox simulator does: mail
 * to {@code hard-bounce@sandbox.invalid} comes back as a permanent failure, to {@code soft-bounce@sandbox.invalid}
 * as a full mailbox given up on, to {@code complaint@sandbox.invalid} as a spam complaint (ARF). Each is addressed
 * to the envelope sender, as a real one would be, with the original's headers attached.
 */
final class SandboxMailSystem {

    static final String HARD_BOUNCE = "hard-bounce@sandbox.invalid";
    static final String SOFT_BOUNCE = "soft-bounce@sandbox.invalid";
    static final String COMPLAINT = "complaint@sandbox.invalid";

    private static final Session SESSION = Session.getInstance(new Properties());

    private SandboxMailSystem() {
    }

    /**
     * What comes back for mail from the envelope sender to the recipient; empty for any recipient but the three.
     *
     * @param messageId the original's Message-ID, or {@code null}
     */
    static Optional<MimeMessage> returned(String envelopeSender, String recipient, String messageId, String subject)
            throws MessagingException {
        String to = recipient.toLowerCase(Locale.ROOT);
        if (envelopeSender == null || envelopeSender.isBlank()
                || !(to.equals(HARD_BOUNCE) || to.equals(SOFT_BOUNCE) || to.equals(COMPLAINT))) {
            return Optional.empty();
        }
        String headers = "Return-Path: <" + envelopeSender + ">\r\n"
                + "To: " + recipient + "\r\n"
                + (messageId == null ? "" : "Message-ID: " + messageId + "\r\n")
                + "Subject: " + (subject == null ? "" : subject.replaceAll("[\r\n]+", " ")) + "\r\n";
        String text = to.equals(COMPLAINT) ? complaint(envelopeSender, recipient, headers)
                : bounce(envelopeSender, recipient, headers, to.equals(HARD_BOUNCE));
        return Optional.of(new MimeMessage(SESSION,
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    private static String bounce(String envelopeSender, String recipient, String headers, boolean hard) {
        String status = hard ? "5.1.1" : "4.2.2";
        String said = hard ? "550 5.1.1 <" + recipient + ">: Recipient address rejected: User unknown"
                : "452 4.2.2 <" + recipient + ">: Mailbox full";
        return """
                Return-Path: <>
                Delivered-To: %1$s
                From: MAILER-DAEMON@sandbox.invalid (Mail Delivery System)
                To: %1$s
                Subject: Undelivered Mail Returned to Sender
                Date: %2$s
                Message-ID: <%3$s@sandbox.invalid>
                Auto-Submitted: auto-replied
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="sandbox-dsn"

                --sandbox-dsn
                Content-Type: text/plain; charset=us-ascii

                This is the sandbox's mail system, playing the receiving server.

                Your message could not be delivered to one or more recipients.

                <%4$s>: host mx.sandbox.invalid said: %5$s

                --sandbox-dsn
                Content-Type: message/delivery-status

                Reporting-MTA: dns; sandbox.invalid

                Final-Recipient: rfc822; %4$s
                Action: failed
                Status: %6$s
                Diagnostic-Code: smtp; %5$s

                --sandbox-dsn
                Content-Type: text/rfc822-headers

                %7$s
                --sandbox-dsn--
                """.formatted(envelopeSender, date(), UUID.randomUUID(), recipient, said, status, headers)
                .replace("\n", "\r\n").replace("\r\r\n", "\r\n");
    }

    private static String complaint(String envelopeSender, String recipient, String headers) {
        return """
                Delivered-To: %1$s
                From: Sandbox Feedback Loop <feedback@sandbox.invalid>
                To: %1$s
                Subject: Complaint about a message to %2$s
                Date: %3$s
                Message-ID: <%4$s@sandbox.invalid>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="sandbox-arf"

                --sandbox-arf
                Content-Type: text/plain; charset=us-ascii

                This is an email abuse report: the reader marked this message as spam.

                --sandbox-arf
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: Dispatch-Sandbox/1.0
                Version: 1
                Original-Mail-From: <%1$s>
                Original-Rcpt-To: <%2$s>

                --sandbox-arf
                Content-Type: text/rfc822-headers

                %5$s
                --sandbox-arf--
                """.formatted(envelopeSender, recipient, date(), UUID.randomUUID(), headers)
                .replace("\n", "\r\n").replace("\r\r\n", "\r\n");
    }

    private static String date() {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now());
    }
}
