package news.dispatch.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

class SiteSettingsTest {

    @Test
    void theBaseUrlIsAWebAddressReadersBrowsersOpen() {
        assertThat(new SiteSettings(URI.create("https://news.example/")).baseUrl()).hasHost("news.example");
        assertThatThrownBy(() -> new SiteSettings(URI.create("ftp://news.example/")))
                .hasMessageContaining("dispatch.base-url must be an http or https address");
        assertThatThrownBy(() -> new SiteSettings(URI.create("news.example")))
                .hasMessageContaining("dispatch.base-url must be an absolute URL");
    }
}
