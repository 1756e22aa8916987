package news.dispatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads and posts the pages as a browser without scripts would: keeps cookies, follows no redirects. The readers'
 * pages and the staff's pages are tested with it.
 */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String languages;

    public Browser(int port) {
        this(port, null);
    }

    /**
     * A browser whose reader reads the languages given, as its {@code Accept-Language} header says them; the other
     * constructor's sends none, and the app answers in its default language.
     */
    public Browser(int port, String languages) {
        this.base = "http://localhost:" + port;
        this.languages = languages;
    }

    /** Signs in through the staff's login form. */
    public Browser signedInAs(String username, String password) {
        Page login = get("/login");
        Page signedIn = post("/login", "username", username, "password", password, "_csrf", login.csrf());
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(302);
        assertThat(signedIn.header("Location")).doesNotContain("error");
        return this;
    }

    public Page get(String path) {
        return send(request(path).GET());
    }

    /** Follows a redirect, as a browser does after a form's POST. */
    public Page follow(Page redirect) {
        assertThat(redirect.status()).as(redirect.toString()).isBetween(301, 308);
        String location = redirect.header("Location");
        return get(location.startsWith(base) ? location.substring(base.length()) : location);
    }

    /** Posts a form; {@code fields} are name, value, name, value … and a name may repeat. */
    public Page post(String path, String... fields) {
        return send(form(path, fields));
    }

    /** Posts a form from the page it is on, which a browser names in {@code Referer}. */
    public Page postFrom(String page, String path, String... fields) {
        return send(form(path, fields).header("Referer", base + page));
    }

    private HttpRequest.Builder form(String path, String... fields) {
        String body = Stream.iterate(0, i -> i < fields.length, i -> i + 2)
                .map(i -> encode(fields[i]) + "=" + encode(fields[i + 1]))
                .collect(Collectors.joining("&"));
        return request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** Posts a form with one file, as {@code multipart/form-data} the way a browser sends it. */
    public Page upload(String path, String csrf, String field, String fileName, String content) {
        String boundary = "----DispatchTestBoundary7MA4YWxkTrZu0gW";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "text/html,*/*;q=0.8");
        return languages == null ? request : request.header("Accept-Language", languages);
    }

    private Page send(HttpRequest.Builder request) {
        try {
            return new Page(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    public record Page(HttpResponse<String> response) {

        public int status() {
            return response.statusCode();
        }

        public String body() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        /** The CSRF token of the page's forms. */
        public String csrf() {
            Matcher token = CSRF.matcher(body());
            assertThat(token.find()).as("a CSRF token in the page").isTrue();
            return token.group(1);
        }

        @Override
        public String toString() {
            return response.statusCode() + " " + response.body();
        }
    }
}
