package news.dispatch.mailer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.nio.charset.StandardCharsets;


import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;

import news.dispatch.core.subscriber.ReadersForgotten;
import news.dispatch.mailer.bounce.Reading;
import news.dispatch.mailer.bounce.ReturnedMail;
import news.dispatch.mailer.bounce.Verdict;
import news.dispatch.mailer.sender.SenderIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox catches whatever reaches it, and the admin pages must show every email it caught: anyone can have
 * Dispatch mail an address they typed, so nothing in a captured email may stop the mailbox from being read.
 */
class SandboxSmtpTest {

    SandboxSmtp sandbox;

    @BeforeEach
    void start() {
        sandbox = sandbox(1000);
    }

    private static SandboxSmtp sandbox(int keep) {
        SandboxSmtp sandbox = new SandboxSmtp(new SandboxSettings(0, keep),
                new SenderIdentity("Dispatch <news@localhost>", "", true));
        sandbox.start();
        return sandbox;
    }

    @AfterEach
    void stop() {
        sandbox.stop();
    }

    @Test
    void readsAnEmailWithAnEightBitAddressAnUnknownCharsetAndABrokenDate() throws IOException {
        send("leser@xn--bcher-kva.example", """
                From: Dispatch <news@localhost>
                To: leser@bücher.example, "unclosed <broken@
                Subject: =?x-unknown?Q?Hallo?=
                Date: yesterday-ish
                MIME-Version: 1.0
                Content-Type: text/plain; charset=x-unknown-charset

                Grüße
                """);
        send("reader@example.com", """
                From: Dispatch <news@localhost>
                To: reader@example.com
                Subject: A multipart that is not one
                MIME-Version: 1.0
                Content-Type: multipart/alternative

                no boundary at all
                """);

        assertThat(sandbox.messages()).hasSize(2);
        CapturedEmail odd = sandbox.message(1).orElseThrow();
        assertThat(odd.to()).anySatisfy(to -> assertThat(to).contains("leser@b"));
        assertThat(odd.text()).contains("Gr");
        assertThat(odd.date()).isNull();
        assertThat(odd.headers()).extracting(header -> header.getKey()).contains("To", "Subject");
        CapturedEmail broken = sandbox.message(2).orElseThrow();
        assertThat(broken.to()).containsExactly("reader@example.com");
        assertThat(broken.subject()).isEqualTo("A multipart that is not one");
    }

    @Test
    void playsTheMailSystemBouncingAndComplainingToTheReturnPathAndTakingItsMail() throws Exception {
        String returnPath = "news+d7.1764417600000@localhost";
        String original = """
                From: Dispatch <news@localhost>
                To: %s
                Subject: Your daily news
                Message-ID: <dispatch.7.1764417600000@localhost>

                The stories.
                """;
        send(returnPath, "hard-bounce@sandbox.invalid", original.formatted("hard-bounce@sandbox.invalid"));
        send(returnPath, "soft-bounce@sandbox.invalid", original.formatted("soft-bounce@sandbox.invalid"));
        send(returnPath, "complaint@sandbox.invalid", original.formatted("complaint@sandbox.invalid"));
        send("reader@example.com", "news@localhost", """
                From: reader@example.com
                To: news@localhost
                Subject: unsubscribe Qk3vX9_rT2mLp8Zy4NcW1aHs6Ue0JdFo7BgIiKjR5tE

                """);

        List<Reading> returned = bouncesMailbox();

        assertThat(returned).extracting(Reading::verdict).containsExactlyInAnyOrder(Verdict.HARD_BOUNCE,
                Verdict.SOFT_BOUNCE, Verdict.COMPLAINT, Verdict.UNSUBSCRIBE);
        assertThat(returned).filteredOn(reading -> reading.verdict() != Verdict.UNSUBSCRIBE)
                .allSatisfy(reading -> {
                    assertThat(reading.addressedTo()).contains(returnPath);
                    assertThat(reading.messageIds()).contains("<dispatch.7.1764417600000@localhost>");
                });
        assertThat(sandbox.messages()).extracting(CapturedEmail::subject).contains("Your daily news");
    }

    private List<Reading> bouncesMailbox() throws Exception {
        URI url = URI.create(sandbox.bouncesMailbox());
        String[] login = url.getUserInfo().split(":", 2);
        List<Reading> readings = new ArrayList<>();
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect(url.getHost(), url.getPort(), login[0], login[1]);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message message : inbox.getMessages()) {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                message.writeTo(raw);
                readings.add(ReturnedMail.read(raw.toByteArray()));
            }
        }
        return readings;
    }

    @Test
    void keepsTheNewestEmailsAndLetsTheOldestGo() throws IOException {
        sandbox.stop();
        sandbox = sandbox(10);

        for (int i = 1; i <= 25; i++) {
            send("reader" + i + "@example.com", """
                    From: Dispatch <news@localhost>
                    To: reader%d@example.com
                    Subject: Digest %d

                    Stories.
                    """.formatted(i, i));
        }

        List<CapturedEmail> kept = sandbox.messages();
        assertThat(kept).hasSizeBetween(9, 10);
        assertThat(kept.get(0).subject()).isEqualTo("Digest 25");
        assertThat(kept).extracting(CapturedEmail::subject).doesNotContain("Digest 1", "Digest 15");
        assertThat(sandbox.message(1)).isEmpty();
        assertThat(sandbox.message(25)).isPresent();
    }

    @Test
    void theMailOfReadersWhoAreGoneGoesWithThem() throws IOException {
        for (String reader : List.of("stays@example.com", "Leaves@Example.com", "stays@example.com")) {
            send(reader, """
                    From: Dispatch <news@localhost>
                    To: %s
                    Subject: Digest

                    Stories.
                    """.formatted(reader));
        }

        sandbox.forget(new ReadersForgotten(List.of("leaves@example.com")));

        assertThat(sandbox.messages()).hasSize(2).allSatisfy(email -> assertThat(email.to())
                .containsExactly("stays@example.com"));
    }

    @Test
    void forgetsAReaderWhileMailArrives() throws Exception {
        assertThat(forgettingWhileMailArrives()).hasSize(150).allSatisfy(email -> assertThat(email.to())
                .containsExactly("stays@example.com"));
    }

    /** The oldest mail let go as new mail comes, while a reader is forgotten: found on the jar by a kill test. */
    @Test
    void forgetsAReaderWhileMailArrivesAndTheOldestGoes() throws Exception {
        sandbox.stop();
        sandbox = sandbox(20);

        assertThat(forgettingWhileMailArrives()).hasSizeBetween(18, 20).allSatisfy(email -> assertThat(email.to())
                .containsExactly("stays@example.com"));
    }

    private List<CapturedEmail> forgettingWhileMailArrives() throws Exception {
        send("leaves@example.com", "From: news@localhost\nTo: leaves@example.com\nSubject: Gone soon\n\nHi.\n");
        CompletableFuture<Void> arriving = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 150; i++) {
                try {
                    send("stays@example.com", "From: news@localhost\nTo: stays@example.com\nSubject: " + i
                            + "\n\nHi.\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });

        while (!arriving.isDone()) {
            sandbox.forget(new ReadersForgotten(List.of("leaves@example.com")));
        }
        arriving.join();
        return sandbox.messages();
    }

    private void send(String recipient, String message) throws IOException {
        send("news@localhost", recipient, message);
    }

    /** One message through a plain SMTP dialogue, its bytes as given (UTF-8), so nothing cleans them up on the way. */
    private void send(String envelopeSender, String recipient, String message) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", sandbox.port());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                     StandardCharsets.UTF_8))) {
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            for (String[] step : new String[][] {{"HELO test", "250"}, {"MAIL FROM:<" + envelopeSender + ">", "250"},
                    {"RCPT TO:<" + recipient + ">", "250"}, {"DATA", "354"}}) {
                out.write((step[0] + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                expect(in, step[1]);
            }
            out.write((message.replace("\n", "\r\n") + ".\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            expect(in, "250");
            out.write("QUIT\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            assertThat(line).as("the SMTP server's answer").isNotNull().startsWith(code);
        } while (line.charAt(3) == '-');
    }
}
