package news.dispatch.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void readsFamiliesAndTheirSamples() {
        PrometheusText scrape = PrometheusText.parse("""
                # HELP dispatch_mail_deliveries_total deliveries by kind and outcome
                # TYPE dispatch_mail_deliveries_total counter
                dispatch_mail_deliveries_total{kind="DIGEST",outcome="sent"} 3.0
                # HELP dispatch_mail_send_seconds time
                # TYPE dispatch_mail_send_seconds summary
                dispatch_mail_send_seconds_count{kind="DIGEST"} 3
                dispatch_mail_send_seconds_sum{kind="DIGEST"} 0.25
                # HELP odd a label with \\"quotes\\"
                # TYPE odd gauge
                odd{path="a \\"b\\" \\\\ c",x=""} NaN
                """);

        assertThat(scrape.types()).containsEntry("dispatch_mail_send_seconds", "summary");
        assertThat(scrape.value("dispatch_mail_deliveries_total", Map.of("kind", "DIGEST"))).isEqualTo(3.0);
        assertThat(scrape.named("odd").get(0).labels()).containsEntry("path", "a \\\"b\\\" \\\\ c");
    }

    @Test
    void refusesWhatPrometheusWouldNot() {
        assertThatIllegalArgumentException().isThrownBy(() -> PrometheusText.parse("untyped_metric 1\n"));
        assertThatIllegalArgumentException().isThrownBy(() -> PrometheusText.parse("""
                # HELP a a
                # TYPE a gauge
                b 1
                """));
        assertThatIllegalArgumentException().isThrownBy(() -> PrometheusText.parse("""
                # HELP a a
                # TYPE a gauge
                a{x="1" y="2"} 1
                """));
        assertThatIllegalArgumentException().isThrownBy(() -> PrometheusText.parse("""
                # HELP a a
                # TYPE a gauge
                a 1
                # HELP a a
                # TYPE a gauge
                """));
    }
}
