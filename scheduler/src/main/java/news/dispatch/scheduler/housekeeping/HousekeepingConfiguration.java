package news.dispatch.scheduler.housekeeping;

import org.quartz.DateBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands the housekeeping jobs to Quartz, whose JDBC job store keeps them: across restarts the stored trigger keeps
 * its schedule, and in a cluster one node runs each firing.
 */
@Configuration(proxyBeanMethods = false)
class HousekeepingConfiguration {

    static final JobKey READERS = new JobKey("readers", "housekeeping");
    static final JobKey DELIVERIES = new JobKey("deliveries", "housekeeping");

    @Bean
    JobDetail readerHousekeepingJob() {
        return JobBuilder.newJob(ReaderHousekeeping.class)
                .withIdentity(READERS)
                .withDescription("Deletes sign-ups never confirmed and expired confirmation links, erases readers "
                        + "who left longer ago than dispatch.readers.keep-consent")
                .storeDurably()
                .build();
    }

    /**
     * Hourly, from a minute after the first start. After downtime it runs once at once rather than once per missed
     * hour.
     */
    @Bean
    Trigger readerHousekeepingTrigger() {
        return TriggerBuilder.newTrigger()
                .withIdentity("readers-hourly", "housekeeping")
                .forJob(READERS)
                .startAt(DateBuilder.futureDate(1, DateBuilder.IntervalUnit.MINUTE))
                .withSchedule(SimpleScheduleBuilder.repeatHourlyForever()
                        .withMisfireHandlingInstructionNowWithExistingCount())
                .build();
    }

    @Bean
    JobDetail deliveryHistoryJob() {
        return JobBuilder.newJob(DeliveryHistory.class)
                .withIdentity(DELIVERIES)
                .withDescription("Deletes deliveries finished longer ago than dispatch.mail.keep-history")
                .storeDurably()
                .build();
    }

    /** Hourly too, so each run deletes about an hour's mail: short, whatever the newsroom's size. */
    @Bean
    Trigger deliveryHistoryTrigger() {
        return TriggerBuilder.newTrigger()
                .withIdentity("deliveries-hourly", "housekeeping")
                .forJob(DELIVERIES)
                .startAt(DateBuilder.futureDate(2, DateBuilder.IntervalUnit.MINUTE))
                .withSchedule(SimpleScheduleBuilder.repeatHourlyForever()
                        .withMisfireHandlingInstructionNowWithExistingCount())
                .build();
    }
}
