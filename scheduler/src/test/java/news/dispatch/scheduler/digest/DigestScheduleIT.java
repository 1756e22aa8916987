package news.dispatch.scheduler.digest;

import static news.dispatch.scheduler.Newsroom.ids;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import news.dispatch.core.article.Article;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.SchedulerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** When digests leave: the schedule's ticks driven by hand over days, zones and clock changes. */
@SchedulerTest
@ResetsDatabase({"delivery", "digest_cursor", "digest_run", "subscriber", "article", "suppression"})
class DigestScheduleIT {

    @Autowired
    Digests digests;

    @Autowired
    Newsroom newsroom;

    @Autowired
    MutableClock clock;

    @Autowired
    Suppressions suppressions;

    private int tickAt(Instant instant) {
        clock.set(instant);
        return digests.runSchedule().queued();
    }

    private int tickAt(String instant) {
        return tickAt(Instant.parse(instant));
    }

    /** Ticks every {@code step} from {@code from} (inclusive) to {@code to} (exclusive); the instants that queued. */
    private List<Instant> ticks(String from, String to, Duration step) {
        List<Instant> queued = new ArrayList<>();
        for (Instant at = Instant.parse(from); at.isBefore(Instant.parse(to)); at = at.plus(step)) {
            if (tickAt(at) > 0) {
                queued.add(at);
            }
        }
        return queued;
    }

    @ParameterizedTest(name = "{0}, {1}:00 local = {2}")
    @CsvSource({
            "Europe/Berlin,    7, 2025-11-27T06:00:00Z",
            "America/New_York, 7, 2025-11-27T12:00:00Z",
            "Asia/Kolkata,     7, 2025-11-27T01:30:00Z",
            "Asia/Kathmandu,   6, 2025-11-27T00:15:00Z",
            "Pacific/Auckland, 7, 2025-11-26T18:00:00Z"})
    void aDailyDigestLeavesAtTheReadersHourInTheirZoneOncePerDay(String zone, int hour, String at) {
        Instant sendsAt = Instant.parse(at);
        clock.set(sendsAt.minus(Duration.ofHours(2)));
        Subscriber reader = newsroom.reader("daily@example.com", Frequency.DAILY, zone, hour, "#Aviation");
        Article first = newsroom.story("Airbus orders A320 software fix", sendsAt.minus(Duration.ofHours(3)),
                "#Aviation");

        assertThat(tickAt(sendsAt.minusSeconds(60))).isZero();
        assertThat(tickAt(sendsAt)).isEqualTo(1);
        assertThat(tickAt(sendsAt.plus(Duration.ofMinutes(1)))).isZero();
        Article second = newsroom.story("easyJet finishes A320 updates", sendsAt.plus(Duration.ofHours(2)),
                "#Aviation");
        assertThat(tickAt(sendsAt.plus(Duration.ofHours(3)))).isZero();
        assertThat(tickAt(sendsAt.plus(Duration.ofDays(1)).minusSeconds(60))).isZero();
        assertThat(tickAt(sendsAt.plus(Duration.ofDays(1)))).isEqualTo(1);

        assertThat(newsroom.queuedFor(reader)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(first), ids(second));
    }

    @Test
    void oneTickSendsOnlyTheReadersWhoseHourHasComeWhereTheyLive() {
        clock.set("2025-11-26T20:00:00Z");
        Subscriber berlin = newsroom.reader("berlin@example.com", Frequency.DAILY, "Europe/Berlin", 7, "#Trade");
        Subscriber newYork = newsroom.reader("ny@example.com", Frequency.DAILY, "America/New_York", 7, "#Trade");
        Subscriber kolkata = newsroom.reader("kolkata@example.com", Frequency.DAILY, "Asia/Kolkata", 7, "#Trade");
        Subscriber tokyo = newsroom.reader("tokyo@example.com", Frequency.DAILY, "Asia/Tokyo", 18, "#Trade");
        newsroom.story("Grain corridor talks resume", "2025-11-26T21:00:00Z", "#Trade");

        assertThat(tickAt("2025-11-27T06:00:00Z")).isEqualTo(2);

        assertThat(newsroom.queued()).extracting(Newsroom.Queued::subscriberId)
                .containsExactlyInAnyOrder(berlin.id(), kolkata.id());
        assertThat(tickAt("2025-11-27T09:00:00Z")).as("18:00 in Tokyo").isEqualTo(1);
        assertThat(tickAt("2025-11-27T12:00:00Z")).as("07:00 in New York").isEqualTo(1);
        assertThat(newsroom.queuedFor(tokyo)).hasSize(1);
        assertThat(newsroom.queuedFor(newYork)).hasSize(1);
    }

    @Test
    void aWeeklyDigestLeavesOnMondayAtTheReadersHour() {
        clock.set("2025-11-21T12:00:00Z");
        Subscriber reader = newsroom.reader("weekly@example.com", Frequency.WEEKLY, "Asia/Tokyo", 8, "#Policy");
        Article friday = newsroom.story("Asylum processing targets published", "2025-11-21T10:00:00Z", "#Policy");

        // Monday 08:00 in Tokyo is Sunday 23:00 UTC.
        assertThat(ticks("2025-11-21T12:00:00Z", "2025-11-23T23:00:00Z", Duration.ofHours(1))).isEmpty();
        assertThat(tickAt("2025-11-23T23:00:00Z")).isEqualTo(1);
        Article wednesday = newsroom.story("Cable tells embassies to raise migration", "2025-11-26T09:00:00Z",
                "#Policy");
        assertThat(ticks("2025-11-24T00:00:00Z", "2025-11-30T23:00:00Z", Duration.ofHours(1))).isEmpty();
        assertThat(tickAt("2025-11-30T23:00:00Z")).isEqualTo(1);

        assertThat(newsroom.queuedFor(reader)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(friday), ids(wednesday));
    }

    @Test
    void immediateReadersGetTheirNewMatchesBatchedEveryInterval() {
        clock.set("2025-11-27T10:00:30Z");
        Subscriber reader = newsroom.reader("now@example.com", Frequency.IMMEDIATE, "Europe/Kyiv", 8, "#Ukraine");
        Article first = newsroom.story("Drone attack damages power station", "2025-11-27T10:01:00Z", "#Ukraine");
        Article second = newsroom.story("Rolling blackouts announced", "2025-11-27T10:02:00Z", "#Ukraine", "#Energy");

        assertThat(tickAt("2025-11-27T10:04:00Z")).as("before the first interval after confirming").isZero();
        assertThat(tickAt("2025-11-27T10:05:00Z")).isEqualTo(1);
        assertThat(tickAt("2025-11-27T10:06:00Z")).isZero();
        Article third = newsroom.story("Repair crews restore supply", "2025-11-27T10:07:00Z", "#Ukraine");
        assertThat(tickAt("2025-11-27T10:09:00Z")).as("same interval").isZero();
        assertThat(tickAt("2025-11-27T10:10:00Z")).isEqualTo(1);
        assertThat(tickAt("2025-11-27T10:15:00Z")).as("nothing new").isZero();

        assertThat(newsroom.queuedFor(reader)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(second, first), ids(third));
    }

    @Test
    void aStoryStampedInTheSecondsBeforeATickWaitsForTheNextDigest() {
        clock.set("2025-11-27T10:00:30Z");
        Subscriber reader = newsroom.reader("now@example.com", Frequency.IMMEDIATE, "UTC", 8, "#Ukraine");
        Article settled = newsroom.story("Grain corridor extended", "2025-11-27T10:04:00Z", "#Ukraine");
        Article settling = newsroom.story("Talks end without a deal", "2025-11-27T10:04:58Z", "#Ukraine");

        assertThat(tickAt("2025-11-27T10:05:00Z")).isEqualTo(1);
        assertThat(tickAt("2025-11-27T10:10:00Z")).isEqualTo(1);

        assertThat(newsroom.queuedFor(reader)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(settled), ids(settling));
    }

    @Test
    void whenClocksGoForwardTheMissingHourStillSendsOnceAfterTheGap() {
        clock.set("2025-03-08T12:00:00Z");
        Subscriber newYork = newsroom.reader("ny@example.com", Frequency.DAILY, "America/New_York", 2, "#Grid");
        newsroom.story("Utilities brace for storm", "2025-03-08T13:00:00Z", "#Grid");
        // 9 March 2025 in New York: 02:00 EST jumps to 03:00 EDT, which is 07:00 UTC.
        assertThat(ticks("2025-03-08T20:00:00Z", "2025-03-09T12:00:00Z", Duration.ofMinutes(15)))
                .containsExactly(Instant.parse("2025-03-09T07:00:00Z"));

        clock.set("2025-03-29T12:00:00Z");
        Subscriber berlin = newsroom.reader("berlin@example.com", Frequency.DAILY, "Europe/Berlin", 2, "#Energy");
        newsroom.story("Grid operator warns of spring shortfall", "2025-03-29T13:00:00Z", "#Energy");
        // 30 March 2025 in Berlin: 02:00 CET jumps to 03:00 CEST, which is 01:00 UTC.
        assertThat(ticks("2025-03-29T20:00:00Z", "2025-03-30T06:00:00Z", Duration.ofMinutes(15)))
                .containsExactly(Instant.parse("2025-03-30T01:00:00Z"));

        assertThat(newsroom.queuedFor(newYork)).hasSize(1);
        assertThat(newsroom.queuedFor(berlin)).hasSize(1);
    }

    @Test
    void whenClocksGoBackTheHourThatHappensTwiceSendsOnlyOnce() {
        clock.set("2025-10-25T12:00:00Z");
        Subscriber reader = newsroom.reader("berlin@example.com", Frequency.DAILY, "Europe/Berlin", 2, "#Energy");
        Article evening = newsroom.story("Heating prices fall", "2025-10-25T18:00:00Z", "#Energy");
        // Published between the two 02:00s: it waits for the next day's digest.
        Article between = newsroom.story("Night tariff starts", "2025-10-26T00:30:00Z", "#Energy");

        List<Instant> night = ticks("2025-10-25T20:00:00Z", "2025-10-26T23:00:00Z", Duration.ofMinutes(15));

        // 02:00 CEST is 00:00 UTC; 02:00 CET, an hour later, is the same local day.
        assertThat(night).containsExactly(Instant.parse("2025-10-26T00:00:00Z"));
        assertThat(tickAt("2025-10-27T01:00:00Z")).isEqualTo(1);
        assertThat(newsroom.queuedFor(reader)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(evening), ids(between));
    }

    @Test
    void afterDowntimeEachReaderGetsOneCatchUpDigestWithEverythingSinceTheirLastOne() {
        clock.set("2025-11-20T12:00:00Z");
        Subscriber daily = newsroom.reader("daily@example.com", Frequency.DAILY, "Europe/Berlin", 7, "#Aviation");
        Subscriber weekly = newsroom.reader("weekly@example.com", Frequency.WEEKLY, "UTC", 9, "#Aviation");
        Subscriber immediate = newsroom.reader("now@example.com", Frequency.IMMEDIATE, "UTC", 7, "#Aviation");
        Article before = newsroom.story("Regional airline grounds turboprops", "2025-11-20T18:00:00Z", "#Aviation");
        assertThat(tickAt("2025-11-21T06:00:00Z")).as("daily and immediate").isEqualTo(2);

        // Down from Friday 06:01 to Tuesday 10:00: three days of stories, ticks missed by the thousand.
        Article friday = newsroom.story("Airport reopens after alert", "2025-11-21T12:00:00Z", "#Aviation");
        Article saturday = newsroom.story("Planemaker issues update", "2025-11-22T12:00:00Z", "#Aviation");
        Article monday = newsroom.story("Pilots' union backs fix", "2025-11-24T12:00:00Z", "#Aviation");

        assertThat(tickAt("2025-11-25T10:00:00Z")).isEqualTo(3);
        assertThat(tickAt("2025-11-25T10:01:00Z")).isZero();
        assertThat(tickAt("2025-11-25T12:00:00Z")).isZero();

        List<Long> caughtUp = ids(monday, saturday, friday);
        assertThat(newsroom.queuedFor(daily)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(before), caughtUp);
        assertThat(newsroom.queuedFor(immediate)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(before), caughtUp);
        // The weekly reader's first digest: Monday's, caught up on Tuesday, reaching back a week.
        assertThat(newsroom.queuedFor(weekly)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(monday, saturday, friday, before));
    }

    @Test
    void aReaderWhoseFirstDigestFellInADowntimeGetsWhatItWouldHaveHeld() {
        clock.set("2025-11-20T22:00:00Z");
        Subscriber reader = newsroom.reader("signed.up.late@example.com", Frequency.DAILY, "UTC", 7, "#Aviation");
        Article evening = newsroom.story("Regional airline grounds turboprops", "2025-11-20T21:30:00Z",
                "#Aviation");

        // Down from that evening to the third morning after: the first digest, due on the 21st at 07:00, comes late.
        assertThat(tickAt("2025-11-23T10:00:00Z")).isEqualTo(1);

        assertThat(newsroom.queuedFor(reader)).extracting(Newsroom.Queued::articleIds).containsExactly(ids(evening));
    }

    @Test
    void aStoryPublishedAfterTheClockWentBackReachesTheReadersWhoseDigestsHadGoneOut() {
        clock.set("2025-11-26T12:00:00Z");
        Subscriber early = newsroom.reader("early@example.com", Frequency.DAILY, "UTC", 7, "#Energy");
        Subscriber late = newsroom.reader("late@example.com", Frequency.DAILY, "UTC", 9, "#Energy");
        Article evening = newsroom.story("Heating prices fall", "2025-11-26T18:00:00Z", "#Energy");
        assertThat(tickAt("2025-11-27T07:00:00Z")).isEqualTo(1);

        // The clock steps back an hour (an NTP step, a virtual machine restored), and a story comes in.
        clock.set("2025-11-27T06:10:00Z");
        Article stepped = newsroom.arrived("Grid holds overnight", Instant.parse("2025-11-27T06:10:00Z"), "#Energy");

        assertThat(ticks("2025-11-27T06:15:00Z", "2025-11-28T08:00:00Z", Duration.ofMinutes(15)))
                .containsExactly(Instant.parse("2025-11-27T09:00:00Z"), Instant.parse("2025-11-28T07:00:00Z"));
        assertThat(newsroom.queuedFor(early)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(evening), ids(stepped));
        assertThat(newsroom.queuedFor(late)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(stepped, evening));
    }

    @Test
    void aStoryPublishedOnceAClockSetDaysAheadIsPutRightWaitsForItAndIsNotLost() {
        clock.set("2025-11-26T12:00:00Z");
        Subscriber reader = newsroom.reader("ahead@example.com", Frequency.DAILY, "UTC", 7, "#Energy");
        // The clock runs two days ahead for a while: a tick then moves the reader's cursor there.
        assertThat(tickAt("2025-11-29T07:00:00Z")).as("nothing new").isZero();

        clock.set("2025-11-27T08:00:00Z");
        Article story = newsroom.arrived("Clocks put right", Instant.parse("2025-11-27T08:00:00Z"), "#Energy");

        assertThat(ticks("2025-11-27T08:15:00Z", "2025-11-30T08:00:00Z", Duration.ofHours(1)))
                .containsExactly(Instant.parse("2025-11-30T07:15:00Z"));
        assertThat(newsroom.queuedFor(reader)).extracting(Newsroom.Queued::articleIds).containsExactly(ids(story));
    }

    @Test
    void aReaderWhoseAddressIsSuppressedGetsNothingQueuedAndCatchesUpOnceItIsLifted() {
        clock.set("2025-11-20T12:00:00Z");
        Subscriber reader = newsroom.daily("Asked.Not.To@example.com", "#Aviation");
        Subscriber neighbour = newsroom.daily("neighbour@example.com", "#Aviation");
        Article thursday = newsroom.story("Regional airline grounds turboprops", "2025-11-20T18:00:00Z", "#Aviation");
        assertThat(tickAt("2025-11-21T07:00:00Z")).isEqualTo(2);

        suppressions.add(EmailAddress.of("asked.not.to@example.com"), SuppressionReason.MANUAL, "asked by phone");
        Article friday = newsroom.story("Airport reopens after alert", "2025-11-21T12:00:00Z", "#Aviation");
        Article saturday = newsroom.story("Planemaker issues update", "2025-11-22T12:00:00Z", "#Aviation");
        assertThat(tickAt("2025-11-22T07:00:00Z")).isEqualTo(1);
        assertThat(tickAt("2025-11-23T07:00:00Z")).isEqualTo(1);
        assertThat(newsroom.queuedFor(reader)).as("nothing queued to fail at sending").hasSize(1);

        suppressions.lift(EmailAddress.of("asked.not.to@example.com"));
        assertThat(tickAt("2025-11-24T07:00:00Z")).isEqualTo(1);
        assertThat(newsroom.queuedFor(reader)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(thursday), ids(saturday, friday));
        assertThat(newsroom.queuedFor(neighbour)).extracting(Newsroom.Queued::articleIds)
                .containsExactly(ids(thursday), ids(friday), ids(saturday));
    }

    @Test
    void aReaderWhoConfirmsAfterTheirHourStartsTheNextDayAtIt() {
        clock.set("2025-11-27T10:00:00Z");
        Subscriber reader = newsroom.reader("late@example.com", Frequency.DAILY, "UTC", 7, "#Science");
        Article story = newsroom.story("Solar storm warning", "2025-11-27T09:00:00Z", "#Science");

        assertThat(ticks("2025-11-27T10:00:00Z", "2025-11-28T07:00:00Z", Duration.ofMinutes(30))).isEmpty();
        assertThat(tickAt("2025-11-28T07:00:00Z")).isEqualTo(1);
        assertThat(newsroom.queuedFor(reader)).extracting(Newsroom.Queued::articleIds).containsExactly(ids(story));
    }
}
