package news.dispatch.mailer.outbox;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a reader gets one delivery of, as the database holds them to ({@code delivery_once_per_period}): a digest per
 * local day, week, interval or manual run, and an alert per story. Its {@link #key()} is the stored form, which keeps
 * a kind's periods in time order.
 */
public sealed interface DeliveryPeriod permits DeliveryPeriod.Day, DeliveryPeriod.Week, DeliveryPeriod.Interval,
        DeliveryPeriod.Run, AlertPeriod {

    /** The stored form, such as {@code DAILY 2025-11-27}: a kind, a blank, then a value that sorts in time order. */
    String key();

    /** A daily digest's local day. */
    record Day(LocalDate day) implements DeliveryPeriod {

        @Override
        public String key() {
            return "DAILY " + day;
        }
    }

    /** A weekly digest's week, named by its Monday. */
    record Week(LocalDate monday) implements DeliveryPeriod {

        @Override
        public String key() {
            return "WEEKLY " + monday;
        }
    }

    /** An immediate digest's interval, named by its start. */
    record Interval(Instant start) implements DeliveryPeriod {

        @Override
        public String key() {
            return "IMMEDIATE " + start;
        }
    }

    /** A manual run's digest: one per reader and run. */
    record Run(String runId) implements DeliveryPeriod {

        @Override
        public String key() {
            return "RUN " + runId;
        }
    }
}
