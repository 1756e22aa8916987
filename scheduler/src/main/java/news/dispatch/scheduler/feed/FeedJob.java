package news.dispatch.scheduler.feed;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Polls every feed; one run at a time across the cluster. A run is bounded (each feed has its deadline, and they are
 * polled side by side), and a tick that finds a run still going is not queued up behind it: once late past the
 * misfire threshold it is skipped for the next one (see the trigger in {@link FeedConfiguration}).
 */
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
