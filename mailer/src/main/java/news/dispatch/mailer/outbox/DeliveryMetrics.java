package news.dispatch.mailer.outbox;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Besides {@code sent}: what else becomes of a delivery's attempt. */
    private static final List<String> OUTCOMES = List.of("failed", "retrying", "dropped");

    private final MeterRegistry registry;
    /**
     * The meters of sent mail, by kind, kept once made: registering a meter again on every message looks it up from
     * its name and tags, 1.5% of a delivery worker's CPU in the pipeline benchmark (profiled).
     */
    private final Map<DeliveryKind, Timer> sendTimes = new ConcurrentHashMap<>();
    private final Map<DeliveryKind, Counter> sentCounts = new ConcurrentHashMap<>();

    DeliveryMetrics(ObjectProvider<MeterRegistry> registry, JdbcOutbox outbox) {
        this.registry = registry.getIfAvailable(SimpleMeterRegistry::new);
        Gauge.builder("dispatch.mail.queue", outbox, JdbcOutbox::queueDepth)
                .description("deliveries waiting to be sent (queued, retrying or being sent)")
                .register(this.registry);
        // Every series from the start, at zero: a dashboard's rate over a series that appears only with the first
        // mail after a start shows nothing until then, and misses that mail.
        for (DeliveryKind kind : DeliveryKind.values()) {
            sendTimes.put(kind, Timer.builder("dispatch.mail.send")
                    .description("time from writing a message to reading its acceptance, the next message's writing "
                            + "included where the server pipelines")
                    .tag("kind", kind.name()).register(this.registry));
            sentCounts.put(kind, deliveries(kind, "sent"));
            for (String outcome : OUTCOMES) {
                deliveries(kind, outcome);
            }
        }
    }

    void sent(DeliveryKind kind, long nanos) {
        // Pipelined, a message's acceptance is read once the next message is on its way, so the time includes that.
        sendTimes.get(kind).record(nanos, TimeUnit.NANOSECONDS);
        sentCounts.get(kind).increment();
    }

    void outcome(DeliveryKind kind, String outcome) {
        deliveries(kind, outcome).increment();
    }

    private Counter deliveries(DeliveryKind kind, String outcome) {
        return Counter.builder("dispatch.mail.deliveries").description("deliveries by kind and outcome")
                .tags("kind", kind.name(), "outcome", outcome).register(registry);
    }
}
