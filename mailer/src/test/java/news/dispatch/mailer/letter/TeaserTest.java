package news.dispatch.mailer.letter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import news.dispatch.core.SiteSettings;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Correction;
import news.dispatch.core.link.LinkSettings;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Words;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.sender.SenderIdentity;
import org.junit.jupiter.api.Test;

/**
 * A story listed alike for every reader, in each reader's language and zone (its passages written once for each
 * language, as a digest lists it and as an alert leads with it), and as it is now once it changes.
 */
class TeaserTest {

    private static final Instant PUBLISHED = Instant.parse("2026-12-03T06:05:00Z");

    private final Letters letters = new Letters(new SiteSettings(URI.create("https://news.example"), null),
            new LinkTokens("a secret of thirty-two bytes or more!".getBytes(StandardCharsets.UTF_8)),
            new LinkSettings(null, Duration.ofDays(7)),
            new SenderIdentity("Dispatch <news@news.example>", "bounces@news.example", true));

    /** A newsroom that writes in German: an English reader's email marks the German story so, a German's need not. */
    @Test
    void theStoriesLanguageMarksTheirTitlesAndSummariesInAnEmailOfAnotherLanguage() {
        Letters german = new Letters(new SiteSettings(URI.create("https://news.example"), "de"),
                new LinkTokens("a secret of thirty-two bytes or more!".getBytes(StandardCharsets.UTF_8)),
                new LinkSettings(null, Duration.ofDays(7)),
                new SenderIdentity("Dispatch <news@news.example>", "bounces@news.example", true));
        Article story = new Article(43, "Landebahn wieder offen", "Die Zusammenfassung.", null, null, null, PUBLISHED,
                List.of(Tag.of("Luftfahrt")));

        assertThat(german.digest(reader(1, "Europe/Berlin", Language.EN), List.of(story), 0).html())
                .contains("line-height:1.3;\" lang=\"de\"><a href=", "margin:0 0 8px 0;\" lang=\"de\">Die "
                        + "Zusammenfassung.</div>");
        assertThat(german.alert(reader(2, "Europe/Berlin", Language.DE), story).html())
                .contains("line-height:1.3;\"><a href=").doesNotContain("0 8px 0;\" lang=");
    }

    @Test
    void eachReaderGetsTheStoryInTheirZoneAndLanguageAndAnEditedStoryAsItIsNow() {
        Article story = new Article(42, "Runway reopens", "The summary.", null, null,
                URI.create("https://news.example/2026/runway"), PUBLISHED, List.of(Tag.of("Aviation")));
        Subscriber berlin = reader(1, "Europe/Berlin", Language.EN);
        Subscriber newYork = reader(2, "America/New_York", Language.DE);

        assertThat(letters.digest(berlin, List.of(story), 0).text())
                .contains("Runway reopens\n3 Dec 2026, 07:05 CET", "https://news.example/2026/runway", "#Aviation");
        assertThat(letters.digest(newYork, List.of(story), 0).text())
                .contains("Runway reopens\n3. Dez. 2026, 01:05 ", "Weiterlesen: https://news.example/2026/runway")
                .doesNotContain("Read more");
        assertThat(letters.digest(berlin, List.of(story), 0).text())
                .contains("3 Dec 2026, 07:05 CET", "Read more: https://news.example/2026/runway");
        assertThat(letters.alert(berlin, story).html()).as("the alert's story is its heading")
                .contains("font-size:24px;font-weight:bold;line-height:1.3;\"><a href=\"https://news.example/2026/runway\"",
                        "Runway reopens</a></h1>");
        assertThat(letters.digest(berlin, List.of(story), 0).html()).as("each story a heading under the digest's")
                .contains("<h2 style=\"margin:0;font-size:19px;font-weight:bold;line-height:1.3;\">",
                        "Runway reopens</a></h2>");

        Article edited = new Article(42, "Runway reopens at noon", "The summary.", null, null, null,
                PUBLISHED.plusSeconds(3600), List.of(Tag.of("Aviation"), Tag.of("Travel")));
        assertThat(letters.digest(berlin, List.of(edited), 0).text())
                .contains("Runway reopens at noon\n3 Dec 2026, 08:05 CET", "https://news.example/articles/42?lang=en",
                        "#Aviation #Travel")
                .doesNotContain("https://news.example/2026/runway", "07:05");
        assertThat(letters.digest(newYork, List.of(edited), 0).html())
                .as("the story's page here, in the reader's language; the newsroom's own address stays as it is")
                .contains("href=\"https://news.example/articles/42?lang=de\"");
    }

    @Test
    void aDigestsSubjectNamesTheFirstStoryOnTheReadersTagsAfterThem() {
        Article followUp = new Article(8, "Caretaker minister named", null, null, null, null, PUBLISHED,
                List.of(Tag.of("Cabinet")));
        Article onHerTag = new Article(9, "Runway reopens", null, null, null, null, PUBLISHED,
                List.of(Tag.of("Aviation")));

        assertThat(letters.digest(reader(1, "UTC", Language.EN), List.of(followUp, onHerTag), 0).subject())
                .as("a follow-up listed first is on none of her tags").isEqualTo("Aviation: Runway reopens + 1 more");
    }

    @Test
    void aStoryCorrectedBeforeItIsSentSaysSoUnderItInTheReadersWords() {
        Article story = new Article(10, "Airbus grounds 60,000 jets", "The summary.", null, null, null, PUBLISHED,
                List.of(Tag.of("Aviation")));
        Correction correction = new Correction(1, 10, "It is 6,000 jets.", null, "editor", PUBLISHED, 0);
        Correction retitle = new Correction(2, 10, "ignored", new Correction.Retitle("Old", "New"), "feed",
                PUBLISHED, 0);

        assertThat(letters.alert(reader(1, "UTC", Language.DE), story, List.of(correction, retitle)).text())
                .containsSubsequence("Airbus grounds 60,000 jets", "Korrektur: It is 6,000 jets.",
                        "Korrektur: Titel geändert: Old → New");
        assertThat(letters.alert(reader(1, "UTC", Language.EN), story).text()).doesNotContain("Correction");
    }

    @Test
    void aStoryReadInMoreZonesThanAreKeptIsWrittenRightInEach() {
        Article story = new Article(7, "Title", null, null, null, null, PUBLISHED, List.of(Tag.of("Aviation")));
        Teaser teaser = new Teaser(story, "https://news.example/articles/7");
        Words english = Words.of(Letters.WORDS, Language.EN);
        List<String> zones = ZoneId.getAvailableZoneIds().stream().sorted().limit(60).toList();
        for (int round = 0; round < 2; round++) {
            for (String zone : zones) {
                assertThat(teaser.time(english, ZoneId.of(zone)))
                        .isEqualTo(english.time(PUBLISHED.atZone(ZoneId.of(zone))));
            }
        }
        assertThat(teaser.of(story)).isTrue();
        assertThat(teaser.of(new Article(7, "Title", null, null, null, null, PUBLISHED, List.of(Tag.of("Aviation")))))
                .as("an equal story read again is another instance, and gets a teaser of its own").isFalse();
    }

    private static Subscriber reader(long id, String zone, Language language) {
        Instant joined = Instant.parse("2025-01-06T08:00:00Z");
        return new Subscriber(id, EmailAddress.of("reader" + id + "@example.org"), SubscriberStatus.ACTIVE,
                new Preferences(List.of(Tag.of("Aviation")), Frequency.DAILY, ZoneId.of(zone), 7, false, null,
                        Map.of(), null, language), joined, joined, 0);
    }
}
