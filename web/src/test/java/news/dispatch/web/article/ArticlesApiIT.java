package news.dispatch.web.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.HeldRows;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@DispatchTest
@ResetsDatabase("article")
class ArticlesApiIT {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    ApiClient editor;

    @BeforeEach
    void setUp() {
        accounts.save("editor", "editor-password", Role.EDITOR);
        editor = ApiClient.anonymous(port).as("editor", "editor-password");
    }

    /**
     * A story whose tag another transaction holds past the database's lock timeout is tried again and published: the
     * editor is not asked to send it again.
     */
    @Test
    void aStoryWhoseTagIsHeldIsPublishedOnceReleased() throws Exception {
        assertThat(editor.post("/api/articles", "{\"title\": \"First\", \"tags\": [\"#Aviation\"]}").status())
                .isEqualTo(201);
        Answer published;
        try (HeldRows tag = HeldRows.by(dataSource, "update tag set label = label where tag_key = 'aviation'")) {
            CompletableFuture<Void> letGo = tag.letGoAfter(Duration.ofMillis(2_500));
            published = editor.post("/api/articles", "{\"title\": \"Second\", \"tags\": [\"#Aviation\"]}");
            letGo.join();
        }

        assertThat(published.status()).as(published.body()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from article").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void anEditorPublishesListsAndFetchesArticles() {
        Answer created = editor.post("/api/articles", """
                {"title": "Airbus orders A320 software fix", "summary": "Airlines rush to patch 6,000 jets",
                 "author": "Saif", "url": "https://news.example/a320", "tags": ["#Aviation", " Airbus "],
                 "publishedAt": "2025-11-29T14:23:00Z"}
                """);

        assertThat(created.status()).isEqualTo(201);
        JsonNode article = created.json();
        long id = article.get("id").asLong();
        assertThat(created.header("Location")).endsWith("/api/articles/" + id);
        assertThat(article.get("title").asString()).isEqualTo("Airbus orders A320 software fix");
        assertThat(article.get("tags").toString()).isEqualTo("[\"aviation\",\"airbus\"]");
        assertThat(article.get("publishedAt").asString()).isEqualTo("2025-11-29T14:23:00Z");
        assertThat(article.get("link").asString()).isEqualTo("https://news.example/a320");

        editor.post("/api/articles", """
                {"title": "Kyiv power station hit", "tags": ["Ukraine"], "publishedAt": "2025-11-29T15:00:00Z"}
                """);

        JsonNode page = editor.get("/api/articles?page=0&size=20").json();
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(20);
        assertThat(page.get("items").get(0).get("title").asString()).isEqualTo("Kyiv power station hit");
        assertThat(page.get("items").get(0).get("link").asString()).startsWith("https://dispatch.example/articles/");

        JsonNode aviation = editor.get("/api/articles?tag=%23AVIATION").json();
        assertThat(aviation.get("total").asLong()).isEqualTo(1);

        Answer fetched = editor.get("/api/articles/" + id);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().get("author").asString()).isEqualTo("Saif");
    }

    @Test
    void strangersAndWrongPasswordsAreRefusedWith401() {
        ApiClient stranger = ApiClient.anonymous(port);
        Answer anonymous = stranger.get("/api/articles");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        assertThat(anonymous.json().get("status").asInt()).isEqualTo(401);

        assertThat(stranger.as("editor", "wrong").get("/api/articles").status()).isEqualTo(401);
        assertThat(stranger.post("/api/articles", "{\"title\":\"x\",\"tags\":[\"a\"]}").status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from article").query(Long.class).single()).isZero();
    }

    @Test
    void anEditorMayNotUseAdminEndpoints() {
        assertThat(editor.get("/api/admin/stats").status()).isEqualTo(403);
        Answer admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD)
                .get("/api/articles");
        assertThat(admin.status()).isEqualTo(200);
    }

    @Test
    void aSecondArticleWithTheSameUrlIsAConflict() {
        String body = "{\"title\": \"Once\", \"url\": \"https://news.example/once\", \"tags\": [\"a\"]}";
        assertThat(editor.post("/api/articles", body).status()).isEqualTo(201);

        Answer again = editor.post("/api/articles", body);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("https://news.example/once");
        assertThat(jdbc.sql("select count(*) from article").query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void badInputIsA400ThatNamesTheFieldAndStoresNothing() {
        assertRejected("{\"tags\": [\"a\"]}", "title");
        assertRejected("{\"title\": \"" + "x".repeat(301) + "\", \"tags\": [\"a\"]}", "title");
        assertRejected("{\"title\": \"No tags\", \"tags\": []}", "tags");
        assertRejected("{\"title\": \"No tags\"}", "tags");
        assertRejected("{\"title\": \"Bad tag\", \"tags\": [\"not/a/tag\"]}", "tags");
        assertRejected("{\"title\": \"Bad url\", \"url\": \"javascript:alert(1)\", \"tags\": [\"a\"]}", "url");
        assertRejected("{\"title\": \"Bad url\", \"url\": \"ht tp://x\", \"tags\": [\"a\"]}", "url");
        assertRejected("{\"title\": \"Wrong type\", \"tags\": \"aviation\"}", "tags");
        assertRejected("{\"title\": [\"array\"], \"tags\": [\"a\"]}", "title");
        assertRejected("{\"title\": \"Bad date\", \"tags\": [\"a\"], \"publishedAt\": \"yesterday\"}",
                "publishedAt");

        Answer malformed = editor.post("/api/articles", "{\"title\": \"unterminated");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asString()).contains("JSON");

        Answer notJson = editor.send("POST", "/api/articles", "text/plain", "title=x");
        assertThat(notJson.status()).isEqualTo(415);

        assertThat(jdbc.sql("select count(*) from article").query(Long.class).single()).isZero();
    }

    @Test
    void pagingAndIdsOutOfRangeAreAnswered() {
        assertThat(editor.get("/api/articles/999999").status()).isEqualTo(404);
        assertThat(editor.get("/api/articles/abc").status()).isEqualTo(400);
        assertThat(editor.get("/api/articles?size=201").json().get("errors").get(0).get("field").asString())
                .isEqualTo("size");
        assertThat(editor.get("/api/articles?page=-1").status()).isEqualTo(400);
        assertThat(editor.get("/api/articles?page=x").json().get("errors").get(0).get("field").asString())
                .isEqualTo("page");
        assertThat(editor.get("/api/articles?tag=a/b").json().get("errors").get(0).get("field").asString())
                .isEqualTo("tag");
    }

    private void assertRejected(String body, String field) {
        Answer answer = editor.post("/api/articles", body);
        assertThat(answer.status()).as(body).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
        assertThat(problem.get("errors").get(0).get("field").asString()).as(body).isEqualTo(field);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at news.dispatch");
    }
}
