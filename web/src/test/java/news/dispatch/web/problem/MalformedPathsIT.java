package news.dispatch.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A path whose {@code %} escapes do not decode is refused by Tomcat before the app sees it: the answer is still
 * Dispatch's (a problem detail, or a page for a browser), never Tomcat's own page, never a stack trace. Sent over a
 * raw socket, since Java's HTTP client will not send such a path at all.
 */
@DispatchTest
@ExtendWith(OutputCaptureExtension.class)
class MalformedPathsIT {

    private static final List<String> MALFORMED = List.of("/api/preferences/%ff", "/unsubscribe/%00",
            "/api/articles/%zz", "/api/articles/%", "/api/nonexistent%00");

    @LocalServerPort
    int port;

    @Test
    void aPathThatDoesNotDecodeIsA400ProblemDetail(CapturedOutput output) throws IOException {
        for (String path : MALFORMED) {
            String answer = get(path, "*/*");

            assertThat(answer).as(path).startsWith("HTTP/1.1 400 ");
            assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json")
                    .contains("\"status\":400", "\"title\":\"Bad Request\"", "The request could not be read")
                    .doesNotContain("Tomcat", "<html", "Exception");
        }
        assertThat(output.getAll()).doesNotContain(" ERROR ", "\tat ");
    }

    /** It was said to hold a broken % escape, which it did not. */
    @Test
    void anAddressLongerThanTheServerReadsIsSaidToBe() throws IOException {
        String answer = get("/articles?q=" + "a".repeat(9_000), "*/*");

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("longer than the server reads");
    }

    @Test
    void aBrowserIsShownAPageNotTomcats() throws IOException {
        String answer = get("/unsubscribe/%ff", "text/html,application/xhtml+xml,*/*;q=0.8");

        assertThat(answer).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Content-Type: text/html")
                .contains("href=\"/assets/reader.css\"").doesNotContain("Tomcat", "Exception");
    }

    @Test
    void answersThatAlreadyWereTheAppsStayTheSame() throws IOException {
        String slash = get("/api/articles/..%2Fadmin", "*/*");
        assertThat(slash).startsWith("HTTP/1.1 400 ").containsIgnoringCase("Content-Type: application/problem+json");

        String missing = get("/no-such-page", "text/html");
        assertThat(missing).startsWith("HTTP/1.1 404 ").contains("href=\"/assets/reader.css\"");
    }

    /** It said 500, "It has been logged", when nothing had failed and nothing was. */
    @Test
    void theErrorPageAskedForDirectlyIsNotFound() throws IOException {
        assertThat(get("/error", "*/*")).startsWith("HTTP/1.1 404 ").contains("There is nothing at this address.");
        assertThat(get("/error", "text/html")).startsWith("HTTP/1.1 404 ").contains("href=\"/assets/reader.css\"");
    }


    private String get(String path, String accept) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
