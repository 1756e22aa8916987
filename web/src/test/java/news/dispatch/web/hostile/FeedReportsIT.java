package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import news.dispatch.web.ApiClient;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What admins are told about feeds that misbehave: absurd dates put right and counted, a flood taken a few entries at
 * a time, and the errors of feeds that attack their reader or lead inside, on the feeds page.
 */
@HostileTest
class FeedReportsIT {

    @LocalServerPort
    int port;

    @Autowired
    HostileTest.HostileFeeds feeds;

    @Autowired
    Accounts accounts;

    @AfterEach
    void quiet() {
        feeds.quiet();
    }

    @Test
    void absurdDatesReachTheApiAsTheTimeOfThePollInIso8601AndTheFeedCountsThem() {
        feeds.serveNewsroom(rss(item("Far future", "urn:dates:future", "FeedDates", "Sat, 01 Jan 99999 00:00:00 GMT")
                + item("Long ago", "urn:dates:past", "FeedDates", "Mon, 01 Jan 1900 00:00:00 GMT")
                + item("Sensible", "urn:dates:sensible", "FeedDates", "Sat, 29 Nov 2025 14:23:00 GMT")));

        JsonNode newsroom = newsroom(admin().post("/api/admin/feeds/poll", ""));

        assertThat(newsroom.get("lastError").isNull()).as(newsroom.toString()).isTrue();
        assertThat(newsroom.get("clampedDates").asInt()).as(newsroom.toString()).isEqualTo(2);
        List<String> published = new ArrayList<>();
        admin().get("/api/articles?tag=FeedDates").json().get("items")
                .forEach(article -> published.add(article.get("title").asString() + " "
                        + article.get("publishedAt").asString()));
        String polledAt = newsroom.get("lastPolledAt").asString();
        assertThat(polledAt).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(published).containsExactlyInAnyOrder("Far future " + polledAt, "Long ago " + polledAt,
                "Sensible 2025-11-29T14:23:00Z");
    }

    @Test
    void aFloodIsTakenAFewEntriesAtATimeAndTheFeedsPageSaysWhatWaitsAndWhatFailed() {
        int flood = HostileTest.MAX_NEW_PER_POLL + 3;
        feeds.serveNewsroom(rss(IntStream.rangeClosed(1, flood)
                .mapToObj(i -> item("Flood " + i, "urn:flood:" + i, "FeedFlood", null))
                .collect(Collectors.joining())));

        JsonNode newsroom = newsroom(admin().post("/api/admin/feeds/poll", ""));

        assertThat(newsroom.get("dropped").asInt()).isEqualTo(3);
        assertThat(newsroom.get("dropReason").asString())
                .isEqualTo("more than 5 new entries in one poll: the other 3 wait for the next poll");
        assertThat(admin().get("/api/articles?tag=FeedFlood").json().get("total").asInt())
                .isEqualTo(HostileTest.MAX_NEW_PER_POLL);

        String page = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD)
                .get("/admin/feeds").body();
        assertThat(page).contains("3 entries (last reason: more than 5 new entries in one poll: the other 3 wait")
                .contains("not a readable RSS or Atom feed: elements nested more than 64 levels deep")
                .contains("refused: 127.0.0.2 is a loopback address (redirected there from 127.0.0.1)");

        accounts.save("feeds-editor", "feeds-editor-password", Role.EDITOR);
        Browser editor = new Browser(port).signedInAs("feeds-editor", "feeds-editor-password");
        String editors = editor.get("/editor/articles").body();
        assertThat(editors).as("the editors' menu").contains("<a href=\"/editor/feeds\"")
                .doesNotContain("/admin/feeds");
        assertThat(editor.get("/editor/feeds").body()).as("what the admins see, without their switches")
                .contains("3 entries (last reason: more than 5 new entries in one poll: the other 3 wait")
                .contains("refused: 127.0.0.2 is a loopback address (redirected there from 127.0.0.1)")
                .doesNotContain("Poll all now", "Turn off", "Turn on");
        assertThat(editor.get("/admin/feeds").status()).isEqualTo(403);

        admin().post("/api/admin/feeds/poll", "");
        assertThat(admin().get("/api/articles?tag=FeedFlood").json().get("total").asInt()).isEqualTo(flood);
    }

    @Test
    void everyPollSaysWhatItTookSkippedAndLeftUndatedOnTheApiAndThePage() {
        feeds.serveNewsroom(rss(item("Recorded story", "urn:record:1", "FeedRecord", "Sat, 29 Nov 2025 14:23:00 GMT")
                + item("Recorded, undated", "urn:record:2", "FeedRecord", null)
                + "<item><title>No tag here</title><link>https://news.example/untagged</link></item>"
                + "<item><title>Plain a&lt;b and c&gt;d #FeedRecord</title><guid>urn:record:3</guid></item>"));

        JsonNode newsroom = newsroom(admin().post("/api/admin/feeds/poll", ""));
        JsonNode lastPoll = newsroom.get("lastPoll");

        assertThat(lastPoll.get("taken").asInt()).as(lastPoll.toString()).isEqualTo(3);
        assertThat(lastPoll.get("skipped").get("an entry without a usable tag").asInt()).isEqualTo(1);
        assertThat(lastPoll.get("undated").asInt()).isEqualTo(2);
        assertThat(lastPoll.get("failed").asInt()).isZero();
        assertThat(lastPoll.get("readAt").asString()).isEqualTo(newsroom.get("lastPolledAt").asString());
        List<String> titles = new ArrayList<>();
        admin().get("/api/articles?tag=FeedRecord").json().get("items")
                .forEach(article -> titles.add(article.get("title").asString()));
        assertThat(titles).contains("Plain a<b and c>d #FeedRecord");
        String page = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD)
                .get("/admin/feeds").body();
        assertThat(page).contains("3 new stories").contains("1 skipped: an entry without a usable tag")
                .contains("2 undated, placed when first seen");
    }

    @Test
    void aFeedMovedForGoodTellsTheAdminWhereToPointIt() {
        JsonNode moved = null;
        for (JsonNode status : admin().post("/api/admin/feeds/poll", "").json()) {
            if (status.get("url").asString().endsWith(HostileTest.MOVED)) {
                moved = status;
            }
        }
        assertThat(moved).isNotNull();
        assertThat(moved.get("movedTo").asString()).isEqualTo(feeds.base() + "/moved-here");
        assertThat(moved.get("lastError").isNull()).as("it is read where it went").isTrue();
        String page = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD)
                .get("/admin/feeds").body();
        assertThat(page).contains("Moved for good to <code>" + feeds.base() + "/moved-here</code>");
    }

    private ApiClient admin() {
        return ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    private static JsonNode newsroom(ApiClient.Answer polled) {
        assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
        for (JsonNode status : polled.json()) {
            if (status.get("url").asString().endsWith("/newsroom")) {
                return status;
            }
        }
        throw new AssertionError("the newsroom feed is not polled: " + polled);
    }

    private static String rss(String items) {
        return "<rss version=\"2.0\"><channel><title>Newsroom</title>" + items + "</channel></rss>";
    }

    private static String item(String title, String guid, String tag, String date) {
        return "<item><title>" + title + "</title><link>https://news.example/" + guid.replace(':', '-') + "</link>"
                + "<guid>" + guid + "</guid><category>" + tag + "</category>"
                + (date == null ? "" : "<pubDate>" + date + "</pubDate>") + "</item>";
    }
}
