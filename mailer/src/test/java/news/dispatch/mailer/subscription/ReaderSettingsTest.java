package news.dispatch.mailer.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import news.dispatch.core.subscriber.Language;
import org.junit.jupiter.api.Test;

class ReaderSettingsTest {

    @Test
    void theNewsroomsSitesAreKeptAsTheOriginsBrowsersSend() {
        ReaderSettings readers = withSites("HTTPS://News.Example/", "https://shop.news.example:443",
                "http://localhost:3000", " ");

        assertThat(readers.signUpOrigins())
                .containsExactly("https://news.example", "https://shop.news.example", "http://localhost:3000");
        assertThat(readers.signUpAllowedFrom("https://news.example")).isTrue();
        assertThat(readers.signUpAllowedFrom("https://NEWS.example")).isTrue();
        assertThat(readers.signUpAllowedFrom("http://news.example")).as("another scheme").isFalse();
        assertThat(readers.signUpAllowedFrom("https://news.example:8443")).as("another port").isFalse();
        assertThat(readers.signUpAllowedFrom("https://evil.news.example")).isFalse();
        assertThat(readers.signUpAllowedFrom("null")).as("a sandboxed frame or a data: page").isFalse();
        assertThat(readers.signUpAllowedFrom(null)).isFalse();
        assertThat(withSites().signUpAllowedFrom("https://news.example")).as("none by default").isFalse();
    }

    @Test
    void whatIsNotASitesOriginIsRefusedAtStartSayingHowToWriteIt() {
        for (String written : List.of("news.example", "https://news.example/newsletter", "https://*.news.example",
                "https://editor@news.example", "https://news.example/?from=box")) {
            assertThatThrownBy(() -> withSites(written)).as(written)
                    .hasMessageContaining("dispatch.readers.sign-up-origins: '" + written + "' is not a site's origin")
                    .hasMessageContaining("write it as https://news.example");
        }
        assertThatThrownBy(() -> withSites("ftp://news.example"))
                .hasMessageContaining("it must start with https:// (or http://)");
    }

    private static ReaderSettings withSites(String... origins) {
        return new ReaderSettings(20, 5, Duration.ofHours(1), 3, 5, Duration.ofDays(30), 20, Duration.ofMinutes(15),
                Duration.ofDays(1095), Language.of("en"), List.of(origins));
    }
}
