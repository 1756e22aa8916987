package news.dispatch.mailer.outbox;

import java.time.Instant;
import java.util.List;

import news.dispatch.core.jdbc.IdList;
import news.dispatch.core.jdbc.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The claim the outbox's queues share, mail ({@code delivery}) and webhook calls ({@code webhook_call}): rows locked
 * by one worker are marked {@code SENDING} under its claim until the lease ends, when another worker may take them.
 * Public because the webhooks' queue claims by the same rules.
 */
public final class Claims {

    private Claims() {
    }

    /**
     * Marks the locked rows as taken by {@code claim}, counting the attempt. Called in the transaction that locked
     * them.
     *
     * @param queue the queue's table, {@code delivery} or {@code webhook_call}: never a value from outside
     */
    public static void mark(JdbcClient jdbc, String queue, List<Long> ids, String claim, Instant leaseEnd) {
        jdbc.sql("update " + queue + """
                         set status = 'SENDING', claimed_by = :claim, attempts = attempts + 1, available_at = :leaseEnd
                         where id in (%s)
                        """.formatted(IdList.of(ids)))
                .param("claim", claim)
                .param("leaseEnd", Timestamps.utc(leaseEnd))
                .update();
    }
}
