package news.dispatch.mailer.letter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

import news.dispatch.core.subscriber.Bundles;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Words;
import org.junit.jupiter.api.Test;

/** The emails' words: complete in every language, and formatted as each language writes. */
class EmailWordsTest {

    @Test
    void everyLanguageHasEveryKeyOfTheEmails() {
        assertThat(Bundles.problems(Letters.WORDS)).isEmpty();
    }

    @Test
    void theConfirmationNamesTheRhythmWithItsArticle() {
        Words english = Words.of(Letters.WORDS, Language.EN);

        assertThat(english.get("confirmation.asked.text", english.get("frequency.IMMEDIATE")))
                .isEqualTo("Someone (we hope you) asked for an as-it-happens digest of these tags:");
        assertThat(english.get("confirmation.asked", english.get("frequency.DAILY")))
                .isEqualTo("Someone — we hope you — asked for a daily digest of these tags:");
    }

    @Test
    void timesAndCountsAreWrittenAsTheLanguageDoes() {
        ZonedDateTime at = ZonedDateTime.of(2026, 12, 3, 7, 5, 0, 0, ZoneId.of("Europe/Berlin"));
        Words english = Words.of(Letters.WORDS, Language.EN);
        Words german = Words.of(Letters.WORDS, Language.DE);
        Words french = Words.of(Letters.WORDS, Language.FR);
        assertThat(english.time(at)).isEqualTo("3 Dec 2026, 07:05 CET");
        assertThat(german.time(at)).isEqualTo("3. Dez. 2026, 07:05 MEZ");
        assertThat(french.time(at)).startsWith("3 déc. 2026, 07:05");
        assertThat(english.get("digest.more", 1)).isEqualTo("And 1 more story on your tags");
        assertThat(english.get("digest.more", 1234)).isEqualTo("And 1,234 more stories on your tags");
        assertThat(german.get("digest.more", 1234)).isEqualTo("Und 1.234 weitere Meldungen zu Ihren Tags");
        assertThat(french.get("digest.subject.more", "Aviation", "A320", 1)).isEqualTo("Aviation : A320 + 1 autre");
        assertThat(french.get("digest.subject.more", "Aviation", "A320", 1234))
                .isEqualTo("Aviation : A320 + 1\u202f234 autres");
        assertThat(french.get("correction.subject.more", "A320", 1)).isEqualTo("Correction : A320 + 1 autre");
        assertThat(french.get("digest.subject.untagged.more", "A320", 2)).isEqualTo("A320 + 2 autres");
        assertThat(english.get("welcome.message")).startsWith("You're subscribed.");
    }

    @Test
    void aLinksLifeIsNeverSaidLongerThanItIs() {
        Words english = Words.of(Letters.WORDS, Language.EN);
        assertThat(Letters.describe(Duration.ofDays(2), english)).isEqualTo("2 days");
        assertThat(Letters.describe(Duration.ofHours(36), english)).isEqualTo("36 hours");
        assertThat(Letters.describe(Duration.ofMinutes(90), english)).isEqualTo("1 hour");
        assertThat(Letters.describe(Duration.ofMinutes(30), english)).isEqualTo("30 minutes");
        assertThat(Letters.describe(Duration.ofMinutes(30), Words.of(Letters.WORDS, Language.DE)))
                .isEqualTo("30 Minuten");
        assertThat(Letters.describe(Duration.ofSeconds(20), english)).isEqualTo("1 minute");
    }

    /**
     * Moments are kept as written, so one must never stand for another: the same wall-clock time in zones of the same
     * offset, the hour that a change back from summer time repeats, and more moments than are kept.
     */
    @Test
    void aMomentKeptAsWrittenIsNeverWrittenForAnother() {
        Words english = Words.of(Letters.WORDS, Language.EN);
        LocalDateTime winter = LocalDateTime.of(2026, 12, 3, 7, 5);
        assertThat(english.time(winter.atZone(ZoneId.of("Europe/Berlin")))).isEqualTo("3 Dec 2026, 07:05 CET");
        assertThat(english.time(winter.atZone(ZoneId.of("Africa/Lagos")))).isEqualTo("3 Dec 2026, 07:05 WAT");
        assertThat(english.time(winter.atZone(ZoneOffset.ofHours(1)))).isEqualTo("3 Dec 2026, 07:05 +01:00");
        ZonedDateTime summer = LocalDateTime.of(2026, 10, 25, 2, 30).atZone(ZoneId.of("Europe/Berlin"));
        assertThat(english.time(summer.withEarlierOffsetAtOverlap())).isEqualTo("25 Oct 2026, 02:30 CEST");
        assertThat(english.time(summer.withLaterOffsetAtOverlap())).isEqualTo("25 Oct 2026, 02:30 CET");

        ZonedDateTime start = winter.atZone(ZoneId.of("America/New_York"));
        for (int minute = 0; minute < 10_000; minute++) {
            ZonedDateTime at = start.plusMinutes(minute);
            assertThat(english.time(at)).isEqualTo(english.time(at)).endsWith(
                    String.format(Locale.ROOT, "%02d:%02d EST", at.getHour(), at.getMinute()));
        }
        assertThat(english.time(winter.atZone(ZoneId.of("Europe/Berlin")))).isEqualTo("3 Dec 2026, 07:05 CET");
    }
}
