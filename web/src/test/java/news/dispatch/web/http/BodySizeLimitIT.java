package news.dispatch.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@DispatchTest
class BodySizeLimitIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    private static byte[] hugeArticle() {
        return ("{\"title\": \"Huge\", \"tags\": [\"a\"], \"body\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.BodyPublishers.ofByteArray(hugeArticle()));

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).get().asString()
                .startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"status\":413");
    }

    @Test
    void aChunkedBodyIsCountedAsItArrives() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(hugeArticle())));

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(jdbc.sql("select count(*) from article where title = 'Huge'").query(Long.class).single())
                .isZero();
    }

    @Test
    void aClientSendingTheWholeOversizedBodyStillReadsThe413() throws Exception {
        // The answer comes before the body is read; were the connection closed on the unread rest of it, the client's
        // side would be reset and the 413 lost in flight.
        for (int attempt = 0; attempt < 20; attempt++) {
            assertThat(rawPost(hugeArticle(), false)).as("attempt %d", attempt).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aClientThatWaitsForContinueIsRefusedBeforeSendingTheBody() throws Exception {
        assertThat(rawPost(hugeArticle(), true)).startsWith("HTTP/1.1 413");
    }

    /** Posts the headers, then the body unless it expects to be told to go on, and gives the answer's status line. */
    private String rawPost(byte[] body, boolean expectContinue) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/articles HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Basic " + Base64.getEncoder().encodeToString(
                            (DispatchTest.ADMIN + ":" + DispatchTest.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8))
                    + "\r\nContent-Length: " + body.length + "\r\n"
                    + (expectContinue ? "Expect: 100-continue\r\n" : "") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (!expectContinue) {
                out.write(body);
            }
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/articles"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (DispatchTest.ADMIN + ":" + DispatchTest.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(body)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
