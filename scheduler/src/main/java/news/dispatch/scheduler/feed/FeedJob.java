package news.dispatch.scheduler.feed;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Polls every feed; one run at a time across the cluster. */
@DisallowConcurrentExecution
class FeedJob extends QuartzJobBean {

    private final Feeds feeds;

    FeedJob(Feeds feeds) {
        this.feeds = feeds;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        feeds.pollAll();
    }
}
