package news.dispatch.mailer.bounce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Reads the bounces mailbox with Jakarta Mail's own IMAP and POP3 providers and hands each message to
 * {@link Bounces}. Over IMAP only unread messages are fetched; a bounce, complaint or unsubscribe is deleted once it is
 * recorded, and an ignored message is marked read and left for a person to see (a reader's reply, say). POP3 has no
 * flags: every message is deleted once recorded. A message recorded before (a read cut short, another node) is
 * handed over again and found recorded, so it is acted on once. A mailbox that is down is reported in the log (once
 * until it is read again) and in {@link #lastRead()}, and tried again at the next read; it never stops the app.
 */
public class BounceMailbox {

    private static final Logger log = LoggerFactory.getLogger(BounceMailbox.class);
    private static final int TIMEOUT_MILLIS = 30_000;
    /** Messages read per visit, so one visit stays short however full the mailbox is; the rest wait for the next. */
    private static final int MAX_PER_READ = 500;
    private static final int MAX_BYTES = 2 * 1024 * 1024;

    private final Bounces bounces;
    private final Mailbox mailbox;
    private final Clock clock;
    private volatile MailboxRead lastRead;

    BounceMailbox(Bounces bounces, String url, Clock clock) {
        this.bounces = bounces;
        this.mailbox = url == null || url.isBlank() ? null : Mailbox.parse(url);
        this.clock = clock;
    }

    /** What a read of the mailbox did, or why it could not. */
    public record MailboxRead(String mailbox, Instant at, int read, int acted, String error) {
    }

    /** Whether a mailbox is set (or the sandbox's is used). */
    public boolean configured() {
        return mailbox != null;
    }

    /** The last read since this node started, if any. */
    public Optional<MailboxRead> lastRead() {
        return Optional.ofNullable(lastRead);
    }

    /** Reads what arrived since the last visit. Never throws: a failure is logged and reported. */
    public MailboxRead read() {
        if (mailbox == null) {
            return new MailboxRead(null, clock.instant(), 0, 0, null);
        }
        int[] counts = new int[2];
        MailboxRead read;
        try {
            visit(counts);
            read = new MailboxRead(mailbox.toString(), clock.instant(), counts[0], counts[1], null);
            if (lastRead != null && lastRead.error() != null) {
                log.info("The bounces mailbox {} is read again", mailbox);
            }
            if (counts[0] > 0) {
                log.info("Read {} message(s) from the bounces mailbox {}; {} acted on", counts[0], mailbox, counts[1]);
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            read = new MailboxRead(mailbox.toString(), clock.instant(), counts[0], counts[1],
                    e.getClass().getSimpleName() + ": " + e.getMessage());
            // Once until it is read again, as an SMTP server out of reach is: a mailbox down for a night is one line.
            if (lastRead == null || lastRead.error() == null) {
                log.warn("The bounces mailbox {} could not be read ({}); trying again at every interval until it can",
                        mailbox, read.error());
            }
        }
        lastRead = read;
        return read;
    }

    private void visit(int[] counts) throws MessagingException, IOException {
        Session session = Session.getInstance(properties());
        try (Store store = session.getStore(mailbox.protocol())) {
            store.connect(mailbox.host(), mailbox.port(), mailbox.user(), mailbox.password());
            Folder folder = store.getFolder(mailbox.imap() ? mailbox.folder() : "INBOX");
            folder.open(Folder.READ_WRITE);
            try {
                Message[] messages = mailbox.imap()
                        ? folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))
                        : folder.getMessages();
                for (int i = 0; i < messages.length && i < MAX_PER_READ; i++) {
                    Message message = messages[i];
                    byte[] raw = raw(message);
                    Optional<ReturnedMessage> processed;
                    try {
                        processed = bounces.process(raw, received(message));
                    } catch (DataAccessException databaseDown) {
                        throw databaseDown;
                    } catch (RuntimeException unexpected) {
                        // One odd message must not stop the mailbox: it stays unread, tried again next time.
                        log.warn("A message of the bounces mailbox could not be processed; it is left there",
                                unexpected);
                        continue;
                    }
                    counts[0]++;
                    if (processed.filter(ReturnedMessage::changedReader).isPresent()) {
                        counts[1]++;
                    }
                    // What changed a reader is done with; the rest (replies, junk, reports naming nobody of ours or
                    // by an address alone) is left for a person.
                    Optional<ReturnedMessage> record = processed.isPresent() ? processed : bounces.recorded(raw);
                    boolean keep = mailbox.imap() && !record.map(ReturnedMessage::changedReader).orElse(false);
                    message.setFlag(keep ? Flags.Flag.SEEN : Flags.Flag.DELETED, true);
                }
            } finally {
                folder.close(true);
            }
        }
    }

    private Properties properties() {
        Properties properties = new Properties();
        String protocol = mailbox.protocol();
        properties.setProperty("mail." + protocol + ".connectiontimeout", String.valueOf(TIMEOUT_MILLIS));
        properties.setProperty("mail." + protocol + ".timeout", String.valueOf(TIMEOUT_MILLIS));
        properties.setProperty("mail." + protocol + ".writetimeout", String.valueOf(TIMEOUT_MILLIS));
        // Fetching must not mark a message read: one whose processing fails is fetched again at the next read.
        properties.setProperty("mail." + protocol + ".peek", "true");
        if (protocol.endsWith("s")) {
            properties.setProperty("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        return properties;
    }

    /**
     * The message's bytes; of one over {@link #MAX_BYTES}, its first {@code MAX_BYTES}: a bounce says what it means at
     * its start (its report comes before the returned message it attaches, and a multipart cut short is read as far
     * as it goes), and a huge message must not take the node's memory. Its headers alone did not do: a report's
     * parts unread, a bounce with a large attachment was not understood, and its reader kept being mailed.
     */
    private static byte[] raw(Message message) throws MessagingException, IOException {
        Prefix out = new Prefix(MAX_BYTES);
        try {
            message.writeTo(out);
        } catch (UncheckedIOException | IOException | MessagingException cut) {
            if (!out.full()) {
                throw cut;
            }
        }
        return out.toByteArray();
    }

    /** Keeps the first bytes written to it, and refuses the rest, which ends the writing. */
    private static final class Prefix extends ByteArrayOutputStream {

        private final int limit;

        Prefix(int limit) {
            this.limit = limit;
        }

        boolean full() {
            return count >= limit;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            int kept = Math.min(length, limit - count);
            super.write(bytes, offset, kept);
            if (kept < length) {
                throw new UncheckedIOException(new IOException("the rest is not read"));
            }
        }
    }

    private static Instant received(Message message) {
        try {
            return message.getReceivedDate() == null ? null : message.getReceivedDate().toInstant();
        } catch (MessagingException e) {
            return null;
        }
    }
}
