package news.dispatch.scheduler.release;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hands the release of stories under embargo to Quartz: in a cluster one node runs each firing. */
@Configuration(proxyBeanMethods = false)
class ReleaseConfiguration {

    static final JobKey RELEASE = new JobKey("stories", "release");

    @Bean
    JobDetail storyReleaseJob() {
        return JobBuilder.newJob(StoryRelease.class)
                .withIdentity(RELEASE)
                .withDescription("Announces the stories whose embargo has ended (the article.published webhook)")
                .storeDurably()
                .build();
    }

    /** Every minute; after downtime once at once, for every story whose time came meanwhile. */
    @Bean
    Trigger storyReleaseTrigger() {
        return TriggerBuilder.newTrigger()
                .withIdentity("stories-minutely", "release")
                .forJob(RELEASE)
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever()
                        .withMisfireHandlingInstructionNowWithExistingCount())
                .build();
    }
}
