package news.dispatch.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.sun.net.httpserver.HttpServer;

import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.WholeApp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Cross-site request forgery in a real browser. Chromium holds an admin's password for the app, as a browser does
 * once someone has opened an {@code /api/} link in it and typed the password into its prompt; then it visits a page
 * on another site ({@code http://127.0.0.1:<other port>} while the app is {@code http://localhost:<port>}) that
 * submits forms and fires a {@code no-cors} fetch at the API, the ways a page may send a request without asking the
 * target first. No reader is imported and no alert is sent. The newsroom's own site (another port, listed in
 * {@code dispatch.readers.sign-up-origins}) may sign readers up, by a form and by a script; the other site may not.
 *
 * <p>The app no longer asks browsers for a password at all, so the test stands in for whatever taught this browser
 * one (an older version, say): {@link Rig} answers {@code /api/basic-challenge} with the challenge the app used to
 * send, for the realm and path the API lives under.
 */
@WholeApp
@TestPropertySource(properties = {"test.context-name=cross-site-test", "dispatch.login.failures-per-client=1000"})
@Import(CrossSiteBrowserIT.Rig.class)
@ResetsDatabase({"delivery", "subscriber"})
class CrossSiteBrowserIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    /** The pages both sites serve, by path; each site is its own origin. */
    static final Map<String, String> PAGES = new ConcurrentHashMap<>();
    static HttpServer otherSite;
    static HttpServer newsroomSite;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SandboxSmtp sandbox;

    WebDriver browser;
    ApiClient admin;

    /** Started before the app, which is told the newsroom's site. */
    @DynamicPropertySource
    static void startSites(DynamicPropertyRegistry settings) throws IOException {
        otherSite = site();
        newsroomSite = site();
        settings.add("dispatch.readers.sign-up-origins", () -> "https://news.example, " + newsroomSite("/"));
    }

    private static HttpServer site() throws IOException {
        HttpServer site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            String page = PAGES.get(exchange.getRequestURI().getPath());
            byte[] html = (page == null ? "" : page).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(page == null ? 404 : 200, html.length == 0 ? -1 : html.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(html);
            }
        });
        site.start();
        return site;
    }

    @AfterAll
    static void stopSites() {
        otherSite.stop(0);
        newsroomSite.stop(0);
    }

    @BeforeEach
    void setUp() {
        browser = chromium.driver();
        admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    @Test
    void aPageOnAnotherSiteCannotMakeTheApiActWithTheBrowsersSavedPassword() {
        browser.get("http://" + DispatchTest.ADMIN + ":" + DispatchTest.ADMIN_PASSWORD + "@localhost:" + port
                + "/api/basic-challenge");
        assertThat(bodyText()).isEqualTo("The browser holds a password for this site now.");
        browser.get(app("/api/admin/stats"));
        assertThat(bodyText()).as("the saved password opens the API without being typed again")
                .contains("\"articles\":");

        long byTextForm = article("Text form");
        long byUrlEncodedForm = article("URL-encoded form");
        long byMultipartForm = article("Multipart form");
        long byFetch = article("Fetch");
        String importActive = app("/api/admin/subscribers/import?status=ACTIVE");

        // A text/plain form writes name=value: a name that holds lines of CSV (or the start of some JSON) and a value
        // that ends them make a body the API could take for its own.
        attack("/import-as-text", form(importActive, "text/plain",
                "email,tags,frequency\\nby.text.form@example.com,aviation,DAILY\\nignored,", "aviation"));
        attack("/import-as-form", form(importActive, "application/x-www-form-urlencoded",
                "email,tags,frequency\\nby.url.encoded.form@example.com,aviation,DAILY\\nignored,", "aviation"));
        attack("/import-as-multipart", form(importActive, "multipart/form-data",
                "email,tags,frequency\\nby.multipart.form@example.com,aviation,DAILY\\nignored,", "aviation"));
        attack("/alert-as-text", form(app("/api/articles/" + byTextForm + "/alert"), "text/plain",
                "{\"frequency\": \"DAILY\", \"ignored\": \"", "\"}"));
        attack("/alert-as-form", form(app("/api/articles/" + byUrlEncodedForm + "/alert"),
                "application/x-www-form-urlencoded", "go", "1"));
        attack("/alert-as-multipart", form(app("/api/articles/" + byMultipartForm + "/alert"),
                "multipart/form-data", "go", "1"));
        PAGES.put("/fetch", page("""
                Promise.allSettled([
                  fetch("%s", {mode: "no-cors", credentials: "include", method: "POST"}),
                  fetch("%s", {mode: "no-cors", credentials: "include", method: "POST",
                               body: "email,tags,frequency\\nby.fetch@example.com,aviation,DAILY\\n"})
                ]).then(function () { document.title = "sent"; });
                """.formatted(app("/api/articles/" + byFetch + "/alert"), importActive)));
        browser.get(otherSite("/fetch"));
        chromium.waitFor().until(ExpectedConditions.titleIs("sent"));

        assertSoftly(softly -> {
            softly.assertThat(jdbc.sql("select email from subscriber").query(String.class).list())
                    .as("readers imported by the other site").isEmpty();
            softly.assertThat(jdbc.sql("select article_id from alert").query(Long.class).list())
                    .as("articles the other site sent alerts for (of %s)",
                            List.of(byTextForm, byUrlEncodedForm, byMultipartForm, byFetch)).isEmpty();
        });
        assertThat(admin.get("/api/admin/stats").json().get("articles").asLong())
                .as("the API itself still answers the admin").isEqualTo(4);
    }

    @Test
    void theApiNeverAsksTheBrowserForAPasswordSoItHasNoneToSave() {
        // Another host name for the app than the other test's, so that no password saved there is at hand here.
        String app = "http://127.0.0.1:" + port + "/api/admin/stats";

        browser.get("http://" + DispatchTest.ADMIN + ":" + DispatchTest.ADMIN_PASSWORD + "@127.0.0.1:" + port
                + "/api/admin/stats");
        assertThat(bodyText()).as("the password in the link is not used: nothing asked for it")
                .contains("\"status\":401").doesNotContain("\"articles\":");
        browser.get(app);

        assertThat(bodyText()).contains("\"status\":401");
    }

    @Test
    void theNewsroomsOwnSiteSignsReadersUpByFormAndByScriptAndNoOtherSiteDoes() {
        PAGES.put("/newsletter", """
                <!DOCTYPE html><html><head><title>Aviation news</title></head><body>
                <form method="post" action="%s">
                  <label>Your email <input id="email" name="email" type="email"></label>
                  <input type="hidden" name="tags" value="Aviation">
                  <input type="hidden" name="alerts" value="on">
                  <button>Get the aviation digest</button>
                </form></body></html>
                """.formatted(app("/subscribe")));
        browser.get(newsroomSite("/newsletter"));
        browser.findElement(By.id("email")).sendKeys("by.form@example.com");
        browser.findElement(By.tagName("button")).click();
        chromium.waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), "Check your inbox"));
        assertThat(bodyText()).contains("We sent an email to by.form@example.com.");
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.messages().stream()
                .anyMatch(email -> email.to().contains("by.form@example.com") && email.text().contains("/confirm/")));

        PAGES.put("/newsletter.js", page("""
                fetch("%s").then(function (tags) {
                  return fetch("%s", {method: "POST", headers: {"Content-Type": "application/json"},
                                      body: JSON.stringify({email: "by.script@example.com", tags: ["aviation"]})})
                    .then(function (answer) { return answer.json(); })
                    .then(function (body) { document.title = tags.status + " " + body.status; });
                }).catch(function () { document.title = "refused"; });
                """.formatted(app("/api/tags"), app("/api/subscriptions"))));
        browser.get(newsroomSite("/newsletter.js"));
        chromium.waitFor().until(ExpectedConditions.titleIs("200 PENDING"));

        String byOtherScript = page("""
                fetch("%s", {method: "POST", headers: {"Content-Type": "application/json"},
                             body: JSON.stringify({email: "by.other.script@example.com", tags: ["aviation"]})})
                  .then(function () { document.title = "answered"; }, function () { document.title = "refused"; });
                """.formatted(app("/api/subscriptions")));
        PAGES.put("/other.js", byOtherScript);
        browser.get(otherSite("/other.js"));
        chromium.waitFor().until(ExpectedConditions.titleIs("refused"));
        browser.get(otherSite("/newsletter"));
        browser.findElement(By.id("email")).sendKeys("by.other.form@example.com");
        browser.findElement(By.tagName("button")).click();
        chromium.waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), "The form has expired"));

        assertThat(jdbc.sql("select email from subscriber").query(String.class).list())
                .containsExactlyInAnyOrder("by.form@example.com", "by.script@example.com");
        assertThat(jdbc.sql("select alerts from subscriber where email = 'by.form@example.com'")
                .query(Boolean.class).single()).as("the form's hidden field").isTrue();
    }

    /** Opens the other site's page, which submits its form at once, and waits until the app has answered. */
    private void attack(String path, String page) {
        PAGES.put(path, page);
        browser.get(otherSite(path));
        chromium.waitFor().until(ExpectedConditions.urlContains("localhost:" + port + "/api/"));
    }

    /** A page whose one form posts a field to the action as soon as the page loads. */
    private static String form(String action, String enctype, String name, String value) {
        return page("""
                var form = document.createElement("form");
                form.method = "POST";
                form.action = "%s";
                form.enctype = "%s";
                var field = document.createElement("input");
                field.type = "hidden";
                field.name = "%s";
                field.value = "%s";
                form.appendChild(field);
                document.body.appendChild(form);
                form.submit();
                """.formatted(action, enctype, name.replace("\"", "\\\""), value.replace("\"", "\\\"")));
    }

    private static String page(String script) {
        return "<!DOCTYPE html><html><head><title>Win a prize</title></head><body><script>" + script
                + "</script></body></html>";
    }

    private long article(String title) {
        ApiClient.Answer published = admin.post("/api/articles",
                "{\"title\": \"" + title + "\", \"tags\": [\"aviation\"]}");
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        return published.json().get("id").asLong();
    }

    private String bodyText() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private String app(String path) {
        return "http://localhost:" + port + path;
    }

    private static String otherSite(String path) {
        return "http://127.0.0.1:" + otherSite.getAddress().getPort() + path;
    }

    private static String newsroomSite(String path) {
        return "http://127.0.0.1:" + newsroomSite.getAddress().getPort() + path;
    }

    @TestConfiguration
    static class Rig {

        /**
         * The challenge a browser answers with the password it is given and then keeps for the realm: for every
         * path under {@code /api/}, as the challenge came from there.
         */
        @Bean
        @Order(0)
        SecurityFilterChain basicChallenge(HttpSecurity http) throws Exception {
            Filter challenge = (request, response, chain) -> {
                HttpServletResponse answer = (HttpServletResponse) response;
                answer.setContentType("text/plain;charset=UTF-8");
                if (((HttpServletRequest) request).getHeader("Authorization") == null) {
                    answer.setStatus(401);
                    answer.setHeader("WWW-Authenticate", "Basic realm=\"Dispatch\"");
                    answer.getWriter().write("Sign in.");
                } else {
                    answer.getWriter().write("The browser holds a password for this site now.");
                }
            };
            return http.securityMatcher("/api/basic-challenge")
                    .addFilterBefore(challenge, DisableEncodeUrlFilter.class)
                    .build();
        }
    }
}
