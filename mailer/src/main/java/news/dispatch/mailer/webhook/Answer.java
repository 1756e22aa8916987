package news.dispatch.mailer.webhook;

import java.time.Instant;

/**
 * What one attempt got: the receiver's status and the start of its answer, or why there was none.
 *
 * @param httpStatus the status, or {@code null} when nothing was answered (refused host, timeout, no connection)
 * @param excerpt    the first characters of the answer's body
 * @param error      why the attempt failed, or {@code null} when the receiver took the call
 */
record Answer(Instant at, Integer httpStatus, String excerpt, long latencyMillis, String error) {

    static final int EXCERPT = 500;

    boolean taken() {
        return error == null;
    }

    /** What the call's {@code last_error} says of this attempt. */
    String problem() {
        return JdbcWebhooks.shorten(error);
    }
}
