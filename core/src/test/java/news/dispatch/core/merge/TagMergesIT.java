package news.dispatch.core.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import news.dispatch.core.CoreTestApplication;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.MergeRefused;
import news.dispatch.core.tag.RetireRefused;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.TagNotFound;
import news.dispatch.core.tag.Tags;
import news.dispatch.core.testing.ResetsDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Merges, aliases and searches of tags over the articles and readers that carry them (a package of its own: the
 * feature packages it reaches stay free of cycles). Tags are never emptied between tests (aliases outlive them): each
 * test writes tags of its own, with its prefix.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@ResetsDatabase({"subscriber", "article"})
class TagMergesIT {

    @Autowired
    Tags tags;

    @Autowired
    Articles articles;

    @Autowired
    Subscribers subscribers;

    private String own;

    @BeforeEach
    void ownTags() {
        own = "t" + UUID.randomUUID().toString().substring(0, 6);
    }

    private Tag tag(String label) {
        return Tag.of(own + label);
    }

    private TagKey key(String label) {
        return tag(label).key();
    }

    private Article story(String title, String... labels) {
        return articles.publish(new NewArticle(title, "A summary", null, null, null,
                Instant.parse("2025-11-28T10:00:00Z"), List.of(labels).stream().map(this::tag).toList()));
    }

    private Subscriber reader(String email, Map<String, Frequency> rhythms, String... labels) {
        Map<TagKey, Frequency> rhythmsByKey = new HashMap<>();
        rhythms.forEach((label, rhythm) -> rhythmsByKey.put(key(label), rhythm));
        return subscribers.add(EmailAddress.of(email), new Preferences(List.of(labels).stream().map(this::tag).toList(),
                Frequency.DAILY, ZoneId.of("UTC"), 7, true, null, rhythmsByKey, null), SubscriberStatus.ACTIVE);
    }

    @Test
    void mergeMovesStoriesAndFollowersAndLeavesAnAlias() {
        Article onBoth = story("On both", "US-Migration", "USMigration");
        Article onOld = story("On the old one", "US-Migration", "Aviation");
        Subscriber both = reader("both@example.com", Map.of("US-Migration", Frequency.WEEKLY), "US-Migration",
                "USMigration");
        Subscriber old = reader("old@example.com", Map.of("US-Migration", Frequency.IMMEDIATE), "US-Migration");

        Tags.TagDetail merged = tags.merge(key("US-Migration"), key("USMigration"));

        assertThat(merged.tag().key()).isEqualTo(key("USMigration"));
        assertThat(merged.aliases()).containsExactly(key("US-Migration"));
        assertThat(merged.stories()).isEqualTo(2);
        assertThat(merged.followers()).isEqualTo(2);
        assertThat(articles.find(onBoth.id()).orElseThrow().tags()).extracting(Tag::key)
                .containsExactly(key("USMigration"));
        assertThat(articles.find(onOld.id()).orElseThrow().tags()).extracting(Tag::key)
                .containsExactlyInAnyOrder(key("USMigration"), key("Aviation"));
        Subscriber bothNow = subscribers.find(both.id()).orElseThrow();
        assertThat(bothNow.preferences().tags()).extracting(Tag::key).containsExactly(key("USMigration"));
        assertThat(bothNow.preferences().tagFrequencies()).containsEntry(key("USMigration"), Frequency.WEEKLY);
        assertThat(subscribers.find(old.id()).orElseThrow().preferences().tagFrequencies())
                .containsExactly(Map.entry(key("USMigration"), Frequency.IMMEDIATE));
        assertThat(tags.find(key("US-Migration"))).hasValueSatisfying(alias ->
                assertThat(alias.tag().key()).isEqualTo(key("USMigration")));
    }

    @Test
    void anAliasIsResolvedWhereverATagIsWrittenAfterTheMerge() {
        story("First", "US-Migration");
        story("Second", "USMigration");
        tags.merge(key("US-Migration"), key("USMigration"));

        Article later = story("Later", "US Migration", "Aviation", "usmigration");
        Subscriber reader = reader("later@example.com", Map.of("US-Migration", Frequency.WEEKLY), "US Migration");

        assertThat(later.tags()).extracting(Tag::label).containsExactly(own + "USMigration", own + "Aviation");
        assertThat(articles.find(later.id()).orElseThrow().tags()).extracting(Tag::key)
                .containsExactly(key("USMigration"), key("Aviation"));
        Subscriber stored = subscribers.find(reader.id()).orElseThrow();
        assertThat(stored.preferences().tags()).extracting(Tag::key).containsExactly(key("USMigration"));
        assertThat(stored.preferences().tagFrequencies()).containsExactly(Map.entry(key("USMigration"),
                Frequency.WEEKLY));
    }

    @Test
    void mergingIntoAnAliasMergesIntoItsTargetAndAliasesFollow() {
        story("A", "Migration");
        story("B", "Migrations");
        story("C", "Migration-News");
        tags.merge(key("Migrations"), key("Migration"));

        Tags.TagDetail merged = tags.merge(key("Migration-News"), key("Migrations"));
        assertThat(merged.tag().key()).isEqualTo(key("Migration"));
        assertThat(merged.aliases()).containsExactlyInAnyOrder(key("Migrations"), key("Migration-News"));

        story("D", "Refugees");
        Tags.TagDetail onward = tags.merge(key("Migration"), key("Refugees"));
        assertThat(onward.aliases()).containsExactlyInAnyOrder(key("Migration"), key("Migrations"),
                key("Migration-News"));
        assertThat(onward.stories()).isEqualTo(4);
    }

    @Test
    void refusesMergesThatCannotBe() {
        story("A", "Alpha", "Beta");
        assertThatThrownBy(() -> tags.merge(key("Alpha"), key("Alpha"))).isInstanceOf(MergeRefused.class)
                .hasMessageContaining("into itself");
        assertThatThrownBy(() -> tags.merge(key("Alpha"), key("Gamma"))).isInstanceOf(TagNotFound.class)
                .hasMessageContaining("#" + own + "gamma");
        tags.merge(key("Alpha"), key("Beta"));
        assertThatThrownBy(() -> tags.merge(key("Alpha"), key("Beta"))).isInstanceOf(MergeRefused.class)
                .hasMessageContaining("already merged into #" + own + "beta");
        assertThatThrownBy(() -> tags.merge(key("Beta"), key("Alpha"))).isInstanceOf(MergeRefused.class)
                .hasMessageContaining("alias of #" + own + "beta");
    }

    @Test
    void relabelsOnlyTheCaseOfAKey() {
        story("A", "usmigration");
        assertThat(tags.relabel(key("usmigration"), "#" + own + "USMigration").tag().label()).isEqualTo(own + "USMigration");
        assertThat(articles.find(story("B", "usmigration").id()).orElseThrow().tags()).extracting(Tag::label)
                .containsExactly(own + "USMigration");
        assertThatThrownBy(() -> tags.relabel(key("usmigration"), own + "US-Migration"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("merge");
    }

    @Test
    void storesTagsOfEveryScriptAsTheirKeysHaveThem() {
        List<Tag> written = List.of(tag("\u0130stanbul"), tag("\u092D\u093E\u0930\u0924"), tag("Cafe\u0301"),
                tag("\u039F\u0394\u039F\u03A3"), tag("\uD83A\uDD22".repeat(43)));

        assertThat(tags.register(written)).isEqualTo(written);

        assertThat(tags.search(own, new PageRequest(0, 10)).items()).extracting(count -> count.tag().key().value())
                .containsExactlyInAnyOrder(own + "istanbul", own + "\u092D\u093E\u0930\u0924", own + "caf\u00e9",
                        own + "\u03BF\u03B4\u03BF\u03C2", own + "\uD83A\uDD22".repeat(43));
        assertThat(tags.search(own + "\u092D\u093E", new PageRequest(0, 10)).items()).extracting(count -> count.tag())
                .containsExactly(tag("\u092D\u093E\u0930\u0924"));
    }

    @Test
    void searchesByPrefixMostUsedFirstWithoutAliases() {
        story("A", "Pre-Rail", "Pre-Roads");
        story("B", "Pre-Roads");
        story("C", "Pre-Road");
        reader("r@example.com", Map.of(), "Pre-Rail");
        tags.merge(key("Pre-Road"), key("Pre-Roads"));

        var page = tags.search("#" + own.toUpperCase() + "PRE-r", new PageRequest(0, 10));

        assertThat(page.items()).containsExactly(
                new Tags.TagCount(tag("Pre-Roads"), 3, 0), new Tags.TagCount(tag("Pre-Rail"), 1, 1));
        assertThat(page.total()).isEqualTo(2);
        assertThat(tags.search(own + "pre-ro", new PageRequest(0, 10)).items()).extracting(count -> count.tag().key())
                .containsExactly(key("Pre-Roads"));
        assertThat(tags.search(own + "pre-r", new PageRequest(1, 1)).items()).extracting(count -> count.tag().key())
                .containsExactly(key("Pre-Rail"));
        assertThat(tags.search("%", new PageRequest(0, 10)).total()).isZero();
    }

    @Test
    void offersReadersOnlyTagsAPublishedStoryCarries() {
        story("A", "Published");
        articles.publish(new NewArticle("Tomorrow", "A summary", null, null, null, Instant.now().plusSeconds(86_400),
                List.of(tag("Scheduled"))));
        reader("active@example.com", Map.of(), "Followed");
        Subscriber suspended = reader("suspended@example.com", Map.of(), "Suspended");
        subscribers.update(suspended.suspend());
        for (String label : List.of("Pending", "Pending-Suspended", "Unsubscribed")) {
            Subscriber unconfirmed = subscribers.add(EmailAddress.of(label + "@example.com"), new Preferences(
                    List.of(tag(label)), Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.PENDING);
            if (!label.equals("Pending")) {
                subscribers.update(label.equals("Unsubscribed") ? unconfirmed.unsubscribe() : unconfirmed.suspend());
            }
        }

        var offered = tags.searchPublished(own, new PageRequest(0, 10));

        assertThat(offered.items()).extracting(count -> count.tag().label()).containsExactly(own + "Published");
        assertThat(offered.total()).isEqualTo(1);
        assertThat(tags.searchPublished(own + "foll", new PageRequest(0, 10)).total())
                .as("a tag only a confirmed reader follows tells nobody that they do").isZero();
        assertThat(tags.searchPublished(own + "pend", new PageRequest(0, 10)).total()).isZero();
        assertThat(tags.search(own, new PageRequest(0, 10)).total()).as("staff see every tag").isEqualTo(7);
    }

    @Test
    void findsLikelyDuplicates() {
        story("A", "US-Migration");
        story("B", "USMigrations");
        story("C", "USMigration");
        story("D", "Aviation");

        assertThat(tags.likelyDuplicates()).anySatisfy(group -> assertThat(group).extracting(count -> count.tag()
                .key()).containsExactlyInAnyOrder(key("US-Migration"), key("USMigrations"), key("USMigration")));
    }

    @Test
    void aRetiredTagKeepsItsStoriesTakesNoNewOneNorNewFollowerAndItsFollowersAreOwedTheNotice() {
        story("Drones and rail", "Drones", "Rail");
        story("Drones alone", "Drones");
        story("One drone", "Drone");
        Subscriber both = reader("both." + own + "@example.com", Map.of(), "Drones", "Rail");
        Subscriber only = reader("only." + own + "@example.com", Map.of(), "Drones");

        Tags.TagDetail retired = tags.retire(key("Drones"), null);

        assertThat(retired.retirement().offer()).extracting(Tag::key).containsExactly(key("Drone"), key("Rail"));
        assertThat(retired.stories()).isEqualTo(2);
        assertThat(subscribers.find(both.id()).orElseThrow().preferences().tags()).extracting(Tag::key)
                .containsExactly(key("Rail"));
        assertThat(subscribers.find(only.id()).orElseThrow().preferences().tags()).extracting(Tag::key)
                .as("a reader follows one tag at least").containsExactly(key("Drones"));
        assertThat(story("Later", "Drones", "Rail").tags()).extracting(Tag::key).containsExactly(key("Rail"));
        assertThat(tags.search(own, new PageRequest(0, 10)).items()).extracting(count -> count.tag().key())
                .doesNotContain(key("Drones"));
        assertThat(tags.retirements(List.of(key("Drones"), key("Rail")))).containsOnlyKeys(key("Drones"));
        assertThatThrownBy(() -> reader("new." + own + "@example.com", Map.of(), "Drones"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("is no longer published");
        assertThatThrownBy(() -> tags.retire(key("Drones"), List.of())).isInstanceOf(RetireRefused.class);
        assertThatThrownBy(() -> tags.merge(key("Drone"), key("Drones"))).isInstanceOf(MergeRefused.class);
        assertThatThrownBy(() -> tags.retire(key("Rail"), List.of(key("Drones")))).isInstanceOf(InvalidInput.class);
        // Saving their choices, the reader whose only tag it is keeps it.
        Subscriber kept = subscribers.update(subscribers.find(only.id()).orElseThrow());
        assertThat(kept.preferences().tags()).extracting(Tag::key).containsExactly(key("Drones"));
    }
}
