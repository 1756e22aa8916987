package news.dispatch.web.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.EditorTest;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Retiring a tag: its followers are told once, in their next digest and their language, with links that follow the
 * tags offered instead; from then on it takes no story nor follower and leaves the suggestions. Tags outlive the
 * tests: each test writes its own, with a prefix of its own. Digests are sent by an admin's run, the clock moved.
 */
@EditorTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class RetiredTagsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Pattern FOLLOW_TAG = Pattern.compile("https://dispatch\\.example(/follow/[A-Za-z0-9_-]+/tags/"
            + "[\\p{L}\\p{N}-]+)");

    @LocalServerPort
    int port;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Accounts accounts;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    ApiClient editor;
    ApiClient admin;
    String own;

    @BeforeEach
    void setUp() {
        accounts.save(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD, Role.EDITOR);
        editor = ApiClient.anonymous(port).as(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD);
        admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        own = "r" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** A daily reader whose hour is half a day away, so the running schedule leaves them to the test's runs. */
    private Subscriber daily(String email, Language language, String... tags) {
        int farHour = (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
        return subscribers.add(EmailAddress.of(email), new Preferences(Arrays.stream(tags).map(tag -> Tag.of(own + tag))
                .toList(), Frequency.DAILY, ZoneOffset.UTC, farHour, false).withLanguage(language),
                SubscriberStatus.ACTIVE);
    }

    private Answer publish(String title, String... tags) {
        Answer created = editor.post("/api/articles", """
                {"title": "%s", "tags": [%s]}""".formatted(title, Arrays.stream(tags)
                .map(tag -> "\"" + own + tag + "\"").collect(Collectors.joining(", "))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    private Answer retire(String key, String body) {
        return body == null ? admin.send("POST", "/api/admin/tags/" + key + "/retire")
                : admin.post("/api/admin/tags/" + key + "/retire", body);
    }

    /** An admin's digest run for daily readers, a minute on, and its mail sent. */
    private int runDaily() {
        clock.advance(Duration.ofMinutes(1));
        Answer run = admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> jdbc.sql("""
                        select count(*) from delivery
                         where status = 'SENDING' or status in ('QUEUED', 'RETRYING') and available_at <= ?""")
                .param(clock.instant().atOffset(ZoneOffset.UTC)).query(Long.class).single() == 0);
        clock.advance(Duration.ofSeconds(1));
        return run.json().get("queued").asInt();
    }

    private List<CapturedEmail> mailTo(String address) {
        return sandbox.messages().stream().filter(mail -> mail.to().contains(address)).toList();
    }

    private String tagsOf(Subscriber reader) {
        JsonNode preferences = ApiClient.anonymous(port)
                .get("/api/preferences/" + subscribers.linkToken(reader, LinkPurpose.PREFERENCES)).json();
        return preferences.get("tags").toString().replace(own, "");
    }

    @Test
    void itsFollowersAreToldOnceInTheirNextDigestAndFollowAnOfferedTagInOneClick() {
        Subscriber ana = daily("ana." + own + "@example.com", Language.EN, "Drones", "Aviation");
        Subscriber bo = daily("bo." + own + "@example.com", Language.DE, "Drones");
        daily("cy." + own + "@example.com", Language.EN, "Aviation");
        publish("Drone maker opens a plant", "Drones", "Airbus");
        assertThat(runDaily()).as("ana and bo have the story").isEqualTo(2);
        int before = sandbox.messages().size();

        Answer retired = retire(own + "drones", """
                {"offer": ["#%1$sAirbus", "%1$saviation"]}""".formatted(own));

        assertThat(retired.status()).as(retired.toString()).isEqualTo(200);
        assertThat(retired.json().toString().replace(own, "")).isEqualTo("{\"key\":\"drones\",\"label\":\"Drones\","
                + "\"aliases\":[],\"stories\":1,\"followers\":1,\"retired\":true,\"offer\":[\"airbus\",\"aviation\"]}");
        assertThat(admin.get("/api/admin/tags/" + own + "drones").json().get("retired").asBoolean()).isTrue();
        assertThat(tagsOf(ana)).as("ana stops following it").isEqualTo("[\"aviation\"]");
        assertThat(tagsOf(bo)).as("it is bo's only tag: he keeps it").isEqualTo("[\"drones\"]");

        // Told in the next digest, even without a new story, in the reader's language; nobody else hears of it.
        assertThat(runDaily()).as("ana and bo").isEqualTo(2);
        List<CapturedEmail> sent = sandbox.messages();
        assertThat(sent.subList(0, sent.size() - before)).extracting(mail -> mail.to().get(0))
                .containsExactlyInAnyOrder(ana.email().value(), bo.email().value());
        CapturedEmail toAna = mailTo(ana.email().value()).get(0);
        assertThat(toAna.subject()).isEqualTo("#" + own + "Drones is no longer published");
        assertThat(toAna.text()).contains("#" + own + "Drones is no longer published: no new story will carry it.",
                "You may follow instead:", "Follow #" + own + "Airbus: https://dispatch.example/follow/",
                "/tags/" + own + "airbus")
                .as("she follows it already").doesNotContain("Follow #" + own + "Aviation");
        assertThat(toAna.html()).contains("is no longer published", "Follow #" + own + "Airbus");
        assertThat(toAna.html()).as("no empty line of tags, no empty list of stories")
                .doesNotContainPattern("color:#4b5563;\">\\s*</p>").doesNotContainPattern("border=\"0\">\\s*</table>");
        assertThat(toAna.text()).as("no empty line of tags").doesNotContainPattern("\n[ \t]*\n[ \t]*\n");
        CapturedEmail toBo = mailTo(bo.email().value()).get(0);
        assertThat(toBo.subject()).isEqualTo("#" + own + "Drones erscheint nicht mehr");
        assertThat(toBo.text()).contains("Stattdessen können Sie folgen:", "#" + own + "Airbus folgen: ");

        // One click on the link (a page with one button, so that a mail scanner follows nothing) follows the tag.
        Matcher link = FOLLOW_TAG.matcher(toAna.text());
        assertThat(link.find()).isTrue();
        Browser browser = new Browser(port);
        Browser.Page page = browser.get(link.group(1));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Follow #" + own + "Airbus");
        assertThat(tagsOf(ana)).as("opening the link changes nothing").isEqualTo("[\"aviation\"]");
        assertThat(browser.post(link.group(1)).status()).as("without the CSRF token").isEqualTo(403);
        Browser.Page followed = browser.post(link.group(1), "_csrf", page.csrf());
        assertThat(followed.status()).isEqualTo(302);
        assertThat(browser.follow(followed).body()).contains("You follow #" + own + "Airbus");
        assertThat(tagsOf(ana)).isEqualTo("[\"airbus\",\"aviation\"]");

        // Once: the next run tells nobody again.
        assertThat(runDaily()).isZero();

        // No new story carries it, and it leaves the suggestions.
        Answer story = publish("Drones over the airport", "Drones", "Airbus");
        assertThat(story.json().get("tags").toString().replace(own, "")).isEqualTo("[\"airbus\"]");
        String suggested = ApiClient.anonymous(port).get("/api/tags?q=" + own).body();
        assertThat(suggested).contains("\"key\":\"" + own + "airbus\"").doesNotContain(own + "drones");
    }

    @Test
    void itTakesNoNewFollowerOnAnyPath() {
        publish("Drone maker opens a plant", "Drones", "Airbus");
        assertThat(retire(own + "drones", null).status()).isEqualTo(200);

        Answer signUp = ApiClient.anonymous(port).post("/api/subscriptions", """
                {"email": "dee.%1$s@example.com", "tags": ["#%1$sDrones"]}""".formatted(own));
        assertThat(signUp.status()).isEqualTo(400);
        assertThat(signUp.json().get("errors").get(0).get("field").asString()).isEqualTo("tags");
        assertThat(signUp.json().get("errors").get(0).get("message").asString())
                .isEqualTo("#%1$sDrones is no longer published; you may follow #%1$sAirbus instead.".formatted(own));

        Subscriber eve = daily("eve." + own + "@example.com", Language.FR, "Airbus");
        Answer changed = ApiClient.anonymous(port).send("PUT", "/api/preferences/"
                + subscribers.linkToken(eve, LinkPurpose.PREFERENCES), "application/json", """
                {"tags": ["%1$sAirbus", "%1$sDrones"]}""".formatted(own));
        assertThat(changed.status()).isEqualTo(400);
        assertThat(tagsOf(eve)).isEqualTo("[\"airbus\"]");

        Answer imported = admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv", """
                email,tags,frequency
                fay.%1$s@example.com,%1$sDrones,DAILY
                gus.%1$s@example.com,%1$sAirbus,DAILY
                """.formatted(own));
        assertThat(imported.status()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(1);
        assertThat(imported.json().get("rejected").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(imported.json().get("rejected").get(0).get("reason").asString())
                .contains("is no longer published");

        Answer onlyRetired = editor.post("/api/articles", """
                {"title": "Drone races return", "tags": ["%sDrones"]}""".formatted(own));
        assertThat(onlyRetired.status()).as("a story on no tag would reach nobody").isEqualTo(400);
        assertThat(onlyRetired.json().get("errors").get(0).get("message").asString())
                .isEqualTo("#%sDrones is no longer published; tag the story with a tag in use".formatted(own));
        assertThat(publish("Drone races return", "Drones", "Airbus").json().get("tags").toString())
                .as("a tag in use beside it: the retired one dropped").isEqualTo("[\"%sairbus\"]".formatted(own));

        Browser newsroom = new Browser(port).signedInAs(EditorTest.EDITOR, EditorTest.EDITOR_PASSWORD);
        Browser.Page editorsForm = newsroom.get("/editor/articles/new");
        Browser.Page notPublished = newsroom.post("/editor/articles", "_csrf", editorsForm.csrf(),
                "title", "Drone races return", "moreTags", "#" + own + "Drones");
        assertThat(notPublished.status()).isEqualTo(400);
        assertThat(notPublished.body()).as("the form again, the reason by its field")
                .contains("id=\"tags-error\">#" + own + "Drones is no longer published; tag the story with a tag in use.");

        Browser browser = new Browser(port);
        String preferences = "/preferences/" + subscribers.linkToken(eve, LinkPurpose.PREFERENCES);
        Browser.Page form = browser.get(preferences);
        Browser.Page refused = browser.post(preferences, "_csrf", form.csrf(), "tags", own + "Airbus",
                "moreTags", "#" + own + "Drones", "frequency", "DAILY", "sendHour", "7", "timezone", "UTC");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("#" + own + "Drones n’est plus publié.");

        Browser.Page gone = new Browser(port).get("/follow/" + subscribers.linkToken(eve, LinkPurpose.PREFERENCES)
                + "/tags/" + own + "drones");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).as("in her language, and not that she copied the link wrong")
                .contains("<html lang=\"fr\">", "Plus rien à suivre ici").doesNotContain("incompl");
    }

    @Test
    void itsFollowersKeepItThroughTheirExportImportedBackButNobodyElseGetsIt() {
        publish("Drone maker opens a plant", "Drones", "Airbus");
        Subscriber hal = daily("hal." + own + "@example.com", Language.EN, "Drones");
        Subscriber ivy = daily("ivy." + own + "@example.com", Language.EN, "Airbus");
        assertThat(retire(own + "drones", null).status()).isEqualTo(200);

        List<String> export = admin.get("/api/admin/subscribers/export").body().lines().toList();
        String theirs = export.stream().filter(line -> line.contains(own)).collect(Collectors.joining("\n"));
        Answer restored = admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv",
                export.get(0) + "\n" + theirs + "\n");
        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.json().get("rejected").size()).as(restored.toString()).isZero();
        assertThat(restored.json().get("updated").asInt()).isEqualTo(2);
        assertThat(tagsOf(hal)).isEqualTo("[\"drones\"]");

        Answer given = admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv", """
                email,tags
                ivy.%1$s@example.com,%1$sAirbus;%1$sDrones
                """.formatted(own));
        assertThat(given.json().get("rejected").get(0).get("reason").asString()).contains("is no longer published");
        assertThat(tagsOf(ivy)).isEqualTo("[\"airbus\"]");
    }

    @Test
    void whatCannotBeRetiredIsSaidClearly() {
        publish("Drone maker opens a plant", "Drones", "Rail");
        publish("A drone over the line", "Drone", "Rail");
        publish("Drone show", "Drones");
        publish("Fleets", "Fleet", "Fleets");
        assertThat(admin.post("/api/admin/tags/" + own + "fleets/merge", "{\"into\": \"%sfleet\"}".formatted(own))
                .status()).isEqualTo(200);

        Answer unknown = retire(own + "nothing", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        Answer alias = retire(own + "fleets", "{}");
        assertThat(alias.status()).isEqualTo(409);
        assertThat(alias.json().get("detail").asString()).contains("is an alias of #" + own + "fleet");
        for (String offer : List.of("[\"%snowhere\"]", "[\"%sdrones\"]", "[\"not a tag!\"]")) {
            Answer refused = retire(own + "drones", "{\"offer\": " + offer.formatted(own) + "}");
            assertThat(refused.status()).as(offer).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("offer");
        }

        // Offered without being asked: its likely duplicate first, then the tag its stories carried most beside it.
        Answer retired = retire(own + "drones", null);
        assertThat(retired.status()).as(retired.toString()).isEqualTo(200);
        assertThat(retired.json().get("offer").toString().replace(own, "")).isEqualTo("[\"drone\",\"rail\"]");

        Answer again = retire(own + "drones", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("was retired already");
        Answer merge = admin.post("/api/admin/tags/" + own + "drone/merge", "{\"into\": \"%sdrones\"}".formatted(own));
        assertThat(merge.status()).isEqualTo(409);
        Answer offerRetired = retire(own + "rail", "{\"offer\": [\"%sdrones\"]}".formatted(own));
        assertThat(offerRetired.status()).isEqualTo(400);
        assertThat(ApiClient.anonymous(port).post("/api/admin/tags/" + own + "rail/retire", "{}").status())
                .isEqualTo(401);
    }

    @Test
    void anAdminRetiresATagFromTheTagsPage() {
        publish("Drone maker opens a plant", "Drones", "Airbus");
        Browser browser = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Browser.Page list = browser.get("/admin/tags?q=" + own);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("Retire a tag", "action=\"/admin/tags/retire\"");

        assertThat(browser.post("/admin/tags/retire", "key", own + "drones", "offer", own + "airbus").status())
                .as("without the CSRF token").isEqualTo(403);
        Browser.Page done = browser.post("/admin/tags/retire", "_csrf", list.csrf(), "key", "#" + own + "Drones",
                "offer", "#" + own + "Airbus");
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.header("Location")).endsWith("/admin/tags?retired=" + own + "Drones");

        Browser.Page after = browser.follow(done);
        assertThat(after.body()).contains("#" + own + "Drones is retired", "Retired tags", "#" + own + "Airbus")
                .as("the time as every staff page writes it").containsPattern("<td>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC</td>");
        assertThat(browser.get("/admin/tags?q=" + own).body()).doesNotContain("<code>" + own + "drones</code>");
        assertThat(admin.get("/api/admin/tags/" + own + "drones").json().get("offer").toString().replace(own, ""))
                .isEqualTo("[\"airbus\"]");
        Browser.Page twice = browser.post("/admin/tags/retire", "_csrf", list.csrf(), "key", own + "drones");
        assertThat(twice.status()).isEqualTo(409);
        Browser.Page unknownOffer = browser.post("/admin/tags/retire", "_csrf", list.csrf(), "key", own + "airbus",
                "offer", own + "nosuch");
        assertThat(unknownOffer.status()).isEqualTo(400);
        assertThat(unknownOffer.body()).as("beside the form, what was typed kept")
                .contains("<p class=\"error\" id=\"retire-error\" role=\"alert\">There is no tag #" + own
                        + "nosuch to offer.</p>", "value=\"" + own + "nosuch\"", "value=\"" + own + "airbus\"",
                        "<h1>Tags</h1>")
                .doesNotContain("to offer..");
    }
}
