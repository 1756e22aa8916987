package news.dispatch.web.tag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.UUID;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.AdminApiJourney;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/tags} and the admin's tag API, and a merged tag's alias on every path of the API that takes a tag.
 * Tags outlive the tests: each test writes its own, with a prefix of its own.
 */
@ResetsDatabase({"delivery", "subscriber", "article"})
class TagsApiIT extends AdminApiJourney {

    @Autowired
    Clock clock;

    private String own;
    private ApiClient editor;

    @BeforeEach
    void ownTags() {
        own = "t" + UUID.randomUUID().toString().substring(0, 6);
        editor = deskEditor();
    }

    private long story(String title, String... tags) {
        StringBuilder list = new StringBuilder();
        for (String tag : tags) {
            list.append(list.isEmpty() ? "" : ", ").append('"').append(own).append(tag).append('"');
        }
        Answer created = editor.post("/api/articles", """
                {"title": "%s", "tags": [%s], "publishedAt": "2025-11-29T14:23:00Z"}
                """.formatted(title, list));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private Subscriber reader(String email) {
        return subscribers.findByEmail(EmailAddress.of(email)).orElseThrow();
    }

    private String keys(JsonNode tags) {
        return tags.toString().replace(own, "");
    }

    @Test
    void anyoneFindsTagsByPrefixMostUsedFirstAndStaffAlsoSeeFollowers() {
        story("One", "Rail", "Roads");
        story("Two", "Roads");
        admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv",
                "email,tags,frequency\nrail@example.com,%sRail,DAILY\n".formatted(own));

        Answer anyone = ApiClient.anonymous(port).get("/api/tags?q=%23" + own.toUpperCase() + "R&size=10");

        assertThat(anyone.status()).isEqualTo(200);
        JsonNode page = anyone.json();
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("size").asInt()).isEqualTo(10);
        assertThat(page.get("items").get(0).toString())
                .isEqualTo("{\"key\":\"%sroads\",\"label\":\"%sRoads\",\"stories\":2}".formatted(own, own));
        assertThat(page.get("items").get(1).get("key").asString()).isEqualTo(own + "rail");
        assertThat(page.get("items").get(1).has("followers")).isFalse();

        JsonNode staff = editor.get("/api/tags?q=" + own + "r&page=1&size=1").json();
        assertThat(staff.get("items").get(0).toString())
                .isEqualTo("{\"key\":\"%srail\",\"label\":\"%sRail\",\"stories\":1,\"followers\":1}".formatted(own, own));

        Answer tooBig = ApiClient.anonymous(port).get("/api/tags?size=201");
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("errors").get(0).get("field").asString()).isEqualTo("size");
        assertThat(ApiClient.anonymous(port).get("/api/tags?q=%25").json().get("total").asLong()).isZero();
    }

    @Test
    void aTagNoPublishedStoryCarriesIsOfferedToNobodyButStaff() {
        ApiClient anyone = ApiClient.anonymous(port);
        assertThat(anyone.post("/api/subscriptions", """
                {"email": "planter@example.com", "tags": ["#%1$sBuy-Cheap-Pills", "#%1$sBuy-Cheap-Watches"]}
                """.formatted(own)).status()).isEqualTo(202);

        assertThat(anyone.get("/api/tags?q=" + own).json().get("total").asLong()).isZero();
        assertThat(anyone.get("/api/tags?q=" + own).json().get("items")).isEmpty();
        JsonNode staff = editor.get("/api/tags?q=" + own).json();
        assertThat(staff.get("total").asLong()).isEqualTo(2);
        assertThat(keys(staff.get("items"))).contains("{\"key\":\"buy-cheap-pills\",\"label\":\"Buy-Cheap-Pills\","
                + "\"stories\":0,\"followers\":0}");

        story("Watches, cheaply", "Buy-Cheap-Watches");
        JsonNode withAStory = anyone.get("/api/tags?q=" + own).json();
        assertThat(withAStory.get("total").asLong()).isEqualTo(1);
        assertThat(withAStory.get("items").get(0).get("key").asString()).isEqualTo(own + "buy-cheap-watches");

        Subscriber planter = reader("planter@example.com");
        subscribers.update(planter.confirm(clock.instant()));
        JsonNode confirmed = anyone.get("/api/tags?q=" + own).json();
        assertThat(confirmed.get("total").asLong()).as("a confirmed reader's own tag tells nobody they follow it")
                .isEqualTo(1);
        assertThat(keys(confirmed.get("items"))).isEqualTo("[{\"key\":\"buy-cheap-watches\","
                + "\"label\":\"Buy-Cheap-Watches\",\"stories\":1}]");
    }

    @Test
    void anAdminMergesATagAndItsAliasAnswersForIt() {
        story("One", "US-Migration", "Aviation");
        story("Two", "USMigration");
        admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv", """
                email,tags,frequency
                both@example.com,%1$sUS-Migration;%1$sUSMigration,DAILY
                old@example.com,%1$sUS-Migration,WEEKLY
                """.formatted(own));

        Answer merged = admin.post("/api/admin/tags/" + own + "us-migration/merge", """
                {"into": "#%sUSMigration"}""".formatted(own));

        assertThat(merged.status()).isEqualTo(200);
        assertThat(merged.json().toString().replace(own, "")).isEqualTo(
                "{\"key\":\"usmigration\",\"label\":\"USMigration\",\"aliases\":[\"us-migration\"],\"stories\":2,"
                        + "\"followers\":2}");
        assertThat(keys(admin.get("/api/admin/subscribers/" + reader("both@example.com").id()).json().get("tags")))
                .isEqualTo("[\"usmigration\"]");
        Answer viaAlias = admin.get("/api/admin/tags/%23" + own + "US-Migration");
        assertThat(viaAlias.status()).isEqualTo(200);
        assertThat(viaAlias.json().get("key").asString()).isEqualTo(own + "usmigration");
        assertThat(ApiClient.anonymous(port).get("/api/tags?q=" + own + "us").json().get("total").asLong())
                .isEqualTo(1);

        Answer relabelled = admin.send("PATCH", "/api/admin/tags/" + own + "usmigration", "application/json",
                "{\"label\": \"%sUsMigration\"}".formatted(own));
        assertThat(relabelled.status()).isEqualTo(200);
        assertThat(relabelled.json().get("label").asString()).isEqualTo(own + "UsMigration");
        Answer renamed = admin.send("PATCH", "/api/admin/tags/" + own + "usmigration", "application/json",
                "{\"label\": \"%sMigration\"}".formatted(own));
        assertThat(renamed.status()).isEqualTo(400);
        assertThat(renamed.json().get("errors").get(0).get("field").asString()).isEqualTo("label");
    }

    @Test
    void refusesMergesInWords() {
        story("One", "Alpha", "Beta");
        String alpha = "/api/admin/tags/" + own + "alpha/merge";

        Answer itself = admin.post(alpha, "{\"into\": \"%sAlpha\"}".formatted(own));
        assertThat(itself.status()).isEqualTo(409);
        assertThat(itself.header("Content-Type")).startsWith("application/problem+json");
        assertThat(itself.json().get("detail").asString()).contains("cannot be merged into itself");

        Answer unknownKey = admin.post("/api/admin/tags/" + own + "nothing/merge", "{\"into\": \"%sAlpha\"}"
                .formatted(own));
        assertThat(unknownKey.status()).isEqualTo(404);
        assertThat(unknownKey.json().get("detail").asString()).isEqualTo("There is no tag #" + own + "nothing.");

        Answer unknownInto = admin.post(alpha, "{\"into\": \"%sGamma\"}".formatted(own));
        assertThat(unknownInto.status()).isEqualTo(400);
        assertThat(unknownInto.json().get("errors").get(0).get("field").asString()).isEqualTo("into");
        assertThat(admin.post(alpha, "{}").status()).isEqualTo(400);

        assertThat(admin.post(alpha, "{\"into\": \"%sBeta\"}".formatted(own)).status()).isEqualTo(200);
        Answer again = admin.post(alpha, "{\"into\": \"%sBeta\"}".formatted(own));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("already merged into #" + own + "beta");
        Answer back = admin.post("/api/admin/tags/" + own + "beta/merge", "{\"into\": \"%sAlpha\"}".formatted(own));
        assertThat(back.status()).isEqualTo(409);
        assertThat(back.json().get("detail").asString()).contains("is an alias of #" + own + "beta");

        assertThat(admin.get("/api/admin/tags/" + own + "nothing").status()).isEqualTo(404);
        assertThat(editor.post("/api/admin/tags/" + own + "beta/merge", "{\"into\": \"x\"}").status()).isEqualTo(403);
        assertThat(ApiClient.anonymous(port).get("/api/admin/tags/" + own + "beta").status()).isEqualTo(401);
    }

    @Test
    void everyPathThatTakesATagGetsTheTagAnAliasStandsFor() {
        story("One", "US-Migration");
        story("Two", "USMigration");
        assertThat(admin.post("/api/admin/tags/" + own + "us-migration/merge", "{\"into\": \"%sUSMigration\"}"
                .formatted(own)).status()).isEqualTo(200);
        String alias = own + "US Migration";

        Answer article = editor.post("/api/articles", """
                {"title": "Three", "tags": ["#%s"], "publishedAt": "2025-11-29T14:23:00Z"}""".formatted(alias));
        assertThat(keys(article.json().get("tags"))).isEqualTo("[\"usmigration\"]");
        long id = article.json().get("id").asLong();
        assertThat(keys(editor.get("/api/articles?tag=" + own + "us-migration").json().get("items").get(0)
                .get("tags"))).isEqualTo("[\"usmigration\"]");
        assertThat(editor.get("/api/articles/" + id).json().get("tags").toString()).contains(own + "usmigration");

        assertThat(ApiClient.anonymous(port).post("/api/subscriptions", """
                {"email": "signup@example.com", "tags": ["%s", "#%sAviation"]}""".formatted(alias, own))
                .status()).isEqualTo(202);
        assertThat(reader("signup@example.com").preferences().tags()).extracting(tag -> tag.key().value())
                .containsExactly(own + "aviation", own + "usmigration");

        admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv",
                "email,tags,frequency\nimported@example.com,%s-Migration;%sRail,DAILY\n".formatted(own + "US", own));
        Subscriber imported = reader("imported@example.com");
        assertThat(imported.preferences().tags()).extracting(tag -> tag.key().value())
                .containsExactly(own + "rail", own + "usmigration");

        Answer patched = admin.send("PATCH", "/api/admin/subscribers/" + imported.id(), "application/json",
                "{\"tags\": [\"%s\", \"%sUSMigration\"]}".formatted(alias, own));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(keys(patched.json().get("tags"))).isEqualTo("[\"usmigration\"]");

        String token = subscribers.linkToken(imported, LinkPurpose.PREFERENCES);
        Answer preferences = ApiClient.anonymous(port).send("PUT", "/api/preferences/" + token, "application/json",
                "{\"tags\": [\"%s\", \"%sRail\"], \"tagFrequencies\": {\"%s\": \"WEEKLY\"}}".formatted(alias, own,
                        own + "us-migration"));
        assertThat(preferences.status()).isEqualTo(200);
        assertThat(keys(preferences.json().get("tags"))).isEqualTo("[\"usmigration\",\"rail\"]");
        assertThat(keys(preferences.json().get("tagFrequencies"))).isEqualTo("{\"usmigration\":\"WEEKLY\"}");

        // A rhythm alone, under the alias of a tag the reader follows, from the reader and from an admin.
        Answer rhythm = ApiClient.anonymous(port).send("PUT", "/api/preferences/" + token, "application/json",
                "{\"tagFrequencies\": {\"%s\": \"DAILY\"}}".formatted(own + "us-migration"));
        assertThat(rhythm.status()).as(rhythm.body()).isEqualTo(200);
        assertThat(keys(rhythm.json().get("tagFrequencies"))).isEqualTo("{\"usmigration\":\"DAILY\"}");
        Answer byAdmin = admin.send("PATCH", "/api/admin/subscribers/" + imported.id(), "application/json",
                "{\"tagFrequencies\": {\"%s\": \"IMMEDIATE\"}}".formatted(own + "us-migration"));
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
        assertThat(keys(byAdmin.json().get("tagFrequencies"))).isEqualTo("{\"usmigration\":\"IMMEDIATE\"}");
    }
}
