package news.dispatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

class SiteSettingsTest {

    @Test
    void theBaseUrlIsAWebAddressReadersBrowsersOpen() {
        assertThat(new SiteSettings(URI.create("https://news.example/"), null).baseUrl()).hasHost("news.example");
        assertThatThrownBy(() -> new SiteSettings(URI.create("ftp://news.example/"), null))
                .hasMessageContaining("dispatch.base-url must be an http or https address");
        assertThatThrownBy(() -> new SiteSettings(URI.create("news.example"), null))
                .hasMessageContaining("dispatch.base-url must be an absolute URL");
    }

    @Test
    void theStoriesLanguageIsMarkedOnlyWhereThePageOrEmailIsInAnother() {
        URI site = URI.create("https://news.example/");
        assertThat(new SiteSettings(site, "de").storyLanguageOn("en")).isEqualTo("de");
        assertThat(new SiteSettings(site, "de").storyLanguageOn("de")).isNull();
        assertThat(new SiteSettings(site, "en-GB").storyLanguageOn("en")).as("one language").isNull();
        assertThat(new SiteSettings(site, " ").storyLanguageOn("en")).as("none set: nothing marked").isNull();
        assertThatThrownBy(() -> new SiteSettings(site, "German"))
                .hasMessage("dispatch.story-language must be a language tag such as de or pt-BR, was German");
    }
}
