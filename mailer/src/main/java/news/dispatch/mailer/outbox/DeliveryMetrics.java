package news.dispatch.mailer.outbox;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What the outbox does, as Micrometer meters under {@code dispatch.mail.*} (Actuator's {@code /actuator/metrics}):
 * deliveries by kind and outcome, SMTP send latency, and the queue's depth and oldest wait.
 */
@Component
class DeliveryMetrics {

    private final MeterRegistry registry;

    DeliveryMetrics(ObjectProvider<MeterRegistry> registry, JdbcOutbox outbox) {
        this.registry = registry.getIfAvailable(SimpleMeterRegistry::new);
        Gauge.builder("dispatch.mail.queue", outbox, JdbcOutbox::queueDepth)
                .description("deliveries waiting to be sent (queued, retrying or being sent)")
                .register(this.registry);
    }

    void sent(DeliveryKind kind, long nanos) {
        // Pipelined, a message's acceptance is read once the next message is on its way, so the time includes that.
        Timer.builder("dispatch.mail.send")
                .description("time from writing a message to reading its acceptance, the next message's writing "
                        + "included where the server pipelines")
                .tag("kind", kind.name()).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        outcome(kind, "sent");
    }

    void outcome(DeliveryKind kind, String outcome) {
        Counter.builder("dispatch.mail.deliveries").description("deliveries by kind and outcome")
                .tags("kind", kind.name(), "outcome", outcome).register(registry).increment();
    }
}
