package news.dispatch.core.subscriber;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import news.dispatch.core.InvalidInput;

/**
 * Hours of the reader's local day in which no alert should reach them: from {@code from}:00 until {@code until}:00,
 * across midnight when {@code from} is later than {@code until} (22 to 7 is the night). An alert that comes in them
 * waits until they end; digests keep the reader's own hour.
 */
public record QuietHours(int from, int until) {

    public QuietHours {
        if (from < 0 || from > 23) {
            throw new InvalidInput("quietFrom", "quietFrom must be an hour between 0 and 23");
        }
        if (until < 0 || until > 23) {
            throw new InvalidInput("quietUntil", "quietUntil must be an hour between 0 and 23");
        }
        if (from == until) {
            throw new InvalidInput("quietUntil", "quiet hours must end at another hour than they start");
        }
    }

    /**
     * Reads quiet hours as a client sent them: both hours or neither.
     *
     * @return {@code null} when both are {@code null}: no quiet hours
     */
    public static QuietHours of(Integer from, Integer until) {
        if (from == null && until == null) {
            return null;
        }
        if (from == null) {
            throw new InvalidInput("quietFrom", "quietFrom is needed with quietUntil");
        }
        if (until == null) {
            throw new InvalidInput("quietUntil", "quietUntil is needed with quietFrom");
        }
        return new QuietHours(from, until);
    }

    /** Whether the instant falls in these hours, in the zone's local time. */
    public boolean contains(Instant instant, ZoneId zone) {
        int hour = instant.atZone(zone).getHour();
        return from < until ? hour >= from && hour < until : hour >= from || hour < until;
    }

    /**
     * When alerts may reach the reader again: {@code now} when it is not in these hours, else the next
     * {@code until}:00 local time (when the clocks skip that hour, the first moment after the gap).
     */
    public Instant endAfter(Instant now, ZoneId zone) {
        if (!contains(now, zone)) {
            return now;
        }
        ZonedDateTime local = now.atZone(zone);
        LocalDate day = local.toLocalDate();
        ZonedDateTime end = day.atTime(until, 0).atZone(zone);
        if (!end.isAfter(local)) {
            end = day.plusDays(1).atTime(until, 0).atZone(zone);
        }
        return end.toInstant();
    }

    @Override
    public String toString() {
        return String.format("%02d:00–%02d:00", from, until);
    }
}
