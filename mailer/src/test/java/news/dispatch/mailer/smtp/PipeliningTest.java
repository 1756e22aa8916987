package news.dispatch.mailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.mail.internet.InternetAddress;

import news.dispatch.mailer.dkim.DkimAlgorithm;
import news.dispatch.mailer.dkim.DkimSigner;
import news.dispatch.mailer.dkim.SigningKeys;
import news.dispatch.mailer.letter.Email;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What goes over the wire: against a server that offers PIPELINING, each message's envelope arrives in one read and a
 * message costs one round trip; against one that does not, every command waits for its reply. The server here is
 * strict as Postfix is: a transaction left open by a refused recipient must be reset before the next one.
 */
class PipeliningTest {

    private RecordingServer server;

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void aServerThatOffersPipeliningGetsEachEnvelopeInOneRead() throws Exception {
        server = new RecordingServer(true);

        List<PendingReply> replies = new ArrayList<>();
        try (SmtpConnection connection = connection()) {
            for (int i = 0; i < 5; i++) {
                replies.add(send(connection, "reader" + i + "@example.org"));
            }
            for (PendingReply reply : replies) {
                reply.settle();
            }
        }

        assertThat(server.accepted).containsExactly("reader0@example.org", "reader1@example.org",
                "reader2@example.org", "reader3@example.org", "reader4@example.org");
        for (int i = 0; i < 5; i++) {
            // After the first, with the final dot of the message before: the server answers both at once.
            String envelope = (i == 0 ? "" : ".\r\n") + "MAIL FROM:<bounces@news.example>\r\nRCPT TO:<reader" + i
                    + "@example.org>\r\nDATA\r\n";
            assertThat(server.reads).as("the envelope of message %d, in one read", i)
                    .anyMatch(read -> read.contains(envelope));
        }
        // Each message: its envelope waits for 354, its body goes; the body's reply comes back with the next
        // envelope's. Lockstep takes four turns a message: MAIL, RCPT, DATA and the body each wait for a reply.
        assertThat(server.turns).as("turns: EHLO, then two a message, then QUIT").isLessThanOrEqualTo(1 + 2 * 5 + 1);
    }

    /** Before a worker waits (the send rate, the window), the message it has on the wire gets its final dot. */
    @Test
    void aMessageEndedBeforeAWaitIsTheServersWithoutTheNextOne() throws Exception {
        server = new RecordingServer(true);

        try (SmtpConnection connection = connection()) {
            PendingReply sent = send(connection, "reader@example.org");
            connection.endData();

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.accepted.contains("reader@example.org"));
            sent.settle();
            send(connection, "next@example.org").settle();
        }

        assertThat(server.accepted).containsExactly("reader@example.org", "next@example.org");
    }

    @Test
    void aServerThatAnswers421AndHangsUpIsNamedInTheFailure() throws Exception {
        for (boolean pipelining : new boolean[] {true, false}) {
            server = new RecordingServer(pipelining);

            try (SmtpConnection connection = connection()) {
                send(connection, "first@example.org").settle();
                server.closing = true;
                assertThatThrownBy(() -> send(connection, "second@example.org"))
                        .isInstanceOfSatisfying(SmtpFailure.class, failure -> {
                            assertThat(failure).hasMessageContaining("421 4.3.0 recording shutting down");
                            assertThat(failure.permanent()).isFalse();
                            assertThat(failure.unanswered()).as("the server out of reach for now").isTrue();
                        });
            }
            server.close();
        }
    }

    @Test
    void aServerWithoutPipeliningGetsOneCommandAtATime() throws Exception {
        server = new RecordingServer(false);

        try (SmtpConnection connection = connection()) {
            send(connection, "reader@example.org").settle();
            send(connection, "other@example.org").settle();
        }

        assertThat(server.accepted).containsExactly("reader@example.org", "other@example.org");
        assertThat(server.reads).noneMatch(read -> read.contains("MAIL FROM") && read.contains("RCPT TO"));
        assertThat(server.turns).isGreaterThanOrEqualTo(1 + 4 * 2);
    }

    @Test
    void aRefusedRecipientFailsItsMessageAndTheNextOneStillGoes() throws Exception {
        for (boolean pipelining : new boolean[] {true, false}) {
            server = new RecordingServer(pipelining);

            try (SmtpConnection connection = connection()) {
                PendingReply first = send(connection, "first@example.org");
                assertThatThrownBy(() -> send(connection, "nobody@example.org"))
                        .isInstanceOfSatisfying(SmtpFailure.class, failure -> {
                            assertThat(failure.permanent()).isTrue();
                            assertThat(failure.unanswered()).isFalse();
                            assertThat(failure).hasMessageContaining("550 5.1.1 no such user");
                        });
                first.settle();
                send(connection, "next@example.org").settle();
            }

            assertThat(server.accepted).as("pipelining: %s", pipelining)
                    .containsExactly("first@example.org", "next@example.org");
            server.close();
        }
    }

    @Test
    void aMessageRefusedAfterItsDataFailsAloneWhileTheNextOneIsOnTheWire() throws Exception {
        server = new RecordingServer(true);

        try (SmtpConnection connection = connection()) {
            PendingReply refused = send(connection, "spam@example.org");
            PendingReply next = send(connection, "reader@example.org");
            assertThatThrownBy(refused::settle).isInstanceOfSatisfying(SmtpFailure.class,
                    failure -> assertThat(failure.permanent()).isTrue());
            next.settle();
        }

        assertThat(server.accepted).containsExactly("reader@example.org");
    }

    @Test
    void aConnectionLostBeforeTheReplyLeavesBothMessagesInFlightUnanswered() throws Exception {
        server = new RecordingServer(true);

        try (SmtpConnection connection = connection()) {
            PendingReply lost = send(connection, "crash@example.org");
            assertThatThrownBy(() -> send(connection, "reader@example.org"))
                    .isInstanceOfSatisfying(SmtpFailure.class, failure -> assertThat(failure.unanswered()).isTrue());
            assertThatThrownBy(lost::settle)
                    .isInstanceOfSatisfying(SmtpFailure.class, failure -> {
                        assertThat(failure.unanswered()).isTrue();
                        assertThat(failure.permanent()).isFalse();
                    });

            send(connection, "again@example.org").settle();
        }

        assertThat(server.accepted).containsExactly("again@example.org");
    }

    @Test
    void starttlsRequiredOfAServerThatDoesNotOfferItSendsNothing() throws Exception {
        server = new RecordingServer(true);
        MailRoute route = new MailRoute("127.0.0.1", server.port(), null, null,
                Map.of("mail.smtp.starttls.required", "true"), false);

        try (SmtpConnection connection = new SmtpConnection(route, new InternetAddress("news@news.example"))) {
            assertThatThrownBy(() -> connection.send(email("reader@example.org"), "<dispatch.1.1@news.example>",
                    "bounces@news.example", new Date()))
                    .isInstanceOfSatisfying(SmtpFailure.class, failure -> {
                        assertThat(failure.unanswered()).isTrue();
                        assertThat(failure).hasMessageContaining("STARTTLS");
                    });
        }

        assertThat(server.reads).noneMatch(read -> read.contains("MAIL FROM"));
    }

    @Test
    void aServerThatOffers8bitMimeGetsUnsignedMailAsItsUtf8() throws Exception {
        server = new RecordingServer(true, true);

        try (SmtpConnection connection = connection()) {
            send(connection, "reader@example.org").settle();
        }

        assertThat(server.accepted).containsExactly("reader@example.org");
        assertThat(server.reads).anyMatch(read -> read.contains(
                "MAIL FROM:<bounces@news.example> BODY=8BITMIME\r\n"));
        assertThat(server.received()).contains("Content-Transfer-Encoding: 8bit\r\n\r\n"
                + "Your digest — Київ\r\n..with a dot\r\n").doesNotContain("quoted-printable");
    }

    /** A relay that passes signed 8bit mail to a server without 8BITMIME must convert it, breaking the signature. */
    @Test
    void signedMailStaysSevenBitWhereTheServerTakes8bit() throws Exception {
        server = new RecordingServer(true, true);
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SigningKeys keys = new SigningKeys("news.example",
                List.of(new SigningKeys.Key("ed", DkimAlgorithm.ED25519_SHA256, ed.getPrivate())));

        try (SmtpConnection connection = new SmtpConnection(route(), new InternetAddress("news@news.example"),
                new DkimSigner(() -> keys, true))) {
            send(connection, "reader@example.org").settle();
        }

        assertThat(server.accepted).containsExactly("reader@example.org");
        assertThat(server.reads).noneMatch(read -> read.contains("BODY=8BITMIME"));
        assertThat(server.received()).contains("DKIM-Signature:", "quoted-printable")
                .doesNotContain("8bit", "Київ");
    }

    private SmtpConnection connection() throws Exception {
        return new SmtpConnection(route(), new InternetAddress("news@news.example"));
    }

    private MailRoute route() {
        return new MailRoute("127.0.0.1", server.port(), null, null, Map.of(), false);
    }

    private static PendingReply send(SmtpConnection connection, String to) throws SmtpFailure {
        return connection.send(email(to), "<dispatch." + to.hashCode() + ".1@news.example>", "bounces@news.example",
                new Date());
    }

    private static Email email(String to) {
        return new Email(to, "Today", "Your digest — Київ\n.with a dot\n", "<p>Your digest</p>", Map.of());
    }

    /**
     * One connection at a time; keeps every read off the socket as it came, and counts turns: how often it answered
     * and then had to wait for the client again. {@code spam@} is refused after its data, {@code nobody@} at RCPT,
     * and at {@code crash@}'s end of data the server hangs up.
     */
    private static final class RecordingServer implements AutoCloseable {

        final List<String> reads = new CopyOnWriteArrayList<>();
        final List<String> accepted = new CopyOnWriteArrayList<>();
        volatile int turns;
        /** Answers the next envelope with 421 and hangs up, as a server that is stopping does. */
        volatile boolean closing;
        private volatile boolean answered;
        private final boolean pipelining;
        private final boolean eightBit;
        private final ServerSocket socket;

        RecordingServer(boolean pipelining) throws IOException {
            this(pipelining, false);
        }

        RecordingServer(boolean pipelining, boolean eightBit) throws IOException {
            this.pipelining = pipelining;
            this.eightBit = eightBit;
            this.socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            Thread thread = new Thread(this::serve, "recording-smtp");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Everything read off the socket, as UTF-8. */
        String received() {
            return new String(String.join("", reads).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    converse(client);
                } catch (IOException e) {
                    // The client went away, or the server is closed.
                }
            }
        }

        private void converse(Socket client) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(new Recorded(client.getInputStream()),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = client.getOutputStream();
            reply(out, "220 recording ESMTP");
            String recipient = null;
            boolean transaction = false;
            for (String line; (line = in.readLine()) != null; ) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                switch (command) {
                    case "EHLO" -> reply(out, "250-recording" + (eightBit ? "\r\n250-8BITMIME" : "")
                            + (pipelining ? "\r\n250 PIPELINING" : "\r\n250 HELP"));
                    case "MAIL" -> {
                        if (closing) {
                            reply(out, "421 4.3.0 recording shutting down");
                            return;
                        }
                        if (transaction) {
                            reply(out, "503 5.5.1 Error: nested MAIL command");
                        } else {
                            transaction = true;
                            recipient = null;
                            reply(out, "250 2.1.0 Ok");
                        }
                    }
                    case "RCPT" -> {
                        String to = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        if (to.startsWith("nobody")) {
                            reply(out, "550 5.1.1 no such user");
                        } else {
                            recipient = to;
                            reply(out, "250 2.1.5 Ok");
                        }
                    }
                    case "DATA" -> {
                        if (recipient == null) {
                            reply(out, "554 5.5.1 Error: no valid recipients");
                            continue;
                        }
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder data = new StringBuilder();
                        for (String body; (body = in.readLine()) != null && !body.equals("."); ) {
                            data.append(body).append('\n');
                        }
                        transaction = false;
                        String dotted = eightBit && data.toString().contains("8bit") ? "\n..with a dot\n"
                                : "\n=2Ewith a dot\n";
                        if (!data.toString().contains(dotted) || data.toString().contains("\n.w")) {
                            reply(out, "554 5.6.0 a line of the message begins with a dot");
                        } else if (recipient.startsWith("crash")) {
                            return;
                        } else if (recipient.startsWith("spam")) {
                            reply(out, "554 5.7.1 refused as spam");
                        } else {
                            accepted.add(recipient);
                            reply(out, "250 2.0.0 Ok: queued");
                        }
                    }
                    case "RSET" -> {
                        transaction = false;
                        reply(out, "250 2.0.0 Ok");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 Error: command not recognized");
                }
            }
        }

        /** Answers at once; a read that finds nothing buffered after an answer is the client's next turn. */
        private void reply(OutputStream out, String reply) throws IOException {
            out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            answered = true;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        /** Keeps each read off the socket as it came. */
        private final class Recorded extends InputStream {

            private final InputStream socket;

            Recorded(InputStream socket) {
                this.socket = socket;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = socket.read(buffer, offset, length);
                if (read > 0) {
                    reads.add(new String(buffer, offset, read, StandardCharsets.ISO_8859_1));
                    if (answered) {
                        turns++;
                        answered = false;
                    }
                }
                return read;
            }
        }
    }
}
