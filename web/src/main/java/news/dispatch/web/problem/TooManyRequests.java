package news.dispatch.web.problem;

import java.time.Duration;

/** A client asked more often than a limit allows; it may ask again after the wait it is told. */
public class TooManyRequests extends RuntimeException {

    private final Duration retryAfter;

    public TooManyRequests(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The wait as the {@code Retry-After} header gives it: whole seconds, rounded up, at least one. */
    public String retryAfterSeconds() {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return String.valueOf(Math.max(1, seconds));
    }
}
