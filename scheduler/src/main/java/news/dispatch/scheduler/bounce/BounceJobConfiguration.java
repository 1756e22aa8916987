package news.dispatch.scheduler.bounce;

import news.dispatch.mailer.sender.BounceSettings;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BounceJobConfiguration {

    static final JobKey JOB = new JobKey("bounces", "dispatch");

    @Bean
    JobDetail bounceJob() {
        return JobBuilder.newJob(BounceJob.class).withIdentity(JOB)
                .withDescription("Read the bounces mailbox of dispatch.bounces.mailbox").storeDurably().build();
    }

    /** After downtime, one read catches up; missed ticks are not replayed. */
    @Bean
    Trigger bounceTrigger(JobDetail bounceJob, BounceSettings settings) {
        return TriggerBuilder.newTrigger().forJob(bounceJob).withIdentity("bounces", "dispatch")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(settings.interval().toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
