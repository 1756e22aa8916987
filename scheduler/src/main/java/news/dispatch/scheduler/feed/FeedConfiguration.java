package news.dispatch.scheduler.feed;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FeedSettings.class)
class FeedConfiguration {

    @Bean
    JobDetail feedJob() {
        return JobBuilder.newJob(FeedJob.class).withIdentity("feeds", "dispatch")
                .withDescription("Poll the RSS/Atom feeds of dispatch.feeds").storeDurably().build();
    }

    /** After downtime, one poll catches up; missed ticks are not replayed. */
    @Bean
    Trigger feedTrigger(JobDetail feedJob, FeedSettings settings) {
        return TriggerBuilder.newTrigger().forJob(feedJob).withIdentity("feeds", "dispatch")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(settings.interval().toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
