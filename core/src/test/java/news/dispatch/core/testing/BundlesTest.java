package news.dispatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BundlesTest {

    @Test
    void findsEveryKeyMissingInALanguageOrPresentInOneOnlyAndMessagesATranslatorBroke() {
        assertThat(Bundles.problems("news.dispatch.core.testing.unfinished")).containsExactlyInAnyOrder(
                "de: farewell is missing",
                "en: only.here is missing", "fr: only.here is missing",
                "en: quote is missing", "fr: quote is missing",
                "de: greeting takes other arguments than the English message",
                "de: quote has a single quote alone: write it twice ('') or as ’",
                "fr: farewell is blank");
    }

    @Test
    void aBundleWithoutALanguagesFileIsIncomplete() {
        assertThat(Bundles.problems("news.dispatch.core.testing.nowhere")).contains(
                "news.dispatch.core.testing.nowhere: no file for de");
    }
}
