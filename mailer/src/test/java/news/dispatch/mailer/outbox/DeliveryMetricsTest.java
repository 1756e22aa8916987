package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The mail meters a dashboard asks for are there from the start, at zero, before the first mail. */
class DeliveryMetricsTest {

    @Test
    void everyKindsSeriesIsThereBeforeTheFirstMail() {
        MeterRegistry registry = new SimpleMeterRegistry();
        new DeliveryMetrics(new StaticListableBeanFactory(Map.of("meters", registry))
                .getBeanProvider(MeterRegistry.class), null);

        for (DeliveryKind kind : DeliveryKind.values()) {
            assertThat(registry.find("dispatch.mail.send").tag("kind", kind.name()).timer()).isNotNull();
            for (String outcome : new String[] {"sent", "failed", "retrying", "dropped"}) {
                assertThat(registry.find("dispatch.mail.deliveries").tags("kind", kind.name(), "outcome", outcome)
                        .counter()).as(kind + " " + outcome).isNotNull().extracting(counter -> counter.count())
                        .isEqualTo(0.0);
            }
        }
    }
}
