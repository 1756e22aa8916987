package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private static final String SIGN_UP = "{\"email\": \"slow@example.com\", \"tags\": [\"Aviation\"]}";

    @LocalServerPort
    int port;

    private final ExecutorService trickling = Executors.newCachedThreadPool();
    private final List<SlowClient> clients = new ArrayList<>();

    @AfterEach
    void hangUp() throws IOException {
        trickling.shutdownNow();
        for (SlowClient client : clients) {
            client.socket.close();
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

        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/subscribe")).timeout(GUARD).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
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
