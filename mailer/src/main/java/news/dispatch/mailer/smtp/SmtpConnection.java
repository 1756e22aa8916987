package news.dispatch.mailer.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import news.dispatch.mailer.letter.Email;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * One SMTP connection kept open for many messages, opened again when the server closed it. Not thread-safe:
 * each worker has its own.
 */
public final class SmtpConnection implements AutoCloseable {

    private final Session session;
    private final MailRoute route;
    private final InternetAddress from;
    private Transport transport;

    public SmtpConnection(MailRoute route, Session session, InternetAddress from) {
        this.route = route;
        this.session = session;
        this.from = from;
    }

    /** Sends one email under the given Message-ID, so a retry of the same delivery carries the same id. */
    public void send(Email email, String messageId, Date date) throws SmtpFailure {
        MimeMessage message;
        try {
            message = mime(email, messageId, date);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new SmtpFailure("the message could not be built: " + e.getMessage(), true, e);
        }
        try {
            Transport open = open();
            open.sendMessage(message, message.getAllRecipients());
        } catch (SendFailedException e) {
            int code = replyCode(e);
            if (code == 0) {
                close();
            }
            throw new SmtpFailure(reply(e, code), code >= 500, e);
        } catch (MessagingException e) {
            close();
            int code = replyCode(e);
            throw new SmtpFailure(reply(e, code), code >= 500, e);
        }
    }

    private Transport open() throws MessagingException {
        if (transport == null || !transport.isConnected()) {
            close();
            Transport fresh = session.getTransport("smtp");
            fresh.connect(route.host(), route.port(), route.username(), route.password());
            transport = fresh;
        }
        return transport;
    }

    private MimeMessage mime(Email email, String messageId, Date date)
            throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = new FixedIdMessage(session, messageId);
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(email.to(), true));
        if (email.subject().contains("=?")) {
            // Text shaped like an RFC 2047 encoded word ("=?UTF-8?Q?...=0D=0ABcc:...?=") is decoded by the reader's
            // mail client, line breaks and all; encoded as a whole, it reads as the editor typed it.
            message.setHeader("Subject", encodedWords(email.subject()));
        } else {
            message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        }
        message.setSentDate(date);
        for (Map.Entry<String, String> header : email.headers().entrySet()) {
            message.setHeader(header.getKey(), MimeUtility.fold(header.getKey().length() + 2,
                    MimeUtility.encodeText(header.getValue(), StandardCharsets.UTF_8.name(), null)));
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    private static int replyCode(MessagingException e) {
        for (Exception cause = e; cause != null; ) {
            if (cause instanceof SMTPSendFailedException failed) {
                return failed.getReturnCode();
            }
            if (cause instanceof SMTPAddressFailedException failed) {
                return failed.getReturnCode();
            }
            cause = cause instanceof MessagingException messaging ? messaging.getNextException() : null;
        }
        return 0;
    }

    private String reply(MessagingException e, int code) {
        StringBuilder reply = new StringBuilder();
        for (Exception cause = e; cause != null; ) {
            if (!reply.isEmpty()) {
                reply.append("; ");
            }
            reply.append(Email.oneLine(String.valueOf(cause.getMessage())));
            cause = cause instanceof MessagingException messaging ? messaging.getNextException() : null;
        }
        if (code == 0 && e.getCause() instanceof IOException io) {
            reply.append(" (").append(io.getClass().getSimpleName()).append(" talking to ").append(route).append(')');
        }
        return reply.toString();
    }

    @Override
    public void close() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                // The server is gone already; nothing is lost by not saying goodbye.
            }
            transport = null;
        }
    }

    /**
     * Keeps the Message-ID Dispatch chose instead of the random one Jakarta Mail would set on saving, and writes
     * itself through a buffer of its own.
     */
    private static final class FixedIdMessage extends MimeMessage {

        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }

        /**
         * Jakarta Mail's quoted-printable encoder writes one byte at a time, and written straight into the SMTP
         * stream every byte takes the lock of its {@code BufferedOutputStream}: more than half the CPU of sending
         * a digest. Encoded into an unsynchronized buffer first, the same bytes reach the server in one write.
         */
        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
            MessageBuffer buffer = new MessageBuffer();
            super.writeTo(buffer, ignoreList);
            buffer.copyTo(out);
        }
    }

    /** A growing byte array, like {@link java.io.ByteArrayOutputStream} without its per-write lock. */
    private static final class MessageBuffer extends OutputStream {

        /** Room for a digest, so most messages never grow it. */
        private byte[] bytes = new byte[64 * 1024];
        private int size;

        @Override
        public void write(int b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (size + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + len));
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        void copyTo(OutputStream out) throws IOException {
            out.write(bytes, 0, size);
        }
    }

    /**
     * The text as RFC 2047 encoded words (base64, UTF-8), whatever it holds: Jakarta Mail leaves ASCII text as it is.
     * Each word carries at most 45 bytes, whole characters only, so no word is longer than the 75 characters allowed.
     */
    private static String encodedWords(String text) {
        List<String> words = new ArrayList<>();
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            byte[] character = new String(Character.toChars(text.codePointAt(i))).getBytes(StandardCharsets.UTF_8);
            if (word.size() + character.length > 45) {
                words.add("=?UTF-8?B?" + Base64.getEncoder().encodeToString(word.toByteArray()) + "?=");
                word.reset();
            }
            word.writeBytes(character);
        }
        words.add("=?UTF-8?B?" + Base64.getEncoder().encodeToString(word.toByteArray()) + "?=");
        return String.join("\r\n ", words);
    }
}
