package news.dispatch.core.link;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LinkSettingsTest {

    /** A link dead before it is mailed made every sign-up a 500, the database refusing it. */
    @Test
    void aConfirmationLinkMustLiveAWhile() {
        assertThatThrownBy(() -> new LinkSettings(null, Duration.ofDays(-1)))
                .hasMessageContaining("dispatch.links.confirmation-ttl must be longer than zero");
        assertThatThrownBy(() -> new LinkSettings(null, Duration.ZERO))
                .hasMessageContaining("dispatch.links.confirmation-ttl");
    }
}
