package news.dispatch.core.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import news.dispatch.core.CoreTestApplication;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
import news.dispatch.core.testing.ResetsDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

@SpringBootTest(classes = CoreTestApplication.class)
@ResetsDatabase("article")
@RecordApplicationEvents
class ArticlesIT {

    @Autowired
    ApplicationEvents events;

    @Autowired
    Articles articles;

    @Autowired
    Tags tags;

    @Autowired
    JdbcClient jdbc;

    private static NewArticle story(String title, String url, Instant publishedAt, String... tags) {
        return new NewArticle(title, "A summary", "The body", "Saif", url == null ? null : URI.create(url),
                publishedAt, List.of(tags).stream().map(Tag::of).toList());
    }

    @Test
    void aTitleSummaryAndAuthorAtTheirLimitsInEmojiAreStoredWhole() {
        String rocket = "\uD83D\uDE80";
        Article stored = articles.publish(new NewArticle(rocket.repeat(NewArticle.MAX_TITLE),
                rocket.repeat(NewArticle.MAX_SUMMARY), null, rocket.repeat(NewArticle.MAX_AUTHOR), null,
                Instant.parse("2025-11-28T10:00:00Z"), List.of(Tag.of("#Launches"))));

        Article found = articles.find(stored.id()).orElseThrow();
        assertThat(found.title()).isEqualTo(rocket.repeat(NewArticle.MAX_TITLE));
        assertThat(found.summary()).isEqualTo(rocket.repeat(NewArticle.MAX_SUMMARY));
        assertThat(found.author()).isEqualTo(rocket.repeat(NewArticle.MAX_AUTHOR));
    }

    @Test
    void publishesAndFindsAnArticleWithItsTagsInTheirFirstWrittenForm() {
        articles.publish(story("Earlier", null, Instant.parse("2025-11-28T10:00:00Z"), "#USMigration"));
        Article published = articles.publish(story("Airbus orders A320 software fix", "https://news.example/a320",
                Instant.parse("2025-11-29T14:23:00Z"), "#Aviation", "usmigration", "#aviation"));

        Optional<Article> found = articles.find(published.id());

        assertThat(found).hasValueSatisfying(article -> {
            assertThat(article.title()).isEqualTo("Airbus orders A320 software fix");
            assertThat(article.url()).isEqualTo(URI.create("https://news.example/a320"));
            assertThat(article.publishedAt()).isEqualTo(Instant.parse("2025-11-29T14:23:00Z"));
            assertThat(article.tags()).extracting(Tag::label).containsExactly("Aviation", "USMigration");
        });
    }

    @Test
    void findsTheHeadlinesAskedForWithTheirTagsWhetherTheirIdsAreCloseOrScattered() {
        List<Article> published = IntStream.range(0, 10)
                .mapToObj(i -> articles.publish(story("Story " + i, null,
                        Instant.parse("2025-11-29T10:00:00Z").plusSeconds(60L * i), "#Aviation", "#Story" + i)))
                .toList();
        // Three of four ids in a row are read as a range; the first and last alone are two of ten.
        List<Long> close = List.of(published.get(3).id(), published.get(4).id(), published.get(6).id());
        List<Long> scattered = List.of(published.get(0).id(), published.get(9).id());

        assertThat(articles.headlines(close).values()).extracting(Article::title)
                .containsExactlyInAnyOrder("Story 6", "Story 4", "Story 3");
        assertThat(articles.headlines(close).values()).allSatisfy(article -> assertThat(article.tags())
                .extracting(Tag::label).containsExactly("Aviation", article.title().replace(" ", "")));
        assertThat(articles.headlines(scattered).values()).extracting(Article::title)
                .containsExactlyInAnyOrder("Story 9", "Story 0");
        assertThat(articles.headlines(scattered).values()).allSatisfy(article -> assertThat(article.tags())
                .hasSize(2));
        // Each read gives its connection back: more reads than the pool holds all answer.
        assertThat(IntStream.range(0, 25).map(i -> articles.headlines(close).size())).containsOnly(3);
    }

    /**
     * Headlines are kept between reads, and read again once a story changes how an email shows it, whichever way it
     * changed: an edit, a tag added, a feed's new title, a tag written anew or merged into another. A new story is
     * found without any of those.
     */
    @Test
    void headlinesAreKeptUntilAStoryChangesHowAnEmailShowsIt() {
        // Tags of its own: the tag table outlives each test, and other classes read theirs.
        Instant at = Instant.parse("2025-11-29T10:00:00Z");
        long id = articles.publish(story("First title", null, at, "#Gliding")).id();
        articles.publish(story("Other", null, at, "#Drizzle"));

        assertThat(articles.headlines(List.of(id))).extractingByKey(id).satisfies(headline -> {
            assertThat(headline.title()).isEqualTo("First title");
            assertThat(headline.summary()).isEqualTo("A summary");
            assertThat(headline.body()).as("emails never show it").isNull();
        });
        articles.update(id, story("Edited title", null, at, "#Gliding"));
        assertThat(articles.headlines(List.of(id)).get(id).title()).isEqualTo("Edited title");
        articles.addTags(id, List.of(Tag.of("#Squalls")));
        assertThat(articles.headlines(List.of(id)).get(id).tags()).extracting(Tag::label)
                .containsExactly("Gliding", "Squalls");
        articles.retitle(id, "The feed's title");
        assertThat(articles.headlines(List.of(id)).get(id).title()).isEqualTo("The feed's title");
        tags.relabel(new TagKey("gliding"), "GLIDING");
        assertThat(articles.headlines(List.of(id)).get(id).tags()).extracting(Tag::label)
                .containsExactly("GLIDING", "Squalls");
        tags.merge(new TagKey("squalls"), new TagKey("drizzle"));
        assertThat(articles.headlines(List.of(id)).get(id).tags()).extracting(Tag::label)
                .containsExactly("GLIDING", "Drizzle");
        long later = articles.publish(story("Later", null, at.plusSeconds(60), "#Gliding")).id();
        assertThat(articles.headlines(List.of(id, later, -1L))).containsOnlyKeys(id, later);

        // Kept indeed: a change that does not say so is not seen (no code of Dispatch changes a story this way).
        jdbc.sql("update article set title = 'Behind its back' where id = ?").param(id).update();
        assertThat(articles.headlines(List.of(id)).get(id).title()).isEqualTo("The feed's title");
        assertThat(articles.find(id)).get().extracting(Article::title).isEqualTo("Behind its back");
    }

    @Test
    void listsNewestFirstAndFiltersByTag() {
        articles.publish(story("Oldest", null, Instant.parse("2025-11-27T08:00:00Z"), "Aviation"));
        articles.publish(story("Newest", null, Instant.parse("2025-11-29T08:00:00Z"), "Ukraine"));
        articles.publish(story("Middle", null, Instant.parse("2025-11-28T08:00:00Z"), "Aviation", "Ukraine"));

        Page<Article> all = articles.list(Optional.empty(), new PageRequest(0, 2));
        assertThat(all.items()).extracting(Article::title).containsExactly("Newest", "Middle");
        assertThat(all.total()).isEqualTo(3);

        Page<Article> aviation = articles.list(Optional.of(TagKey.of("#AVIATION")), new PageRequest(0, 20));
        assertThat(aviation.items()).extracting(Article::title).containsExactly("Middle", "Oldest");
        assertThat(aviation.total()).isEqualTo(2);

        assertThat(articles.list(Optional.empty(), new PageRequest(1, 2)).items())
                .extracting(Article::title).containsExactly("Oldest");
    }

    @Test
    void refusesASecondArticleWithTheSameUrl() {
        articles.publish(story("First", "https://news.example/story", null, "Aviation"));

        assertThatThrownBy(() -> articles.publish(story("Second", "https://news.example/story", null, "Aviation")))
                .isInstanceOf(DuplicateArticleUrl.class);
        assertThat(articles.count()).isEqualTo(1);
    }

    @Test
    void publishedAtDefaultsToNow() {
        Instant before = Instant.now();
        Article article = articles.publish(story("Now", null, null, "Aviation"));
        assertThat(article.publishedAt()).isBetween(before.minusSeconds(1), Instant.now());
    }

    @Test
    void linksToItsOwnUrlOrElseToItsPageInDispatch() {
        Article own = articles.publish(story("Own", "https://news.example/own", null, "Aviation"));
        Article none = articles.publish(story("None", null, null, "Aviation"));
        URI base = URI.create("https://dispatch.example");

        assertThat(own.link(base)).isEqualTo(URI.create("https://news.example/own"));
        assertThat(none.link(base)).isEqualTo(URI.create("https://dispatch.example/articles/" + none.id()));
    }

    @Test
    void newArticlesAreCheckedBeforeTheyAreStored() {
        assertThatThrownBy(() -> story(" ", null, null, "Aviation"))
                .isInstanceOf(InvalidInput.class).hasMessage("title must not be blank");
        assertThatThrownBy(() -> story("x".repeat(301), null, null, "Aviation"))
                .isInstanceOf(InvalidInput.class).hasMessage("title must be at most 300 characters");
        assertThatThrownBy(() -> story("No tags", null, null))
                .isInstanceOf(InvalidInput.class).hasMessage("an article needs at least one tag");
        assertThatThrownBy(() -> NewArticle.parseUrl("ftp://news.example/x"))
                .isInstanceOf(InvalidInput.class).extracting(e -> ((InvalidInput) e).field()).isEqualTo("url");
        assertThatThrownBy(() -> NewArticle.parseUrl("/relative"))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> NewArticle.parseUrl("https://exa mple.com")).as("no parser's jargon")
                .hasMessage("url is not a web address: write it whole, such as https://news.example/story, with no "
                        + "blanks");
        String[] many = IntStream.range(0, 21).mapToObj(i -> "t" + i).toArray(String[]::new);
        assertThatThrownBy(() -> story("Too many tags", null, null, many))
                .isInstanceOf(InvalidInput.class).hasMessage("an article has at most 20 tags");
    }

    @Test
    void searchesTitlesInAnyCaseWithWildcardsTakenLiterally() {
        articles.publish(story("Airbus orders A320 software fix", null, Instant.parse("2025-11-29T08:00:00Z"),
                "Aviation"));
        articles.publish(story("AIRBUS shares fall 50%", null, Instant.parse("2025-11-29T09:00:00Z"), "Markets"));
        articles.publish(story("Shares fall 5 percent", null, Instant.parse("2025-11-29T10:00:00Z"), "Markets"));
        articles.publish(story("Ferry strike", null, Instant.parse("2025-11-29T11:00:00Z"), "Aviation"));

        assertThat(articles.search(Optional.of(" airbus "), Optional.empty(), new PageRequest(0, 20)).items())
                .extracting(Article::title).containsExactly("AIRBUS shares fall 50%", "Airbus orders A320 software fix");
        assertThat(articles.search(Optional.of("50%"), Optional.empty(), new PageRequest(0, 20)).items())
                .extracting(Article::title).containsExactly("AIRBUS shares fall 50%");
        assertThat(articles.search(Optional.of("_"), Optional.empty(), new PageRequest(0, 20)).total()).isZero();
        Page<Article> airbusInAviation = articles.search(Optional.of("airbus"), Optional.of(TagKey.of("aviation")),
                new PageRequest(0, 20));
        assertThat(airbusInAviation.items()).extracting(Article::title)
                .containsExactly("Airbus orders A320 software fix");
        assertThat(airbusInAviation.total()).isEqualTo(1);
        assertThat(articles.search(Optional.of(""), Optional.empty(), new PageRequest(0, 20)).total()).isEqualTo(4);
    }

    @Test
    void readersSeeOnlyStoriesPublishedByNow() {
        articles.publish(story("Out", null, Instant.parse("2025-11-29T08:00:00Z"), "Aviation"));
        articles.publish(story("Embargoed", null, Instant.parse("2025-11-29T12:00:01Z"), "Aviation"));
        articles.publish(story("Other tag", null, Instant.parse("2025-11-29T09:00:00Z"), "Ukraine"));

        Page<Article> aviation = articles.published(Optional.of(TagKey.of("aviation")),
                Instant.parse("2025-11-29T12:00:00Z"), new PageRequest(0, 20));

        assertThat(aviation.items()).extracting(Article::title).containsExactly("Out");
        assertThat(aviation.total()).isEqualTo(1);
        assertThat(articles.published(Optional.empty(), Instant.parse("2025-11-29T12:00:01Z"),
                new PageRequest(0, 20)).items()).extracting(Article::title)
                .containsExactly("Embargoed", "Other tag", "Out");
    }

    @Test
    void updatesAnArticleWithItsTagsAndSanitisedBody() {
        Article published = articles.publish(story("Draft title", "https://news.example/draft",
                Instant.parse("2025-11-29T08:00:00Z"), "Aviation", "Airbus"));

        Optional<Article> updated = articles.update(published.id(), new NewArticle("Final title", "New summary",
                "<p onclick=\"steal()\">Fixed<script>alert(1)</script></p>", "Desk",
                URI.create("https://news.example/final"), null, List.of(Tag.of("#Airbus"), Tag.of("#Ferries"))));

        assertThat(updated).isPresent();
        Article stored = articles.find(published.id()).orElseThrow();
        assertThat(stored).isEqualTo(updated.get());
        assertThat(stored.title()).isEqualTo("Final title");
        assertThat(stored.body()).isEqualTo("<p>Fixed</p>");
        assertThat(stored.url()).isEqualTo(URI.create("https://news.example/final"));
        assertThat(stored.publishedAt()).isEqualTo(Instant.parse("2025-11-29T08:00:00Z"));
        assertThat(stored.tags()).extracting(Tag::label).containsExactly("Airbus", "Ferries");
        assertThat(articles.list(Optional.of(TagKey.of("aviation")), new PageRequest(0, 20)).total()).isZero();
        assertThat(articles.list(Optional.of(TagKey.of("ferries")), new PageRequest(0, 20)).items())
                .extracting(Article::id).containsExactly(published.id());
    }

    @Test
    void anUpdateKeepsUrlsUniqueAndMayKeepItsOwn() {
        articles.publish(story("Other", "https://news.example/taken", null, "Aviation"));
        Article mine = articles.publish(story("Mine", "https://news.example/mine", null, "Aviation"));

        assertThatThrownBy(() -> articles.update(mine.id(), story("Mine", "https://news.example/taken", null,
                "Aviation"))).isInstanceOf(DuplicateArticleUrl.class);
        assertThat(articles.find(mine.id()).orElseThrow().url()).isEqualTo(URI.create("https://news.example/mine"));

        assertThat(articles.update(mine.id(), story("Mine, retitled", "https://news.example/mine",
                Instant.parse("2025-11-30T08:00:00Z"), "Aviation")))
                .hasValueSatisfying(article -> {
                    assertThat(article.title()).isEqualTo("Mine, retitled");
                    assertThat(article.publishedAt()).isEqualTo(Instant.parse("2025-11-30T08:00:00Z"));
                });
        assertThat(articles.update(mine.id() + 1000, story("Nobody", null, null, "Aviation"))).isEmpty();
    }

    @Test
    void aFeedsStoriesMayShareAPageWhichStaysTheFirstOnesAndNoEditorsToTake() {
        Article morning = articles.publishFromFeed(story("Morning show", "https://station.example/schedule", null,
                "Radio"));
        Article noon = articles.publishFromFeed(story("Noon news", "https://station.example/schedule", null, "Radio"));

        assertThat(List.of(morning, noon)).extracting(Article::url).containsOnly(
                URI.create("https://station.example/schedule"));
        assertThatThrownBy(() -> articles.publish(story("An editor's", "https://station.example/schedule", null,
                "Radio"))).isInstanceOf(DuplicateArticleUrl.class);
        assertThat(articles.update(noon.id(), story("Noon news, corrected", "https://station.example/schedule", null,
                "Radio"))).hasValueSatisfying(article -> assertThat(article.title()).isEqualTo("Noon news, corrected"));
        Article editors = articles.publish(story("An editor's", "https://news.example/own", null, "Radio"));
        assertThat(articles.publishFromFeed(story("Elsewhere", "https://news.example/own", null, "Radio")).url())
                .as("a feed's story may share an editor's page").isEqualTo(URI.create("https://news.example/own"));
        assertThatThrownBy(() -> articles.update(noon.id(), story("Noon news", "https://news.example/own", null,
                "Radio"))).isInstanceOf(DuplicateArticleUrl.class);
        assertThat(jdbc.sql("select count(*) from article where own_url = ?").param("https://news.example/own")
                .query(Long.class).single()).as("owned by " + editors.id() + " alone").isEqualTo(1);
    }

    @Test
    void aStoryGainsTagsAfterItsOwnUpToTheLimit() {
        Article story = articles.publish(story("Found again", null, null, "Radio", "Local"));

        assertThat(articles.addTags(story.id(), List.of(Tag.of("Wire"), Tag.of("radio"), Tag.of("#Agency"))))
                .extracting(Tag::label).containsExactly("Radio", "Local", "Wire", "Agency");
        List<Tag> many = IntStream.range(0, 30).mapToObj(i -> Tag.of("Tag" + i)).toList();
        assertThat(articles.addTags(story.id(), many)).hasSize(NewArticle.MAX_TAGS);
    }

    /** A story under embargo is announced when its time comes, once, not when it is stored. */
    @Test
    void aStoryUnderEmbargoIsAnnouncedWhenItsTimeComesOnce() {
        Article now = articles.publish(story("Out now", null, null, "Aviation"));
        Article later = articles.publish(story("Merger at noon", null, Instant.now().plus(Duration.ofDays(1)),
                "Business"));

        assertThat(events.stream(ArticlePublished.class)).extracting(published -> published.article().id())
                .containsExactly(now.id());
        assertThat(articles.announceReleased()).as("not yet").isZero();

        // Its time has come.
        jdbc.sql("update article set released_at = ? where id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1), later.id()).update();
        assertThat(articles.announceReleased()).isEqualTo(1);
        assertThat(articles.announceReleased()).as("once").isZero();
        assertThat(events.stream(ArticlePublished.class)).extracting(published -> published.article().title())
                .containsExactly("Out now", "Merger at noon");
    }

    @Test
    void countsHowOftenTagsWereUsedLately() {
        articles.publish(story("One", null, Instant.parse("2025-11-29T08:00:00Z"), "Aviation", "Airbus"));
        articles.publish(story("Two", null, Instant.parse("2025-11-29T09:00:00Z"), "aviation"));
        articles.publish(story("Old", null, Instant.parse("2025-10-01T09:00:00Z"), "Ukraine"));
        articles.publish(story("Under embargo", null, Instant.now().plus(Duration.ofDays(30)), "Merger", "aviation"));

        assertThat(tags.inUseSince(Instant.parse("2025-11-28T00:00:00Z"), 10)).as("not a story under embargo")
                .extracting(use -> use.tag().label() + "=" + use.articles())
                .containsExactly("Aviation=2", "Airbus=1");
    }
}
