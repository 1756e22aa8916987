package news.dispatch.scheduler.digest;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

import news.dispatch.core.subscriber.Frequency;
import news.dispatch.mailer.outbox.DeliveryPeriod;

/**
 * When digests are due, in the reader's own time zone. The current period is the latest one whose send time has
 * passed: so a reader whose period has not been handled yet is due, and after any downtime there is exactly one
 * such period to catch up, however many ticks were missed.
 *
 * <p>Local times follow {@link ZonedDateTime#of}: an hour that does not exist on the night the clocks go forward
 * is taken as the hour after the gap (02:00 becomes 03:00), so that day still has its digest; an hour that happens
 * twice when they go back is the first of the two, and the second is the same period, so nothing is sent twice.
 */
final class Schedule {

    private final Duration immediateInterval;

    Schedule(Duration immediateInterval) {
        this.immediateInterval = immediateInterval;
    }

    Period current(Frequency frequency, ZoneId zone, int sendHour, Instant now) {
        return switch (frequency) {
            case DAILY -> daily(zone, sendHour, now);
            case WEEKLY -> weekly(zone, sendHour, now);
            case IMMEDIATE -> immediate(now);
        };
    }

    /** The first period whose digest a new reader should get: one that starts once they are reading. */
    static boolean startsAfter(Period period, Instant readerSince) {
        return readerSince == null || !period.sendsAt().isBefore(readerSince);
    }

    /**
     * When the first period that starts once a reader is reading sends: their first digest's time, had Dispatch been
     * running then.
     */
    Instant firstSendsAt(Frequency frequency, ZoneId zone, int sendHour, Instant readerSince) {
        Period current = current(frequency, zone, sendHour, readerSince);
        if (!current.sendsAt().isBefore(readerSince)) {
            return current.sendsAt();
        }
        return switch (frequency) {
            case DAILY -> at(current.sendsAt().atZone(zone).toLocalDate().plusDays(1), sendHour, zone);
            case WEEKLY -> at(current.sendsAt().atZone(zone).toLocalDate().plusWeeks(1), sendHour, zone);
            case IMMEDIATE -> current.sendsAt().plus(immediateInterval);
        };
    }

    /** How far back the first digest of a reader reaches. */
    static Duration firstWindow(Frequency frequency) {
        return frequency == Frequency.WEEKLY ? Duration.ofDays(7) : Duration.ofDays(1);
    }

    private static Period daily(ZoneId zone, int sendHour, Instant now) {
        LocalDate day = now.atZone(zone).toLocalDate();
        Instant sendsAt = at(day, sendHour, zone);
        if (sendsAt.isAfter(now)) {
            day = day.minusDays(1);
            sendsAt = at(day, sendHour, zone);
        }
        return new Period(new DeliveryPeriod.Day(day), sendsAt);
    }

    private static Period weekly(ZoneId zone, int sendHour, Instant now) {
        LocalDate monday = now.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Instant sendsAt = at(monday, sendHour, zone);
        if (sendsAt.isAfter(now)) {
            monday = monday.minusWeeks(1);
            sendsAt = at(monday, sendHour, zone);
        }
        return new Period(new DeliveryPeriod.Week(monday), sendsAt);
    }

    private Period immediate(Instant now) {
        long interval = immediateInterval.toMillis();
        Instant start = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), interval) * interval);
        return new Period(new DeliveryPeriod.Interval(start), start);
    }

    private static Instant at(LocalDate day, int hour, ZoneId zone) {
        return ZonedDateTime.of(day, LocalTime.of(hour, 0), zone).toInstant();
    }
}
