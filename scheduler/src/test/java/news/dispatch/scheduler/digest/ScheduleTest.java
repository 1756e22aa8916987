package news.dispatch.scheduler.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import news.dispatch.core.subscriber.Frequency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTest {

    private final Schedule schedule = new Schedule(Duration.ofMinutes(5));

    private Period daily(String zone, int hour, String now) {
        return schedule.current(Frequency.DAILY, ZoneId.of(zone), hour, Instant.parse(now));
    }

    private Period weekly(String zone, int hour, String now) {
        return schedule.current(Frequency.WEEKLY, ZoneId.of(zone), hour, Instant.parse(now));
    }

    @ParameterizedTest(name = "{0} at {1}:00 local is {2}")
    @CsvSource({
            "Europe/Berlin,       7, 2025-11-27T06:00:00Z",
            "America/New_York,    7, 2025-11-27T12:00:00Z",
            "Asia/Kolkata,        7, 2025-11-27T01:30:00Z",
            "Asia/Kathmandu,      7, 2025-11-27T01:15:00Z",
            "Pacific/Auckland,    7, 2025-11-26T18:00:00Z",
            "UTC,                 0, 2025-11-27T00:00:00Z"})
    void aDailyPeriodStartsAtTheReadersHourInTheirZone(String zone, int hour, String sendsAt) {
        Instant at = Instant.parse(sendsAt);
        Period period = daily(zone, hour, sendsAt);
        assertThat(period.sendsAt()).isEqualTo(at);
        assertThat(period.key()).isEqualTo("DAILY 2025-11-27");
        Period justBefore = schedule.current(Frequency.DAILY, ZoneId.of(zone), hour, at.minusSeconds(1));
        assertThat(justBefore.key()).isEqualTo("DAILY 2025-11-26");
        assertThat(justBefore.sendsAt()).isEqualTo(at.minus(Duration.ofDays(1)));
    }

    @Test
    void theWholeLocalDayUntilTheNextSendHourIsOnePeriod() {
        assertThat(daily("Europe/Berlin", 7, "2025-11-27T06:00:00Z").key()).isEqualTo("DAILY 2025-11-27");
        assertThat(daily("Europe/Berlin", 7, "2025-11-27T22:59:59Z").key()).isEqualTo("DAILY 2025-11-27");
        assertThat(daily("Europe/Berlin", 7, "2025-11-28T05:59:59Z").key()).isEqualTo("DAILY 2025-11-27");
    }

    @Test
    void anHourThatDoesNotExistWhenClocksGoForwardIsTakenAsTheHourAfterTheGap() {
        // Berlin, 30 March 2025: 02:00 CET jumps to 03:00 CEST; there is no 02:30.
        Period period = daily("Europe/Berlin", 2, "2025-03-30T01:00:00Z");
        assertThat(period.key()).isEqualTo("DAILY 2025-03-30");
        assertThat(period.sendsAt()).isEqualTo("2025-03-30T01:00:00Z");
        assertThat(daily("Europe/Berlin", 2, "2025-03-30T00:59:59Z").key()).isEqualTo("DAILY 2025-03-29");
        // New York, 9 March 2025: 02:00 EST jumps to 03:00 EDT.
        assertThat(daily("America/New_York", 2, "2025-03-09T07:00:00Z").sendsAt()).isEqualTo("2025-03-09T07:00:00Z");
        assertThat(daily("America/New_York", 2, "2025-03-09T06:59:59Z").key()).isEqualTo("DAILY 2025-03-08");
    }

    @Test
    void anHourThatHappensTwiceWhenClocksGoBackIsTheFirstAndTheSecondIsTheSamePeriod() {
        // Berlin, 26 October 2025: 03:00 CEST falls back to 02:00 CET; 02:00 local happens at 00:00Z and 01:00Z.
        Period first = daily("Europe/Berlin", 2, "2025-10-26T00:00:00Z");
        assertThat(first.key()).isEqualTo("DAILY 2025-10-26");
        assertThat(first.sendsAt()).isEqualTo("2025-10-26T00:00:00Z");
        Period second = daily("Europe/Berlin", 2, "2025-10-26T01:00:00Z");
        assertThat(second).isEqualTo(first);
        // And the day after is 25 hours later.
        assertThat(daily("Europe/Berlin", 2, "2025-10-27T01:00:00Z").sendsAt()).isEqualTo("2025-10-27T01:00:00Z");
    }

    @Test
    void aWeeklyPeriodStartsOnMondayAtTheReadersHour() {
        // Monday 24 November 2025, 08:00 in Tokyo is 23:00Z on Sunday.
        Period period = weekly("Asia/Tokyo", 8, "2025-11-23T23:00:00Z");
        assertThat(period.key()).isEqualTo("WEEKLY 2025-11-24");
        assertThat(period.sendsAt()).isEqualTo("2025-11-23T23:00:00Z");
        assertThat(weekly("Asia/Tokyo", 8, "2025-11-23T22:59:59Z").key()).isEqualTo("WEEKLY 2025-11-17");
        assertThat(weekly("Asia/Tokyo", 8, "2025-11-30T22:59:59Z").key()).isEqualTo("WEEKLY 2025-11-24");
        assertThat(weekly("America/Los_Angeles", 6, "2025-11-27T12:00:00Z").key()).isEqualTo("WEEKLY 2025-11-24");
    }

    @Test
    void aDayThatStartsAtOneBecauseMidnightWasSkippedStillHasItsMidnightDigest() {
        // Chile moves its clocks at midnight: on 7 September 2025 the day in Santiago starts at 01:00 (-03).
        Period period = daily("America/Santiago", 0, "2025-09-07T04:00:00Z");
        assertThat(period.key()).isEqualTo("DAILY 2025-09-07");
        assertThat(period.sendsAt()).isEqualTo("2025-09-07T04:00:00Z");
        assertThat(daily("America/Santiago", 0, "2025-09-07T03:59:59Z").key()).isEqualTo("DAILY 2025-09-06");
    }

    @Test
    void immediatePeriodsAreTheIntervalsOfTheClock() {
        Period period = schedule.current(Frequency.IMMEDIATE, ZoneId.of("Asia/Kolkata"), 7,
                Instant.parse("2025-11-27T10:07:30Z"));
        assertThat(period.key()).isEqualTo("IMMEDIATE 2025-11-27T10:05:00Z");
        assertThat(period.sendsAt()).isEqualTo("2025-11-27T10:05:00Z");
    }

    @Test
    void periodsOfAKindOnlyMoveForward() {
        Period today = daily("UTC", 7, "2025-11-27T08:00:00Z");
        assertThat(today.isAfter("DAILY 2025-11-26")).isTrue();
        assertThat(today.isAfter("DAILY 2025-11-27")).isFalse();
        assertThat(today.isAfter("DAILY 2025-11-28")).isFalse();
        assertThat(today.sameKindAs("DAILY 2025-11-26")).isTrue();
        assertThat(today.sameKindAs("WEEKLY 2025-11-24")).isFalse();
        assertThat(today.sameKindAs("RUN 6f1c")).isFalse();
    }
}
