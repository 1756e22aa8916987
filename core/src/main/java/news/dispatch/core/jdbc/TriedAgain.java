package news.dispatch.core.jdbc;

import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.TransientDataAccessException;

/**
 * {@link TriedAgainWhenBusy} for a transaction that is not a method of its own: one batch of a longer piece of work,
 * an import's, tried again alone so that the batches already stored stay as they are. The numbers are the
 * annotation's.
 */
public final class TriedAgain {

    static final long RETRIES = 4;
    static final long DELAY_MILLIS = 20;
    static final double MULTIPLIER = 2;
    static final long JITTER_MILLIS = 10;
    static final long MAX_DELAY_MILLIS = 200;

    private static final RetryTemplate WHEN_BUSY = new RetryTemplate(RetryPolicy.builder()
            .includes(TransientDataAccessException.class)
            .maxRetries(RETRIES)
            .delay(Duration.ofMillis(DELAY_MILLIS))
            .multiplier(MULTIPLIER)
            .jitter(Duration.ofMillis(JITTER_MILLIS))
            .maxDelay(Duration.ofMillis(MAX_DELAY_MILLIS))
            .build());

    private TriedAgain() {
    }

    /**
     * Runs the transaction, again when the database refuses it for a moment; what is still refused after the last try
     * is thrown as it was.
     */
    public static <T> T whenBusy(Supplier<T> transaction) {
        return WHEN_BUSY.invoke(transaction);
    }
}
