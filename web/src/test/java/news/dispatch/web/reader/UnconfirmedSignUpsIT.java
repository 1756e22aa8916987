package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.web.ApiClient;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;

/** Sign-ups nobody confirms are forgotten after 30 days, by an hourly Quartz job on the JDBC job store. */
class UnconfirmedSignUpsIT extends SignUpJourney {

    private static final JobKey HOUSEKEEPING = new JobKey("readers", "housekeeping");

    @Autowired
    Scheduler scheduler;

    @Test
    void runsEveryHourFromTheDatabaseJobStore() throws Exception {
        SimpleTrigger trigger = (SimpleTrigger) scheduler.getTrigger(new TriggerKey("readers-hourly", "housekeeping"));

        assertThat(trigger.getJobKey()).isEqualTo(HOUSEKEEPING);
        assertThat(trigger.getRepeatInterval()).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
        assertThat(jdbc.sql("select count(*) from qrtz_job_details where job_name = 'readers'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void forgetsSignUpsNotConfirmedWithinThirtyDaysTheirAddressEverywhereAndTheirExpiredLinks() throws Exception {
        ApiClient api = ApiClient.anonymous(port);
        signUp(api, "Forgotten@Example.com");
        Mailbox forgotten = new Mailbox(sandbox, "Forgotten@Example.com");
        forgotten.awaitCount(1);
        subscribers.add(EmailAddress.of("loyal@example.com"), new Preferences(List.of(Tag.of("#Aviation")),
                Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.ACTIVE);
        clock.advance(Duration.ofDays(22));
        signUp(api, "week.old@example.com");
        clock.advance(Duration.ofDays(7));
        signUp(api, "recent@example.com");
        clock.advance(Duration.ofDays(1).plusMinutes(1));

        scheduler.triggerJob(HOUSEKEEPING);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(subscribers.findByEmail(EmailAddress.of("forgotten@example.com"))).isEmpty();
            assertThat(jdbc.sql("select s.email from confirmation c join subscriber s on s.id = c.subscriber_id")
                    .query(String.class).list()).as("links that have not expired")
                    .containsExactly("recent@example.com");
        });
        assertThat(subscribers.findByEmail(EmailAddress.of("loyal@example.com"))).isPresent();
        assertThat(subscribers.findByEmail(EmailAddress.of("week.old@example.com"))).isPresent();
        assertThat(subscribers.findByEmail(EmailAddress.of("recent@example.com"))).isPresent();
        assertThat(jdbc.sql("select kind, status, recipient from delivery where subscriber_id is null")
                .query((rs, row) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3)).list())
                .as("the confirmation mailed to the forgotten sign-up, still counted, without the address")
                .containsExactly("CONFIRMATION SENT null");
        assertThat(forgotten.all()).as("the sandbox's copy").isEmpty();
    }

    /**
     * A reader who unsubscribed three years and a day ago is erased, as an admin would erase them, consent and all; one
     * who left yesterday stays, with their consent on record. Before 7 December 2026 only the consent went.
     */
    @Test
    void erasesReadersWhoLeftLongerAgoThanTheirConsentIsKept() throws Exception {
        Preferences aviation = new Preferences(List.of(Tag.of("#Aviation"), Tag.of("#LongGoneOwnTag")),
                Frequency.DAILY, ZoneId.of("UTC"), 7, true);
        Subscriber longGone = subscribers.update(subscribers.add(EmailAddress.of("long.gone@example.com"), aviation,
                SubscriberStatus.ACTIVE).unsubscribe());
        Subscriber recent = subscribers.update(subscribers.add(EmailAddress.of("left.yesterday@example.com"),
                aviation, SubscriberStatus.ACTIVE).unsubscribe());
        jdbc.sql("update subscriber set updated_at = ? where id = ?")
                .params(clock.instant().minus(Duration.ofDays(3 * 365 + 1)).atOffset(ZoneOffset.UTC), longGone.id())
                .update();
        jdbc.sql("update subscriber set updated_at = ? where id = ?")
                .params(clock.instant().minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC), recent.id()).update();
        long erasedBefore = jdbc.sql("select count(*) from erasure").query(Long.class).single();

        scheduler.triggerJob(HOUSEKEEPING);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(subscribers.findByEmail(EmailAddress.of("long.gone@example.com"))).isEmpty());
        assertThat(subscribers.findByEmail(EmailAddress.of("left.yesterday@example.com"))).isPresent();
        assertThat(jdbc.sql("select count(*) from erasure").query(Long.class).single()).isEqualTo(erasedBefore + 1);
        assertThat(jdbc.sql("select count(*) from tag where tag_key = 'longgoneowntag'").query(Long.class).single())
                .as("a tag the one who stays still follows").isOne();
    }

    private static void signUp(ApiClient api, String email) {
        assertThat(api.post("/api/subscriptions", "{\"email\": \"" + email + "\", \"tags\": [\"#Aviation\"]}")
                .status()).isEqualTo(202);
    }
}
