package news.dispatch.mailer.smtp;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.util.Date;
import java.util.regex.Pattern;

import javax.net.ssl.SSLHandshakeException;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import news.dispatch.mailer.dkim.DkimSigner;
import news.dispatch.mailer.letter.Email;

/**
 * One SMTP connection kept open for many messages, opened again when the server closed it. Not thread-safe:
 * each worker has its own.
 *
 * <p>When the server offers PIPELINING (RFC 2920), as Postfix does, a message costs one round trip instead of four:
 * its {@code MAIL FROM}, {@code RCPT TO} and {@code DATA} go out in one write, and their replies are read together
 * with the one to the message before's end of data; its own end-of-data reply is read when the next message goes
 * out, or when the caller {@linkplain PendingReply#settle settles} it. So at most two messages are in flight on a
 * connection: the one whose body went out, and the next one's envelope. Without PIPELINING each command waits for
 * its reply, and {@link #send} answers with the message's fate known.
 *
 * <p>A message's final dot goes out with the next message's envelope, in the same write, or when it is settled, or
 * before the worker waits ({@link #endData}). Sent
 * at once, the server's reply to it often left before the next envelope came, and Postfix's {@code smtp-sink} then
 * held its replies to that envelope until this end acknowledged the first one: Linux delays that acknowledgement by
 * 40 ms. One message in sixteen waited so in the pipeline benchmark, which is most of the delivery workers' time;
 * the dot and the envelope together get one reply, as a client with nothing to do between messages gets.
 *
 * <p>To a server that offers 8BITMIME (RFC 6152), as Postfix and the big mailbox providers do, unsigned mail goes in
 * 8bit, its parts as their UTF-8: quoted-printable was most of the CPU of sending a digest. Signed mail stays 7-bit
 * (RFC 6376 §5.3): a relay that converts it for a server without 8BITMIME would break the signature.
 */
public final class SmtpConnection implements AutoCloseable {

    private static final String END_OF_DATA = ".";
    /**
     * A refusal of a recipient that speaks of this client, its sender or its right to relay rather than of the
     * recipient: Postfix refuses a client or a sender at {@code RCPT TO} ("Client host rejected", "Sender address
     * rejected", "Relay access denied"), Exim says "relay not permitted", Microsoft 365 "Unable to relay".
     */
    private static final Pattern NOT_THE_RECIPIENT = Pattern.compile("(?i)\\b(?:relay(?:ing)?|client host"
            + "|sender address|helo command|authenticat\\w*|credentials|must issue a starttls|encryption required)\\b");

    private final SmtpOptions options;
    private final String route;
    private final MimeWriter writer;
    private final DkimSigner signer;
    private SmtpSession session;
    /** The message whose end of data was sent and whose reply was not read yet. */
    private PendingReply unread;
    /** A transaction refused halfway leaves the server holding its MAIL FROM: the next one begins with RSET. */
    private boolean resetFirst;
    /** The body of {@link #unread} went out, its final dot not yet: it goes with the next envelope. */
    private boolean endOfDataOwed;

    /** A connection whose mail is not signed. */
    public SmtpConnection(MailRoute route, InternetAddress from) {
        this(route, from, DkimSigner.unsigned());
    }

    /** @param signer signs each message as written, with the keys active at the time; this connection's own */
    public SmtpConnection(MailRoute route, InternetAddress from, DkimSigner signer) {
        this.options = SmtpOptions.of(route);
        this.route = route.toString();
        this.writer = new MimeWriter(from);
        this.signer = signer;
    }

    /**
     * Sends one email under the given Message-ID, so a retry of the same delivery carries the same id, with the
     * given envelope sender ({@code MAIL FROM}, the Return-Path), where bounces of this email go. The answer may
     * still be on its way: {@linkplain PendingReply#settle settle} it, before or after sending the next one.
     *
     * @throws SmtpFailure the message could not be built, or the server refused its envelope or gave no answer
     */
    public PendingReply send(Email email, String messageId, String returnPath, Date date) throws SmtpFailure {
        SmtpSession open;
        try {
            open = open();
        } catch (IOException e) {
            throw lost(e);
        }
        InternetAddress to;
        try {
            to = writer.write(email, messageId, date, open.offers("8BITMIME") && !signer.signs());
            writer.sign(signer, date);
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new SmtpFailure("the message could not be built: " + e.getMessage(), true, false, e);
        }
        try {
            String envelope = "MAIL FROM:<" + returnPath + ">" + (writer.eightBit() ? " BODY=8BITMIME" : "");
            String recipient = "RCPT TO:<" + to.getAddress() + ">";
            return open.offers("PIPELINING") ? pipelined(open, envelope, recipient)
                    : lockstep(open, envelope, recipient);
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * The envelope in one write, then the replies: the message before's end of data first, which comes back while
     * this one's envelope travels. The body and its end go out as soon as the server said 354.
     */
    private PendingReply pipelined(SmtpSession open, String envelope, String recipient)
            throws IOException, SmtpFailure {
        if (endOfDataOwed) {
            open.write(END_OF_DATA);
            endOfDataOwed = false;
        }
        if (resetFirst) {
            open.write("RSET");
        }
        open.write(envelope);
        open.write(recipient);
        open.write("DATA");
        open.flush();
        if (unread != null) {
            readEndOfData(unread);
        }
        if (resetFirst) {
            open.reply();
            resetFirst = false;
        }
        // A server closing the session answers 421 to whichever command it met and hangs up (RFC 5321 §3.8): the
        // replies it never sent are not waited for, so the failure names the 421, not the closed connection (an
        // operator's QA, 7 December 2026).
        SmtpSession.Reply mail = open.reply();
        SmtpSession.Reply rcpt = mail.code() == 421 ? mail : open.reply();
        SmtpSession.Reply data = rcpt.code() == 421 ? rcpt : open.reply();
        SmtpSession.Reply refusal = mail.code() / 100 != 2 ? mail : rcpt.code() / 100 != 2 ? rcpt : null;
        if (data.code() == 354 && refusal != null) {
            // A server that takes DATA with no recipient (RFC 2920 §3.1 allows it) gets an empty message: it is
            // bound to refuse it, having no recipient, but the end of it must go out to end the transaction.
            open.write(END_OF_DATA);
            open.flush();
            open.reply();
        }
        if (refusal != null || data.code() != 354) {
            resetFirst = true;
            throw refusal == mail && mail.code() >= 500 ? routeRefused(mail)
                    : refused(refusal != null ? refusal : data);
        }
        writer.writeData(open.out());
        open.out().flush();
        endOfDataOwed = true;
        unread = new PendingReply(this);
        return unread;
    }

    /** Each command waits for its reply, for a server without PIPELINING. */
    private PendingReply lockstep(SmtpSession open, String envelope, String recipient)
            throws IOException, SmtpFailure {
        if (resetFirst) {
            command(open, "RSET");
            resetFirst = false;
        }
        resetFirst = true;
        SmtpSession.Reply mail = command(open, envelope);
        if (mail.code() / 100 != 2) {
            throw mail.code() >= 500 ? routeRefused(mail) : refused(mail);
        }
        expect(command(open, recipient), 2);
        SmtpSession.Reply data = command(open, "DATA");
        if (data.code() != 354) {
            throw refused(data);
        }
        writer.writeData(open.out());
        SmtpSession.Reply end = command(open, END_OF_DATA);
        resetFirst = false;
        return PendingReply.settled(end.code() / 100 == 2 ? null : refused(end));
    }

    private static SmtpSession.Reply command(SmtpSession open, String line) throws IOException {
        open.write(line);
        open.flush();
        return open.reply();
    }

    private void expect(SmtpSession.Reply reply, int kind) throws SmtpFailure {
        if (reply.code() / 100 != kind) {
            throw refused(reply);
        }
    }

    /**
     * Sends the final dot of the message on the wire now if it still waits for the next envelope: the caller is about
     * to wait (for the send rate, or for room in the window), perhaps longer than the server waits for the rest of a
     * message (Postfix: 5 minutes), and the message should be the server's to take meanwhile.
     */
    public void endData() {
        try {
            sendOwedEndOfData();
        } catch (IOException e) {
            lost(e);
        }
    }

    private void sendOwedEndOfData() throws IOException {
        if (endOfDataOwed) {
            session.write(END_OF_DATA);
            session.flush();
            endOfDataOwed = false;
        }
    }

    /** Reads the reply to the message's end of data, unless read already. */
    void settle(PendingReply reply) {
        if (reply != unread) {
            return;
        }
        try {
            readEndOfData(reply);
        } catch (IOException e) {
            lost(e);
        }
    }

    private void readEndOfData(PendingReply reply) throws IOException {
        sendOwedEndOfData();
        SmtpSession.Reply end = session.reply();
        unread = null;
        reply.settle(end.code() / 100 == 2 ? null : refused(end));
        if (end.code() == 421) {
            // The server is closing: what was written after this message finds no one to answer it.
            throw new IOException("the server is closing the connection: " + end.oneLine());
        }
    }

    private SmtpSession open() throws IOException, SmtpFailure {
        if (session == null) {
            session = SmtpSession.open(options);
            resetFirst = false;
        }
        return session;
    }

    /**
     * The connection broke or hung: whatever was on it has no answer, so nothing says the server took it. It is
     * closed, to be opened again for the next message.
     */
    private SmtpFailure lost(IOException e) {
        SmtpFailure failure = new SmtpFailure(Email.oneLine(String.valueOf(e.getMessage())) + " ("
                + e.getClass().getSimpleName() + " talking to " + route + untrusted(e) + ")", false, true, e);
        if (unread != null) {
            unread.settle(failure);
            unread = null;
        }
        drop();
        return failure;
    }

    /** What to do about a server's certificate that Java does not trust, the usual case of a relay's own. */
    private String untrusted(IOException e) {
        return e instanceof SSLHandshakeException && String.valueOf(e.getMessage()).contains("PKIX")
                ? "; its certificate is not trusted: add it to a trust store (javax.net.ssl.trustStore), or take it"
                + " unchecked with spring.mail.properties.mail.smtp.ssl.trust=" + options.host() : "";
    }

    /**
     * A refusal; one that says the server is closing ({@code 421}) closes this end too, and is taken as the server
     * out of reach for now, as its hanging up was: the claim goes back to the queue rather than each of its messages
     * meeting the same answer.
     */
    private SmtpFailure refused(SmtpSession.Reply reply) {
        if (reply.code() == 530 || reply.code() >= 500 && NOT_THE_RECIPIENT.matcher(reply.text()).find()) {
            return routeRefused(reply);
        }
        boolean closing = reply.code() == 421;
        if (closing && unread == null) {
            drop();
        }
        return new SmtpFailure(Email.oneLine(reply.oneLine()), reply.code() >= 500, closing, null);
    }

    /**
     * A refusal that is this route's, not the reader's: the sender refused ({@code MAIL FROM}), authentication or
     * TLS wanted ({@code 530}, RFC 4954), this client not allowed to relay. Every message would meet it until the
     * operator mends the settings, so none fails for it: taken as the server out of reach, the claim goes back to the
     * queue and the workers wait (an operator's QA, 8 December 2026: a relay that wanted TLS failed a breaking-news
     * alert to every reader for good, with nothing in the log).
     */
    private SmtpFailure routeRefused(SmtpSession.Reply reply) {
        String hint = reply.code() == 530 && !options.startTls() && !options.implicitTls()
                ? "; does it want STARTTLS first? spring.mail.properties.mail.smtp.starttls.enable=true" : "";
        return new SmtpFailure(Email.oneLine(reply.oneLine()) + " (" + route + " refuses this sender, not the reader"
                + hint + ")", false, true, null);
    }

    /** Settles the message still in flight, then says goodbye. */
    @Override
    public void close() {
        if (unread != null) {
            settle(unread);
        }
        drop();
    }

    private void drop() {
        endOfDataOwed = false;
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
