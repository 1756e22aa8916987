package news.dispatch.mailer.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import news.dispatch.core.subscriber.ReadersForgotten;
import news.dispatch.mailer.smtp.MailRoute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * An SMTP server inside the app (GreenMail on 127.0.0.1) that captures every email, so the default run shows the
 * whole flow without sending anything out. Mail is kept in memory until the app stops, or until its reader is
 * erased or deleted. Recipients' addresses are never logged.
 */
public class SandboxSmtp implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SandboxSmtp.class);

    private GreenMail server;
    private volatile boolean running;

    SandboxSmtp(SandboxSettings settings) {
        ServerSetup setup = new ServerSetup(settings.port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        this.server = server(settings.port() == 0 ? setup.dynamicPort() : setup);
    }

    private static GreenMail server(ServerSetup setup) {
        return new GreenMail(setup).withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
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
            // GreenMail's own handler logs every new recipient's address at INFO.
            users.setMessageDeliveryHandler((message, to) -> {
                GreenMailUser known = users.getUserByEmail(to.getEmail());
                return known != null ? known : users.createUser(to.getEmail(), to.getEmail(), to.getEmail());
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
            server.stop();
            server = server(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            running = false;
        }
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

    /** The mail caught for readers who are gone goes with them, once their deletion commits. */
    @TransactionalEventListener(fallbackExecution = true)
    void forget(ReadersForgotten readers) {
        UserManager users = server.getUserManager();
        for (String address : readers.addresses()) {
            users.findUsers(user -> address.equalsIgnoreCase(user.getEmail())).toList().forEach(users::deleteUser);
        }
    }

    /** Newest first. */
    public List<CapturedEmail> messages() {
        MimeMessage[] received = server.getReceivedMessages();
        List<CapturedEmail> messages = new ArrayList<>(received.length);
        for (int i = received.length - 1; i >= 0; i--) {
            messages.add(captured(i + 1, received[i]));
        }
        return messages;
    }

    public Optional<CapturedEmail> message(int id) {
        MimeMessage[] received = server.getReceivedMessages();
        return id < 1 || id > received.length ? Optional.empty() : Optional.of(captured(id, received[id - 1]));
    }

    private static CapturedEmail captured(int id, MimeMessage message) {
        try {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (Header header : Collections.list(message.getAllHeaders())) {
                headers.add(Map.entry(header.getName(), header.getValue()));
            }
            String[] parts = new String[2];
            collect(message, parts);
            return new CapturedEmail(id, addresses(message.getFrom()).stream().findFirst().orElse(null),
                    addresses(message.getAllRecipients()), message.getSubject(),
                    message.getSentDate() == null ? null : message.getSentDate().toInstant(), parts[0], parts[1],
                    headers);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("a captured message could not be read", e);
        }
    }

    private static void collect(Part part, String[] parts) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && parts[0] == null) {
            parts[0] = (String) part.getContent();
        } else if (part.isMimeType("text/html") && parts[1] == null) {
            parts[1] = (String) part.getContent();
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                collect(body, parts);
            }
        }
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }
}
