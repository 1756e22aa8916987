package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.Confirmations;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.ApiClient;
import news.dispatch.web.Browser;
import news.dispatch.web.Browser.Page;
import news.dispatch.web.DispatchTest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an attacker, a broken client or a clumsy spreadsheet sends: across the JSON API, the readers' forms, CSV
 * import, feeds and readers' links. Every case is refused with a 4xx (a problem detail from the API, a page with the
 * mistake from the forms), never a 500 or a stack trace, and stores or changes nothing: the rows of every table a
 * request could write are the same before and after.
 */
@HostileTest
@ResetsDatabase({"delivery", "subscriber", "article"})
class HostileInputIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SIGN_UP = "/api/subscriptions";
    private static final String ARTICLES = "/api/articles";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Confirmations confirmations;

    @Autowired
    MutableClock clock;

    ApiClient anonymous;
    ApiClient admin;
    Subscriber reader;
    String preferences;
    String unsubscribe;
    long articleId;

    @BeforeEach
    void setUp() {
        anonymous = ApiClient.anonymous(port);
        admin = anonymous.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        reader = subscribers.add(EmailAddress.of("reader@example.com"), new Preferences(List.of(Tag.of("Aviation")),
                Frequency.DAILY, ZoneOffset.UTC, farHour(), true), SubscriberStatus.ACTIVE);
        preferences = subscribers.linkToken(reader, LinkPurpose.PREFERENCES);
        unsubscribe = subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE);
        var published = admin.post(ARTICLES, """
                {"title": "Airbus orders A320 software fix", "tags": ["Aviation"]}""");
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        articleId = published.json().get("id").asLong();
    }

    /** An hour half a day away, so the running schedule leaves the readers alone. */
    private int farHour() {
        return (clock.instant().atZone(ZoneOffset.UTC).getHour() + 12) % 24;
    }

    @TestFactory
    Stream<DynamicTest> theArticlesApiRefusesWhatItCannotStore() {
        return cases(
                api("malformed JSON", () -> admin.post(ARTICLES, "{\"title\": \"Broken\", \"tags\": [\"a\""), 400),
                api("a JSON array where an object belongs", () -> admin.post(ARTICLES, "[\"title\", \"tags\"]"), 400),
                api("an empty body", () -> admin.post(ARTICLES, ""), 400),
                api("the title as an object", () -> admin.post(ARTICLES,
                        "{\"title\": {\"$ne\": 1}, \"tags\": [\"a\"]}"), 400),
                api("tags as a string, not a list", () -> admin.post(ARTICLES,
                        "{\"title\": \"Tags\", \"tags\": \"aviation\"}"), 400),
                api("a title of 301 characters", () -> admin.post(ARTICLES, article("x".repeat(301), "a")), 400),
                api("a summary of 2,001 characters", () -> admin.post(ARTICLES,
                        "{\"title\": \"Long\", \"summary\": \"" + "s".repeat(2001) + "\", \"tags\": [\"a\"]}"), 400),
                api("an author of 201 characters", () -> admin.post(ARTICLES,
                        "{\"title\": \"Long\", \"author\": \"" + "a".repeat(201) + "\", \"tags\": [\"a\"]}"), 400),
                api("five thousand tags", () -> admin.post(ARTICLES, article("Tags", manyTags(5000))), 400),
                api("a tag of 2,500 characters", () -> admin.post(ARTICLES, article("Long tag", "a".repeat(2_500))),
                        400),
                api("a tag that is a script", () -> admin.post(ARTICLES,
                        article("Script", "<script>alert(1)</script>")), 400),
                api("a tag that is SQL", () -> admin.post(ARTICLES, article("Sql", "x'); drop table article;--")),
                        400),
                api("a javascript: url", () -> admin.post(ARTICLES,
                        "{\"title\": \"Url\", \"url\": \"javascript:alert(1)\", \"tags\": [\"a\"]}"), 400),
                api("a file: url", () -> admin.post(ARTICLES,
                        "{\"title\": \"Url\", \"url\": \"file:///etc/passwd\", \"tags\": [\"a\"]}"), 400),
                api("a publishedAt that is not a time", () -> admin.post(ARTICLES,
                        "{\"title\": \"Time\", \"publishedAt\": \"yesterday\", \"tags\": [\"a\"]}"), 400),
                api("invalid UTF-8", () -> admin.send("POST", ARTICLES, "application/json",
                        bytes("{\"title\": \"", new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF},
                                "\", \"tags\": [\"a\"]}")), 400),
                api("JSON nested ten thousand deep", () -> admin.post(ARTICLES,
                        "{\"title\": \"Deep\", \"tags\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}"), 400),
                api("a body that is not JSON", () -> admin.send("POST", ARTICLES, "text/plain", "title=x"), 415),
                api("a body over the size limit", () -> admin.post(ARTICLES,
                        article("Huge", "a").replace("\"Huge\"", "\"Huge\", \"body\": \""
                                + "x".repeat(3 * 1024 * 1024) + "\"")), 413));
    }

    @TestFactory
    Stream<DynamicTest> pagingAndIdsAreCheckedBeforeAnyQuery() {
        return cases(
                api("a negative page", () -> admin.get(ARTICLES + "?page=-1"), 400),
                api("a page size of zero", () -> admin.get(ARTICLES + "?size=0"), 400),
                api("a page size over 200", () -> admin.get(ARTICLES + "?size=201"), 400),
                api("a page that is not a number", () -> admin.get(ARTICLES + "?page=abc"), 400),
                api("a page past the largest integer", () -> admin.get(ARTICLES + "?page=99999999999999999999"),
                        400),
                api("a tag filter that is SQL", () -> admin.get(ARTICLES + "?tag=%27%20OR%201%3D1--"), 400),
                api("an id that is not a number", () -> admin.get(ARTICLES + "/1e3"), 400),
                api("an id past the largest long", () -> admin.get(ARTICLES + "/99999999999999999999"), 400),
                api("an id that does not exist", () -> admin.get(ARTICLES + "/-1"), 404),
                api("an id with an encoded path", () -> admin.get(ARTICLES + "/..%2F..%2Fadmin%2Fstats"), 400),
                api("an id with a matrix parameter", () -> admin.get(ARTICLES + "/1;drop"), 400),
                api("an id with a dot-dot segment", () -> admin.get("/api/preferences/%2E%2E/x"), 400),
                api("an unknown status filter", () -> admin.get("/api/admin/subscribers?status=ROOT"), 400),
                api("a sort that is SQL", () -> admin.get("/api/admin/subscribers?sort=id;drop%20table%20x"), 400),
                api("an unknown delivery kind", () -> admin.get("/api/admin/deliveries?kind=SPAM"), 400),
                api("an unknown digest frequency", () -> admin.post("/api/admin/digests/run",
                        "{\"frequency\": \"HOURLY\"}"), 400),
                api("a subscriber id that is not a number", () -> admin.delete("/api/admin/subscribers/abc"), 400),
                api("a delivery that does not exist", () -> admin.post("/api/admin/deliveries/999999/retry", ""),
                        404));
    }

    @TestFactory
    Stream<DynamicTest> aSignUpStoresNothingItCannotUse() {
        return cases(
                api("an email that is a script", () -> anonymous.post(SIGN_UP,
                        signUp("<script>alert(1)</script>@example.com", "Aviation")), 400),
                api("an email with CR/LF and a Bcc header", () -> anonymous.post(SIGN_UP,
                        signUp("anna@example.com\\r\\nBcc: victim@example.com", "Aviation")), 400),
                api("two addresses in one", () -> anonymous.post(SIGN_UP,
                        signUp("anna@example.com, victim@example.com", "Aviation")), 400),
                api("a display name with an encoded word", () -> anonymous.post(SIGN_UP,
                        signUp("=?utf-8?q?Anna=0D=0ABcc:victim@example.com?= <anna@example.com>", "Aviation")),
                        400),
                api("an email of 300 characters", () -> anonymous.post(SIGN_UP,
                        signUp("a".repeat(288) + "@example.com", "Aviation")), 400),
                api("an email that is SQL", () -> anonymous.post(SIGN_UP,
                        signUp("' OR '1'='1'; --@example.com", "Aviation")), 400),
                api("51 tags", () -> anonymous.post(SIGN_UP, signUp("anna@example.com", manyTags(51))), 400),
                api("ten thousand tags", () -> anonymous.post(SIGN_UP,
                        signUp("anna@example.com", manyTags(10_000))), 400),
                api("an unknown frequency", () -> anonymous.post(SIGN_UP,
                        "{\"email\": \"anna@example.com\", \"tags\": [\"a\"], \"frequency\": \"HOURLY\"}"), 400),
                api("a send hour of 24", () -> anonymous.post(SIGN_UP,
                        "{\"email\": \"anna@example.com\", \"tags\": [\"a\"], \"sendHour\": 24}"), 400),
                api("a send hour that is a word", () -> anonymous.post(SIGN_UP,
                        "{\"email\": \"anna@example.com\", \"tags\": [\"a\"], \"sendHour\": \"seven\"}"), 400),
                api("a send hour of 1e400", () -> anonymous.post(SIGN_UP,
                        "{\"email\": \"anna@example.com\", \"tags\": [\"a\"], \"sendHour\": 1e400}"), 400),
                api("alerts as a word", () -> anonymous.post(SIGN_UP,
                        "{\"email\": \"anna@example.com\", \"tags\": [\"a\"], \"alerts\": \"maybe\"}"), 400),
                api("a time zone that is a path", () -> anonymous.post(SIGN_UP,
                        "{\"email\": \"anna@example.com\", \"tags\": [\"a\"], \"timezone\": \"../../etc/passwd\"}"),
                        400),
                api("invalid UTF-8 in the email", () -> anonymous.send("POST", SIGN_UP, "application/json",
                        bytes("{\"email\": \"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                "@example.com\", \"tags\": [\"a\"]}")), 400),
                api("a null email", () -> anonymous.post(SIGN_UP, "{\"email\": null, \"tags\": [\"a\"]}"), 400),
                api("a null in the tags", () -> anonymous.post(SIGN_UP,
                        "{\"email\": \"anna@example.com\", \"tags\": [null]}"), 400),
                api("a tag of 2,500 characters", () -> anonymous.post(SIGN_UP,
                        signUp("anna@example.com", "a".repeat(2_500))), 400));
    }

    @TestFactory
    Stream<DynamicTest> readersLinksAnswerGuessesAlikeAndChangeNothing() {
        String confirmation = spentConfirmation();
        return cases(
                api("a guessed preferences token", () -> anonymous.get("/api/preferences/" + guess()), 404),
                api("a truncated preferences token", () -> anonymous.get("/api/preferences/"
                        + preferences.substring(0, preferences.length() - 1)), 404),
                api("a preferences token with one character changed", () -> anonymous.get("/api/preferences/"
                        + flipLast(preferences)), 404),
                api("the unsubscribe token used for preferences", () -> anonymous.get("/api/preferences/"
                        + unsubscribe), 404),
                api("a preferences token that is SQL", () -> anonymous.get("/api/preferences/"
                        + "%27%20OR%20%271%27%3D%271"), 404),
                api("a preferences token of 5,000 characters", () -> anonymous.get("/api/preferences/"
                        + "A".repeat(5_000)), 404),
                api("a guessed unsubscribe token, one click", () -> anonymous.send("POST", "/unsubscribe/" + guess(),
                        "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click"), 404),
                api("a guessed confirmation token", () -> anonymous.post("/api/subscriptions/confirm",
                        "{\"token\": \"" + guess() + "\"}"), 404),
                api("a confirmation token spent on an earlier sign-up", () -> anonymous.post(
                        "/api/subscriptions/confirm", "{\"token\": \"" + confirmation + "\"}"), 404),
                api("a confirmation token as a number", () -> anonymous.post("/api/subscriptions/confirm",
                        "{\"token\": 12345}"), 400, 404),
                api("an empty confirmation token", () -> anonymous.post("/api/subscriptions/confirm",
                        "{\"token\": \"\"}"), 400),
                api("new preferences with a tag that is a script", () -> anonymous.send("PUT",
                        "/api/preferences/" + preferences, "application/json",
                        "{\"tags\": [\"<img src=x onerror=alert(1)>\"]}"), 400),
                api("new preferences with a quiet hour that is a word", () -> anonymous.send("PUT",
                        "/api/preferences/" + preferences, "application/json", "{\"quietFrom\": \"night\"}"), 400),
                api("new preferences that try to change the status", () -> anonymous.send("PUT",
                        "/api/preferences/" + preferences, "application/json",
                        "{\"status\": \"SUSPENDED\", \"frequency\": \"MONTHLY\"}"), 400),
                api("a pause that is an object", () -> anonymous.send("PUT", "/api/preferences/" + preferences,
                        "application/json", "{\"pausedUntil\": {\"a\": 1}}"), 400),
                api("a pause that is a list", () -> anonymous.send("PUT", "/api/preferences/" + preferences,
                        "application/json", "{\"pausedUntil\": []}"), 400),
                api("an admin's pause that is an object", () -> admin.send("PATCH", "/api/admin/subscribers/"
                        + reader.id(), "application/json", "{\"pausedUntil\": {\"nodeType\": \"STRING\"}}"), 400));
    }

    @Test
    void everyUnknownLinkGetsTheSameAnswerWhateverWasWrongWithIt() {
        String spent = spentConfirmation();
        List<String> details = Stream.of(
                        anonymous.post("/api/subscriptions/confirm", "{\"token\": \"" + guess() + "\"}"),
                        anonymous.post("/api/subscriptions/confirm", "{\"token\": \"" + spent + "\"}"),
                        anonymous.post("/api/subscriptions/confirm", "{\"token\": \""
                                + spent.substring(0, 20) + "\"}"))
                .map(HostileInputIT::statusAndDetail)
                .distinct().toList();
        assertThat(details).hasSize(1);
        assertThat(details.get(0)).startsWith("404 ");

        List<String> links = Stream.of(guess(), preferences.substring(0, 30), flipLast(preferences), unsubscribe)
                .map(token -> anonymous.get("/api/preferences/" + token))
                .map(HostileInputIT::statusAndDetail)
                .distinct().toList();
        assertThat(links).hasSize(1);
        assertThat(links.get(0)).startsWith("404 ");
    }

    @TestFactory
    Stream<DynamicTest> aCsvImportTakesNothingFromABadFile() {
        String importing = "/api/admin/subscribers/import";
        return cases(
                api("a file without the header", () -> admin.send("POST", importing, "text/csv",
                        "anna@example.com,Aviation,DAILY\n"), 400),
                api("a file in Latin-1", () -> admin.send("POST", importing, "text/csv",
                        "email,tags\nren\u00e9@example.com,Aviation\n".getBytes(StandardCharsets.ISO_8859_1)), 400),
                api("a header of a million columns", () -> admin.send("POST", importing, "text/csv",
                        "email,tags" + ",x".repeat(1_000_000) + "\nanna@example.com,Aviation\n"), 400),
                api("a file that is JSON", () -> admin.send("POST", importing, "application/json",
                        "{\"email\": \"anna@example.com\"}"), 415),
                api("an unknown status for new addresses", () -> admin.send("POST", importing + "?status=ADMIN",
                        "text/csv", "email,tags\nanna@example.com,Aviation\n"), 400),
                api("a file over the size limit", () -> admin.send("POST", importing, "text/csv",
                        "email,tags\n" + "anna@example.com,Aviation\n".repeat(100_000)), 413));
    }

    @TestFactory
    Stream<DynamicTest> aCsvImportReportsAndSkipsEveryBadLine() {
        return Stream.of(
                        csvLine("a line of a million columns", "anna@example.com,Aviation" + ",x".repeat(1_000_000)),
                        csvLine("an address that is a script", "<script>alert(1)</script>@example.com,Aviation"),
                        csvLine("an address with a line break inside quotes",
                                "\"anna@example.com\nBcc: victim@example.com\",Aviation"),
                        csvLine("an address that is SQL", "\"' OR 1=1; --\"@example.com,Aviation"),
                        csvLine("a tag that is a formula", "anna@example.com,=HYPERLINK(\"http://evil\")"),
                        csvLine("a thousand tags", "anna@example.com," + manyTags(1000).replace("\"", "")
                                .replace(", ", ";")),
                        csvLine("a quote left open", "\"anna@example.com,Aviation"))
                .map(line -> DynamicTest.dynamicTest(line.name(), () -> {
                    String before = rows();
                    var answer = admin.send("POST", "/api/admin/subscribers/import", "text/csv",
                            "\uFEFFemail,tags\r\n" + line.text() + "\r\n");
                    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
                    JsonNode report = answer.json();
                    assertThat(report.get("imported").asInt()).isZero();
                    assertThat(report.get("updated").asInt()).isZero();
                    assertThat(report.get("rejected").get(0).get("line").asInt()).isEqualTo(2);
                    assertThat(rows()).as("nothing stored").isEqualTo(before);
                }));
    }

    @TestFactory
    Stream<DynamicTest> theReadersFormsShowTheMistakeAndStoreNothing() {
        return cases(
                page("an email that is a script", () -> signUpForm("email", "\"><script>alert(1)</script>",
                        "tags", "Aviation"), 400),
                page("an email with CR/LF and a Bcc header", () -> signUpForm("email",
                        "anna@example.com\r\nBcc: victim@example.com", "tags", "Aviation"), 400),
                page("typed tags that are a script", () -> signUpForm("email", "anna@example.com",
                        "moreTags", "<svg onload=alert(1)>"), 400),
                page("five thousand ticked tags", () -> signUpForm(Stream.concat(Stream.of("email",
                        "anna@example.com"), IntStream.range(0, 5000).boxed()
                        .flatMap(i -> Stream.of("tags", "tag" + i))).toArray(String[]::new)), 400),
                page("a send hour that is a word", () -> signUpForm("email", "anna@example.com", "tags", "Aviation",
                        "sendHour", "seven"), 400),
                page("an unknown frequency", () -> signUpForm("email", "anna@example.com", "tags", "Aviation",
                        "frequency", "HOURLY"), 400),
                page("a form without its CSRF token", () -> new Browser(port).post("/subscribe", "email",
                        "anna@example.com", "tags", "Aviation"), 403),
                page("new preferences with a time zone that is a script", () -> preferencesForm("tags", "Aviation",
                        "timezone", "<script>alert(1)</script>"), 400),
                page("a guessed preferences link", () -> new Browser(port).get("/preferences/" + guess()), 404),
                page("a guessed confirmation link", () -> new Browser(port).get("/confirm/" + guess()), 404),
                api("a guessed data download", () -> anonymous.get("/preferences/" + guess() + "/data"), 404),
                page("a story id that is a path", () -> new Browser(port).get("/articles/..%2F..%2Fadmin"), 400,
                        404),
                page("typed tags of 2,500 characters", () -> signUpForm("email", "anna@example.com",
                        "moreTags", "a".repeat(2_500)), 400),
                page("a tag's stories by a tag of 2,500 characters", () -> new Browser(port).get("/articles?tag="
                        + "a-".repeat(1_250)), 404),
                api("a tag's feed by a tag of 2,500 characters", () -> anonymous.get("/tags/" + "a".repeat(2_500)
                        + "/feed.atom"), 404));
    }

    @TestFactory
    Stream<DynamicTest> feedsThatAttackTheirReaderAreRecordedAndGiveNothing() {
        return Stream.concat(HostileTest.FEEDS.keySet().stream().sorted(), HostileTest.INSIDE.stream())
                .map(path -> DynamicTest.dynamicTest(path, () -> {
                String before = rows();
                var polled = admin.post("/api/admin/feeds/poll", "");
                assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
                JsonNode feed = null;
                for (JsonNode status : polled.json()) {
                    if (status.get("url").asString().endsWith(path)) {
                        feed = status;
                    }
                }
                assertThat(feed).as("the feed %s is polled", path).isNotNull();
                if (path.equals("/external-dtd")) {
                    // A DOCTYPE is only a declaration: the feed is read, and its DTD never fetched.
                    assertThat(feed.get("lastError").isNull()).as(feed.toString()).isTrue();
                } else {
                    assertThat(feed.get("lastError").asString()).isNotBlank().doesNotContain("root:");
                }
                if (HostileTest.INSIDE.contains(path)) {
                    assertThat(feed.get("lastError").asString()).startsWith("refused: ")
                            .contains("a loopback address");
                }
                assertThat(feed.get("articles").asInt()).isZero();
                assertThat(rows()).as("nothing stored").isEqualTo(before);
            }));
    }

    private static String statusAndDetail(ApiClient.Answer answer) {
        return answer.status() + " " + answer.json().get("detail").asString();
    }

    // --- the cases and what each must hold to

    /** A request, and the 4xx statuses it may be answered with (the first is the one expected). */
    private record Case(String name, Supplier<HttpResponse<String>> request, boolean page, int... statuses) {
    }

    private record CsvLine(String name, String text) {
    }

    private static CsvLine csvLine(String name, String text) {
        return new CsvLine(name, text);
    }

    private static Case api(String name, Supplier<ApiClient.Answer> request, int... statuses) {
        return new Case(name, () -> request.get().response(), false, statuses);
    }

    private static Case page(String name, Supplier<Page> request, int... statuses) {
        return new Case(name, () -> request.get().response(), true, statuses);
    }

    private Stream<DynamicTest> cases(Case... cases) {
        return Arrays.stream(cases).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            // A new day: every rate limit has refilled, so each case meets only its own rule.
            clock.advance(Duration.ofDays(1));
            String before = rows();
            HttpResponse<String> answer = c.request().get();
            String body = answer.body();
            String type = answer.headers().firstValue("Content-Type").orElse("");

            assertThat(answer.statusCode()).as("%s%n%s", c.name(), abbreviated(body))
                    .isIn(Arrays.stream(c.statuses()).boxed().toList());
            assertThat(body).as("no stack trace").doesNotContain("Exception", "\tat ", "at news.dispatch",
                    "at org.springframework", "at java.");
            if (c.page()) {
                if (answer.statusCode() != 403) {
                    assertThat(type).startsWith("text/html");
                    assertThat(body).doesNotContain("<script>alert", "<svg onload", "<img src=x");
                }
            } else {
                assertThat(type).as(abbreviated(body)).startsWith("application/problem+json");
                JsonNode problem = JSON.readTree(body);
                assertThat(problem.get("status").asInt()).isEqualTo(answer.statusCode());
                assertThat(problem.get("title").asString()).isNotBlank();
                assertThat(problem.get("detail").asString()).isNotBlank().hasSizeLessThan(500);
            }
            assertThat(rows()).as("nothing stored or changed").isEqualTo(before);
        }));
    }

    /** Every row a request could have written or changed, as text. */
    private String rows() {
        return Stream.of(
                        "select id, email, status, frequency, timezone, send_hour, alerts, quiet_from, quiet_until, "
                                + "link_generation, preferences_token_hash, updated_at from subscriber order by id",
                        "select * from subscriber_tag order by 1, 2",
                        "select token_hash, subscriber_id, used_at from confirmation order by 1",
                        "select id, title, summary, author, url from article order by id",
                        "select * from article_tag order by 1, 2",
                        "select tag_key, label from tag order by 1",
                        // The schedule ticks beside the cases: a digest it queues (the reader's first, late by the
                        // days the cases move the clock) is none of the input's doing.
                        "select id, kind, subscriber_id, recipient, content from delivery where kind <> 'DIGEST' "
                                + "order by id",
                        "select count(*) from erasure",
                        "select count(*) from alert",
                        "select username from account order by 1")
                .map(sql -> jdbc.sql(sql).query().listOfRows().toString())
                .collect(Collectors.joining("\n"));
    }

    // --- building hostile requests

    private static String article(String title, String... tags) {
        return "{\"title\": \"" + title + "\", \"tags\": [" + Arrays.stream(tags)
                .map(tag -> tag.startsWith("\"") ? tag : "\"" + tag.replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ")) + "]}";
    }

    private static String manyTags(int count) {
        return IntStream.range(0, count).mapToObj(i -> "\"tag" + i + "\"").collect(Collectors.joining(", "));
    }

    private static String signUp(String email, String tags) {
        return "{\"email\": \"" + email + "\", \"tags\": ["
                + (tags.startsWith("\"") ? tags : "\"" + tags + "\"") + "]}";
    }

    private static byte[] bytes(String before, byte[] invalid, String after) {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + invalid.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(invalid, 0, all, head.length, invalid.length);
        System.arraycopy(tail, 0, all, head.length + invalid.length, tail.length);
        return all;
    }

    private Page signUpForm(String... fields) {
        Browser browser = new Browser(port);
        String csrf = browser.get("/subscribe").csrf();
        List<String> all = new ArrayList<>(List.of(fields));
        all.addAll(List.of("_csrf", csrf));
        return browser.post("/subscribe", all.toArray(String[]::new));
    }

    private Page preferencesForm(String... fields) {
        Browser browser = new Browser(port);
        String csrf = browser.get("/preferences/" + preferences).csrf();
        List<String> all = new ArrayList<>(List.of(fields));
        all.addAll(List.of("_csrf", csrf));
        return browser.post("/preferences/" + preferences, all.toArray(String[]::new));
    }

    /** A token of the right shape that nobody was given. */
    private static String guess() {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String flipLast(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    /** A confirmation link that confirmed a sign-up once, for a reader who left since. */
    private String spentConfirmation() {
        Subscriber left = subscribers.add(EmailAddress.of("left@example.com"), new Preferences(
                List.of(Tag.of("Aviation")), Frequency.DAILY, ZoneOffset.UTC, farHour(), true),
                SubscriberStatus.PENDING);
        Instant now = clock.instant();
        String token = confirmations.issue(left, now, now.plus(Duration.ofDays(7)));
        assertThat(anonymous.post("/api/subscriptions/confirm", "{\"token\": \"" + token + "\"}").status())
                .isEqualTo(200);
        subscribers.update(subscribers.find(left.id()).orElseThrow().unsubscribe());
        return token;
    }

    private static String abbreviated(String body) {
        return body == null || body.length() < 2000 ? body : body.substring(0, 2000) + "…";
    }
}
