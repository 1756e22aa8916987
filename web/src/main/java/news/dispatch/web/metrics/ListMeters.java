package news.dispatch.web.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.suppression.SuppressionReason;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The list as gauges: readers by status ({@code dispatch.subscribers}) and suppressed addresses by reason
 * ({@code dispatch.suppressions}), so a dashboard shows the list growing, and bounces and complaints taking readers
 * off it. Counted by one grouped query each, at most once per {@link #FRESH} however many gauges and scrapers ask.
 */
@Component
class ListMeters {

    static final Duration FRESH = Duration.ofSeconds(10);

    private final Subscribers subscribers;
    private final JdbcClient jdbc;
    private final Clock clock;
    private Counts counts;

    ListMeters(MeterRegistry registry, Subscribers subscribers, JdbcClient jdbc, Clock clock) {
        this.subscribers = subscribers;
        this.jdbc = jdbc;
        this.clock = clock;
        for (SubscriberStatus status : SubscriberStatus.values()) {
            Gauge.builder("dispatch.subscribers", this, meters -> meters.counts().readers().getOrDefault(status, 0L))
                    .description("subscribers by status").tag("status", status.name()).register(registry);
        }
        for (SuppressionReason reason : SuppressionReason.values()) {
            Gauge.builder("dispatch.suppressions", this,
                            meters -> meters.counts().suppressed().getOrDefault(reason, 0L))
                    .description("addresses on the suppression list, by reason").tag("reason", reason.name())
                    .register(registry);
        }
    }

    private synchronized Counts counts() {
        Instant now = clock.instant();
        if (counts == null || counts.at().plus(FRESH).isBefore(now)) {
            Map<SuppressionReason, Long> suppressed = new EnumMap<>(SuppressionReason.class);
            jdbc.sql("select reason, count(*) as addresses from suppression group by reason")
                    .query((row, n) -> suppressed.put(SuppressionReason.valueOf(row.getString("reason")),
                            row.getLong("addresses")))
                    .list();
            counts = new Counts(now, subscribers.countByStatus(), suppressed);
        }
        return counts;
    }

    private record Counts(Instant at, Map<SubscriberStatus, Long> readers, Map<SuppressionReason, Long> suppressed) {
    }
}
