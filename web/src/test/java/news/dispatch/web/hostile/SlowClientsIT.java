package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Clients that send a body slowly, or stop halfway: each is cut off within about the test context's limits (a second
 * of silence, two seconds for a whole body) with a 408 or a closed connection, and as many of them as the server has
 * threads do not keep an ordinary request waiting for long.
 */
@HostileTest
class SlowClientsIT {

    /** Far beyond the limits under test, far below Tomcat's minute of patience without them. */
    private static final Duration GUARD = Duration.ofSeconds(15);
    private static final String ANOTHER_CLIENT = "127.0.0.2";
    private static final String SIGN_UP = "{\"email\": \"slow@example.com\", \"tags\": [\"Aviation\"]}";

    @LocalServerPort
    int port;

    private final ExecutorService trickling = Executors.newCachedThreadPool();
    private final List<SlowClient> clients = new ArrayList<>();

    @AfterEach
    void hangUp() throws Exception {
        trickling.shutdownNow();
        for (SlowClient client : clients) {
            client.socket.close();
        }
        // The server lets go of a request whose client hung up at its next read: the next test starts once it has.
        long giveUp = System.nanoTime() + GUARD.toNanos();
        while (getFrom("127.0.0.1", "/actuator/health").equals("429") && System.nanoTime() < giveUp) {
            Thread.sleep(100);
        }
    }

    @Test
    void aBodyThatStallsIsCutOff() throws IOException {
        SlowClient client = open("/api/subscriptions", "application/json", 200);
        client.send("{\"email\": ");

        assertThat(client.answer()).isIn("408", "closed");
    }

    @Test
    void aJsonBodyThatTricklesIsAnswered408() throws IOException {
        SlowClient client = open("/api/subscriptions", "application/json", 10_000);
        client.trickle();

        assertThat(client.answer()).isEqualTo("408");
    }

    @Test
    void aFormThatTricklesIsAnswered408WhereverItIsPosted() throws IOException {
        for (String path : List.of("/subscribe", "/login", "/no-such-page")) {
            SlowClient client = open(path, "application/x-www-form-urlencoded", 10_000);
            client.trickle();

            assertThat(client.answer()).as(path).isEqualTo("408");
        }
    }

    @Test
    void aMultipartFormThatTricklesIsAnswered408WhereverItIsPosted() throws IOException {
        for (String path : List.of("/admin/subscribers/import", "/subscribe", "/unsubscribe/some-token")) {
            SlowClient client = open(path, "multipart/form-data; boundary=slow", 10_000);
            client.trickle();

            assertThat(client.answer()).as(path).isEqualTo("408");
        }
    }

    @Test
    void slowClientsOnEveryServerThreadDoNotKeepAReaderWaiting() throws Exception {
        for (int i = 0; i < HostileTest.SERVER_THREADS; i++) {
            open("/api/subscriptions", "application/json", 10_000).trickle();
        }

        assertThat(getFrom(ANOTHER_CLIENT, "/subscribe")).isEqualTo("200");
    }

    /**
     * A client that sent 230 slow bodies held every server thread for the whole body deadline, again and again: past
     * its share of requests in flight, the next is answered 429 at once, and other clients are served meanwhile.
     */
    @Test
    void oneClientHoldsNoMoreThanItsShareOfTheServerThreads() throws Exception {
        List<SlowClient> slow = new ArrayList<>();
        for (int i = 0; i < HostileTest.SERVER_THREADS; i++) {
            SlowClient client = open("/api/subscriptions", "application/json", 10_000);
            client.trickle();
            slow.add(client);
        }

        assertThat(getFrom(ANOTHER_CLIENT, "/actuator/health")).isEqualTo("200");
        List<String> answers = new ArrayList<>();
        for (SlowClient client : slow) {
            answers.add(client.answer());
        }
        assertThat(answers).as("its share cut off at the body deadline, the rest refused at once")
                .containsOnly("408", "429").filteredOn("429"::equals)
                .hasSize(HostileTest.SERVER_THREADS - HostileTest.REQUESTS_PER_CLIENT);
    }

    @Test
    void aBodyNobodyReadsIsNotWaitedFor() throws IOException {
        SlowClient client = open("/api/articles", "application/json", 10_000);
        client.trickle();

        assertThat(client.answer()).isEqualTo("401");
        assertThat(client.hungUp()).isTrue();
    }

    @Test
    void aFormSentPromptlyIsReadAsBefore() {
        Browser staff = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);

        assertThat(staff.get("/admin").status()).isEqualTo(200);
    }

    /** The status of a GET from another client address than the slow ones' (all of 127.0.0.0/8 is this host). */
    private String getFrom(String address, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("localhost"), port, InetAddress.getByName(address), 0)) {
            SlowClient client = new SlowClient(socket);
            client.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            return client.answer();
        }
    }

    private SlowClient open(String path, String contentType, int contentLength) throws IOException {
        SlowClient client = new SlowClient(new Socket("localhost", port));
        clients.add(client);
        client.send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + contentLength + "\r\n\r\n");
        return client;
    }

    /** A raw connection: what it sends, and the status line it gets back. */
    private final class SlowClient {

        private final Socket socket;

        SlowClient(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(Math.toIntExact(GUARD.toMillis()));
        }

        void send(String text) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** A byte every fifth of a second: never silent long enough for the read timeout alone to end it. */
        void trickle() {
            trickling.submit(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        send("a");
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException cutOff) {
                    // The server hung up, or the test is over.
                }
                return null;
            });
        }

        /** Whether the server closes the connection after its answer, rather than waiting for the rest. */
        boolean hungUp() throws IOException {
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // The rest of the answer.
                }
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (SocketException reset) {
                return true;
            }
            return true;
        }

        /** The answer's status code, or "closed" when the server hung up without one. */
        String answer() throws IOException {
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            try {
                for (int next = in.read(); next >= 0 && next != '\r'; next = in.read()) {
                    line.append((char) next);
                }
            } catch (SocketException reset) {
                return "closed";
            }
            return line.isEmpty() ? "closed" : line.toString().split(" ")[1];
        }
    }
}
