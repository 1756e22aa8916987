package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import news.dispatch.core.testing.MutableClock;
import news.dispatch.web.ApiClient;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every error a person can reach is a page in Dispatch's own style that says what happened and what to do: never
 * Spring's "Whitelabel Error Page", never a stack trace. Readers get the readers' frame, signed-in staff the staff's;
 * API clients, which ask for JSON, keep their problem details.
 */
@HostileTest
class ErrorPagesIT {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    /** Unknown readers' links count towards a limit per client: each case starts with it refilled. */
    @BeforeEach
    void setUp() {
        clock.advance(Duration.ofDays(1));
    }

    @Test
    void anUnknownAddressIsAReadersNotFoundPageNotTheStaffSignIn() {
        Browser.Page page = new Browser(port).get("/no-such-page");

        assertThat(page.status()).isEqualTo(404);
        assertReadersPage(page, "Page not found");
    }

    @Test
    void cutOffReadersLinksAreNotFoundPages() {
        for (String cutOff : new String[] {"/confirm/", "/preferences/", "/unsubscribe/", "/confirm"}) {
            Browser.Page page = new Browser(port).get(cutOff);

            assertThat(page.status()).as(cutOff).isEqualTo(404);
            assertReadersPage(page, "Page not found");
        }
    }

    @Test
    void tooManyCutOffLinksAreAPageThatSaysWhenToComeBack() {
        Browser reader = new Browser(port);
        for (int i = 0; i < HostileTest.LINK_FAILURES_PER_CLIENT; i++) {
            assertThat(reader.get("/confirm/").status()).isEqualTo(404);
        }

        Browser.Page page = reader.get("/confirm/");

        assertThat(page.status()).isEqualTo(429);
        assertThat(Long.parseLong(page.header("Retry-After"))).isPositive();
        assertReadersPage(page, "Too many requests");
    }

    @Test
    void aMethodTheAddressDoesNotTakeIsAPage() {
        Browser.Page page = new Browser(port).get("/preferences/some-token/resubscribe");

        assertThat(page.status()).isEqualTo(405);
        assertReadersPage(page, "That cannot be done here");
    }

    @Test
    void aFailureOnAReadersPageIsAPageThatGivesNothingAway() {
        Browser.Page page = new Browser(port).get("/confirm/some-token/fails");

        assertThat(page.status()).isEqualTo(500);
        assertReadersPage(page, "Something went wrong");
        assertThat(page.body()).doesNotContain("news.dispatch", "IllegalStateException");
    }

    @Test
    void signedInStaffGetTheirOwnFrameForUnknownAddressesAndFailures() {
        Browser staff = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);

        Browser.Page missing = staff.get("/admin/no-such-page");
        assertThat(missing.status()).isEqualTo(404);
        assertStaffPage(missing, "Page not found");
        Browser.Page elsewhere = staff.get("/no-such-page");
        assertThat(elsewhere.status()).isEqualTo(404);
        assertStaffPage(elsewhere, "Page not found");

        Browser.Page failed = staff.get("/editor/fails");
        assertThat(failed.status()).isEqualTo(500);
        assertStaffPage(failed, "Something went wrong");
        assertThat(failed.body()).doesNotContain("news.dispatch", "IllegalStateException");
    }

    @Test
    void staffPagesStillAskStrangersToSignIn() {
        Browser.Page page = new Browser(port).get("/admin/no-such-page");

        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/login");
    }

    @Test
    void apiClientsKeepProblemDetails() {
        ApiClient anonymous = ApiClient.anonymous(port);
        ApiClient admin = anonymous.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);

        ApiClient.Answer unknown = anonymous.get("/no-such-page");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.json().path("status").asInt()).isEqualTo(404);

        ApiClient.Answer failed = admin.get("/api/admin/fails");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(failed.body()).doesNotContain("news.dispatch", "IllegalStateException");

        ApiClient.Answer pageFailed = anonymous.get("/confirm/some-token/fails");
        assertThat(pageFailed.status()).isEqualTo(500);
        assertThat(pageFailed.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void robotsAndTheIconAreServedToEveryone() {
        Browser.Page robots = new Browser(port).get("/robots.txt");
        assertThat(robots.status()).isEqualTo(200);
        assertThat(robots.header("Content-Type")).startsWith("text/plain");
        assertThat(robots.body()).contains("User-agent: *", "Disallow: /preferences/");

        Browser.Page icon = new Browser(port).get("/favicon.ico");
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.header("Content-Type")).isIn("image/x-icon", "image/vnd.microsoft.icon");
    }

    private static void assertReadersPage(Browser.Page page, String heading) {
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<h1>" + heading + "</h1>", "href=\"/assets/reader.css\"",
                "<a class=\"button\" href=\"/?lang=en\">Go to the front page</a>").doesNotContain("Whitelabel");
    }

    private static void assertStaffPage(Browser.Page page, String heading) {
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<h1>" + heading + "</h1>", "href=\"/assets/staff.css\"",
                "Sign out").doesNotContain("Whitelabel");
    }
}
