package news.dispatch.scheduler.feed;

/** A feed could not be fetched or read; recorded as the feed's last error. */
class FeedUnreadable extends Exception {

    FeedUnreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
