package news.dispatch.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.DeliveryPause;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.web.ApiClient;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** An admin at work in a real browser: Debian's headless Chromium, with the page's own CSS and scripts. */
@DispatchTest
@ResetsDatabase({"delivery", "subscriber"})
class AdminBrowserIT {

    /** Where the dashboard's screenshot is kept, as a build artifact. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @LocalServerPort
    int port;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Outbox outbox;

    @Autowired
    Deliveries deliveries;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeliveryPause pause;

    WebDriver browser;

    @BeforeEach
    void setUp() {
        browser = chromium.driver();
    }

    @Test
    void anAdminSignsInAndOut() {
        open("/admin");
        assertThat(browser.getCurrentUrl()).endsWith("/login");

        signIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);

        chromium.waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
        assertThat(browser.getCurrentUrl()).as("back where the admin was going").contains("/admin");
        browser.findElement(By.cssSelector(".who a")).click();
        chromium.waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), "Your account"));
        assertThat(browser.findElement(By.cssSelector("main p")).getText())
                .isEqualTo("Signed in as " + DispatchTest.ADMIN + ", an admin.");

        browser.findElement(By.xpath("//button[text()='Sign out']")).click();

        chromium.waitFor().until(ExpectedConditions.urlContains("/login?logout"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("You are signed out.");
        open("/admin");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    /** The rendered description runs under its own policy: its scripts run, and it reads the document as the admin. */
    @Test
    void anAdminReadsTheApiReference() {
        signInAsAdmin();

        browser.findElement(By.linkText("the API's reference")).click();

        chromium.waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock-summary-path")));
        assertThat(browser.findElement(By.cssSelector(".info .title")).getText()).startsWith("Dispatch API");
        assertThat(browser.findElements(By.cssSelector(".opblock-summary-path")).stream()
                .map(path -> path.getDomAttribute("data-path")).toList())
                .contains("/api/articles", "/api/subscriptions", "/api/admin/subscribers/{id}");
    }

    @Test
    void aWrongPasswordIsRefused() {
        open("/login");

        signIn(DispatchTest.ADMIN, "not-the-password");

        chromium.waitFor().until(ExpectedConditions.urlContains("/login?error"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .isEqualTo("That name and password do not match an account.");
        open("/admin");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void anAdminFindsASubscriberAndSuspendsThem() {
        Subscriber anna = add("anna.k@example.com", "#Aviation");
        add("bob@example.com", "Ukraine");
        signInAsAdmin();

        browser.findElement(By.linkText("Subscribers")).click();
        chromium.waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), "Subscribers"));
        browser.findElement(By.id("q")).sendKeys("ANNA");
        browser.findElement(By.id("status")).sendKeys("ACTIVE");
        browser.findElement(By.xpath("//button[text()='Search']")).click();

        chromium.waitFor().until(ExpectedConditions.textToBe(By.id("found"), "1 subscriber"));
        assertThat(browser.findElements(By.cssSelector("table.subscribers tbody tr"))).hasSize(1);
        browser.findElement(By.linkText("anna.k@example.com")).click();
        chromium.waitFor().until(ExpectedConditions.textToBe(By.id("reader-status"), "ACTIVE"));

        browser.findElement(By.xpath("//button[text()='Suspend']")).click();

        chromium.waitFor().until(ExpectedConditions.textToBe(By.id("reader-status"), "SUSPENDED"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).startsWith("Suspended");
        assertThat(subscribers.find(anna.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.SUSPENDED);
        assertThat(browser.findElements(By.xpath("//button[text()='Reactivate']"))).hasSize(1);
    }

    @Test
    void anAdminImportsACsvWithABadLineAndReadsTheReport(@TempDir Path folder) throws IOException {
        Path csv = folder.resolve("readers.csv");
        Files.writeString(csv, "\uFEFFemail,tags,frequency\r\n"
                + "carla@example.com,\"Aviation;Space\",WEEKLY\r\n"
                + "not an address,Aviation,DAILY\r\n"
                + "dan@example.com,Ukraine,\r\n", StandardCharsets.UTF_8);
        signInAsAdmin();
        open("/admin/subscribers");
        browser.findElement(By.linkText("Import CSV")).click();
        chromium.waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), "Import subscribers"));

        browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("input[name=status][value=ACTIVE]")).click();
        browser.findElement(By.xpath("//button[text()='Import']")).click();

        chromium.waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("report")));
        assertThat(browser.findElement(By.id("report-heading")).getText()).isEqualTo("Report for readers.csv");
        assertThat(browser.findElement(By.id("imported")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("updated")).getText()).isEqualTo("0");
        assertThat(browser.findElement(By.id("rejected")).getText()).isEqualTo("1");
        assertThat(browser.findElements(By.cssSelector("table.rejected tbody tr")))
                .extracting(row -> row.getText()).containsExactly("3 not an address email is not a valid address");
        assertThat(subscribers.findByEmail(EmailAddress.of("carla@example.com")).orElseThrow().preferences()
                .frequency()).isEqualTo(Frequency.WEEKLY);
    }

    @Test
    void anAdminMakesAnApiTokenForAScriptAndRevokesIt() {
        jdbc.sql("delete from api_token").update();
        signInAsAdmin();
        browser.findElement(By.linkText("API tokens")).click();
        chromium.waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), "API tokens"));

        browser.findElement(By.id("name")).sendKeys("nightly export");
        browser.findElement(By.id("role")).sendKeys("ADMIN");
        browser.findElement(By.xpath("//button[text()='Make token']")).click();

        String secret = chromium.waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("secret")))
                .getText();
        ApiClient script = ApiClient.anonymous(port).bearing(secret);
        assertThat(script.get("/api/admin/stats").status()).isEqualTo(200);
        assertThat(browser.findElements(By.cssSelector("table.tokens tbody tr"))).extracting(row -> row.getText())
                .singleElement().asString().startsWith("nightly export ADMIN");

        browser.findElement(By.cssSelector("button[aria-label='Revoke nightly export']")).click();

        chromium.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"),
                "was revoked"));
        assertThat(browser.findElements(By.id("secret"))).as("the secret is not shown again").isEmpty();
        assertThat(script.get("/api/admin/stats").status()).isEqualTo(401);
    }

    /**
     * A double click posted a form twice when the first request was on its way before the second click (two webhooks,
     * the first one's secret never shown): once posted, a form's second submission is held. Whether a real double
     * click beats the first request depends on timing, so the page's two submissions are dispatched here, then one
     * click is made.
     */
    @Test
    void aStaffFormIsPostedOnceHoweverOftenItIsSubmitted() {
        jdbc.sql("delete from api_token").update();
        signInAsAdmin();
        open("/admin/tokens");
        browser.findElement(By.id("name")).sendKeys("double click");
        browser.findElement(By.id("role")).sendKeys("EDITOR");
        WebElement button = browser.findElement(By.xpath("//button[text()='Make token']"));

        Object held = ((JavascriptExecutor) browser).executeScript("""
                var form = arguments[0].form;
                var first = new SubmitEvent('submit', {cancelable: true, bubbles: true});
                var second = new SubmitEvent('submit', {cancelable: true, bubbles: true});
                form.dispatchEvent(first);
                form.dispatchEvent(second);
                delete form.dataset.sent;
                return [first.defaultPrevented, second.defaultPrevented];
                """, button);
        assertThat(held).asList().as("the first goes, the second is held").containsExactly(false, true);

        button.click();
        chromium.waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("secret")));
        assertThat(jdbc.sql("select count(*) from api_token").query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void theDashboardIsSavedAsAScreenshot() throws IOException {
        Subscriber anna = add("anna@example.com", "#Aviation");
        for (int i = 0; i < 3; i++) {
            outbox.queueNotice(anna, Notice.PREFERENCES_LINK);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> deliveries.countByStatus().get(DeliveryStatus.SENT) == 3);
        signInAsAdmin();

        assertThat(browser.findElements(By.cssSelector("figure.chart svg"))).hasSize(2);
        assertThat(browser.findElement(By.cssSelector("figure.chart figcaption strong")).getText()).isEqualTo("3");
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOTS);
        Path kept = Files.copy(shot, SCREENSHOTS.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);

        byte[] png = Files.readAllBytes(kept);
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void theProgressBarFollowsTheDigestsGoingOut() {
        List<Long> digests = List.of(digest(true), digest(false), digest(false));
        signInAsAdmin();
        assertThat(browser.findElement(By.cssSelector("label[for=progress-DIGEST-RUN-live]")).getText())
                .isEqualTo("Digests sent now: 1 of 3 finished");
        assertThat(browser.findElement(By.id("deliveries-SENT")).getText()).isEqualTo("1");

        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("update delivery set status = 'SENT', lane = null, sent_at = ?, available_at = ? where id = ?")
                .params(now, now, digests.get(1)).update();

        chromium.waitFor().until(ExpectedConditions.textToBe(By.cssSelector("label[for=progress-DIGEST-RUN-live]"),
                "Digests sent now: 2 of 3 finished"));
        assertThat(browser.findElement(By.id("progress-DIGEST-RUN-live")).getAttribute("value")).isEqualTo("2");
        assertThat(browser.findElement(By.id("deliveries-SENT")).getText()).as("the tiles follow with the bars")
                .isEqualTo("2");
        assertThat(browser.findElement(By.id("going-out-said")).getText())
                .as("counts change quietly: a screen reader is not read them every two seconds").isEmpty();
        assertThat(browser.findElement(By.id("progress-bars")).getAttribute("aria-live")).isNull();

        jdbc.sql("update delivery set status = 'SENT', lane = null, sent_at = ?, available_at = ? where id = ?")
                .params(now, now, digests.get(2)).update();
        chromium.waitFor().until(ExpectedConditions.attributeToBe(By.id("going-out-said"), "textContent",
                "Digests sent now: finished."));

        WebElement live = browser.findElement(By.id("going-out-live"));
        assertThat(live.getText()).isEqualTo("Stop live updates");
        live.click();
        assertThat(live.getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(live.getText()).isEqualTo("Resume live updates");
    }

    /** A digest row the workers leave alone: finished already, or queued for tomorrow. */
    private long digest(boolean sent) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into delivery (kind, lane, recipient, content, status, created_at, queued_at,
                                              available_at, sent_at, period)
                        values ('DIGEST', ?, 'someone@example.com', 'articles=1&more=0', ?, ?, ?, ?, ?, 'RUN live')
                        """)
                .params(sent ? null : 1, sent ? "SENT" : "QUEUED", now, now, sent ? now : now.plusDays(1),
                        sent ? now : null)
                .update(key, "id");
        return key.getKey().longValue();
    }

    @Test
    void anAdminSendsDigestsPausesAndResumesAndWatchesThemGoOut() {
        int farHour = (OffsetDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24;
        subscribers.add(EmailAddress.of("live.view@example.com"), new Preferences(List.of(Tag.of("#Aviation")),
                Frequency.DAILY, ZoneId.of("UTC"), farHour, true), SubscriberStatus.ACTIVE);
        ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD).post("/api/articles",
                "{\"title\": \"Airbus orders A320 software fix\", \"tags\": [\"#Aviation\"]}");
        signInAsAdmin();
        try {
            browser.findElement(By.linkText("Send digests")).click();
            chromium.waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), "Send digests now"));
            assertThat(browser.findElement(By.id("dry-DAILY")).findElement(By.xpath("..")).getText())
                    .contains("1 active reader;", "published in the last day.");

            browser.findElement(By.xpath("//button[text()='Pause all sending']")).click();
            chromium.waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.xpath("//button[text()='Resume sending']")));
            browser.findElement(By.xpath("//button[text()='Send daily digests now']")).click();
            chromium.waitFor().until(ExpectedConditions.textToBe(By.id("run-heading"), "This run"));
            assertThat(browser.findElement(By.id("run-waiting")).getText()).isEqualTo("1");
            chromium.waitFor().until(ExpectedConditions.textToBe(By.id("run-left"), "paused"));
            assertThat(browser.findElement(By.id("run-said")).getText())
                    .as("paused before it began, as the page said when it loaded: nothing to announce").isEmpty();
            // Resumed elsewhere (another admin, the API, another node): the page that stays open follows.
            pause.resume();
            chromium.waitFor().until(ExpectedConditions.attributeToBe(By.id("run-said"), "textContent",
                    "The run has finished: 1 sent, 0 failed."));
            chromium.waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//button[text()='Pause all sending']")));
            assertThat(browser.findElement(By.id("paused-notice")).isDisplayed()).isFalse();
            chromium.waitFor().until(ExpectedConditions.textToBe(By.id("run-sent"), "1"));
            assertThat(browser.findElement(By.id("run-waiting")).getText()).isEqualTo("0");
            assertThat(browser.findElement(By.id("run-left")).getText()).isEqualTo("0 s");

            browser.findElement(By.linkText("Dashboard")).click();
            chromium.waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("going-out")));
            assertThat(browser.findElement(By.id("paused-notice")).isDisplayed()).isFalse();
            pause.pause("another.admin");
            chromium.waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("paused-notice")));
            assertThat(browser.findElement(By.id("paused-notice")).getText()).contains("by another.admin");
            chromium.waitFor().until(ExpectedConditions.attributeContains(By.id("going-out-said"), "textContent",
                    "Sending is paused."));
            pause.resume();
            chromium.waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.id("paused-notice")));
        } finally {
            pause.resume();
        }
    }

    @Test
    void everyStaffPageFitsAPhoneWithoutScrollingSidewaysAndPassesAxe() throws IOException {
        Axe axe = Axe.load();
        Subscriber reader = add("a.rather.long.address.for.a.phone.screen@newsroom-of-the-example.com", "#Aviation",
                "#USMigration", "#Ukraine");
        outbox.queueNotice(reader, Notice.WELCOME);
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            signInAsAdmin();
            for (String path : List.of("/", "/admin", "/admin/subscribers", "/admin/subscribers/" + reader.id(),
                    "/admin/subscribers/" + reader.id() + "/edit", "/admin/subscribers/import", "/admin/deliveries",
                    "/admin/feeds", "/admin/mailbox", "/admin/digests", "/admin/sending", "/admin/suppressions",
                    "/admin/bounces", "/admin/users", "/admin/tokens", "/admin/webhooks", "/admin/tags", "/account",
                    "/editor/articles",
                    "/editor/articles/new", "/editor/alerts", "/admin/no-such-page")) {
                open(path);
                long width = measure("document.documentElement.clientWidth");
                assertThat(width).as(path + ": the phone's width, less any scroll bar").isBetween(360L, 390L);
                assertThat(measure("document.documentElement.scrollWidth")).as(path + " is as wide as the screen; "
                        + "too wide: " + ((JavascriptExecutor) browser).executeScript("return Array.from(document"
                        + ".querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > " + width
                        + ").slice(0, 6).map(e => e.tagName + '.' + e.className).join(' ')"))
                        .isLessThanOrEqualTo(width);
                assertThat(measure("document.querySelector('header').getBoundingClientRect().width"))
                        .as(path + ": the header band spans the screen").isEqualTo(width);
                assertThat(measure("document.querySelector('header').getBoundingClientRect().height"))
                        .as(path + ": the menu leaves the screen to the page (it took 304 px in rows)")
                        .isLessThan(130L);
                assertThat(measure("(function () { var on = document.querySelector('.bar nav a.on'); if (!on) "
                        + "return 1; var a = on.getBoundingClientRect(), b = on.parentElement.getBoundingClientRect();"
                        + " return a.left >= b.left && a.right <= b.right ? 1 : 0; })()"))
                        .as(path + ": its own section in sight in the menu").isEqualTo(1L);
                assertThat(axe.violations(browser)).as(path + ": axe-core's WCAG 2.1 A and AA rules").isEmpty();
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 1000));
        }
    }

    private long measure(String expression) {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return " + expression)).longValue();
    }

    private void signInAsAdmin() {
        open("/login");
        signIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        chromium.waitFor().until(ExpectedConditions.urlToBe(url("/admin")));
    }

    private void signIn(String username, String password) {
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.xpath("//button[text()='Sign in']")).click();
    }

    private void open(String path) {
        browser.get(url(path));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private Subscriber add(String email, String... tags) {
        return subscribers.add(EmailAddress.of(email), new Preferences(List.of(tags).stream().map(Tag::of).toList(),
                Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
    }
}
