package news.dispatch.mailer.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.ReadersForgotten;
import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.smtp.MailRoute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * An SMTP server inside the app (GreenMail on 127.0.0.1) that captures every email, so the default run shows the
 * whole flow without sending anything out. Mail is kept in memory, the newest {@code dispatch.sandbox.keep} emails,
 * until the app stops or its reader is erased or deleted. Recipients' addresses are never logged.
 * <p>
 * It plays the mail system too: mail to the {@link SandboxMailSystem sandbox's bouncing addresses} comes back to the
 * return path, and mail to the return path (a mailto unsubscribe) lands there, in a mailbox the sandbox serves over
 * IMAP: {@link #bouncesMailbox()}, which Dispatch reads when no {@code dispatch.bounces.mailbox} is set.
 */
public class SandboxSmtp implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SandboxSmtp.class);

    /** Where an email keeps the id the sandbox gave it; not shown with its headers. */
    private static final String ID_HEADER = "X-Dispatch-Sandbox-Id";
    private static final String BOUNCES_LOGIN = "bounces";
    /** The one mailbox that holds every email caught, whoever it was for, so that the oldest can go in order. */
    private static final String CAUGHT = "caught@sandbox.invalid";

    private final AtomicInteger ids = new AtomicInteger();
    private final SenderIdentity sender;
    private final int keep;
    /** Made up at each start: the mailbox is the app's own, and listens on 127.0.0.1 only. */
    private final String bouncesPassword = LinkTokens.random();
    private GreenMail server;
    private volatile MailFolder caught;
    /** The return path's mailbox: bounces, complaints, and what readers sent back. */
    private volatile MailFolder returned;
    private volatile boolean running;

    SandboxSmtp(SandboxSettings settings, SenderIdentity sender) {
        this.sender = sender;
        this.keep = settings.keep();
        ServerSetup setup = new ServerSetup(settings.port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        this.server = server(settings.port() == 0 ? setup.dynamicPort() : setup, imap(0));
    }

    private static ServerSetup imap(int port) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        return port == 0 ? setup.dynamicPort() : setup;
    }

    private static GreenMail server(ServerSetup smtp, ServerSetup imap) {
        return new GreenMail(new ServerSetup[] {smtp, imap})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    }

    /**
     * Starts the server; started again after a stop (a paused test context), it listens on the port it had, which
     * the mail route was given.
     */
    @Override
    public synchronized void start() {
        if (!running) {
            server.start();
            UserManager users = server.getUserManager();
            GreenMailUser returnPath = server.setUser(sender.returnPath(), BOUNCES_LOGIN, bouncesPassword);
            GreenMailUser everyone = server.setUser(CAUGHT, CAUGHT, LinkTokens.random());
            try {
                caught = server.getManagers().getImapHostManager().getInbox(everyone);
                returned = server.getManagers().getImapHostManager().getInbox(returnPath);
            } catch (FolderException e) {
                throw new IllegalStateException("The sandbox's mailbox could not be made", e);
            }
            // GreenMail's own handler logs every new recipient's address at INFO, and makes a mailbox for each.
            users.setMessageDeliveryHandler((message, to) -> {
                number(message.getMessage());
                String address = to.getEmail();
                if (address.equalsIgnoreCase(sender.returnPath()) || sender.tagOf(address).isPresent()) {
                    return returnPath;
                }
                comeBack(message, address, returnPath);
                makeRoom();
                return everyone;
            });
            running = true;
            log.info("Sandbox SMTP server captures all mail on 127.0.0.1:{} (set spring.mail.host to send for real)",
                    port());
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            int port = port();
            int imapPort = server.getImap().getPort();
            server.stop();
            server = server(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), imap(imapPort));
            running = false;
        }
    }

    /**
     * Stops the server when the context goes, also when it never started: the mail route starts the server as the
     * beans are made, and an app that then fails to start (a setting found wrong) does not stop its lifecycle beans;
     * the server's threads would keep the JVM running with nothing to serve.
     */
    @Override
    public void destroy() {
        stop();
    }

    /** Puts what the mail system would send back for this recipient, if anything, in the return path's mailbox. */
    private void comeBack(MovingMessage message, String recipient, GreenMailUser returnPath) {
        try {
            MimeMessage mail = message.getMessage();
            String envelopeSender = message.getReturnPath() == null ? null : message.getReturnPath().getEmail();
            Optional<MimeMessage> returned = SandboxMailSystem.returned(envelopeSender, recipient,
                    mail.getHeader("Message-ID", null), mail.getHeader("Subject", null));
            if (returned.isPresent()) {
                number(returned.get());
                returnPath.deliver(returned.get());
            }
        } catch (MessagingException | RuntimeException e) {
            log.warn("The sandbox could not play back a bounce or complaint", e);
        }
    }

    /** The IMAP URL of the sandbox's bounces mailbox, where mail that comes back lands. */
    public String bouncesMailbox() {
        start();
        return "imap://" + BOUNCES_LOGIN + ":" + bouncesPassword + "@127.0.0.1:" + server.getImap().getPort()
                + "/INBOX";
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the delivery workers, which send to it, and stopped after them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    MailRoute route() {
        start();
        return new MailRoute("127.0.0.1", port(), null, null, Map.of(), true);
    }

    int port() {
        return server.getSmtp().getPort();
    }

    /**
     * Lets the oldest emails go once the mailbox holds {@code keep}: a tenth of them at a time, so that most emails
     * cost no clean-up, and the mailbox holds from nine tenths of {@code keep} to {@code keep}. The return path's
     * mailbox, which Dispatch reads and empties, is not counted.
     */
    private synchronized void makeRoom() {
        long[] uids = caught.getMessageUids();
        if (uids.length >= keep) {
            drop(caught, Arrays.copyOf(uids, uids.length - keep + 1 + keep / 10));
        }
    }

    private synchronized void drop(MailFolder folder, long[] uids) {
        if (uids.length == 0) {
            return;
        }
        try {
            Flags deleted = new Flags(Flags.Flag.DELETED);
            for (long uid : uids) {
                folder.setFlags(deleted, true, uid, null, false);
            }
            folder.expunge();
        } catch (FolderException e) {
            log.warn("The sandbox could not let old mail go: {}", e.toString());
        }
    }

    /**
     * The mail caught for readers who are gone goes with them, once their deletion commits: mail to them, mail they
     * sent (a reply to a digest), and in the return path's mailbox anything that names them, as a bounce quotes the
     * address it could not reach (a privacy QA, 7 December 2026: a reader's reply outlived them).
     */
    @TransactionalEventListener(fallbackExecution = true)
    synchronized void forget(ReadersForgotten readers) {
        if (caught == null) {
            return;
        }
        Set<String> gone = readers.addresses().stream().map(address -> address.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        // By uid, each message looked up alone: GreenMail's list of a mailbox is not safe to read while mail arrives.
        // And under the lock that letting mail go takes: GreenMail's expunge does not lock against that lookup.
        drop(caught, Arrays.stream(caught.getMessageUids()).filter(uid -> {
            StoredMessage message = caught.getMessage(uid);
            return message != null && namesAny(message.getMimeMessage(), gone, false);
        }).toArray());
        drop(returned, Arrays.stream(returned.getMessageUids()).filter(uid -> {
            StoredMessage message = returned.getMessage(uid);
            return message != null && namesAny(message.getMimeMessage(), gone, true);
        }).toArray());
    }

    /** Whether the message is to or from one of the addresses, or, {@code anywhere}, holds one in its bytes. */
    private static boolean namesAny(MimeMessage message, Set<String> addresses, boolean anywhere) {
        for (String header : new String[] {"To", "Cc", "Bcc", "From", "Sender", "Reply-To"}) {
            String raw;
            try {
                raw = message.getHeader(header, ",");
            } catch (MessagingException e) {
                continue;
            }
            if (raw != null && people(raw).anyMatch(addresses::contains)) {
                return true;
            }
        }
        if (!anywhere) {
            return false;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            message.writeTo(bytes);
            String text = bytes.toString(StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            return addresses.stream().anyMatch(text::contains);
        } catch (IOException | MessagingException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Gives an email its id as it arrives, once for all its recipients: the next number, never given again while the
     * app runs, so an id names one email even as others arrive or are forgotten with their readers.
     */
    private void number(MimeMessage message) throws MessagingException {
        if (message.getHeader(ID_HEADER) == null) {
            message.setHeader(ID_HEADER, String.valueOf(ids.incrementAndGet()));
        }
    }

    /** Newest first: by arrival, which the ids follow. */
    public List<CapturedEmail> messages() {
        return Arrays.stream(server.getReceivedMessages())
                .map(message -> captured(idOf(message), message))
                .sorted(Comparator.comparingInt(CapturedEmail::id).reversed())
                .toList();
    }

    /** The email with this id, while the sandbox still holds it. */
    public Optional<CapturedEmail> message(int id) {
        return Arrays.stream(server.getReceivedMessages())
                .filter(message -> idOf(message) == id)
                .findFirst()
                .map(message -> captured(id, message));
    }

    private static int idOf(MimeMessage message) {
        try {
            String[] id = message.getHeader(ID_HEADER);
            return id == null ? 0 : Integer.parseInt(id[0]);
        } catch (MessagingException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Reads what it can and never throws: anyone can have Dispatch mail an address, so the admin pages must show
     * whatever the sandbox caught, however odd its headers, charsets or parts. What cannot be read shows as found.
     */
    private static CapturedEmail captured(int id, MimeMessage message) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        try {
            for (Header header : Collections.list(message.getNonMatchingHeaders(new String[] {ID_HEADER}))) {
                headers.add(Map.entry(header.getName(), String.valueOf(header.getValue())));
            }
        } catch (MessagingException | RuntimeException e) {
            log.debug("Headers of captured email {} could not be read", id, e);
        }
        String[] parts = new String[2];
        try {
            collect(message, parts);
        } catch (MessagingException | IOException | RuntimeException e) {
            log.debug("The body of captured email {} could not be read", id, e);
        }
        return new CapturedEmail(id, addresses(message, "From").stream().findFirst().orElse(null),
                recipients(message), subject(message), sentDate(message), parts[0], parts[1], headers);
    }

    private static void collect(Part part, String[] parts) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && parts[0] == null) {
            parts[0] = text(part);
        } else if (part.isMimeType("text/html") && parts[1] == null) {
            parts[1] = text(part);
        } else if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                collect(body, parts);
            }
        }
    }

    /** A text part's content; one in a charset the JDK does not know is read as its raw bytes in UTF-8. */
    private static String text(Part part) throws MessagingException, IOException {
        try {
            return part.getContent() instanceof String text ? text : null;
        } catch (UnsupportedEncodingException e) {
            try (InputStream raw = part.getInputStream()) {
                return new String(raw.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static List<String> recipients(MimeMessage message) {
        List<String> to = new ArrayList<>();
        for (String header : new String[] {"To", "Cc", "Bcc"}) {
            to.addAll(addresses(message, header));
        }
        return to;
    }

    /**
     * The header's addresses as parsed; when they cannot be parsed (8-bit text, a broken list), the header's text as
     * it came, so the page still shows who it was for.
     */
    private static List<String> addresses(MimeMessage message, String name) {
        String raw;
        try {
            raw = message.getHeader(name, ",");
        } catch (MessagingException e) {
            return List.of();
        }
        if (raw == null) {
            return List.of();
        }
        try {
            return Arrays.stream(InternetAddress.parseHeader(raw, false)).map(InternetAddress::toUnicodeString)
                    .toList();
        } catch (AddressException | RuntimeException e) {
            return List.of(raw);
        }
    }

    /** A header's addresses, lower-cased; one that does not parse (8-bit text, a broken list) as its words. */
    private static Stream<String> people(String header) {
        try {
            return Arrays.stream(InternetAddress.parseHeader(header, false))
                    .map(person -> person.getAddress().toLowerCase(Locale.ROOT));
        } catch (AddressException | RuntimeException e) {
            return Arrays.stream(header.toLowerCase(Locale.ROOT).split("[\\s,<>\"]+"));
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static Instant sentDate(MimeMessage message) {
        try {
            return message.getSentDate() == null ? null : message.getSentDate().toInstant();
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }
}
