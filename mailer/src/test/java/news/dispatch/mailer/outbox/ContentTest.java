package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ContentTest {

    @Test
    void aDigestIsStoredAsAnyContentIsAndReadBack() {
        List<Long> articles = List.of(1_204L, 7L, 98_765_432L);

        String stored = Content.storedDigest(articles, 3, null);

        assertThat(stored).isEqualTo(new Content(Map.of("articles", "1204,7,98765432", "more", "3")).stored());
        Content read = Content.parse(stored);
        assertThat(read.numbers("articles")).isEqualTo(articles);
        assertThat(read.number("more")).isEqualTo(3);
    }

    @Test
    void aDigestWithoutStoriesReadsBackEmpty() {
        assertThat(Content.parse(Content.storedDigest(List.of(), 0, null)).numbers("articles")).isEmpty();
    }

    @Test
    void valuesAreEncodedSoThatSeparatorsInThemSurvive() {
        Content token = Content.of("token", "a&b=c,d");

        assertThat(Content.parse(token.stored()).get("token")).isEqualTo("a&b=c,d");
    }
}
