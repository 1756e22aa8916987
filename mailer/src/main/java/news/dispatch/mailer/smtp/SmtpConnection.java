package news.dispatch.mailer.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.util.Date;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;

import news.dispatch.mailer.dkim.DkimSigner;
import news.dispatch.mailer.letter.Email;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * One SMTP connection kept open for many messages, opened again when the server closed it. Not thread-safe:
 * each worker has its own.
 */
public final class SmtpConnection implements AutoCloseable {

    private final Session session;
    private final MailRoute route;
    private final MimeWriter writer;
    private final DkimSigner signer;
    private final SMTPMessage message;
    private Transport transport;

    /** A connection whose mail is not signed. */
    public SmtpConnection(MailRoute route, Session session, InternetAddress from) {
        this(route, session, from, DkimSigner.unsigned());
    }

    /** @param signer signs each message as written, with the keys active at the time; this connection's own */
    public SmtpConnection(MailRoute route, Session session, InternetAddress from, DkimSigner signer) {
        this.route = route;
        this.session = session;
        this.writer = new MimeWriter(from);
        this.signer = signer;
        try {
            this.message = new Written(session, writer, from);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("not a From address: " + from, e);
        }
    }

    /**
     * Sends one email under the given Message-ID, so a retry of the same delivery carries the same id, with the
     * given envelope sender ({@code MAIL FROM}, the Return-Path), where bounces of this email go.
     */
    public void send(Email email, String messageId, String returnPath, Date date) throws SmtpFailure {
        Address[] recipients;
        try {
            recipients = new Address[] {writer.write(email, messageId, date)};
            writer.sign(signer, date);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new SmtpFailure("the message could not be built: " + e.getMessage(), true, false, e);
        }
        message.setEnvelopeFrom(returnPath);
        try {
            Transport open = open();
            open.sendMessage(message, recipients);
        } catch (SendFailedException e) {
            int code = replyCode(e);
            if (code == 0) {
                close();
            }
            throw new SmtpFailure(reply(e, code), code >= 500, code == 0, e);
        } catch (MessagingException e) {
            close();
            int code = replyCode(e);
            throw new SmtpFailure(reply(e, code), code >= 500, code == 0, e);
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
     * What Jakarta Mail's transport sends: the bytes the {@link MimeWriter} wrote last, as they are. The transport
     * reads only the envelope sender and then calls {@link #writeTo}; it dot-stuffs on the way.
     */
    private static final class Written extends SMTPMessage {

        private final MimeWriter writer;

        Written(Session session, MimeWriter writer, InternetAddress from) throws MessagingException {
            super(session);
            this.writer = writer;
            setFrom(from);
        }

        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
            writer.copyTo(out);
        }
    }
}
