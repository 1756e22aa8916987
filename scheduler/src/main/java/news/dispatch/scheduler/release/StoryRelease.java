package news.dispatch.scheduler.release;

import news.dispatch.core.article.Articles;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Announces the stories whose embargo has ended, a minute at most after their time. */
@DisallowConcurrentExecution
class StoryRelease extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(StoryRelease.class);

    private final Articles articles;

    StoryRelease(Articles articles) {
        this.articles = articles;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        int announced = articles.announceReleased();
        if (announced > 0) {
            log.info("Announced {} stories whose embargo ended", announced);
        }
    }
}
