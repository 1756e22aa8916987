package news.dispatch.scheduler.digest;

import java.util.Date;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The digest schedule in Quartz's JDBC job store: one job and one trigger that ticks every
 * {@code dispatch.digest.tick}, on whole multiples of it (every minute on the minute by default). When ticks are
 * missed (the app was down, or busy), Quartz fires the next one on time and drops the rest: the digests owed are
 * found from each reader's period, not from the ticks, so downtime gives each reader one catch-up digest.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DigestSettings.class)
class DigestConfiguration {

    static final JobKey JOB = JobKey.jobKey("digests", "dispatch");

    @Bean
    JobDetail digestJob() {
        return JobBuilder.newJob(DigestJob.class).withIdentity(JOB)
                .withDescription("Queue the digests that are due").storeDurably().build();
    }

    @Bean
    Trigger digestTrigger(DigestSettings settings) {
        long tick = settings.tick().toMillis();
        return TriggerBuilder.newTrigger().forJob(JOB).withIdentity("digests", "dispatch")
                .startAt(new Date((System.currentTimeMillis() / tick + 1) * tick))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(tick).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
