package news.dispatch.scheduler.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.SchedulerTest;
import org.junit.jupiter.api.Test;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerKey;
import org.quartz.simpl.RAMJobStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The schedule as Quartz keeps it: in the database, one tick a minute, missed ticks not replayed. */
@SchedulerTest
@ResetsDatabase({"delivery", "digest_cursor", "digest_run", "subscriber", "article"})
class DigestJobIT {

    @Autowired
    Scheduler scheduler;

    @Autowired
    Newsroom newsroom;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theTickIsStoredInTheDatabaseAndMissedTicksAreNotReplayed() throws Exception {
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
        assertThat(scheduler.getMetaData().getJobStoreClass()).isNotEqualTo(RAMJobStore.class);

        JobDetail job = scheduler.getJobDetail(DigestConfiguration.JOB);
        assertThat(job.getJobClass()).isEqualTo(DigestJob.class);
        assertThat(job.isConcurrentExecutionDisallowed()).isTrue();
        SimpleTrigger tick = (SimpleTrigger) scheduler.getTrigger(TriggerKey.triggerKey("digests", "dispatch"));
        assertThat(tick.getRepeatInterval()).isEqualTo(Duration.ofMinutes(1).toMillis());
        assertThat(tick.getStartTime().getTime() % Duration.ofMinutes(1).toMillis()).as("on the minute").isZero();
        assertThat(tick.getMisfireInstruction())
                .isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT);
        assertThat(jdbc.sql("select count(*) from qrtz_triggers where sched_name = ? and trigger_name = 'digests'")
                .param(scheduler.getSchedulerName()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aTickQueuesTheDigestsThatAreDue() throws Exception {
        clock.set("2025-11-26T20:00:00Z");
        newsroom.daily("reader@example.com", "#Aviation");
        newsroom.story("Airbus orders A320 software fix", "2025-11-27T05:00:00Z", "#Aviation");
        clock.set(Instant.parse("2025-11-27T07:00:00Z"));

        TriggerKey tick = TriggerKey.triggerKey("digests", "dispatch");
        scheduler.pauseTrigger(tick);
        scheduler.start();
        try {
            scheduler.triggerJob(DigestConfiguration.JOB);
            await().atMost(Duration.ofSeconds(10)).until(() -> newsroom.queued().size() == 1);
        } finally {
            scheduler.standby();
            scheduler.resumeTrigger(tick);
        }
    }
}
