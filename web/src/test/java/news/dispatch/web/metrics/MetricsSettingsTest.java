package news.dispatch.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class MetricsSettingsTest {

    @Test
    void unsetOrBlankLeavesTheMetersToAdmins() {
        assertThat(new MetricsSettings(null).scrapable()).isFalse();
        assertThat(new MetricsSettings("  ").scrapable()).isFalse();
        assertThat(new MetricsSettings("a-long-enough-scraper-token").scrapable()).isTrue();
    }

    @Test
    void refusesATokenShortEnoughToGuess() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MetricsSettings("secret"))
                .withMessageContaining("dispatch.metrics.token");
    }
}
