package news.dispatch.web.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.Browser;
import news.dispatch.web.Browser.Page;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The admin pages over HTTP as a browser without scripts uses them: who may see them, and what they do. */
@DispatchTest
@ResetsDatabase({"delivery", "subscriber"})
class AdminPagesIT {

    private static final List<String> PAGES = List.of("/admin", "/admin/subscribers", "/admin/subscribers/import",
            "/admin/deliveries", "/admin/feeds", "/admin/users", "/admin/mailbox", "/admin/tokens", "/admin/sending",
            "/admin/suppressions", "/admin/bounces", "/admin/webhooks", "/admin/tags");

    @LocalServerPort
    int port;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Outbox outbox;

    @Autowired
    Deliveries deliveries;

    @Autowired
    Accounts accounts;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    JdbcClient jdbc;

    Subscriber anna;

    @BeforeEach
    void setUp() {
        anna = subscribers.add(EmailAddress.of("anna@example.com"), new Preferences(List.of(Tag.of("#Aviation")),
                Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
    }

    @Test
    void strangersAreSentToTheLoginPage() {
        Browser stranger = new Browser(port);
        for (String page : PAGES) {
            Page answer = stranger.get(page);
            assertThat(answer.status()).as(page).isEqualTo(302);
            assertThat(answer.header("Location")).as(page).endsWith("/login");
        }
        assertThat(stranger.get("/admin/mailbox/1/html").status()).isEqualTo(302);
    }

    @Test
    void editorsGetA403PageOnEveryAdminPage() {
        accounts.save("editor-pages", "editor-pages-password", Role.EDITOR);
        Browser editor = signedIn("editor-pages", "editor-pages-password");

        for (String page : PAGES) {
            Page answer = editor.get(page);
            assertThat(answer.status()).as(page).isEqualTo(403);
            assertThat(answer.body()).as(page).contains("Not for your account", "editor-pages");
        }
        Page home = editor.get("/admin");
        assertThat(editor.post("/admin/users", "username", "sneaky", "password", "sneaky-password-1",
                "role", "ADMIN", "_csrf", home.csrf()).status()).isEqualTo(403);
        assertThat(accounts.exists("sneaky")).isFalse();
        assertThat(editor.get("/actuator").status()).as("no index of the endpoints").isEqualTo(404);
        assertThat(editor.get("/actuator/metrics").status()).as("for admins, by credentials, not a session")
                .isEqualTo(401);
    }

    @Test
    void signingInRenewsTheSessionAndItsCookieIsHttpOnlyAndSameSite() {
        Browser browser = new Browser(port);
        Page login = browser.get("/login");
        String before = sessionCookie(login);
        assertThat(before).contains("HttpOnly", "SameSite=Lax");

        Page signedIn = browser.post("/login", "username", DispatchTest.ADMIN, "password",
                DispatchTest.ADMIN_PASSWORD, "_csrf", login.csrf());

        assertThat(signedIn.status()).isEqualTo(302);
        String after = sessionCookie(signedIn);
        assertThat(after).contains("HttpOnly", "SameSite=Lax");
        assertThat(after.split(";")[0]).isNotEqualTo(before.split(";")[0]);
        assertThat(browser.get("/").header("Location")).endsWith("/admin");
    }

    @Test
    void aWrongPasswordShowsTheFormAgainAndSignsNobodyIn() {
        Browser browser = new Browser(port);
        Page login = browser.get("/login");

        Page failed = browser.post("/login", "username", "nobody-here", "password", "wrong", "_csrf", login.csrf());

        assertThat(failed.header("Location")).endsWith("/login?error");
        String again = browser.get("/login?error").body();
        assertThat(again).contains("do not match an account", "value=\"nobody-here\"")
                .doesNotContain("value=\"wrong\"");
        assertThat(browser.get("/login").body()).as("kept for the form shown again only")
                .doesNotContain("nobody-here");
        assertThat(browser.get("/admin").status()).isEqualTo(302);
    }

    @Test
    void everyPageCarriesTheSecurityHeaders() {
        Browser admin = signedInAdmin();
        for (String page : PAGES) {
            Page answer = admin.get(page);
            assertThat(answer.status()).as(page).isEqualTo(200);
            assertThat(answer.header("Content-Security-Policy")).as(page)
                    .contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(answer.body()).contains("name=\"_csrf\"");
        }
    }

    @Test
    void formsWithoutTheirCsrfTokenAreRefused() {
        Browser admin = signedInAdmin();

        Page refused = admin.post("/admin/subscribers/" + anna.id() + "/status", "status", "SUSPENDED");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("The form has expired");
        assertThat(admin.post("/admin/subscribers/" + anna.id() + "/erase").status()).isEqualTo(403);
        assertThat(subscribers.find(anna.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.ACTIVE);
    }

    /**
     * A staff form sent once its session ended (Dispatch restarted): the sign-in page says nothing was saved, and
     * signing in leads back to the page the form was on. It led to a page telling the admin their account was an
     * editor's.
     */
    @Test
    void aStaffFormSentAfterItsSessionEndedSaysSoAndLeadsBackAfterSigningIn() {
        Browser afterRestart = new Browser(port);
        String page = "/admin/subscribers/" + anna.id() + "/edit";

        Page refused = afterRestart.postFrom(page, "/admin/subscribers/" + anna.id() + "/edit",
                "_csrf", "a-token-of-the-session-that-ended", "sendHour", "15");
        assertThat(refused.status()).isEqualTo(302);
        assertThat(refused.header("Location")).endsWith("/login?expired");
        Page login = afterRestart.follow(refused);
        assertThat(login.body()).contains("Your session had ended", "what you sent was not saved");

        Page signedIn = afterRestart.post("/login", "username", DispatchTest.ADMIN, "password",
                DispatchTest.ADMIN_PASSWORD, "_csrf", login.csrf());
        assertThat(signedIn.header("Location")).endsWith(page);
        assertThat(afterRestart.follow(signedIn).status()).isEqualTo(200);
        assertThat(subscribers.find(anna.id()).orElseThrow().preferences().sendHour()).isNotEqualTo(15);

        Page denied = afterRestart.get("/denied");
        assertThat(denied.status()).as("no refusal to explain").isEqualTo(302);
        assertThat(denied.header("Location")).doesNotContain("denied");
    }

    /** A reader's form left open past its session, or the sign-in's, is said to have expired, not to be forbidden. */
    @Test
    void aReadersFormWithAStaleCsrfTokenIsSaidToHaveExpired() {
        Browser reader = new Browser(port);
        Page form = reader.get("/subscribe");
        byte[] token = Base64.getUrlDecoder().decode(form.csrf());
        Arrays.fill(token, 0, 4, (byte) 0);

        Page refused = reader.post("/subscribe", "_csrf", Base64.getUrlEncoder().withoutPadding().encodeToString(token),
                "email", "stale.form@example.com", "tags", "Aviation", "frequency", "DAILY", "sendHour", "7",
                "timezone", "UTC");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("The form has expired", "Reload it and send it again.",
                        "<a class=\"button\" href=\"/subscribe?lang=en\">Back to the form</a>")
                .doesNotContain("If you work at the newsroom");
        String preferences = "/preferences/" + subscribers.linkToken(anna, LinkPurpose.PREFERENCES);
        assertThat(reader.post(preferences + "/quiet", "_csrf", "stale", "from", "22", "until", "6").body())
                .as("the quiet hours' form is on the preferences page").contains("The form has expired",
                        "<a class=\"button\" href=\"" + preferences + "?lang=en\">Back to the form</a>");
        assertThat(reader.post("/login", "username", "admin", "password", "x").body())
                .as("the sign-in without its token").contains("The form has expired",
                        "<a class=\"button\" href=\"/login?lang=en\">Back to the form</a>");
    }

    /** A token of the right length whose unmasked bytes are no UTF-8 was a 500, and a stack trace in the log. */
    @Test
    void aFormWithAMangledCsrfTokenIsRefusedAsExpired() {
        Browser admin = signedInAdmin();
        byte[] token = Base64.getUrlDecoder().decode(admin.get("/admin/subscribers/" + anna.id()).csrf());
        Arrays.fill(token, token.length / 2, token.length, (byte) 0xff);

        Page refused = admin.post("/admin/subscribers/" + anna.id() + "/status", "status", "SUSPENDED",
                "_csrf", Base64.getUrlEncoder().withoutPadding().encodeToString(token));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("The form has expired");
        assertThat(subscribers.find(anna.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.ACTIVE);
    }

    @Test
    void theSubscriberPageSuspendsReactivatesAndUnsubscribes() {
        Browser admin = signedInAdmin();
        String path = "/admin/subscribers/" + anna.id();
        Page detail = admin.get(path);
        assertThat(detail.body()).contains("anna@example.com", "#Aviation", "DAILY", "07:00", "Suspend", "Erase");

        Page suspended = admin.post(path + "/status", "status", "SUSPENDED", "_csrf", detail.csrf());
        assertThat(suspended.header("Location")).endsWith(path + "?done=suspended");
        assertThat(admin.get(path + "?done=suspended").body()).contains("Suspended: no more mail", ">SUSPENDED<",
                "Reactivate");

        admin.post(path + "/status", "status", "ACTIVE", "_csrf", detail.csrf());
        assertThat(subscribers.find(anna.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(admin.get(path).body()).as("final, so a step that asks first")
                .contains("<a class=\"button secondary\" href=\"" + path + "/unsubscribe\">Unsubscribe…</a>")
                .doesNotContain("value=\"UNSUBSCRIBED\"");
        Page asked = admin.get(path + "/unsubscribe");
        assertThat(asked.body()).contains("Unsubscribe anna@example.com?", "This is final", "Unsubscribe for good",
                "Keep the subscriber");
        assertThat(subscribers.find(anna.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.ACTIVE);
        admin.post(path + "/status", "status", "UNSUBSCRIBED", "_csrf", asked.csrf());
        assertThat(subscribers.find(anna.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED);

        Page refused = admin.post(path + "/status", "status", "ACTIVE", "_csrf", detail.csrf());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("Cannot make ACTIVE a subscriber who is UNSUBSCRIBED");
    }

    @Test
    void theReadersPageShowsTheirTagsOwnRhythmsAPauseAndQuietHoursAndWhereTheyAreSet() {
        LocalDate back = LocalDate.now(ZoneOffset.UTC).plusDays(30);
        Subscriber ben = subscribers.add(EmailAddress.of("ben@example.com"), new Preferences(
                        List.of(Tag.of("#Aviation"), Tag.of("#Ukraine")), Frequency.DAILY, ZoneId.of("UTC"), 7, true)
                        .withTagFrequencies(Map.of(TagKey.of("#Aviation"), Frequency.WEEKLY)).withPause(back)
                        .withQuietHours(new QuietHours(22, 6)),
                SubscriberStatus.ACTIVE);
        Browser admin = signedInAdmin();

        Page page = admin.get("/admin/subscribers/" + ben.id());

        assertThat(page.body()).contains("<dd>DAILY (the other tags)</dd>",
                "<dd id=\"reader-rhythms\"><span class=\"chip\">#Aviation WEEKLY</span></dd>",
                "22:00 to 06:00 local time", "until <time datetime=\"" + back + "\">",
                "on their preferences page", "<code>PATCH /api/admin/subscribers/" + ben.id() + "</code>");
        assertThat(admin.get("/admin/subscribers/" + anna.id()).body())
                .contains("<dd>DAILY</dd>", "<dd id=\"reader-rhythms\">none</dd>");
    }

    @Test
    void theEditFormShowsMistakesNextToTheirFieldAndSavesWhenRight() {
        Browser admin = signedInAdmin();
        String path = "/admin/subscribers/" + anna.id() + "/edit";
        Page form = admin.get(path);
        assertThat(form.body()).contains("value=\"Aviation\" checked", "<option value=\"DAILY\" selected>");

        Page noTags = admin.post(path, "moreTags", "", "frequency", "DAILY", "sendHour", "7", "timezone", "UTC",
                "_csrf", form.csrf());
        assertThat(noTags.status()).isEqualTo(400);
        assertThat(noTags.body()).contains("Nothing was saved", "id=\"tags-error\"", "Please pick at least one tag");
        Page wrong = admin.post(path, "tags", "Aviation", "frequency", "HOURLY", "sendHour", "25",
                "timezone", "Mars/Base", "_csrf", form.csrf());
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("id=\"frequency-error\"", "id=\"timezone-error\"",
                "id=\"sendHour-error\"");
        assertThat(subscribers.find(anna.id()).orElseThrow()).isEqualTo(anna);

        Page saved = admin.post(path, "tags", "Aviation", "moreTags", "#Space, Ukraine", "frequency", "WEEKLY",
                "sendHour", "18", "timezone", "Europe/Berlin", "_csrf", form.csrf());
        assertThat(saved.header("Location")).endsWith("/admin/subscribers/" + anna.id() + "?done=saved");
        Preferences now = subscribers.find(anna.id()).orElseThrow().preferences();
        assertThat(now.tags()).extracting(Tag::label).containsExactlyInAnyOrder("Aviation", "Space", "Ukraine");
        assertThat(now.frequency()).isEqualTo(Frequency.WEEKLY);
        assertThat(now.sendHour()).isEqualTo(18);
        assertThat(now.alerts()).isFalse();
    }

    @Test
    void theEditFormSetsEachTagsRhythmQuietHoursAndAPauseAndRefusesWhatIsWrongUnderItsField() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Subscriber ben = subscribers.add(EmailAddress.of("ben@example.com"), new Preferences(
                        List.of(Tag.of("#Aviation"), Tag.of("#Ukraine")), Frequency.DAILY, ZoneId.of("UTC"), 7, true)
                        .withTagFrequencies(Map.of(TagKey.of("#Aviation"), Frequency.WEEKLY)),
                SubscriberStatus.ACTIVE);
        Browser admin = signedInAdmin();
        String path = "/admin/subscribers/" + ben.id() + "/edit";
        Page form = admin.get(path);
        assertThat(form.body()).contains("<legend>When mail comes</legend>",
                "<label for=\"rhythm-0\">#Aviation</label>", "<option value=\"WEEKLY\" selected>WEEKLY</option>",
                "<option value=\"\" selected>as the frequency</option>", "id=\"pausedUntil\" name=\"pausedUntil\" value=\"\"");

        Page wrong = admin.post(path, "tags", "Aviation", "tags", "Ukraine", "frequency", "DAILY", "sendHour", "7",
                "timezone", "UTC", "rhythm:aviation", "HOURLY", "quietFrom", "22", "quietUntil", "",
                "pausedUntil", today.minusDays(1).toString(), "_csrf", form.csrf());
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("Nothing was saved", "id=\"rhythm:aviation-error\">Pick a rhythm",
                "id=\"quietUntil-error\">Quiet hours need both a start and an end",
                "id=\"pausedUntil-error\">A pause ends today (" + today + ") or later",
                "value=\"" + today.minusDays(1) + "\"", "<option value=\"22\" selected>22:00</option>");
        assertThat(subscribers.find(ben.id()).orElseThrow()).isEqualTo(ben);

        LocalDate back = today.plusDays(14);
        Page saved = admin.post(path, "tags", "Aviation", "tags", "Ukraine", "frequency", "DAILY", "sendHour", "7",
                "timezone", "UTC", "alerts", "on", "rhythm:aviation", "", "rhythm:ukraine", "IMMEDIATE",
                "quietFrom", "22", "quietUntil", "6", "pausedUntil", back.toString(), "_csrf", form.csrf());
        assertThat(saved.header("Location")).endsWith("?done=saved");
        Preferences now = subscribers.find(ben.id()).orElseThrow().preferences();
        assertThat(now.tagFrequencies()).isEqualTo(Map.of(TagKey.of("#Ukraine"), Frequency.IMMEDIATE));
        assertThat(now.quietHours()).isEqualTo(new QuietHours(22, 6));
        assertThat(now.pausedUntil()).isEqualTo(back);
        assertThat(admin.get("/admin/subscribers/" + ben.id()).body()).contains("#Ukraine IMMEDIATE",
                "22:00 to 06:00 local time", "until <time datetime=\"" + back + "\">");

        admin.post(path, "tags", "Aviation", "tags", "Ukraine", "frequency", "DAILY", "sendHour", "7",
                "timezone", "UTC", "_csrf", form.csrf());
        assertThat(subscribers.find(ben.id()).orElseThrow().preferences()).as("a post without them keeps them")
                .extracting(Preferences::tagFrequencies, Preferences::quietHours, Preferences::pausedUntil)
                .containsExactly(Map.of(TagKey.of("#Ukraine"), Frequency.IMMEDIATE), new QuietHours(22, 6), back);

        admin.post(path, "tags", "Aviation", "frequency", "WEEKLY", "sendHour", "7", "timezone", "UTC",
                "rhythm:aviation", "WEEKLY", "rhythm:ukraine", "DAILY", "quietFrom", "", "quietUntil", "",
                "pausedUntil", "", "_csrf", form.csrf());
        assertThat(subscribers.find(ben.id()).orElseThrow().preferences())
                .as("a tag left, a rhythm the frequency's, and none of quiet hours and pause")
                .extracting(Preferences::tagFrequencies, Preferences::quietHours, Preferences::pausedUntil)
                .containsExactly(Map.of(), null, null);

        jdbc.sql("update subscriber set paused_until = ? where id = ?").params(today.minusDays(3), ben.id()).update();
        assertThat(admin.get("/admin/subscribers/" + ben.id()).body())
                .as("a pause whose day has come, as the API may set it, is none")
                .contains("<dd id=\"reader-pause\">no</dd>");
    }

    @Test
    void erasingAsksOnceMoreThenErases() {
        Browser admin = signedInAdmin();
        outbox.queueNotice(anna, Notice.WELCOME);
        Page confirm = admin.get("/admin/subscribers/" + anna.id() + "/erase");
        assertThat(confirm.body()).contains("Erase anna@example.com?", "cannot be undone", "Erase for good");

        Page erased = admin.post("/admin/subscribers/" + anna.id() + "/erase", "_csrf", confirm.csrf());

        assertThat(erased.header("Location")).endsWith("/admin/subscribers?done=erased");
        assertThat(admin.get("/admin/subscribers?done=erased").body()).contains("The subscriber was erased");
        assertThat(subscribers.find(anna.id())).isEmpty();
        assertThat(admin.get("/admin/subscribers/" + anna.id()).status()).isEqualTo(404);
        assertThat(admin.get("/admin/deliveries").body()).contains("erased").doesNotContain("anna@example.com");
    }

    @Test
    void theImportPageTakesAnUploadedFileAndReportsEachLine() {
        Browser admin = signedInAdmin();
        Page form = admin.get("/admin/subscribers/import");

        Page uploaded = admin.upload("/admin/subscribers/import", form.csrf(), "file", "readers.csv",
                "email,tags,frequency\nuploaded@example.com,Aviation,DAILY\nnot an address,Aviation,DAILY\n");
        Page report = admin.follow(uploaded);

        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        assertThat(report.body()).contains("<span class=\"figure\" id=\"imported\">1</span>",
                "<span class=\"figure\" id=\"rejected\">1</span>", "<td>3</td>");
        assertThat(subscribers.findByEmail(EmailAddress.of("uploaded@example.com"))).isPresent();
        assertThat(admin.get("/admin/subscribers/import").body()).as("reloading shows the form, imports nothing")
                .doesNotContain("id=\"imported\"");
        assertThat(admin.upload("/admin/subscribers/import", "not-the-token", "file", "readers.csv",
                "email,tags,frequency\nforged@example.com,Aviation,DAILY\n").status()).isEqualTo(403);
        assertThat(subscribers.findByEmail(EmailAddress.of("forged@example.com"))).isEmpty();
    }

    @Test
    void theImportReportShowsWhatALineHeldWhenNoOneFieldIsAtFault() {
        Browser admin = signedInAdmin();
        Page form = admin.get("/admin/subscribers/import");
        String crowded = "crowded@example.com,Aviation,DAILY,<b>" + "x".repeat(100);

        Page uploaded = admin.upload("/admin/subscribers/import", form.csrf(), "file", "readers.csv",
                "email,tags,frequency\r\ntwice@example.com,Aviation,DAILY\r\nTwice@example.com,Ukraine,WEEKLY\r\n"
                        + crowded + "\r\n");
        Page report = admin.follow(uploaded);

        assertThat(report.body()).contains("<span class=\"figure\" id=\"rejected\">2</span>",
                        "<tr><td>3</td><td><code>Twice@example.com,Ukraine,WEEKLY</code></td>"
                                + "<td>the address is on line 2 already</td></tr>",
                        "<tr><td>4</td><td><code>crowded@example.com,Aviation,DAILY,&lt;b&gt;"
                                + "x".repeat(41) + "…</code></td><td>the row has 4 fields")
                .doesNotContain("<b>");
    }

    @Test
    void anEmptyFileOrAHeaderAloneIsSaidToBeSoNotUnchosen() {
        Browser admin = signedInAdmin();
        Page form = admin.get("/admin/subscribers/import");

        Page empty = admin.upload("/admin/subscribers/import", form.csrf(), "file", "readers.csv", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("The file readers.csv is empty: nothing was imported.")
                .doesNotContain("Choose a CSV file");
        Page header = admin.upload("/admin/subscribers/import", form.csrf(), "file", "readers.csv",
                "email,tags,frequency\n");
        assertThat(header.status()).isEqualTo(400);
        assertThat(header.body()).contains("The file readers.csv has its header but no rows: nothing was imported.");
        assertThat(admin.upload("/admin/subscribers/import", form.csrf(), "file", "", "").body())
                .contains("Choose a CSV file to import.");
    }

    /** An export of 20,000 readers is over the limit: the page says so and what to do, not the problem's JSON. */
    @Test
    void aFileTooLargeToImportIsSaidOnTheImportPage() {
        Browser admin = signedInAdmin();
        Page form = admin.get("/admin/subscribers/import");
        String rows = "big.reader%d@example.com,Aviation,DAILY\n";
        String csv = "email,tags,frequency\n" + IntStream.range(0, 60_000).mapToObj(rows::formatted)
                .collect(Collectors.joining());

        Page refused = admin.upload("/admin/subscribers/import", form.csrf(), "file", "readers.csv", csv);

        assertThat(refused.status()).isEqualTo(303);
        Page page = admin.follow(refused);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("Nothing was imported: the file is larger than 2048 KB",
                "Split it into smaller files");
        assertThat(subscribers.findByEmail(EmailAddress.of("big.reader1@example.com"))).isEmpty();
    }

    @Test
    void theListSearchesFiltersAndSaysWhatItCannotRead() {
        subscribers.add(EmailAddress.of("bob@example.org"), new Preferences(List.of(Tag.of("Space")),
                Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.PENDING);
        Browser admin = signedInAdmin();

        Page found = admin.get("/admin/subscribers?q=BOB&status=PENDING&tag=%23space&sort=email");
        assertThat(found.body()).contains("bob@example.org", "1 subscriber<").doesNotContain("anna@example.com");
        assertThat(found.body()).as("the export holds every PENDING reader, not the search's one")
                .contains("Export every PENDING reader (CSV)</a>");
        assertThat(admin.get("/admin/subscribers?q=BOB&page=98").body()).as("a page past the end was blank")
                .contains("There is no page 99: the search has 1 page.", "Go to the last page");
        assertThat(admin.get("/admin/subscribers?page=2147483647").body()).as("not page -2147483648")
                .contains("There is no page 2147483648:");
        assertThat(admin.get("/admin/mailbox?page=42949673").status()).as("the page times 50 overflowed: a 500")
                .isEqualTo(200);

        Page wrong = admin.get("/admin/subscribers?tag=no%20way!");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("a tag is 1 to 50 letters");
    }

    @Test
    void aFailedDeliveryCanBeRetriedFromTheDeliveriesPage() {
        Browser admin = signedInAdmin();
        outbox.queueNotice(anna, Notice.WELCOME);
        long id = jdbc.sql("select id from delivery").query(Long.class).single();
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.find(id).orElseThrow().sentAt() != null);
        jdbc.sql("update delivery set status = 'FAILED', lane = null, last_error = '550 mailbox full' where id = ?")
                .param(id).update();
        Page list = admin.get("/admin/deliveries?status=FAILED");
        assertThat(list.body()).contains("550 mailbox full", "Retry");

        Page retried = admin.post("/admin/deliveries/" + id + "/retry", "status", "FAILED", "kind", "",
                "_csrf", list.csrf());

        assertThat(retried.header("Location")).endsWith("/admin/deliveries?status=FAILED&retried=" + id);
        assertThat(admin.get("/admin/deliveries?status=FAILED&retried=" + id).body())
                .contains("Delivery " + id + " is back in the queue");
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.find(id).orElseThrow().status().name()
                .equals("SENT"));
        assertThat(admin.post("/admin/deliveries/" + id + "/retry", "_csrf", list.csrf()).status()).isEqualTo(409);
        assertThat(admin.get("/admin/deliveries?kind=SPAM").status()).isEqualTo(400);
    }

    @Test
    void usersAreAddedAndGivenNewPasswords() {
        jdbc.sql("delete from account where username like 'desk-%'").update();
        Browser admin = signedInAdmin();
        Page users = admin.get("/admin/users");
        assertThat(users.body()).contains(DispatchTest.ADMIN, "ADMIN");

        Page added = admin.post("/admin/users", "username", "desk-anna", "password", "a-long-password",
                "role", "EDITOR", "_csrf", users.csrf());
        assertThat(added.header("Location")).endsWith("/admin/users");
        assertThat(admin.post("/admin/users", "username", "desk-anna", "password", "another-long-one",
                "role", "ADMIN", "_csrf", users.csrf()).status()).isEqualTo(409);
        Page tooShort = admin.post("/admin/users", "username", "desk-bob", "password", "short", "role", "EDITOR",
                "_csrf", users.csrf());
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body()).contains("at least 12 characters");

        assertThat(signedIn("desk-anna", "a-long-password").get("/editor/articles").status()).isNotEqualTo(302);
        Page reset = admin.post("/admin/users/desk-anna/password", "password", "a-new-long-password",
                "_csrf", users.csrf());
        assertThat(reset.header("Location")).endsWith("/admin/users");
        assertThat(accounts.list()).filteredOn(account -> account.username().equals("desk-anna"))
                .singleElement().extracting(Accounts.Account::role).isEqualTo(Role.EDITOR);
        assertThat(signedIn("desk-anna", "a-new-long-password").get("/").header("Location"))
                .endsWith("/editor/articles");
    }

    /** As on the reader's Edit form: each message under its field, which points at it, and what was typed kept. */
    @Test
    void refusedUserSuppressionAndWebhookFormsMarkEveryFieldAtFault() {
        jdbc.sql("delete from account where username like 'desk-%'").update();
        accounts.save("desk-cleo", "desk-cleo-password", Role.EDITOR);
        Browser admin = signedInAdmin();
        Page users = admin.get("/admin/users");

        Page user = admin.post("/admin/users", "username", "desk anna!", "password", "short", "role", "ADMIN",
                "_csrf", users.csrf());
        assertThat(user.status()).isEqualTo(400);
        assertThat(user.body()).contains("role=\"alert\">Not added: please correct the marked fields.",
                        "value=\"desk anna!\" autocomplete=\"off\" required aria-invalid=\"true\" "
                                + "aria-describedby=\"username-error\"",
                        "<p class=\"field-error\" id=\"username-error\">A name is 1 to",
                        "aria-invalid=\"true\" aria-describedby=\"password-hint password-error\"",
                        "<p class=\"field-error\" id=\"password-error\">A password has at least 12 characters.</p>",
                        "<option value=\"ADMIN\" selected>")
                .doesNotContain("value=\"short\"");
        Page password = admin.post("/admin/users/desk-cleo/password", "password", "short", "_csrf", users.csrf());
        assertThat(password.status()).isEqualTo(400);
        assertThat(password.body()).contains("id=\"password-desk-cleo\" name=\"password\"",
                        "aria-invalid=\"true\" aria-describedby=\"password-desk-cleo-error\"",
                        "<p class=\"field-error\" id=\"password-desk-cleo-error\">A password has at least 12")
                .doesNotContain("value=\"short\"", "id=\"password-error\"");

        Page suppression = admin.post("/admin/suppressions", "email", "not an address", "detail", "n".repeat(1001),
                "_csrf", users.csrf());
        assertThat(suppression.status()).isEqualTo(400);
        assertThat(suppression.body()).contains("role=\"alert\">Not added: please correct the marked fields.",
                "value=\"not an address\"", "aria-invalid=\"true\" aria-describedby=\"email-error\"",
                "<p class=\"field-error\" id=\"email-error\">Email is not a valid address.</p>",
                "aria-invalid=\"true\" aria-describedby=\"detail-hint detail-error\"",
                "<p class=\"field-error\" id=\"detail-error\">The note must be at most 1000 characters.</p>");
        assertThat(suppression.body().indexOf("id=\"email-error\"")).as("the form comes before the list")
                .isLessThan(suppression.body().indexOf("newest first"));

        Page webhook = admin.post("/admin/webhooks", "url", "ftp://files.example/in", "_csrf", users.csrf());
        assertThat(webhook.status()).isEqualTo(400);
        assertThat(webhook.body()).contains("role=\"alert\">Not added: please correct the marked fields.",
                "value=\"ftp://files.example/in\"", "aria-invalid=\"true\" aria-describedby=\"url-hint url-error\"",
                "<p class=\"field-error\" id=\"url-error\">URL must be an http or https URL with a host.</p>",
                "<fieldset aria-describedby=\"events-error\">",
                "<p class=\"field-error\" id=\"events-error\">Events must name at least one event.</p>");
    }

    @Test
    void theMailboxShowsAnEmailWithItsHtmlInASandboxedFrame() {
        Browser admin = signedInAdmin();
        outbox.queueNotice(anna, Notice.WELCOME);
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.messages().stream()
                .anyMatch(email -> email.to().contains("anna@example.com")));
        int id = sandbox.messages().get(0).id();

        assertThat(admin.get("/admin/mailbox").body()).contains("Welcome to Dispatch", "/admin/mailbox/" + id);
        Page email = admin.get("/admin/mailbox/" + id);
        assertThat(email.body()).contains("<iframe class=\"email-html\" src=\"/admin/mailbox/" + id + "/html\" "
                + "sandbox", "List-Unsubscribe", "https://dispatch.example/preferences/");

        Page html = admin.get("/admin/mailbox/" + id + "/html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("Content-Type")).startsWith("text/html");
        assertThat(html.header("Content-Security-Policy")).startsWith("sandbox;").contains("default-src 'none'",
                "frame-ancestors 'self'").doesNotContain("script-src");
        assertThat(html.header("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(html.body()).contains("https://dispatch.example/unsubscribe/");
        assertThat(admin.get("/admin/mailbox/99999").status()).isEqualTo(404);
    }

    @Test
    void anEmailKeepsItsIdAsOtherMailArrivesAndGoesAndTheMailboxFindsIt() {
        Browser admin = signedInAdmin();
        Subscriber bert = subscribers.add(EmailAddress.of("bert@example.com"), anna.preferences(),
                SubscriberStatus.ACTIVE);
        outbox.queueNotice(bert, Notice.WELCOME);
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.messages().stream()
                .anyMatch(email -> email.to().contains("bert@example.com")));
        int berts = sandbox.messages().get(0).id();
        outbox.queueNotice(anna, Notice.WELCOME);
        // Anna, made afresh for each test, may have had mail in one that ran before: hers must be newer than Bert's.
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.messages().stream()
                .anyMatch(email -> email.to().contains("anna@example.com") && email.id() > berts));
        CapturedEmail annas = sandbox.messages().get(0);
        assertThat(annas.to()).as("newest first").containsExactly("anna@example.com");

        assertThat(ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD)
                .delete("/api/admin/subscribers/" + bert.id()).status()).isEqualTo(204);
        outbox.queueNotice(anna, Notice.WELCOME);
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.messages().get(0).id() > annas.id());

        assertThat(sandbox.messages()).noneMatch(email -> email.to().contains("bert@example.com"));
        Page email = admin.get("/admin/mailbox/" + annas.id());
        assertThat(email.status()).isEqualTo(200);
        assertThat(email.body()).as("the same email, though one before it is gone and another came")
                .contains("anna@example.com", messageId(annas)).doesNotContain("bert@example.com");
        assertThat(admin.get("/admin/mailbox?q=ANNA@").body()).contains("/admin/mailbox/" + annas.id() + "\"");
        assertThat(admin.get("/admin/mailbox?q=nobody-at-all").body()).contains("No email matches.")
                .doesNotContain("/admin/mailbox/" + annas.id() + "\"");
    }

    private static String messageId(CapturedEmail email) {
        return email.headers().stream().filter(header -> header.getKey().equalsIgnoreCase("Message-ID"))
                .map(header -> header.getValue().replace("<", "&lt;").replace(">", "&gt;"))
                .findFirst().orElseThrow();
    }

    @Test
    void theDashboardCountsReadersStoriesAndMail() {
        Browser admin = signedInAdmin();

        Page dashboard = admin.get("/admin");

        assertThat(dashboard.body()).as("charts with a value axis").contains("<line class=\"axis\" x1=\"0\" y1=\"0\" "
                + "x2=\"0\" y2=\"120\"></line>");
        assertThat(dashboard.body()).contains("<svg viewBox=\"0 0 480 138\"", "Emails sent per hour",
                "Emails sent per day", "id=\"queue-depth\"", "articles, last 7 days")
                .doesNotContain("style=");
    }

    @Test
    void theDashboardShowsTheDigestsGoingOutAndItsScriptCanFollowThem() {
        Browser admin = signedInAdmin();
        assertThat(admin.get("/admin").body()).contains("No digests or alerts are going out");
        digest("DAILY 2025-11-26", "SENT");
        digest("DAILY 2025-11-27", "SENT");
        digest("DAILY 2025-11-27", "QUEUED");
        digest("DAILY 2025-11-27", "QUEUED");

        assertThat(admin.get("/admin").body()).as("the day before, finished, is not mixed in")
                .contains("Daily digests, 2025-11-27: 1 of 3 finished",
                        "<progress id=\"progress-DIGEST-DAILY-2025-11-27\" data-name=\"Daily digests, 2025-11-27\" max=\"3\" value=\"1\">33%</progress>",
                        "<span class=\"figure\" id=\"deliveries-SENT\">2</span>",
                        "<script src=\"/assets/staff.js\" defer></script>",
                        "<a href=\"/admin\" class=\"on\" aria-current=\"page\">Dashboard</a>",
                        "<a href=\"/admin/subscribers\" class=\"\">Subscribers</a>")
                .doesNotContain("2025-11-26");
        Page progress = admin.get("/admin/progress");
        assertThat(progress.header("Content-Type")).startsWith("application/json");
        assertThat(progress.body()).as("the tiles and the bars from one reading").contains("\"queue\":2",
                "\"SENT\":2", "\"QUEUED\":2", "\"goingOut\":[{\"id\":\"progress-DIGEST-DAILY-2025-11-27\","
                        + "\"kind\":\"DIGEST\",\"name\":\"Daily digests, 2025-11-27\",\"done\":1,\"total\":3,"
                        + "\"percent\":33}]", "\"nextReadingMillis\":2000");
    }

    /** A digest row of the period the workers leave alone: queued for tomorrow, or finished already. */
    private void digest(String period, String status) {
        boolean open = status.equals("QUEUED");
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        jdbc.sql("""
                        insert into delivery (kind, lane, recipient, content, status, created_at, queued_at,
                                              available_at, sent_at, period)
                        values ('DIGEST', ?, 'someone@example.com', 'articles=1&more=0', ?, ?, ?, ?, ?, ?)
                        """)
                .params(open ? 1 : null, status, now, now, open ? now.plusDays(1) : now, open ? null : now, period)
                .update();
    }

    private Browser signedInAdmin() {
        return signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    private Browser signedIn(String username, String password) {
        Browser browser = new Browser(port);
        Page login = browser.get("/login");
        Page signedIn = browser.post("/login", "username", username, "password", password, "_csrf", login.csrf());
        assertThat(signedIn.header("Location")).as("signed in as %s", username).doesNotContain("error");
        return browser;
    }

    private static String sessionCookie(Page page) {
        return page.response().headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("JSESSIONID=")).findFirst().orElseThrow();
    }
}
