package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Headers real browsers send, some of them odd: however many languages a browser asks for, whatever its q-values,
 * every page answers as it would without them, and nothing reaches the log as an error.
 */
@HostileTest
@ExtendWith(OutputCaptureExtension.class)
class BrowserHeadersIT {

    /** Chrome with every language a multilingual reader has added in the settings. */
    private static final String TWELVE_LANGUAGES = "en-US,en;q=0.9,uk;q=0.8,de;q=0.7,fr;q=0.6,es;q=0.5,it;q=0.4,"
            + "nl;q=0.3,pl;q=0.2,pt;q=0.1,sv;q=0.05,ja;q=0.01";

    /** The page, and what it answers a stranger. */
    private static final List<Map.Entry<String, Integer>> PAGES = List.of(
            Map.entry("/subscribe", 200),
            Map.entry("/login", 200),
            Map.entry("/articles", 200),
            Map.entry("/confirm/not-a-token", 404),
            Map.entry("/admin", 302),
            Map.entry("/api/articles", 401),
            Map.entry("/actuator/health", 200));

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @TestFactory
    Stream<DynamicTest> everyPageAnswersWhateverHeadersABrowserSends(CapturedOutput output) {
        List<Map.Entry<String, List<String>>> headers = List.of(
                Map.entry("twelve languages", List.of("Accept-Language", TWELVE_LANGUAGES)),
                Map.entry("two hundred languages", List.of("Accept-Language", IntStream.range(0, 200)
                        .mapToObj(i -> "x" + Integer.toString(i, 36) + ";q=0." + (i % 10))
                        .collect(Collectors.joining(",")))),
                Map.entry("odd q-values", List.of("Accept-Language", "en;q=2, fr;q=-1, de;q=abc, *;q=0.0001")),
                Map.entry("a malformed language list", List.of("Accept-Language", ",,;q=;=, en-US-x-private-"
                        + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,*;;;, 12345")),
                Map.entry("a long Accept", List.of("Accept", IntStream.range(0, 45)
                        .mapToObj(i -> "application/vnd.dispatch-" + i + "+json;version=" + "9".repeat(20) + ";q=0.5")
                        .collect(Collectors.joining(",", "text/html,", ",*/*;q=0.1")))),
                Map.entry("Internet Explorer's Accept", List.of("Accept", "image/gif, image/jpeg, image/pjpeg, "
                        + "application/x-ms-application, application/xaml+xml, application/x-ms-xbap, */*")),
                Map.entry("an odd Accept-Encoding", List.of("Accept-Encoding",
                        "gzip;q=0, br;q=1.5, zstd, identity;q=x, *")),
                Map.entry("big cookies within the header limit", List.of("Cookie", IntStream.range(0, 4)
                        .mapToObj(i -> "_analytics" + i + "=" + "v".repeat(1200))
                        .collect(Collectors.joining("; ")))),
                Map.entry("a malformed cookie", List.of("Cookie", "=; ;;a; JSESSIONID=; b=\"unterminated")));
        return headers.stream().flatMap(header -> PAGES.stream().map(page ->
                DynamicTest.dynamicTest(header.getKey() + " on " + page.getKey(), () -> {
                    HttpResponse<String> answer = get(page.getKey(), header.getValue());
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(page.getValue());
                    assertThat(output.getAll()).doesNotContain(" ERROR ", "\tat ");
                })));
    }

    /** Beyond what browsers send: refused with a 4xx where the answer's type matters, never a 500. */
    @TestFactory
    Stream<DynamicTest> aMalformedAcceptIsNeverAnError(CapturedOutput output) {
        List<String> accepts = List.of("text/html;level=1;q=abc, */*;q=2, ;;, text/",
                IntStream.range(0, 500).mapToObj(i -> "a/b" + i).collect(Collectors.joining(",")));
        return accepts.stream().flatMap(accept -> PAGES.stream().map(page ->
                DynamicTest.dynamicTest(accept.substring(0, 20) + " on " + page.getKey(), () -> {
                    HttpResponse<String> answer = get(page.getKey(), List.of("Accept", accept));
                    assertThat(answer.statusCode()).as(answer.body()).isLessThan(500);
                    assertThat(output.getAll()).doesNotContain(" ERROR ", "\tat ");
                })));
    }

    private HttpResponse<String> get(String path, List<String> header) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header(header.get(0), header.get(1)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
