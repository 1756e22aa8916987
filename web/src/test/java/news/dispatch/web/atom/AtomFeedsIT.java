package news.dispatch.web.atom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.Corrections;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Atom feeds as an independent reader parses them: Debian's {@code python3-feedparser} (installed by
 * {@code .ci/run}; the test is skipped only where it is missing) must read them without complaint (bozo 0), with the
 * entries, links, times, categories and corrections Dispatch wrote. And the pages that have a feed announce it.
 */
@DispatchTest
@ResetsDatabase("article")
class AtomFeedsIT {

    private static final String FEEDPARSER = """
            import calendar, json, sys, feedparser
            with open(sys.argv[1], 'rb') as f:
                parsed = feedparser.parse(f.read())
            print(json.dumps({
                'bozo': int(parsed.bozo), 'bozo_exception': str(parsed.get('bozo_exception', '')),
                'version': parsed.version, 'title': parsed.feed.get('title'), 'id': parsed.feed.get('id'),
                'entries': [{'id': e.get('id'), 'title': e.get('title'), 'link': e.get('link'),
                             'summary': e.get('summary'),
                             'content': [c.get('value') for c in e.get('content', [])],
                             'published': calendar.timegm(e.published_parsed) if e.get('published_parsed') else None,
                             'updated': calendar.timegm(e.updated_parsed) if e.get('updated_parsed') else None,
                             'tags': [t.get('term') for t in e.get('tags', [])],
                             'labels': [t.get('label') for t in e.get('tags', [])]}
                            for e in parsed.entries]}))
            """;

    @LocalServerPort
    int port;

    @Autowired
    Articles articles;

    @Autowired
    Tags tags;

    @Autowired
    Corrections corrections;

    @TempDir
    Path dir;

    private Article story(String title, String summary, String url, Instant publishedAt, String... tags) {
        return articles.publish(new NewArticle(title, summary, null, "Saif", url == null ? null : URI.create(url),
                publishedAt, List.of(tags).stream().map(Tag::of).toList()));
    }

    @Test
    void feedparserReadsBothFeedsWithTheirEntriesCategoriesAndCorrections() throws Exception {
        String python = pythonWithFeedparser();
        assumeTrue(python != null, "python3-feedparser is not installed (apt-get install python3-feedparser)");
        String own = "a" + UUID.randomUUID().toString().substring(0, 6);
        Article older = story("Airbus orders <A320> software fix & more", "Airlines rush \u0001to patch 6,000 jets",
                "https://news.example/a320", Instant.parse("2025-11-28T10:00:00Z"), own + "Aviation", own + "Airbus");
        Article newer = story("Kyiv power station hit", null, null, Instant.parse("2025-11-29T15:30:00Z"),
                own + "Ukraine");
        story("Embargoed", null, null, Instant.parse("2999-01-01T00:00:00Z"), own + "Aviation");
        corrections.add(older.id(), "The fix covers 6,000 jets, not 600.", null, "editor",
                Instant.parse("2025-11-30T09:00:00Z"));

        Answer all = ApiClient.anonymous(port).get("/feed.atom");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.header("Content-Type")).startsWith("application/atom+xml");
        JsonNode parsed = feedparser(python, all.body());
        assertThat(parsed.get("bozo").asInt()).as("%s", parsed.get("bozo_exception")).isZero();
        assertThat(parsed.get("version").asString()).isEqualTo("atom10");
        assertThat(parsed.get("id").asString()).isEqualTo("https://dispatch.example/feed.atom");
        JsonNode entries = parsed.get("entries");
        assertThat(entries.size()).isEqualTo(2);
        JsonNode first = entries.get(0);
        assertThat(first.get("title").asString()).isEqualTo("Kyiv power station hit");
        assertThat(first.get("id").asString()).isEqualTo("https://dispatch.example/articles/" + newer.id());
        assertThat(first.get("link").asString()).isEqualTo("https://dispatch.example/articles/" + newer.id());
        assertThat(first.get("published").asLong()).isEqualTo(Instant.parse("2025-11-29T15:30:00Z").getEpochSecond());
        assertThat(first.get("tags").toString()).isEqualTo("[\"" + own + "ukraine\"]");
        JsonNode second = entries.get(1);
        assertThat(second.get("title").asString()).isEqualTo("Airbus orders <A320> software fix & more");
        assertThat(second.get("link").asString()).isEqualTo("https://news.example/a320");
        assertThat(second.get("summary").asString()).isEqualTo("Airlines rush to patch 6,000 jets");
        assertThat(second.get("published").asLong())
                .isEqualTo(Instant.parse("2025-11-28T10:00:00Z").getEpochSecond());
        assertThat(second.get("updated").asLong()).as("moved by its correction")
                .isEqualTo(Instant.parse("2025-11-30T09:00:00Z").getEpochSecond());
        assertThat(second.get("content").toString())
                .contains("Correction (2025-11-30T09:00:00Z): The fix covers 6,000 jets, not 600.");
        assertThat(first.get("content").size()).as("no correction, no content").isZero();
        assertThat(second.get("tags").toString()).isEqualTo("[\"%1$saviation\",\"%1$sairbus\"]".formatted(own));
        assertThat(second.get("labels").toString()).isEqualTo("[\"%1$sAviation\",\"%1$sAirbus\"]".formatted(own));

        Answer tag = ApiClient.anonymous(port).get("/tags/" + own + "aviation/feed.atom");
        JsonNode aviation = feedparser(python, tag.body());
        assertThat(aviation.get("bozo").asInt()).isZero();
        assertThat(aviation.get("title").asString()).isEqualTo("Dispatch: stories on #" + own + "Aviation");
        assertThat(aviation.get("entries").size()).isEqualTo(1);
        assertThat(aviation.get("entries").get(0).get("id").asString())
                .isEqualTo("https://dispatch.example/articles/" + older.id());
    }

    @Test
    void aMergedTagsFeedServesTheTagItWasMergedIntoAndOneWithoutStoriesIsEmpty() {
        String own = "m" + UUID.randomUUID().toString().substring(0, 6);
        story("One", null, null, Instant.parse("2025-11-28T10:00:00Z"), own + "US-Migration");
        story("Two", null, null, Instant.parse("2025-11-28T11:00:00Z"), own + "USMigration");
        tags.merge(TagKey.of(own + "US-Migration"), TagKey.of(own + "USMigration"));

        String feed = ApiClient.anonymous(port).get("/tags/" + own + "us-migration/feed.atom").body();
        assertThat(feed).contains("<title>One</title>", "<title>Two</title>",
                "https://dispatch.example/tags/" + own + "usmigration/feed.atom");
        // As its page says "no stories here yet" and links it: a reader may subscribe before the first story.
        Answer noStoriesYet = ApiClient.anonymous(port).get("/tags/" + own + "nothing/feed.atom");
        assertThat(noStoriesYet.status()).isEqualTo(200);
        assertThat(noStoriesYet.body()).contains("<title>Dispatch: stories on #" + own + "nothing</title>")
                .doesNotContain("<entry>");
        Answer notATag = ApiClient.anonymous(port).get("/tags/%3Cscript%3E/feed.atom");
        assertThat(notATag.status()).isEqualTo(404);
        assertThat(notATag.header("Content-Type")).startsWith("application/problem+json");
        assertThat(notATag.json().path("status").asInt()).isEqualTo(404);
    }

    /** Anybody may guess a tag: one only stories under embargo carry looks like one nobody used, feed and page. */
    @Test
    void aTagOnlyAStoryUnderEmbargoCarriesLooksUnknown() {
        String own = "e" + UUID.randomUUID().toString().substring(0, 6);
        story("Acme buys Globex", null, null, Instant.parse("2099-06-01T00:00:00Z"), own + "AcmeBuysGlobex");

        String asked = own + "acmebuysglobex";
        Answer feed = ApiClient.anonymous(port).get("/tags/" + asked + "/feed.atom");
        assertThat(feed.status()).isEqualTo(200);
        assertThat(feed.body()).contains("<title>Dispatch: stories on #" + asked + "</title>")
                .doesNotContain("AcmeBuysGlobex", "Acme buys Globex");
        Answer page = ApiClient.anonymous(port).get("/articles?tag=" + asked);
        assertThat(page.body()).contains("Stories on #" + asked).doesNotContain("AcmeBuysGlobex", "Acme buys Globex");

        Answer tooLong = ApiClient.anonymous(port).get("/tags/" + "a".repeat(2_500) + "/feed.atom");
        assertThat(tooLong.status()).isEqualTo(404);
        assertThat(tooLong.json().path("detail").asString()).hasSizeLessThan(100);
    }

    @Test
    void theFrontPageAndATagsPageLinkTheirFeeds() {
        String own = "f" + UUID.randomUUID().toString().substring(0, 6);
        story("One", null, null, Instant.parse("2025-11-28T10:00:00Z"), own + "Rail");

        assertThat(ApiClient.anonymous(port).get("/").body())
                .contains("<link rel=\"alternate\" type=\"application/atom+xml\"", "href=\"/feed.atom\"");
        Answer page = ApiClient.anonymous(port).get("/tags/" + own + "rail");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Stories on #" + own + "Rail", "<link rel=\"alternate\" "
                + "type=\"application/atom+xml\"", "href=\"/tags/" + own + "rail/feed.atom\"", "One");
    }

    private JsonNode feedparser(String python, String feed) throws IOException, InterruptedException {
        Path file = dir.resolve(UUID.randomUUID() + ".xml");
        Files.writeString(file, feed, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(python, "-c", FEEDPARSER, file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("feedparser ran").isZero();
        return JsonMapper.builder().build().readTree(out);
    }

    private static String pythonWithFeedparser() throws InterruptedException {
        for (String python : List.of("/usr/bin/python3", "python3")) {
            try {
                Process check = new ProcessBuilder(python, "-c", "import feedparser").redirectErrorStream(true)
                        .start();
                check.getInputStream().readAllBytes();
                if (check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // Not this one.
            }
        }
        return null;
    }
}
