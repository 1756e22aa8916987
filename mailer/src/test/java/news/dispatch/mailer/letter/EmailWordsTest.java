package news.dispatch.mailer.letter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Words;
import news.dispatch.core.testing.Bundles;
import org.junit.jupiter.api.Test;

/** The emails' words: complete in every language, and formatted as each language writes. */
class EmailWordsTest {

    @Test
    void everyLanguageHasEveryKeyOfTheEmails() {
        assertThat(Bundles.problems(Letters.WORDS)).isEmpty();
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
        assertThat(english.get("welcome.message")).startsWith("You're subscribed.");
    }
}
