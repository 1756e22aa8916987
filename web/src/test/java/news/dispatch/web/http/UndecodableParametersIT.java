package news.dispatch.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A query or a posted form whose fields do not decode (bytes that are not UTF-8, a broken {@code %} escape) is the
 * client's mistake: a 400 that says so, a problem detail or a page, and nothing in the log as an error.
 */
@DispatchTest
@ExtendWith(OutputCaptureExtension.class)
class UndecodableParametersIT {

    @LocalServerPort
    int port;

    @Test
    void anApiQueryThatIsNotUtf8IsA400ProblemDetail(CapturedOutput output) {
        ApiClient anonymous = ApiClient.anonymous(port);
        ApiClient admin = anonymous.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        List<Answer> answers = List.of(anonymous.get("/api/tags?q=%ff"), anonymous.get("/api/tags?q=%C3"),
                anonymous.get("/api/tags?page=%ff"), anonymous.get("/api/tags?q=ok&other=%ff"),
                admin.get("/api/articles?tag=%ff"),
                admin.get("/api/admin/subscribers?q=%ff"));

        for (Answer answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.json().path("status").asInt()).isEqualTo(400);
            assertThat(answer.json().path("title").asString()).isEqualTo("Bad Request");
            assertThat(answer.json().path("detail").asString()).contains("UTF-8");
        }
        assertThat(output.getAll()).doesNotContain(" ERROR ", "\tat ");
    }

    @Test
    void aPageQueryThatIsNotUtf8IsA400PageForBrowsers(CapturedOutput output) {
        for (String path : List.of("/articles?tag=%ff", "/preferences/some-token?saved=%ff")) {
            Browser.Page page = new Browser(port).get(path);

            assertThat(page.status()).as(path).isEqualTo(400);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("href=\"/assets/reader.css\"").doesNotContain("Whitelabel");
        }
        Answer script = ApiClient.anonymous(port).get("/articles?tag=%ff");
        assertThat(script.status()).isEqualTo(400);
        assertThat(script.json().path("detail").asString()).contains("UTF-8");
        assertThat(output.getAll()).doesNotContain(" ERROR ", "\tat ");
    }

    @Test
    void aPostedFormThatIsNotUtf8IsA400(CapturedOutput output) {
        ApiClient anonymous = ApiClient.anonymous(port);
        String form = "application/x-www-form-urlencoded";
        List<Answer> answers = List.of(anonymous.send("POST", "/subscribe", form, "email=%ff&_csrf=x"),
                anonymous.send("POST", "/subscribe", form, new byte[] {'e', '=', (byte) 0xff}),
                anonymous.send("POST", "/subscribe?from=%ff", form, "email=a%40example.com"),
                anonymous.send("POST", "/unsubscribe/some-token", form, "List-Unsubscribe=One-Click&x=%C3"));

        for (Answer answer : answers) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.json().path("detail").asString()).contains("UTF-8");
        }
        assertThat(output.getAll()).doesNotContain(" ERROR ", "\tat ");
    }

    @Test
    void wellEncodedQueriesAndFormsAreUntouched() {
        ApiClient anonymous = ApiClient.anonymous(port);

        assertThat(anonymous.get("/api/tags?q=%C3%BC").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/tags?q=a+b&page=0").status()).isEqualTo(200);
        assertThat(new Browser(port).get("/articles?tag=m%C3%BCnchen").status()).isEqualTo(200);
    }
}
